"""Validation of partnership documents before import (SPEC §8)."""

from __future__ import annotations

import copy
import json
import math
import pickle
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from partnership.domain.document_validation import (
    DocumentError,
    document_schema,
    format_path,
    parse_date,
    parse_time,
    validate_document,
)
from partnership.domain.messages import Message

from .document_builders import (
    CLIENT_LEAD,
    CLIENT_MEMBER,
    CLIENT_RATINGS,
    VENDOR_LEAD,
    VENDOR_MEMBER,
    valid_document,
)
from .wording import assert_renders_everywhere, en

Doc = dict[str, Any]
Mutation = Callable[[Doc], None]

RULES = {
    "schema",
    "member_unique",
    "unique_key",
    "goal_in_phase",
    "author_side",
    "review_side",
    "review_unique",
    "review_criteria",
    "goal_outcomes",
    "slip_new_due_date",
    "event_fields",
    "goal_removal",
    "time_order",
    "phase_times",
    "review_status",
    "gate_status",
    "one_open_phase",
    "phase_order",
    "planned_dates",
}


# --- helpers -------------------------------------------------------------------------------------


def _node(doc: Any, path: tuple[str | int, ...]) -> Any:
    for element in path:
        doc = doc[element]
    return doc


def put(*path: str | int, value: Any) -> Mutation:
    """A mutation that sets the field at ``path`` to ``value``."""

    def mutate(doc: Doc) -> None:
        _node(doc, path[:-1])[path[-1]] = copy.deepcopy(value)

    return mutate


def drop(*path: str | int) -> Mutation:
    """A mutation that removes the field at ``path``."""

    def mutate(doc: Doc) -> None:
        del _node(doc, path[:-1])[path[-1]]

    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(doc: Doc) -> None:
        for mutation in mutations:
            mutation(doc)

    return mutate


def broken(*mutations: Mutation) -> Doc:
    doc = valid_document()
    both(*mutations)(doc)
    return doc


def error_of(doc: object) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        validate_document(doc)
    return caught.value


def client_review(**changes: Any) -> dict[str, Any]:
    review = {
        "side": "client",
        "by": CLIENT_LEAD,
        "submitted_at": "2026-02-14T10:00:00+01:00",
        "ratings": dict(CLIENT_RATINGS),
        "decision": "go",
    }
    return {**review, **changes}


# --- the valid document --------------------------------------------------------------------------


def test_the_valid_document_passes() -> None:
    assert validate_document(valid_document()) is None


def test_the_valid_document_survives_a_json_round_trip() -> None:
    doc = json.loads(json.dumps(valid_document()))
    assert doc == valid_document()
    assert validate_document(doc) is None


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(document_schema())


def test_validation_does_not_change_the_document() -> None:
    doc = valid_document()
    validate_document(doc)
    assert doc == valid_document()


# --- every rule beyond the schema, broken once ---------------------------------------------------

P0, P1, P2 = ("phases", 0), ("phases", 1), ("phases", 2)
P0_COMMITMENT = (*P0, "commitments", 0)

