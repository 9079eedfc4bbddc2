"""The compiled schema check (fastjsonschema) lets a document skip jsonschema only when
jsonschema would find nothing wrong either: its pass is trusted, its refusal is not
(``document_validation._passes_fast``)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnership.domain import document_validation

from .document_strategies import documents

# What a careless or hostile exporter writes in a field's place.
ODD_VALUES = [
    None, True, False, 0, 1, 1.0, 1.5, -1, 2**31, 2**63, 1e308, float("nan"), float("inf"),
    "", " ", "x" * 5000, "2024-13-01", "2024-02-30", "2024-01-01", "2024-01-01T09:00:00",
    "2024-01-01T09:00:00+00:00", "2024-01-01T09:00:00Z", "no at sign", "a@b@c", "a@b.example",
    "go", "active", "delivered", "ticket", "partnership-tracker/1", [], [1], {}, {"x": 1},
]  # fmt: skip


ODD_STRINGS = [value for value in ODD_VALUES if isinstance(value, str)]


def _places(node: Any, path: tuple = ()) -> list[tuple]:
    """Every place in the document: (path to the container, key or index)."""
    found = []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        found.append((path, key))
        found.extend(_places(value, (*path, key)))
    return found


def _at(doc: Any, path: tuple) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _schema_errors(doc: Any) -> list:
    return list(document_validation._validator().iter_errors(doc))


@st.composite
def _damaged(draw: Any) -> dict[str, Any]:
    doc = copy.deepcopy(draw(documents(max_phases=2, max_items=2)))
    for _ in range(draw(st.integers(1, 3))):
        places = _places(doc)
        path, key = draw(st.sampled_from(places))
        container = _at(doc, path)
        change = draw(st.sampled_from(["replace", "remove", "add"]))
        if change == "replace":
            # a string's place mostly gets another string: dates, emails and words must match
            strings = isinstance(container[key], str) and draw(st.booleans())
            container[key] = draw(st.sampled_from(ODD_STRINGS if strings else ODD_VALUES))
        elif change == "remove":
            del container[key]
        elif isinstance(container, dict):
            container[draw(st.sampled_from(["extra", "note", "id", "evidence"]))] = "x"
        else:
            container.append(draw(st.sampled_from(ODD_VALUES)))
    return doc


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_damaged())
def test_a_damaged_document_passes_the_fast_check_only_if_jsonschema_passes_it(doc):
    if document_validation._passes_fast(doc):
        assert _schema_errors(doc) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents())
def test_a_valid_document_takes_the_fast_path(doc):
    assert _schema_errors(doc) == []
    assert document_validation._passes_fast(doc)


def test_jsonschema_still_names_the_field_of_a_refused_document():
    doc = {"format": "partnership-tracker/1", "partnership": {}, "members": [], "phases": "x"}
    assert not document_validation._passes_fast(doc)
    assert _schema_errors(doc)
