"""Export and import of a partnership's whole history as one document (SPEC §8).

Export writes the history loader's records (``services/history.py``: after a write, only the
phase it touched is read again) in the shape of the shared JSON Schema, deterministically
(same history, same bytes but for ``exported_at``).
Import validates the whole document first (domain/document.py), then writes everything in one
transaction: a bad document leaves nothing behind.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import select

from ..domain import flags
from ..domain.document_validation import (
    FORMAT,
    DocumentError,
    parse_date,
    parse_time,
    validate_document,
)
from ..domain.history import authors_of
from ..domain.language import classify
from ..domain.language.wording import stored
from ..domain.messages import Message
from ..errors import Invalid
from ..extensions import db
from ..models import (
    Commitment,
    CommitmentEvent,
    Directive,
    DirectiveResponse,
    Goal,
    GoalRevision,
    Invitation,
    Member,
    Partnership,
    Phase,
    Review,
    ReviewRating,
    User,
    utcnow,
)
from . import audit, bulk, history, invitations
from .statements import goal_text
from .transaction import atomic


def _time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _put(target: dict, key: str, value: Any) -> None:
    """Optional fields are left out rather than null: the schema has no nulls."""
    if value is None:
        return
    if isinstance(value, datetime):
        value = _time(value)
    elif isinstance(value, date):
        value = value.isoformat()
    target[key] = value


def export(partnership: Partnership, now: datetime | None = None) -> dict[str, Any]:
    """The document of the partnership's history, from the history loader's records (a
    process keeps those of phases that did not change) and its people."""
    phases = history.load(partnership).phases
    # People invited and not (yet) members are named as the inviter named them, on the side
    # they were invited to: the document still names every author, and tells nobody the name
    # an account holder gave themselves.
    invited = {i.user_id: i for i in sorted(partnership.invitations, key=lambda i: i.id)}
    author_ids = authors_of(phases)
    wanted = author_ids | {m.user_id for m in partnership.members} | set(invited)
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(wanted)))}
    authors: dict[int, tuple[str, str]] = {}  # user id -> (side, role) of former members

    def email(user_id: int | None, side: str, role: str = "member") -> str:
        if user_id is None:  # a record the loader did not make: it names every author
            raise LookupError("a record without its author")
        if user_id not in invited and not any(m.user_id == user_id for m in partnership.members):
            # Someone who wrote history and has since left: kept as a member of the side they
            # wrote for, so that the document still names every author.
            known = authors.get(user_id)
            authors[user_id] = (
                side,
                "lead" if role == "lead" or (known and known[1] == "lead") else "member",
            )
        return users[user_id].email

    document_phases = []
    for phase in phases:
        goal_keys = {g.id: f"goal-{g.id}" for g in phase.goals}
        entry: dict[str, Any] = {"key": f"phase-{phase.id}", "name": phase.name}
        _put(entry, "objective", phase.objective)
        _put(entry, "planned_start", phase.planned_start)
        _put(entry, "planned_end", phase.planned_end)
        entry["status"] = phase.status
        _put(entry, "started_at", phase.started_at)
        _put(entry, "closed_at", phase.closed_at)
        _put(entry, "decided_at", phase.decided_at)
        entry["goals"] = []
        for g in phase.goals:
            goal: dict[str, Any] = {"key": goal_keys[g.id], "title": g.title}
            _put(goal, "success_criterion", g.success_criterion)
            goal |= {
                "priority": g.priority,
                "created_by": email(g.created_by_id, "client"),
                "created_at": _time(g.created_at),
            }
            if g.revisions:
                goal["revisions"] = []
                for r in g.revisions:
                    revision: dict[str, Any] = {"title": r.title}
                    _put(revision, "success_criterion", r.success_criterion)
                    revision |= {
                        "priority": r.priority,
                        "replaced_by": email(r.replaced_by_id, "client"),
                        "replaced_at": _time(r.replaced_at),
                    }
                    goal["revisions"].append(revision)
            if g.removed_at is not None and g.removed_by_id is not None:
                goal["removed_by"] = email(g.removed_by_id, "client")
                goal["removed_at"] = _time(g.removed_at)
            entry["goals"].append(goal)
        entry["directives"] = []
        for d in phase.directives:
            directive: dict[str, Any] = {
                "key": f"directive-{d.id}",
                "text": d.text,
                "channel": d.channel,
                "adds_scope": d.adds_scope,
            }
            _put(directive, "goal", goal_keys.get(d.goal_id) if d.goal_id else None)
            directive |= {
                "created_by": email(d.created_by_id, "client"),
                "created_at": _time(d.created_at),
            }
            if d.response is not None and d.responded_at is not None:
                response: dict[str, Any] = {"response": d.response}
                _put(response, "note", d.response_note)
                response |= {
                    "by": email(d.responded_by_id, "vendor"),
                    "at": _time(d.responded_at),
                }
                directive["response"] = response
            entry["directives"].append(directive)
        entry["commitments"] = []
        for c in phase.commitments:
            commitment: dict[str, Any] = {"key": f"commitment-{c.id}", "title": c.title}
            _put(commitment, "goal", goal_keys.get(c.goal_id) if c.goal_id else None)
            commitment |= {
                "due_date": c.due_date.isoformat(),
                "created_by": email(c.created_by_id, "vendor"),
                "created_at": _time(c.created_at),
                "events": [],
            }
            for e in c.events:
                event: dict[str, Any] = {
                    "type": e.type,
                    "by": email(e.by_id, "vendor"),
                    "at": _time(e.at),
                }
                _put(event, "note", e.note)
                _put(event, "new_due_date", e.new_due_date)
                if e.type == "delivered":
                    _put(event, "evidence", e.evidence)
                commitment["events"].append(event)
            entry["commitments"].append(commitment)
        entry["reviews"] = []
        for rv in sorted(phase.reviews, key=lambda item: item.side):
            review: dict[str, Any] = {
                "side": rv.side,
                "by": email(rv.by_id, rv.side, "lead"),
                "submitted_at": _time(rv.submitted_at),
                "ratings": dict(sorted(rv.ratings.items())),
                "decision": rv.decision,
            }
            _put(review, "conditions", rv.conditions)
            _put(review, "comment", rv.comment)
            if rv.side == "client":
                outcomes = {goal_keys[g.id]: g.outcome for g in phase.goals if g.outcome}
                if outcomes:
                    review["goal_outcomes"] = outcomes
            entry["reviews"].append(review)
        document_phases.append(entry)

    # Members and the invited in the order they joined or were asked (an import stamps them
    # in the document's order), so that export, import, export gives the same list.
    joined: list[tuple[datetime, int, int, dict[str, str]]] = [
        (
            m.added_at,
            0,
            m.id,
            {"email": m.user.email, "name": m.user.name, "side": m.side, "role": m.role},
        )
        for m in partnership.members
    ]
    joined += [
        (
            i.created_at,
            1,
            i.id,
            {"email": users[uid].email, "name": i.name, "side": i.side, "role": i.role},
        )
        for uid, i in invited.items()
        if i.pending or uid in author_ids
    ]
    members = [entry for *_order, entry in sorted(joined, key=lambda row: row[:3])]
    members += [
        {"email": users[uid].email, "name": users[uid].name, "side": side, "role": role}
        for uid, (side, role) in sorted(authors.items())
    ]
    head: dict[str, Any] = {
        "name": partnership.name,
        "client_name": partnership.client_name,
        "vendor_name": partnership.vendor_name,
        "engagement": partnership.engagement,
        "description": partnership.description or "",
        "created_at": _time(partnership.created_at),
    }
    if partnership.thresholds:
        head["thresholds"] = dict(sorted(partnership.thresholds.items()))
    return {
        "format": FORMAT,
        "exported_at": _time(now or utcnow()),
        "partnership": head,
        "members": members,
        "phases": document_phases,
    }


def export_bytes(partnership: Partnership) -> bytes:
    """The document as UTF-8 JSON indented by two, in the exporter's field order (format
    first). orjson writes the same bytes as ``json.dumps(..., ensure_ascii=False, indent=2)``
    in a fiftieth of the time (1 ms for a 2.6 MB history; Python's indenting encoder is pure
    Python)."""
    return orjson.dumps(export(partnership), option=orjson.OPT_INDENT_2)


@atomic
def import_document(importer: User, document: Any) -> Partnership:
    """Create a new partnership from a document; the importer becomes a lead. All or nothing."""
    try:
        validate_document(document)
    except DocumentError as error:
        # "phases[2].goals[0].priority: must be one of ... (schema)": the path and the rule's
        # code are the document's own words, the problem between them the reader's language
        raise Invalid(
            Message("document.problem", path=error.path, problem=error.message, rule=error.rule)
            if error.path
            else Message("document.problem.whole", problem=error.message, rule=error.rule),
            field=error.path or "document",
        ) from None
    head = document["partnership"]
    overrides = dict(head.get("thresholds") or {})
    try:
        flags.merge_thresholds(overrides)
    except flags.ThresholdError as error:
        path = f"partnership.thresholds.{error.name}"
        raise Invalid(
            Message("document.threshold_problem", path=path, problem=error.message), field=path
        ) from None

    partnership = _write(importer, document, head, overrides)
    db.session.commit()
    return partnership


def _write(importer: User, document: dict, head: dict, thresholds: dict) -> Partnership:
    partnership = Partnership(
        name=head["name"],
        client_name=head["client_name"],
        vendor_name=head["vendor_name"],
        engagement=head["engagement"],
        description=head.get("description", ""),
        thresholds=thresholds,
        created_at=parse_time(head["created_at"]) if head.get("created_at") else utcnow(),
    )
    db.session.add(partnership)
    emails = [m["email"].lower() for m in document["members"]]
    existing = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    people: dict[str, User] = {}
    invited: list[Invitation] = []
    stamp = utcnow()
    for index, m in enumerate(document["members"]):
        # one microsecond apart, in the document's order (the export lists them so)
        at = stamp + timedelta(microseconds=index)
        address = m["email"].lower()
        user = existing.get(address)
        if user is None:
            # An account that cannot log in until a lead sends a set-password link.
            user = User(email=address, name=m["name"], password_hash=None)
            db.session.add(user)
        people[address] = user
        if user.id is not None and user.id == importer.id:
            # the importer leads the side they hold in the document
            partnership.members.append(Member(user=user, side=m["side"], role="lead", added_at=at))
        else:
            # Everyone else is asked first (SPEC §8, §13): they keep their place as authors
            # of their items, and see the partnership only once they accept.
            invitation = invitations.invite(
                partnership, user, m["side"], m["role"], m["name"], importer
            )
            invitation.created_at = at
            invited.append(invitation)
    if importer.email not in people:
        partnership.members.append(
            Member(
                user=importer,
                side="client",
                role="lead",
                added_at=stamp + timedelta(microseconds=len(people)),
            )
        )

    def who(address: str) -> User:
        return people[address.lower()]

    promised: list[tuple[Phase, dict[str, Goal], dict]] = []

    for position, p in enumerate(document["phases"], start=1):
        phase = Phase(
            partnership=partnership,
            position=position,
            name=p["name"],
            objective=p.get("objective", ""),
            status=p["status"],
            planned_start=parse_date(p["planned_start"]) if p.get("planned_start") else None,
            planned_end=parse_date(p["planned_end"]) if p.get("planned_end") else None,
            started_at=_maybe_time(p.get("started_at")),
            closed_at=_maybe_time(p.get("closed_at")),
            decided_at=_maybe_time(p.get("decided_at")),
        )
        db.session.add(phase)
        goals: dict[str, Goal] = {}
        for g in p["goals"]:
            reading = classify(goal_text(g["title"], g.get("success_criterion", "")))
            reasons, suggestion = stored(reading)
            goal = Goal(
                phase=phase,
                title=g["title"],
                success_criterion=g.get("success_criterion", ""),
                priority=g["priority"],
                created_by=who(g["created_by"]),
                created_at=parse_time(g["created_at"]),
                category=reading.category,
                reasons=reasons,
                suggestion=suggestion,
                removed_by=who(g["removed_by"]) if g.get("removed_by") else None,
                removed_at=_maybe_time(g.get("removed_at")),
            )
            goal.revisions = [
                GoalRevision(
                    title=r["title"],
                    success_criterion=r.get("success_criterion", ""),
                    priority=r["priority"],
                    replaced_by=who(r["replaced_by"]),
                    replaced_at=parse_time(r["replaced_at"]),
                )
                for r in g.get("revisions", [])
            ]
            goals[g["key"]] = goal
            db.session.add(goal)
        for d in p["directives"]:
            reading = classify(d["text"])
            reasons, suggestion = stored(reading)
            directive = Directive(
                phase=phase,
                text=d["text"],
                channel=d["channel"],
                adds_scope=d["adds_scope"],
                goal=goals.get(d["goal"]) if d.get("goal") else None,
                created_by=who(d["created_by"]),
                created_at=parse_time(d["created_at"]),
                category=reading.category,
                reasons=reasons,
                suggestion=suggestion,
            )
            if d.get("response"):
                r = d["response"]
                directive.response = DirectiveResponse(
                    response=r["response"],
                    note=r.get("note", ""),
                    by=who(r["by"]),
                    at=parse_time(r["at"]),
                )
            db.session.add(directive)
        # the bulk of a long history: inserted in batches once the phases have ids (below)
        promised.extend((phase, goals, c) for c in p["commitments"])
        for r in p["reviews"]:
            review = Review(
                phase=phase,
                side=r["side"],
                by=who(r["by"]),
                decision=r["decision"],
                conditions=r.get("conditions", ""),
                comment=r.get("comment", ""),
                submitted_at=parse_time(r["submitted_at"]),
                ratings=[ReviewRating(criterion=k, rating=v) for k, v in r["ratings"].items()],
            )
            for key, outcome in (r.get("goal_outcomes") or {}).items():
                goals[key].outcome = outcome
            db.session.add(review)
    db.session.flush()
    _insert_commitments(promised, who)
    for invitation in invited:
        invitations.announce(partnership, invitation, importer)
    audit.record(
        importer,
        "partnership.import",
        partnership,
        partnership_id=partnership.id,
        after={"phases": len(document["phases"]), "members": len(document["members"])},
    )
    return partnership


def _insert_commitments(promised: list[tuple[Phase, dict[str, Goal], dict]], who) -> None:
    """The commitments and their events written in bulk (``bulk.py``), not as 11,000 ORM
    objects: the unit of work spent most of a 3,000-commitment import on them (issue 15)."""
    if not promised:
        return
    rows = [
        {
            "phase_id": phase.id,
            "title": c["title"],
            "due_date": parse_date(c["due_date"]),
            "goal_id": goals[c["goal"]].id if c.get("goal") else None,
            "created_by_id": who(c["created_by"]).id,
            "created_at": parse_time(c["created_at"]),
        }
        for phase, goals, c in promised
    ]
    ids = bulk.insert_rows(Commitment, rows, ids=True)
    events = [
        {
            "commitment_id": commitment_id,
            "type": e["type"],
            "by_id": who(e["by"]).id,
            "at": parse_time(e["at"]),
            "note": e.get("note", ""),
            "evidence": e.get("evidence", ""),
            "new_due_date": parse_date(e["new_due_date"]) if e.get("new_due_date") else None,
        }
        for commitment_id, (_, _, c) in zip(ids, promised, strict=True)
        for e in c["events"]
    ]
    bulk.insert_rows(CommitmentEvent, events)


def _maybe_time(value: str | None) -> datetime | None:
    return parse_time(value) if value else None