RULE_CASES = [
    pytest.param(
        lambda doc: doc["members"].append(
            {
                "email": "ANA.Lima@Northwind.example",
                "name": "Ana",
                "side": "vendor",
                "role": "member",
            }
        ),
        "members[4].email",
        "member_unique",
        id="member-email-repeated-in-another-case",
    ),
    pytest.param(
        put(*P1, "key", value="phase-discovery"),
        "phases[1].key",
        "unique_key",
        id="phase-key-repeated",
    ),
    pytest.param(
        put(*P1, "goals", 1, "key", value="goal-inventory"),
        "phases[1].goals[1].key",
        "unique_key",
        id="goal-key-repeated-in-another-phase",
    ),
    pytest.param(
        put(*P0, "directives", 1, "key", value="dir-inventory-meeting"),
        "phases[0].directives[1].key",
        "unique_key",
        id="directive-key-repeated",
    ),
    pytest.param(
        put(*P1, "commitments", 0, "key", value="phase-build"),
        "phases[1].commitments[0].key",
        "unique_key",
        id="commitment-key-same-as-a-phase-key",
    ),
    pytest.param(
        put(*P1, "directives", 0, "goal", value="goal-inventory"),
        "phases[1].directives[0].goal",
        "goal_in_phase",
        id="directive-goal-of-another-phase",
    ),
    pytest.param(
        put(*P0, "commitments", 1, "goal", value="goal-nowhere"),
        "phases[0].commitments[1].goal",
        "goal_in_phase",
        id="commitment-goal-unknown",
    ),
    pytest.param(
        put(*P0, "goals", 1, "created_by", value=VENDOR_LEAD),
        "phases[0].goals[1].created_by",
        "author_side",
        id="goal-by-vendor",
    ),
    pytest.param(
        put(*P0, "goals", 0, "revisions", 1, "replaced_by", value=VENDOR_MEMBER),
        "phases[0].goals[0].revisions[1].replaced_by",
        "author_side",
        id="goal-edited-by-vendor",
    ),
    pytest.param(
        put(*P0, "goals", 2, "removed_by", value="someone@elsewhere.example"),
        "phases[0].goals[2].removed_by",
        "author_side",
        id="goal-removed-by-non-member",
    ),
    pytest.param(
        put(*P1, "directives", 0, "created_by", value=VENDOR_MEMBER),
        "phases[1].directives[0].created_by",
        "author_side",
        id="directive-by-vendor",
    ),
    pytest.param(
        put(*P0, "directives", 1, "response", "by", value=CLIENT_LEAD),
        "phases[0].directives[1].response.by",
        "author_side",
        id="directive-answered-by-client",
    ),
    pytest.param(
        put(*P1, "commitments", 0, "created_by", value=CLIENT_LEAD),
        "phases[1].commitments[0].created_by",
        "author_side",
        id="commitment-by-client",
    ),
    pytest.param(
        put(*P0_COMMITMENT, "events", 2, "by", value=CLIENT_MEMBER),
        "phases[0].commitments[0].events[2].by",
        "author_side",
        id="event-by-client",
    ),
    pytest.param(
        put(*P0, "reviews", 0, "by", value=CLIENT_MEMBER),
        "phases[0].reviews[0].by",
        "review_side",
        id="client-review-by-a-member-not-a-lead",
    ),
    pytest.param(
        put(*P0, "reviews", 1, "by", value=CLIENT_LEAD),
        "phases[0].reviews[1].by",
        "review_side",
        id="vendor-review-by-client-lead",
    ),
    pytest.param(
        put(*P0, "reviews", 1, "by", value="stranger@elsewhere.example"),
        "phases[0].reviews[1].by",
        "review_side",
        id="review-by-non-member",
    ),
    pytest.param(
        put(*P0, "reviews", 1, value=client_review()),
        "phases[0].reviews[1].side",
        "review_unique",
        id="two-client-reviews",
    ),
    pytest.param(
        drop(*P0, "reviews", 0, "ratings", "quality"),
        "phases[0].reviews[0].ratings.quality",
        "review_criteria",
        id="criterion-missing",
    ),
    pytest.param(
        put(*P0, "reviews", 0, "ratings", "speed", value=3),
        "phases[0].reviews[0].ratings.speed",
        "review_criteria",
        id="unknown-criterion",
    ),
    pytest.param(
        put(*P0, "reviews", 1, "ratings", value=CLIENT_RATINGS),
        "phases[0].reviews[1].ratings.delivery",
        "review_criteria",
        id="vendor-review-with-client-criteria",
    ),
    pytest.param(
        put(*P0, "reviews", 1, "goal_outcomes", value={"goal-latency": "met"}),
        "phases[0].reviews[1].goal_outcomes",
        "goal_outcomes",
        id="goal-outcomes-on-vendor-review",
    ),
    pytest.param(
        put(*P0, "reviews", 0, "goal_outcomes", "goal-month-end", value="met"),
        "phases[0].reviews[0].goal_outcomes.goal-month-end",
        "goal_outcomes",
        id="goal-outcome-for-a-goal-of-another-phase",
    ),
    pytest.param(
        drop(*P0_COMMITMENT, "events", 2, "new_due_date"),
        "phases[0].commitments[0].events[2].new_due_date",
        "slip_new_due_date",
        id="slip-without-new-due-date",
    ),
    pytest.param(
        put(*P0_COMMITMENT, "events", 0, "new_due_date", value="2026-02-01"),
        "phases[0].commitments[0].events[0].new_due_date",
        "event_fields",
        id="new-due-date-on-progress",
    ),
    pytest.param(
        put(*P0_COMMITMENT, "events", 2, "evidence", value="a link"),
        "phases[0].commitments[0].events[2].evidence",
        "event_fields",
        id="evidence-on-slip",
    ),
    pytest.param(
        drop(*P0, "goals", 2, "removed_by"),
        "phases[0].goals[2].removed_by",
        "goal_removal",
        id="removed-at-without-removed-by",
    ),
    pytest.param(
        drop(*P0, "goals", 2, "removed_at"),
        "phases[0].goals[2].removed_at",
        "goal_removal",
        id="removed-by-without-removed-at",
    ),
    pytest.param(
        put(*P1, "commitments", 0, "events", 0, "at", value="2026-02-17T10:59:00+01:00"),
        "phases[1].commitments[0].events[0].at",
        "time_order",
        id="event-before-its-commitment",
    ),
    pytest.param(
        put(*P0_COMMITMENT, "events", 3, "at", value="2026-01-19T12:00:00+01:00"),
        "phases[0].commitments[0].events[3].at",
        "time_order",
        id="event-before-the-previous-event",
    ),
    pytest.param(
        # reads later than the previous event's 17:00+01:00, but 15:30 UTC is before 16:00 UTC
        put(*P0_COMMITMENT, "events", 1, "at", value="2026-01-13T17:30:00+02:00"),
        "phases[0].commitments[0].events[1].at",
        "time_order",
        id="event-earlier-only-once-offsets-count",
    ),
    pytest.param(
        put(*P0, "goals", 0, "revisions", 0, "replaced_at", value="2026-01-02T09:59:00+01:00"),
        "phases[0].goals[0].revisions[0].replaced_at",
        "time_order",
        id="revision-before-the-goal",
    ),
    pytest.param(
        put(*P0, "goals", 0, "revisions", 1, "replaced_at", value="2026-01-08T09:59:00Z"),
        "phases[0].goals[0].revisions[1].replaced_at",
        "time_order",
        id="revision-before-the-previous-revision",
    ),
    pytest.param(
        put(*P0, "goals", 2, "removed_at", value="2026-01-02T09:00:00Z"),
        "phases[0].goals[2].removed_at",
        "time_order",
        id="goal-removed-before-created",
    ),
    pytest.param(
        both(
            put(*P0, "goals", 0, "removed_by", value=CLIENT_LEAD),
            put(*P0, "goals", 0, "removed_at", value="2026-01-09T09:00:00+01:00"),
        ),
        "phases[0].goals[0].removed_at",
        "time_order",
        id="goal-removed-before-its-last-revision",
    ),
    pytest.param(
        put(*P0, "directives", 0, "response", "at", value="2026-01-12T09:59:00+01:00"),
        "phases[0].directives[0].response.at",
        "time_order",
        id="response-before-the-directive",
    ),
    pytest.param(
        put(*P0, "closed_at", value="2026-01-05T07:00:00Z"),
        "phases[0].closed_at",
        "time_order",
        id="phase-closed-before-started",
    ),
    pytest.param(
        put(*P0, "decided_at", value="2026-02-13T15:59:00Z"),
        "phases[0].decided_at",
        "time_order",
        id="phase-decided-before-closed",
    ),
    pytest.param(
        put(*P0, "reviews", 0, "submitted_at", value="2026-02-13T16:00:00+01:00"),
        "phases[0].reviews[0].submitted_at",
        "time_order",
        id="review-before-the-phase-closed",
    ),
    pytest.param(
        put(*P2, "started_at", value="2026-04-13T09:00:00+02:00"),
        "phases[2].started_at",
        "phase_times",
        id="planned-phase-with-a-start",
    ),
    pytest.param(
        put(*P1, "closed_at", value="2026-03-01T09:00:00+01:00"),
        "phases[1].closed_at",
        "phase_times",
        id="active-phase-with-a-close",
    ),
    pytest.param(
        both(put(*P0, "status", value="review"), drop(*P0, "reviews", 1)),
        "phases[0].decided_at",
        "phase_times",
        id="phase-in-review-with-a-decision-time",
    ),
    pytest.param(
        put(*P1, "reviews", value=[client_review(submitted_at="2026-03-01T10:00:00+01:00")]),
        "phases[1].reviews[0]",
        "review_status",
        id="review-of-an-active-phase",
    ),
    pytest.param(
        put(*P2, "reviews", value=[client_review()]),
        "phases[2].reviews[0]",
        "review_status",
        id="review-of-a-planned-phase",
    ),
    pytest.param(
        drop(*P0, "reviews", 1),
        "phases[0].reviews",
        "gate_status",
        id="passed-without-the-vendor-review",
    ),
    pytest.param(
        put(*P0, "reviews", value=[]),
        "phases[0].reviews",
        "gate_status",
        id="passed-without-reviews",
    ),
    pytest.param(
        put(*P0, "reviews", 1, "decision", value="no_go"),
        "phases[0].status",
        "gate_status",
        id="passed-although-the-vendor-said-no-go",
    ),
    pytest.param(
        put(*P0, "status", value="stopped"),
        "phases[0].status",
        "gate_status",
        id="stopped-although-both-said-go",
    ),
    pytest.param(
        both(put(*P0, "status", value="review"), drop(*P0, "decided_at")),
        "phases[0].status",
        "gate_status",
        id="still-in-review-with-both-reviews-in",
    ),
    pytest.param(
        put(*P2, "status", value="active"),
        "phases[2].status",
        "one_open_phase",
        id="second-active-phase",
    ),
    pytest.param(
        put(*P2, "status", value="review"),
        "phases[2].status",
        "one_open_phase",
        id="active-phase-and-a-phase-in-review",
    ),
    pytest.param(
        lambda doc: doc["phases"].reverse(),
        "phases[1].status",
        "phase_order",
        id="active-phase-after-a-planned-one",
    ),
    pytest.param(
        lambda doc: doc["phases"].insert(0, doc["phases"].pop(1)),
        "phases[1].status",
        "phase_order",
        id="passed-phase-after-an-active-one",
    ),
    pytest.param(
        put(*P2, "planned_end", value="2026-04-12"),
        "phases[2].planned_end",
        "planned_dates",
        id="planned-end-before-start",
    ),
]


