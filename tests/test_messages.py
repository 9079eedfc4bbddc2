"""Every message identifier the code uses has its sentence in the catalog (SPEC §10).

A message with no sentence would reach a reader as its bare code ("workflow.slip_needs_date").
The code is read, not run: every identifier written out (``Message("...")``, ``Conflict("...")``,
``Invalid.of("...")``, a class's ``default``, the tables of ``api/errors.py``) must be a key of
``MESSAGES``, and every identifier built from pieces (``Message(f"flag.{code}.suggestion")``)
must match at least one. The engines' sentences are also rendered in every language by
``tests/domain/test_wording.py`` and ``test_document.py``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from partnership import config
from partnership.i18n.catalog import MESSAGES
from partnership.i18n.terms import ACTIONS, FIELDS, TERMS

PACKAGE = config.ROOT / "partnership"
# The first part of every identifier: a string of this shape in the code names a message.
PREFIXES = {id.split(".")[0] for id in MESSAGES}
ID = re.compile(r"[a-z_]+(\.[a-z0-9_-]+)+")
# Calls whose first argument is a message identifier.
CALLS = {"Message", "Conflict", "Invalid", "Forbidden", "NotFound", "AppError", "of"}


def _sources() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "translations" not in p.parts]


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _pattern(node: ast.JoinedStr) -> re.Pattern[str]:
    parts = [
        re.escape(value.value) if isinstance(value, ast.Constant) else r"[a-z0-9_.-]+"
        for value in node.values
    ]
    return re.compile("".join(parts))


def _ids_in(node: ast.AST, where: str, written: dict, built: dict) -> None:
    """The identifiers an argument names: a string, either branch of a condition, the strings
    of a call (``MESSAGES.get(status, "request.bad_request")``), a pattern of an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if ID.fullmatch(node.value) and node.value.split(".")[0] in PREFIXES:
            written.setdefault(node.value, f"{where}:{node.lineno}")
    elif isinstance(node, ast.JoinedStr):
        built[_pattern(node).pattern] = f"{where}:{node.lineno}"
    elif isinstance(node, ast.IfExp):
        _ids_in(node.body, where, written, built)
        _ids_in(node.orelse, where, written, built)
    elif isinstance(node, ast.Call):
        for argument in node.args:
            _ids_in(argument, where, written, built)


def _used() -> tuple[dict[str, str], dict[str, str]]:
    """Identifiers written out, and patterns of identifiers built, with where they are."""
    written: dict[str, str] = {}
    built: dict[str, str] = {}
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(config.ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in CALLS and node.args:
                _ids_in(node.args[0], where, written, built)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = _name(node.targets[0])
                if target == "default":  # an error class's own message (errors.py)
                    _ids_in(node.value, where, written, built)
                elif target in ("MESSAGES", "_FIXED") and isinstance(node.value, ast.Dict):
                    for value in node.value.values:  # api/errors.py: status or text -> id
                        _ids_in(value, where, written, built)
    return written, built


WRITTEN, BUILT = _used()


def test_the_scan_finds_the_code_s_messages():
    # a scan that finds nothing would pass for ever
    assert {"field.required", "workflow.slip_needs_date", "request.not_found"} <= set(WRITTEN)
    assert any("flag" in pattern for pattern in BUILT)


def test_every_message_the_code_writes_out_has_a_sentence():
    missing = {id: where for id, where in WRITTEN.items() if id not in MESSAGES}
    assert not missing, f"add these to partnership/i18n/catalog.py: {missing}"


@pytest.mark.parametrize("pattern", sorted(BUILT), ids=lambda p: BUILT[p])
def test_every_message_the_code_builds_matches_a_sentence(pattern):
    assert any(re.fullmatch(pattern, id) for id in MESSAGES), (
        f"{BUILT[pattern]} builds ids like {pattern!r}; no sentence in catalog.py matches"
    )


def test_every_flag_has_its_suggestion_and_every_policy_action_its_refusal():
    from partnership import policy
    from partnership.domain.flags import FLAG_CODES

    for code in FLAG_CODES:
        if code != "LATE_REVIEW":  # its suggestion depends on the side that is late
            assert f"flag.{code.lower()}.suggestion" in MESSAGES
    # a member may always view and export: a refusal of those is a 404, never a sentence
    for action in policy.ACTIONS:
        if policy.TABLE[action] != policy.EVERYONE:
            assert f"policy.{action}" in MESSAGES, action


def test_catalog_sentences_and_words_are_unique_per_id():
    # one id, one sentence; the words of codes are not sentences with values
    assert not [words for words in {**TERMS, **FIELDS, **ACTIONS}.values() if "%(" in words]


def test_every_flag_and_threshold_has_a_name_in_words():
    from partnership.domain.flags import DEFAULT_THRESHOLDS, FLAG_CODES

    assert not [code for code in (*FLAG_CODES, *DEFAULT_THRESHOLDS) if code not in TERMS]
