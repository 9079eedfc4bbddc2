"""Validation of a partnership document ("partnership-tracker/1") before it is imported.

SPEC §8: a malformed document is refused whole, naming the path of the first bad field. So
``validate_document`` checks everything the importer relies on and raises one ``DocumentError``
for the first problem in document order; when it returns, the importer may trust the shape
(the JSON Schema beside this module) and every rule below without checking again.

Rules beyond the schema, with the ``rule`` code each error carries:

- ``schema``: the JSON Schema (dates are ``YYYY-MM-DD``; times ISO 8601 with an offset; emails
  one ``@`` with no spaces); flag thresholds must also be finite (the schema lets NaN through).
- ``member_unique``: member emails are unique, case-insensitively (a user is on one side).
- ``unique_key``: ``key`` strings are unique in the whole document, phases, goals, directives
  and commitments sharing one namespace, so a key alone always names one item.
- ``goal_in_phase``: a directive's or commitment's ``goal`` is a goal key of the same phase
  (a removed goal still counts: the item was linked to it before it was removed).
- ``author_side``: goal authors, revisers and removers and directive authors are client members;
  commitment authors, event authors and directive responders are vendor members. SPEC §8 asks
  for the side only, not the role: roles are today's, and an author may have been a lead then.
  Emails match members case-insensitively.
- ``review_side``: a review is written by a lead of its ``side``.
- ``review_unique``: at most one review per side in a phase.
- ``review_criteria``: a review rates exactly its side's four criteria, no more, no fewer.
- ``goal_outcomes``: only the client review carries ``goal_outcomes``, and only for goal keys
  of the same phase. Not every goal needs an outcome (a partial spreadsheet is still history).
- ``slip_new_due_date``: a slip carries ``new_due_date``.
- ``event_fields``: ``new_due_date`` only on a slip and ``evidence`` only on a delivery; the
  database has nowhere else to keep them, so accepting them would lose data silently and break
  export → import → export.
- ``goal_removal``: ``removed_by`` and ``removed_at`` come together or not at all.
- ``time_order``: times inside one history never go backwards, compared as instants (offsets
  taken into account): a commitment's events are oldest first and none is before the
  commitment's ``created_at``; a goal's revisions are oldest first, none before the goal's
  ``created_at``, and ``removed_at`` is not before the last of them; a directive's response is
  not before the directive; a phase has ``started_at <= closed_at <= decided_at`` (among those
  present); a review is not submitted before the phase's ``closed_at``. Not checked: items
  against the phase's start (goals are written while planning, and so may commitments be), and
  ``decided_at`` against the reviews (the gate and the second review are stamped in the same
  request, in an order that is the service's business).
- ``phase_times``: a phase has no time for a step it has not reached (no ``started_at`` while
  planned, no ``closed_at`` while active, no ``decided_at`` while in review). A time for a step
  reached may be missing: a spreadsheet may not know it.
- ``review_status``: a planned or active phase has no reviews (reviews come once in review).
- ``gate_status``: a phase in review with both reviews in has been decided; a passed or stopped
  phase has both reviews and the status their decisions imply (passed iff both are go or
  go_with_conditions, else stopped).
- ``one_open_phase``: at most one phase is active or in review.
- ``phase_order``: phases are listed in order, and a phase is started only once the previous
  one is decided, so no started phase (active, review, passed, stopped) follows a planned,
  active or review phase. A stopped phase may be followed by more (a recovery phase).
- ``planned_dates``: ``planned_start <= planned_end`` when both are given.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

import fastjsonschema
import orjson
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from . import workflow
from .messages import Either, Message, Term
from .vocabulary import CRITERIA

FORMAT = "partnership-tracker/1"
SCHEMA_FILE = "partnership-document.schema.json"

PathElement = str | int
Path = tuple[PathElement, ...]


class DocumentError(ValueError):
    """The first problem found in a partnership document.

    ``path`` names the field like ``phases[2].goals[0].priority`` ("" for the document itself),
    ``message`` says what is wrong and what to do (a ``Message``, written in the reader's
    language by whoever answers: it reads on after "path: "), ``rule`` is a short code for the
    broken rule (see the module docstring), so callers and tests need not parse the message.
    """

    def __init__(self, path: str, message: Message, rule: str) -> None:
        super().__init__(f"{path}: {message.id}" if path else message.id)
        self.path = path
        self.message = message
        self.rule = rule

    def __reduce__(self) -> tuple[Any, ...]:
        # keep the error picklable (ValueError would re-create it from the joined message only)
        return (type(self), (self.path, self.message, self.rule))


# ---------------------------------------------------------------------------------------------
# Dates and times
# ---------------------------------------------------------------------------------------------

# ASCII only: \d would also match Arabic-Indic and other digits, which fromisoformat refuses.
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_TIME_RE = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]"
    r"(?P<clock>[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.(?P<fraction>[0-9]+))?"
    r"(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})",
    re.ASCII,
)
# one "@" with something on each side and no spaces: enough to tell an address from a name,
# while what an address may contain is the mail server's business
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+")


def parse_date(text: str) -> date:
    """Parse an ISO 8601 calendar date, ``YYYY-MM-DD`` exactly; ValueError otherwise."""
    if not isinstance(text, str) or not _DATE_RE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date like 2026-03-01")
    return date.fromisoformat(text)


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 / RFC 3339 time with an offset into an aware UTC datetime.

    A time without an offset is refused (ValueError): it would mean different instants to the
    two sides. Fractions beyond microseconds are truncated; a leap second is refused.
    """
    match = _TIME_RE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"{text!r} is not a time like 2026-03-01T09:30:00+01:00")
    offset = match["offset"].upper()
    fraction = f".{match['fraction'][:6]}" if match["fraction"] else ""
    offset = "+00:00" if offset == "Z" else offset
    try:
        moment = datetime.fromisoformat(f"{match['date']}T{match['clock']}{fraction}{offset}")
        return moment.astimezone(UTC)
    except OverflowError as error:  # e.g. 0001-01-01T00:00:00+01:00 is before year 1 in UTC
        raise ValueError(f"{text!r} is out of range") from error