@pytest.mark.parametrize(("mutate", "path", "rule"), RULE_CASES)
def test_each_broken_rule_names_its_field_and_rule(mutate: Mutation, path: str, rule: str) -> None:
    error = error_of(broken(mutate))
    assert (error.path, error.rule) == (path, rule), error.message


def test_every_rule_has_a_case() -> None:
    covered = {param.values[2] for param in RULE_CASES}
    assert covered == RULES - {"schema"}


@pytest.mark.parametrize(("mutate", "path", "rule"), RULE_CASES)
def test_rule_messages_say_what_to_do(mutate: Mutation, path: str, rule: str) -> None:
    message = en(error_of(broken(mutate)).message)
    assert len(message) > 20
    assert message[0].islower() or message[0] in "'\"0123456789"  # reads on after "path: "


# --- decisions the rules leave open --------------------------------------------------------------


def test_authors_match_members_ignoring_case() -> None:
    doc = broken(put(*P0, "goals", 1, "created_by", value=CLIENT_LEAD.upper()))
    assert validate_document(doc) is None


def test_a_goal_author_need_not_be_a_lead() -> None:
    assert (
        validate_document(broken(put(*P0, "goals", 1, "created_by", value=CLIENT_MEMBER))) is None
    )


def test_times_are_compared_as_instants_not_as_text() -> None:
    # "16:30Z" reads earlier than "17:00+01:00" (16:00 UTC), yet it is half an hour later
    doc = broken(
        put(*P0_COMMITMENT, "events", 0, "at", value="2026-01-13T17:00:00+01:00"),
        put(*P0_COMMITMENT, "events", 1, "at", value="2026-01-13T16:30:00Z"),
    )
    assert validate_document(doc) is None


def test_equal_instants_in_different_offsets_are_in_order() -> None:
    doc = broken(put(*P0_COMMITMENT, "events", 1, "at", value="2026-01-13T18:00:00+02:00"))
    assert validate_document(doc) is None


def test_a_stopped_phase_may_be_followed_by_a_recovery_phase() -> None:
    doc = broken(
        put(*P0, "status", value="stopped"),
        put(*P0, "reviews", 1, "decision", value="no_go"),
    )
    assert validate_document(doc) is None


def test_a_phase_in_review_with_one_review_is_waiting_for_the_other() -> None:
    doc = broken(
        put(*P1, "status", value="review"),
        put(*P1, "closed_at", value="2026-04-10T17:00:00+02:00"),
        put(*P1, "reviews", value=[client_review(submitted_at="2026-04-11T09:00:00+02:00")]),
    )
    assert validate_document(doc) is None


def test_times_of_reached_steps_may_be_missing() -> None:
    doc = broken(drop(*P0, "started_at"), drop(*P0, "closed_at"), drop(*P0, "decided_at"))
    assert validate_document(doc) is None


def test_a_removed_goal_may_still_be_linked_and_marked() -> None:
    doc = broken(put(*P0, "reviews", 0, "goal_outcomes", "goal-dashboard", value="missed"))
    assert validate_document(doc) is None