def _conforms(parse: Any, instance: object) -> bool:
    # jsonschema applies a format only to strings; other types are the "type" keyword's job
    if not isinstance(instance, str):
        return True
    try:
        parse(instance)
    except ValueError:
        return False
    return True


def _is_email(instance: object) -> bool:
    return not isinstance(instance, str) or bool(_EMAIL_RE.fullmatch(instance))


# jsonschema's own "date-time" needs an optional package and lets through what
# datetime.fromisoformat refuses (leap seconds, times before year 1 in UTC); ours is exactly what
# the importer parses, so a document that passes can always be imported. Both validators use them.
_FORMAT_CHECKS: dict[str, Callable[[object], bool]] = {
    "date": functools.partial(_conforms, parse_date),
    "date-time": functools.partial(_conforms, parse_time),
    "email": _is_email,
}


def _format_checker() -> FormatChecker:
    checker = FormatChecker()
    checker.checkers = dict(Draft202012Validator.FORMAT_CHECKER.checkers)
    checker.checkers.update({name: (check, ()) for name, check in _FORMAT_CHECKS.items()})
    return checker


@functools.cache
def document_schema() -> dict[str, Any]:
    """The JSON Schema of the document (loaded once; do not modify the returned dict)."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator() -> Draft202012Validator:
    # Validated against the schema with its references written out: the same rules, and
    # 2.4 times faster on a 3,000-commitment document (each ``$ref`` was a lookup per field).
    schema = document_schema()
    return Draft202012Validator(_inlined(schema, schema["$defs"]), format_checker=_format_checker())


def _passes_fast(doc: object) -> bool:
    """Whether the schema holds, asked of the same schema compiled to Python (fastjsonschema,
    a tenth of jsonschema's time on a 3,000-commitment document). Only a pass is trusted: a
    document it refuses, or one it cannot judge, is read by jsonschema, whose errors name the
    field and the rule. A test checks that it passes nothing jsonschema refuses."""
    try:
        _fast_validator()(doc)
    except Exception:  # noqa: BLE001 - its refusal, or anything odd: jsonschema decides
        return False
    return True


@functools.cache
def _fast_validator() -> Callable[[object], object]:
    schema = document_schema()
    # The schema uses nothing newer than draft 7, the newest fastjsonschema knows.
    written = {
        **_inlined(schema, schema["$defs"]),
        "$schema": "http://json-schema.org/draft-07/schema#",
    }
    return fastjsonschema.compile(written, formats=_FORMAT_CHECKS, use_default=False)


def _inlined(node: Any, defs: dict[str, Any]) -> Any:
    """``node`` with each ``{"$ref": "#/$defs/x"}`` (beside a description at most) replaced by
    the definition itself; the schema has no recursive definitions."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/") and set(node) <= {"$ref", "description"}:
            written = _inlined(defs[ref.removeprefix("#/$defs/")], defs)
            return {**written, **{k: v for k, v in node.items() if k != "$ref"}}
        return {k: _inlined(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inlined(v, defs) for v in node]
    return node


# ---------------------------------------------------------------------------------------------
# Paths and document order
# ---------------------------------------------------------------------------------------------

_PLAIN_KEY_RE = re.compile(r"[^.\[\]\"'\s]+")


def format_path(path: Iterable[PathElement]) -> str:
    """``("phases", 2, "goals", 0, "priority")`` → ``phases[2].goals[0].priority``.

    Keys are free text in places (goal keys in ``goal_outcomes``, threshold names): one with a
    dot, bracket, quote or space, or an empty one, is quoted as a JSON string,
    ``goal_outcomes["goal 1.a"]``, so a path always reads back unambiguously.
    """
    text = ""
    for element in path:
        if isinstance(element, int):
            text += f"[{element}]"
        elif isinstance(element, str) and _PLAIN_KEY_RE.fullmatch(element):
            text += f".{element}" if text else element
        else:
            text += f"[{json.dumps(str(element), ensure_ascii=False)}]"
    return text


def _position(document: object, path: Path) -> tuple[int, ...]:
    """Where ``path`` sits in the document, for sorting problems in document order.

    Object members count in the order they appear (JSON objects keep it when parsed), list
    items numerically, and a key the object lacks (a missing required field) after all of its
    members. A path sorts after its own prefix, so a problem with an object as a whole comes
    before problems inside it.
    """
    position: list[int] = []
    node: object = document
    for element in path:
        if isinstance(node, Mapping):
            keys = list(node)
            index = keys.index(element) if element in node else len(keys)
            node = node.get(element)
        elif isinstance(node, Sequence) and not isinstance(node, str) and isinstance(element, int):
            index = element
            node = node[element] if 0 <= element < len(node) else None
        else:
            index, node = 0, None
        position.append(index)
    return tuple(position)


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    path: Path
    rule: str
    message: Message


def validate_document(doc: object) -> None:
    """Raise ``DocumentError`` for the first bad field of ``doc``, or return None if it is fine.

    Schema problems come first; only a document of the right shape is checked against the
    rules of SPEC §8. In each stage the problem whose field comes first in the document wins.
    """
    problems = list(_schema_problems(doc))
    if not problems:
        problems = _rule_problems(doc)  # the schema has vouched for the shape
    if problems:
        # min() keeps the first of equals: of problems at the same place, the first found wins
        first = min(problems, key=lambda problem: _position(doc, problem.path))
        raise DocumentError(format_path(first.path), first.message, first.rule)


def _schema_problems(doc: object) -> Iterator[_Problem]:
    by_path: dict[Path, list[ValidationError]] = {}
    errors = () if _passes_fast(doc) else _validator().iter_errors(doc)
    for error in errors:
        by_path.setdefault(_field_path(error), []).append(error)
    for path, errors in by_path.items():
        # several keywords may fail at one field (say minLength and format); take the one
        # jsonschema deems most relevant, as it would for the whole document
        error = best_match(errors)
        if error is not None:
            yield _Problem(path, "schema", _schema_message(error))
    yield from _threshold_problems(doc)
    if not _storable_at_a_glance(doc):
        yield from _unstorable_text(doc, ())


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable_at_a_glance(doc: object) -> bool:
    """Whether no text of ``doc`` holds NUL or a lone surrogate, seen in one serialisation:
    orjson refuses lone surrogates and writes NUL as ``\\u0000``. Walking every string of a
    3,000-commitment document was a tenth of an import. Only a pass is trusted: anything else
    (a literal backslash-u0000 in a text, a key or number orjson cannot write) is walked."""
    try:
        written = orjson.dumps(doc)
    except TypeError:  # orjson.JSONEncodeError is one
        return False
    return b"\\u0000" not in written


def _unstorable_text(value: object, path: Path) -> Iterator[_Problem]:
    """Text no database stores: NUL (PostgreSQL refuses it) and lone surrogates (not UTF-8)."""
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            yield _Problem(path, "schema", Message("document.schema.unstorable"))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and _UNSTORABLE.search(key):
                yield _Problem((*path, key), "schema", Message("document.schema.unstorable_name"))
            else:
                yield from _unstorable_text(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable_text(item, (*path, index))


def _field_path(error: ValidationError) -> Path:
    """The path of the field at fault: for a missing or an unknown member, that member."""
    path: Path = tuple(error.absolute_path)
    instance = error.instance
    if error.validator == "required" and isinstance(instance, Mapping):
        missing = [name for name in error.validator_value if name not in instance]
        if missing:
            return (*path, missing[0])
    if error.validator == "additionalProperties" and isinstance(instance, Mapping):
        allowed = error.schema.get("properties", {})
        extra = [name for name in instance if name not in allowed]
        if extra:
            return (*path, extra[0])
    return path


_TYPES = ("object", "array", "string", "boolean", "integer", "number")  # "a JSON object", ...
_FORMATS = tuple(_FORMAT_CHECKS)  # each has its words: "a date like 2026-03-01", ...


def _describe(value: object) -> Message | str:
    """A value of the document as the message shows it: JSON as written, or what it is."""
    if isinstance(value, Mapping):
        return Message("document.value.object")
    if isinstance(value, list | tuple):
        return Message("document.value.list")
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    # a pasted essay in the wrong field should not flood the message
    return text if len(text) <= 60 else text[:56] + "..."


def _literal(value: object) -> str:
    """Something the document says (a key, an email), as JSON: "goal-1"."""
    return json.dumps(value, ensure_ascii=False)


def _type(kind: object) -> Message | str:
    return Message(f"document.type.{kind}") if kind in _TYPES else str(kind)


def _schema_message(error: ValidationError) -> Message:
    keyword, expected, instance = error.validator, error.validator_value, error.instance
    found = _describe(instance)
    if keyword == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        wanted = Either(_type(kind) for kind in kinds) if len(kinds) > 1 else _type(kinds[0])
        if not error.absolute_path:
            return Message("document.schema.root_type", wanted=wanted, format=FORMAT, found=found)
        return Message("document.schema.type", wanted=wanted, found=found)
    if keyword == "enum":
        return Message("document.schema.enum", found=found, allowed=Either(map(str, expected)))
    if keyword == "const":
        return Message("document.schema.const", found=found, format=str(expected))
    if keyword == "required":
        return Message("document.schema.required")
    if keyword == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        return Message("document.schema.unknown_field", allowed=allowed)
    if keyword == "format":
        hint = (
            Message(f"document.format.{expected}")
            if expected in _FORMATS
            else Message("document.format.other", format=str(expected))
        )
        return Message("document.schema.format", found=found, hint=hint)
    if keyword == "minLength":
        if expected == 1:
            return Message("document.schema.empty")
        return Message("document.schema.min_length", limit=expected)
    if keyword == "maxLength":
        return Message("document.schema.max_length", length=len(instance), limit=expected)
    if keyword == "minItems":
        return Message("document.schema.min_items", limit=expected)
    if keyword == "maxItems":
        return Message("document.schema.max_items", count=len(instance), limit=expected)
    if keyword in ("minimum", "maximum"):
        low = error.schema.get("minimum")
        high = error.schema.get("maximum")
        if low is not None and high is not None:
            return Message("document.schema.range", found=found, low=low, high=high)
        if low is not None:
            return Message("document.schema.too_small", found=found, low=low)
        return Message("document.schema.too_large", found=found, high=high)
    return Message("document.schema.other", keyword=str(keyword))  # a keyword added later


def _threshold_problems(doc: object) -> Iterator[_Problem]:
    # JSON has no NaN or Infinity, but Python's json module reads them, and "minimum": 0 lets
    # NaN through (NaN < 0 is false): a NaN threshold would silence its flag for good.
    partnership = doc.get("partnership") if isinstance(doc, Mapping) else None
    thresholds = partnership.get("thresholds") if isinstance(partnership, Mapping) else None
    if not isinstance(thresholds, Mapping):
        return
    for name, value in thresholds.items():
        if isinstance(value, float) and not math.isfinite(value):
            path: Path = ("partnership", "thresholds", name)
            yield _Problem(
                path, "schema", Message("document.schema.not_finite", found=_describe(value))
            )


# --- rules beyond the schema ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Member:
    side: str
    role: str


class _Rules:
    """One pass over a document of the right shape, collecting every rule it breaks."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self.problems: list[_Problem] = []
        self.members: dict[str, _Member] = {}
        self.keys: dict[str, Path] = {}

    def report(self, path: Path, rule: str, id: str, **values: Any) -> None:
        """The rule broken at ``path``, said by the message ``document.<id>``."""
        self.problems.append(_Problem(path, rule, Message(f"document.{id}", **values)))

    # --- members and keys

    def check_members(self) -> None:
        first_at: dict[str, int] = {}
        for index, member in enumerate(self.doc["members"]):
            email = member["email"].lower()
            if email in first_at:
                self.report(
                    ("members", index, "email"),
                    "member_unique",
                    "member_unique",
                    email=_literal(member["email"]),
                    earlier=f"members[{first_at[email]}]",
                )
                continue
            first_at[email] = index
            self.members[email] = _Member(member["side"], member["role"])

    def check_key(self, path: Path, key: str) -> None:
        if key in self.keys:
            self.report(
                (*path, "key"),
                "unique_key",
                "unique_key",
                key=_literal(key),
                earlier=format_path(self.keys[key]),
            )
        else:
            self.keys[key] = path

    def check_author(self, path: Path, email: str, side: str, who: str) -> None:
        """``who`` names the author's part: ``document.who.<who>`` ("a goal's author")."""
        member = self.members.get(email.lower())
        said = {"email": _literal(email), "side": Term(side), "who": Message(f"document.who.{who}")}
        if member is None:
            self.report(path, "author_side", "author_not_member", **said)
        elif member.side != side:
            self.report(path, "author_side", "author_other_side", found=Term(member.side), **said)

    def check_not_before(
        self, path: Path, text: str, earlier: datetime | None, earlier_text: str, what: str
    ) -> datetime:
        """``what`` names the earlier moment: ``document.moment.<what>`` ("the goal was
        created")."""
        time = parse_time(text)
        if earlier is not None and time < earlier:
            self.report(
                path,
                "time_order",
                "time_order",
                time=text,
                what=Message(f"document.moment.{what}"),
                earlier=earlier_text,
            )
        return time

    # --- the whole document

    def check(self) -> list[_Problem]:
        self.check_members()
        earlier_open: int | None = None
        earlier_planned: int | None = None
        for index, phase in enumerate(self.doc["phases"]):
            base: Path = ("phases", index)
            self.check_phase(base, phase)
            status = phase["status"]
            if status != "planned":
                if earlier_open is not None:
                    rule = "one_open_phase" if status in workflow.OPEN else "phase_order"
                    still = self.doc["phases"][earlier_open]["status"]
                    self.report(
                        (*base, "status"),
                        rule,
                        "phase_while_open",
                        earlier=f"phases[{earlier_open}]",
                        still=Term(still),
                        status=Term(status),
                    )
                elif earlier_planned is not None:
                    self.report(
                        (*base, "status"),
                        "phase_order",
                        "phase_after_planned",
                        earlier=f"phases[{earlier_planned}]",
                        status=Term(status),
                    )
            if status in workflow.OPEN and earlier_open is None:
                earlier_open = index
            if status == "planned" and earlier_planned is None:
                earlier_planned = index
        return self.problems

    # --- a phase

    def check_phase(self, base: Path, phase: Mapping[str, Any]) -> None:
        self.check_key(base, phase["key"])
        self.check_phase_times(base, phase)
        goal_keys = {goal["key"] for goal in phase["goals"]}
        for index, goal in enumerate(phase["goals"]):
            self.check_goal((*base, "goals", index), goal)
        for index, directive in enumerate(phase["directives"]):
            self.check_directive((*base, "directives", index), directive, goal_keys)
        for index, commitment in enumerate(phase["commitments"]):
            self.check_commitment((*base, "commitments", index), commitment, goal_keys)
        self.check_reviews(base, phase, goal_keys)

    def check_phase_times(self, base: Path, phase: Mapping[str, Any]) -> None:
        status = phase["status"]
        # the steps a status has reached, in the order the times must run
        reached = {
            "planned": (),
            "active": ("started_at",),
            "review": ("started_at", "closed_at"),
            "passed": ("started_at", "closed_at", "decided_at"),
            "stopped": ("started_at", "closed_at", "decided_at"),
        }[status]
        for name in ("started_at", "closed_at", "decided_at"):
            if name in phase and name not in reached:
                self.report(
                    (*base, name),
                    "phase_times",
                    "phase_times",
                    status=Term(status),
                    name=name,
                )
        previous: tuple[str, datetime] | None = None
        for name in ("started_at", "closed_at", "decided_at"):
            if name not in phase:
                continue
            time = parse_time(phase[name])
            if previous is not None and time < previous[1]:
                self.report(
                    (*base, name),
                    "time_order",
                    "phase_time_order",
                    time=phase[name],
                    name=previous[0],
                    earlier=phase[previous[0]],
                )
            previous = (name, time)
        if (
            "planned_start" in phase
            and "planned_end" in phase
            and parse_date(phase["planned_end"]) < parse_date(phase["planned_start"])
        ):
            self.report(
                (*base, "planned_end"),
                "planned_dates",
                "planned_dates",
                end=phase["planned_end"],
                start=phase["planned_start"],
            )

    def check_goal(self, path: Path, goal: Mapping[str, Any]) -> None:
        self.check_key(path, goal["key"])
        self.check_author((*path, "created_by"), goal["created_by"], "client", "goal_author")
        last_text = goal["created_at"]
        last = parse_time(last_text)
        for index, revision in enumerate(goal.get("revisions", ())):
            at: Path = (*path, "revisions", index)
            self.check_author(
                (*at, "replaced_by"), revision["replaced_by"], "client", "goal_editor"
            )
            what = "goal_created" if index == 0 else "previous_revision"
            last = self.check_not_before(
                (*at, "replaced_at"), revision["replaced_at"], last, last_text, what
            )
            last_text = revision["replaced_at"]
        has_by, has_at = "removed_by" in goal, "removed_at" in goal
        if has_by != has_at:
            missing = "removed_at" if has_by else "removed_by"
            self.report(
                (*path, missing),
                "goal_removal",
                "goal_removal",
                missing=missing,
            )
        if has_by:
            self.check_author((*path, "removed_by"), goal["removed_by"], "client", "goal_remover")
        if has_at:
            what = "last_revision" if goal.get("revisions") else "goal_created"
            self.check_not_before((*path, "removed_at"), goal["removed_at"], last, last_text, what)

    def check_goal_link(self, path: Path, item: Mapping[str, Any], goal_keys: set[str]) -> None:
        if "goal" in item and item["goal"] not in goal_keys:
            self.report(
                (*path, "goal"),
                "goal_in_phase",
                "goal_in_phase",
                key=_literal(item["goal"]),
            )

    def check_directive(
        self, path: Path, directive: Mapping[str, Any], goal_keys: set[str]
    ) -> None:
        self.check_key(path, directive["key"])
        self.check_goal_link(path, directive, goal_keys)
        self.check_author(
            (*path, "created_by"), directive["created_by"], "client", "directive_author"
        )
        response = directive.get("response")
        if response is not None:
            at: Path = (*path, "response")
            self.check_author((*at, "by"), response["by"], "vendor", "directive_responder")
            self.check_not_before(
                (*at, "at"),
                response["at"],
                parse_time(directive["created_at"]),
                directive["created_at"],
                "directive_sent",
            )

    def check_commitment(
        self, path: Path, commitment: Mapping[str, Any], goal_keys: set[str]
    ) -> None:
        self.check_key(path, commitment["key"])
        self.check_goal_link(path, commitment, goal_keys)
        self.check_author(
            (*path, "created_by"), commitment["created_by"], "vendor", "commitment_author"
        )
        last_text = commitment["created_at"]
        last = parse_time(last_text)
        for index, event in enumerate(commitment["events"]):
            at: Path = (*path, "events", index)
            kind = event["type"]
            self.check_author((*at, "by"), event["by"], "vendor", "event_author")
            what = "commitment_made" if index == 0 else "previous_event"
            last = self.check_not_before((*at, "at"), event["at"], last, last_text, what)
            last_text = event["at"]
            if kind == "slip" and "new_due_date" not in event:
                self.report(
                    (*at, "new_due_date"),
                    "slip_new_due_date",
                    "slip_new_due_date",
                )
            for name, only in workflow.FIELD_OF_ONE_TYPE.items():
                if kind != only and name in event:
                    self.report(
                        (*at, name),
                        "event_fields",
                        "event_fields",
                        name=name,
                        only=only,
                        kind=kind,
                    )

    # --- reviews and the gate

    def check_reviews(self, base: Path, phase: Mapping[str, Any], goal_keys: set[str]) -> None:
        status = phase["status"]
        closed_text = phase.get("closed_at")
        closed = parse_time(closed_text) if closed_text is not None else None
        decisions: dict[str, str] = {}
        duplicate = False
        for index, review in enumerate(phase["reviews"]):
            path: Path = (*base, "reviews", index)
            side = review["side"]
            if status not in workflow.ALLOWED_IN["submit_review"] | workflow.DECIDED:
                self.report(
                    path,
                    "review_status",
                    "review_status",
                    status=Term(status),
                )
            if side in decisions:
                duplicate = True
                self.report(
                    (*path, "side"),
                    "review_unique",
                    "review_unique",
                    side=Term(side),
                )
            decisions.setdefault(side, review["decision"])
            self.check_review(path, review, goal_keys)
            if closed is not None:
                self.check_not_before(
                    (*path, "submitted_at"),
                    review["submitted_at"],
                    closed,
                    closed_text or "",
                    "phase_closed",
                )
        if duplicate:
            return  # the gate reads one review per side; the duplicate is the problem to fix
        both_in = len(decisions) == 2
        implied = workflow.gate_decision(dict.fromkeys(CRITERIA, "no_go") | decisions)
        if status == "review" and both_in:
            self.report(
                (*base, "status"),
                "gate_status",
                "gate_decided",
                implied=Term(implied),
            )
        elif status in workflow.DECIDED and not both_in:
            missing = [side for side in CRITERIA if side not in decisions]
            if len(missing) == 2:
                self.report(
                    (*base, "reviews"), "gate_status", "gate_missing_both", status=Term(status)
                )
            else:
                self.report(
                    (*base, "reviews"),
                    "gate_status",
                    "gate_missing_one",
                    status=Term(status),
                    side=Term(missing[0]),
                )
        elif status in ("passed", "stopped") and status != implied:
            said = [
                Message("document.side_said", side=Term(side), decision=Term(decision))
                for side, decision in decisions.items()
            ]
            self.report(
                (*base, "status"),
                "gate_status",
                "gate_status",
                said=said,
                implied=Term(implied),
                status=Term(status),
            )

    def check_review(self, path: Path, review: Mapping[str, Any], goal_keys: set[str]) -> None:
        side = review["side"]
        member = self.members.get(review["by"].lower())
        if member is None or member.side != side or member.role != "lead":
            found = (
                Message("document.not_a_member")
                if member is None
                else Message("document.side_role", side=Term(member.side), role=Term(member.role))
            )
            self.report(
                (*path, "by"),
                "review_side",
                "review_side",
                email=_literal(review["by"]),
                found=found,
                side=Term(side),
            )
        criteria = CRITERIA[side]
        ratings = review["ratings"]
        for name in ratings:
            if name not in criteria:
                self.report(
                    (*path, "ratings", name),
                    "review_criteria",
                    "unknown_criterion",
                    name=_literal(name),
                    side=Term(side),
                    criteria=list(criteria),
                )
        for name in criteria:
            if name not in ratings:
                self.report(
                    (*path, "ratings", name),
                    "review_criteria",
                    "missing_criterion",
                    side=Term(side),
                    name=name,
                )
        outcomes = review.get("goal_outcomes")
        if outcomes is None:
            return
        if side != "client":
            self.report(
                (*path, "goal_outcomes"),
                "goal_outcomes",
                "outcomes_of_vendor",
            )
            return
        for key in outcomes:
            if key not in goal_keys:
                self.report(
                    (*path, "goal_outcomes", key),
                    "goal_outcomes",
                    "outcome_unknown_goal",
                    key=_literal(key),
                )


def _rule_problems(doc: Any) -> list[_Problem]:
    return _Rules(doc).check()