def test_a_document_with_no_phases_passes() -> None:
    assert validate_document(broken(put("phases", value=[]))) is None


def test_the_duplicate_review_is_reported_rather_than_a_missing_one() -> None:
    # two client reviews in a passed phase: the vendor's is "missing" only because of the copy
    error = error_of(broken(put(*P0, "reviews", 1, value=client_review())))
    assert error.rule == "review_unique"


# --- schema errors -------------------------------------------------------------------------------

SCHEMA_CASES = [
    pytest.param(
        put(*P1, "goals", 0, "priority", value="urgent"),
        "phases[1].goals[0].priority",
        '"urgent" is not one of must, should, or could',
        id="wrong-enum-deep-inside",
    ),
    pytest.param(
        drop(*P0, "goals", 1, "title"),
        "phases[0].goals[1].title",
        "required",
        id="missing-required-field",
    ),
    pytest.param(drop("members"), "members", "required", id="missing-top-level-field"),
    pytest.param(
        put(*P2, "planned_start", value="2026-02-30"),
        "phases[2].planned_start",
        "2026-03-01",
        id="impossible-date",
    ),
    pytest.param(
        put(*P2, "planned_start", value="2026-4-13"),
        "phases[2].planned_start",
        "date",
        id="date-not-zero-padded",
    ),
    pytest.param(
        put(*P0, "started_at", value="2026-01-05T09:00:00"),
        "phases[0].started_at",
        "offset",
        id="time-without-offset",
    ),
    pytest.param(
        put(*P0, "started_at", value="2026-01-05"),
        "phases[0].started_at",
        "offset",
        id="date-where-a-time-belongs",
    ),
    pytest.param(
        put(*P0, "started_at", value="2026-01-05 09:00:00+01:00"),
        "phases[0].started_at",
        "offset",
        id="time-with-a-space",
    ),
    pytest.param(
        put(*P0, "started_at", value="2026-06-30T23:59:60Z"),
        "phases[0].started_at",
        "offset",
        id="leap-second",
    ),
    pytest.param(
        put("exported_at", value="0001-01-01T00:00:00+01:00"),
        "exported_at",
        "offset",
        id="time-before-year-one-in-utc",
    ),
    pytest.param(
        put("members", 1, "email", value="carl at northwind"),
        "members[1].email",
        "email",
        id="wrong-email-format",
    ),
    pytest.param(
        put("members", 0, "phone", value="+46 8 123 456"),
        "members[0].phone",
        "remove it",
        id="extra-property",
    ),
    pytest.param(
        put("format", value="partnership-tracker/2"),
        "format",
        "partnership-tracker/1",
        id="other-format",
    ),
    pytest.param(
        put(*P0, "directives", 0, "adds_scope", value="no"),
        "phases[0].directives[0].adds_scope",
        "true or false",
        id="wrong-type",
    ),
    pytest.param(
        put(*P0, "reviews", 0, "ratings", "delivery", value=6),
        "phases[0].reviews[0].ratings.delivery",
        "1 to 5",
        id="rating-out-of-range",
    ),
    pytest.param(
        lambda doc: doc["phases"][0]["reviews"].append(client_review()),
        "phases[0].reviews",
        "at most 2",
        id="three-reviews",
    ),
    pytest.param(
        put("partnership", "name", value=""), "partnership.name", "empty", id="empty-name"
    ),
    pytest.param(put("members", value=[]), "members", "at least 1", id="no-members"),
    pytest.param(
        put("partnership", "thresholds", "silent_vendor_days", value=float("nan")),
        "partnership.thresholds.silent_vendor_days",
        "finite",
        id="nan-threshold",
    ),
    pytest.param(
        put("partnership", "thresholds", "silent_vendor_days", value=-1),
        "partnership.thresholds.silent_vendor_days",
        "0",
        id="negative-threshold",
    ),
]


@pytest.mark.parametrize(("mutate", "path", "fragment"), SCHEMA_CASES)
def test_schema_errors_name_the_bad_field(mutate: Mutation, path: str, fragment: str) -> None:
    error = error_of(broken(mutate))
    assert (error.path, error.rule) == (path, "schema"), error.message
    assert fragment in en(error.message)


@pytest.mark.parametrize("doc", [[], [valid_document()], "{}", "", None, 42, 1.5, True], ids=repr)
def test_a_document_that_is_not_an_object_is_refused_at_the_root(doc: object) -> None:
    error = error_of(doc)
    assert (error.path, error.rule) == ("", "schema")
    assert "JSON object" in en(error.message)
    assert str(error) == error.message.id


def test_an_empty_object_reports_the_first_missing_field() -> None:
    error = error_of({})
    assert (error.path, error.rule) == ("format", "schema")


def test_list_positions_sort_as_numbers() -> None:
    goal = valid_document()["phases"][1]["goals"][1]
    goals = [{**goal, "key": f"goal-{n}"} for n in range(11)]
    goals[10]["priority"] = goals[2]["priority"] = "urgent"
    error = error_of(broken(put(*P2, "goals", value=goals)))
    assert error.path == "phases[2].goals[2].priority"  # not [10], which sorts first as text


def test_fields_sort_in_document_order_not_alphabetically() -> None:
    # title comes before priority in the goal as written; alphabetically priority would win
    doc = broken(
        put(*P1, "goals", 0, "title", value=""),
        put(*P1, "goals", 0, "priority", value="urgent"),
    )
    assert error_of(doc).path == "phases[1].goals[0].title"


def test_members_come_before_phases() -> None:
    doc = broken(put(*P0, "status", value="done"), put("members", 3, "role", value="boss"))
    assert error_of(doc).path == "members[3].role"


def test_schema_errors_come_before_rule_errors() -> None:
    doc = broken(
        put("members", 1, "email", value=CLIENT_LEAD),  # member_unique, early in the document
        put(*P2, "status", value="done"),
    )
    error = error_of(doc)
    assert (error.path, error.rule) == ("phases[2].status", "schema")


def test_the_first_broken_rule_in_document_order_wins() -> None:
    doc = broken(
        put(*P1, "directives", 0, "created_by", value=VENDOR_MEMBER),
        put(*P0_COMMITMENT, "events", 3, "at", value="2026-01-19T12:00:00+01:00"),
    )
    assert error_of(doc).path == "phases[0].commitments[0].events[3].at"


def test_a_missing_field_is_reported_after_the_fields_present() -> None:
    doc = broken(drop(*P1, "goals", 0, "title"), put(*P1, "goals", 0, "priority", value="x"))
    assert error_of(doc).path == "phases[1].goals[0].priority"


def test_validation_is_deterministic() -> None:
    doc = broken(
        put(*P0, "status", value="done"),
        put(*P1, "goals", 0, "priority", value="urgent"),
        drop(*P2, "name"),
    )
    paths = {error_of(copy.deepcopy(doc)).path for _ in range(5)}
    assert paths == {"phases[0].status"}


# --- the error value -----------------------------------------------------------------------------


def test_the_error_is_a_value_error_that_reads_with_its_path() -> None:
    error = error_of(broken(put(*P1, "goals", 0, "priority", value="urgent")))
    assert isinstance(error, ValueError)
    assert str(error) == f"phases[1].goals[0].priority: {error.message.id}"


def test_the_error_survives_pickling() -> None:
    error = DocumentError("members[0].email", Message("document.schema.required"), "schema")
    copy_ = pickle.loads(pickle.dumps(error))
    assert (copy_.path, copy_.message, copy_.rule) == (error.path, error.message, error.rule)


def test_paths_quote_keys_that_are_not_plain() -> None:
    assert format_path(("phases", 2, "goals", 0, "priority")) == "phases[2].goals[0].priority"
    assert format_path(("goal_outcomes", "goal 1.a")) == 'goal_outcomes["goal 1.a"]'
    assert format_path(("ratings", "")) == 'ratings[""]'
    assert format_path(()) == ""


def test_a_goal_outcome_key_with_a_dot_is_quoted_in_the_path() -> None:
    doc = broken(put(*P0, "reviews", 0, "goal_outcomes", "goal.x", value="met"))
    assert error_of(doc).path == 'phases[0].reviews[0].goal_outcomes["goal.x"]'


# --- parsing helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01T09:30:00+01:00", datetime(2026, 3, 1, 8, 30, tzinfo=UTC)),
        ("2026-03-01T09:30:00Z", datetime(2026, 3, 1, 9, 30, tzinfo=UTC)),
        ("2026-03-01t09:30:00z", datetime(2026, 3, 1, 9, 30, tzinfo=UTC)),
        ("2026-03-01T09:30:00.5-05:00", datetime(2026, 3, 1, 14, 30, 0, 500000, tzinfo=UTC)),
        ("2026-03-01T09:30:00.123456789+00:00", datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)),
    ],
)
def test_parse_time_gives_aware_utc(text: str, expected: datetime) -> None:
    parsed = parse_time(text)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-01T09:30:00",
        "2026-03-01 09:30:00+01:00",
        "2026-03-01T09:30+01:00",
        "2026-03-01",
        "2026-02-30T09:30:00Z",
        "2026-03-01T24:00:00Z",
        "2026-03-01T09:30:00+24:00",
        "٢٠٢٦-03-01T09:30:00Z",
        "",
    ],
)
def test_parse_time_refuses_anything_but_a_full_time_with_offset(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time(text)


def test_parse_date() -> None:
    assert parse_date("2026-03-01") == date(2026, 3, 1)
    for text in ("20260301", "2026-W09-7", "2026-3-1", "2026-02-29", "0000-01-01"):
        with pytest.raises(ValueError):
            parse_date(text)


def test_parse_time_keeps_the_instant_of_other_offsets() -> None:
    eastern = timezone(timedelta(hours=-5))
    assert parse_time("2026-03-01T09:30:00-05:00") == datetime(2026, 3, 1, 9, 30, tzinfo=eastern)


# --- no input makes it fail any other way --------------------------------------------------------

_VOCABULARY = [
    *valid_document().keys(),
    *valid_document()["phases"][0].keys(),
    "key",
    "by",
    "at",
    "side",
    "status",
    "type",
    "ratings",
    "response",
    "email",
    "role",
]
json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(_VOCABULARY) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=25,
)


def _leaves(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Any]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(node, list):
        return [leaf for index, value in enumerate(node) for leaf in _leaves(value, (*path, index))]
    return [(path, node)]


def _containers(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Paths of every object member and list item, leaves and containers alike."""
    found: list[tuple[str | int, ...]] = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _containers(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _containers(value, (*path, index))
    return found


LEAVES = _leaves(valid_document())
NODES = _containers(valid_document())
# values that fit somewhere in the document get past the schema more often, so the rules
# themselves meet odd input: an email where a key belongs, a time in another history...
PLAUSIBLE = st.sampled_from([value for _, value in LEAVES])


def _assert_fails_only_as_document_error(doc: object) -> None:
    try:
        validate_document(doc)
    except DocumentError as error:
        assert isinstance(error.path, str)
        assert error.rule in RULES
        assert_renders_everywhere(error.message)
    # anything else propagates and fails the test


# No deadline: each example validates a whole document and writes its error in five languages,
# which a loaded CI machine can take longer than 200 ms to do.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_any_json_value_is_either_valid_or_a_document_error(doc: object) -> None:
    _assert_fails_only_as_document_error(doc)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NODES), json_values | PLAUSIBLE)
def test_replacing_any_part_of_a_valid_document_is_valid_or_a_document_error(
    path: tuple[str | int, ...], value: Any
) -> None:
    doc = valid_document()
    _node(doc, path[:-1])[path[-1]] = value
    _assert_fails_only_as_document_error(doc)


def _same_field(path: tuple[str | int, ...]) -> list[Any]:
    """Values the same field holds elsewhere in the document: they pass the schema there."""
    return [value for other, value in LEAVES if other[-1] == path[-1]]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(min_value=1, max_value=4))
def test_swapping_fields_for_values_from_elsewhere_is_valid_or_a_document_error(
    data: st.DataObject, count: int
) -> None:
    doc = valid_document()
    for _ in range(count):
        path, _value = data.draw(st.sampled_from(LEAVES))
        value = data.draw(st.sampled_from(_same_field(path)) | PLAUSIBLE)
        _node(doc, path[:-1])[path[-1]] = value
    _assert_fails_only_as_document_error(doc)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NODES))
def test_removing_any_part_of_a_valid_document_is_valid_or_a_document_error(
    path: tuple[str | int, ...],
) -> None:
    doc = valid_document()
    del _node(doc, path[:-1])[path[-1]]
    _assert_fails_only_as_document_error(doc)


def test_nan_and_infinity_anywhere_are_refused_cleanly() -> None:
    for path, _ in LEAVES:
        for value in (math.nan, math.inf):
            doc = valid_document()
            _node(doc, path[:-1])[path[-1]] = value
            _assert_fails_only_as_document_error(doc)


@pytest.mark.parametrize(("mutate", "path", "rule"), RULE_CASES)
def test_every_rule_message_renders_in_every_language(mutate: Mutation, path: str, rule: str):
    assert_renders_everywhere(error_of(broken(mutate)).message)


@pytest.mark.parametrize(("mutate", "path", "fragment"), SCHEMA_CASES)
def test_every_schema_message_renders_in_every_language(mutate: Mutation, path, fragment):
    assert_renders_everywhere(error_of(broken(mutate)).message)


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (lambda d, bad: d["phases"][0]["goals"][0].update(title=bad), "phases[0].goals[0].title"),
        (lambda d, bad: d["members"][0].update(name=bad), "members[0].name"),
        (
            lambda d, bad: d["phases"][0]["commitments"][0]["events"][0].update(note=bad),
            "phases[0].commitments[0].events[0].note",
        ),
    ],
    ids=["goal title", "member name", "event note"],
)
@pytest.mark.parametrize("bad", ["a\x00b", "\x00", "a\ud800b", "\udfff"])
def test_unstorable_text_is_found_wherever_it_is(where, expected, bad):
    """The quick look at the whole document (one serialisation) never lets through what the
    walk over every text refuses."""
    doc = valid_document()
    where(doc, bad)
    with pytest.raises(DocumentError) as refused:
        validate_document(doc)
    assert refused.value.path == expected


def test_a_text_that_only_spells_nul_is_stored_as_written():
    doc = valid_document()
    doc["phases"][0]["goals"][0]["title"] = r"Escape \u0000 in the parser"
    validate_document(doc)
