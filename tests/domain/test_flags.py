"""Flags: each is raised at its threshold, not just below it, and follows overrides."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings

from partnership.domain.flags import (
    DEFAULT_THRESHOLDS,
    FLAG_CODES,
    SEVERITIES,
    compute_flags,
    merge_thresholds,
)
from partnership.i18n.catalog import MESSAGES
from partnership.i18n.terms import TERMS

from .builders import (
    commitment,
    day,
    delivered,
    directive,
    dropped,
    goal,
    healthy_history,
    history,
    phase,
    progress,
    review,
    slip,
)
from .strategies import Story, stories
from .wording import en

NOW = day(20)


def raised(h, code, now=NOW):
    return [f for f in compute_flags(h, now) if f.code == code]


def goals(n):
    return [goal(f"Goal {i}") for i in range(n)]


def spread(n, every=3.0, **kw):
    """``n`` directives, one every ``every`` days from day 1."""
    return [directive(f"Directive {i}", sent=1 + i * every, **kw) for i in range(n)]


# --- thresholds -----------------------------------------------------------------------------


def test_every_threshold_has_a_label_and_a_sentence_for_the_settings_page():
    for name in DEFAULT_THRESHOLDS:
        assert name in TERMS, f"{name} has no label in i18n/terms.py"
        help = MESSAGES.get(f"threshold.{name}")
        assert isinstance(help, str) and help.endswith("."), f"{name} has no sentence"


def test_overrides_are_merged_over_the_defaults():
    merged = merge_thresholds({"silent_days": 21, "out_of_channel_share": 0.5})
    assert merged["silent_days"] == 21
    assert merged["out_of_channel_share"] == 0.5
    assert merged["directives_per_goal"] == DEFAULT_THRESHOLDS["directives_per_goal"]
    assert merge_thresholds(None) == DEFAULT_THRESHOLDS


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"silence_days": 3}, "silence_days"),
        ({"silent_days": -1}, "silent_days"),
        ({"out_of_channel_share": 1.5}, "out_of_channel_share"),
        ({"silent_days": True}, "silent_days"),
        ({"silent_days": "14"}, "silent_days"),
        ({"silent_days": math.nan}, "silent_days"),
        ({"low_autonomy_rating": 6}, "low_autonomy_rating"),
    ],
)
def test_a_bad_override_is_refused_naming_it(overrides, named):
    with pytest.raises(ValueError, match=named):
        merge_thresholds(overrides)


def test_a_stored_override_that_is_no_longer_valid_falls_back_to_the_default():
    h = history(phase(goals=goals(1), directives=spread(3)), thresholds={"no_such_limit": 9})
    assert raised(h, "EXCESSIVE_DIRECTIVES")


# --- EXCESSIVE_DIRECTIVES ------------------------------------------------------------------


def test_more_directives_than_two_per_goal_are_excessive():
    h = history(phase(goals=goals(2), directives=spread(5, every=2)))
    (flag,) = raised(h, "EXCESSIVE_DIRECTIVES", now=day(30))
    assert flag.severity == "warning" and flag.side == "client"
    assert en(flag.message).startswith(
        "5 directives for 2 goals in 9 days; the default limit is 2 per goal"
    )
    assert len(flag.evidence) == 5 and flag.evidence[0].startswith("directive:")


def test_two_directives_per_goal_are_not_excessive():
    assert not raised(history(phase(goals=goals(2), directives=spread(4))), "EXCESSIVE_DIRECTIVES")


def test_removed_goals_do_not_count_towards_the_allowance():
    gs = goals(1) + [goal("Dropped goal", created=-2, removed=-1)]
    assert raised(history(phase(goals=gs, directives=spread(3))), "EXCESSIVE_DIRECTIVES")


def test_without_goals_any_directive_is_excessive():
    (flag,) = raised(history(phase(directives=spread(1))), "EXCESSIVE_DIRECTIVES")
    assert "1 directive for 0 goals" in en(flag.message)


def test_an_override_of_directives_per_goal_changes_the_outcome_and_the_wording():
    ph = phase(goals=goals(1), directives=spread(3))
    assert not raised(history(ph, thresholds={"directives_per_goal": 3}), "EXCESSIVE_DIRECTIVES")
    (flag,) = raised(history(ph, thresholds={"directives_per_goal": 1}), "EXCESSIVE_DIRECTIVES")
    assert "the limit is 1 per goal" in en(flag.message)


def test_more_than_five_directives_in_seven_days_are_excessive():
    h = history(phase(goals=goals(10), directives=spread(6, every=1.1)))
    (flag,) = raised(h, "EXCESSIVE_DIRECTIVES")
    assert "6 directives in the 7 days from March 3, 2026" in en(flag.message)
    assert "the default limit is 5 in any 7 days" in en(flag.message)


def test_five_directives_in_seven_days_are_not_excessive():
    h = history(phase(goals=goals(10), directives=spread(5, every=1.1)))
    assert not raised(h, "EXCESSIVE_DIRECTIVES")


def test_the_seven_day_window_slides_rather_than_following_calendar_weeks():
    # six directives over eight days: no seven days hold more than five of them
    h = history(phase(goals=goals(10), directives=spread(6, every=1.6)))
    assert not raised(h, "EXCESSIVE_DIRECTIVES")
    busy = spread(6, every=1.6) + [directive("One more", sent=5)]
    assert raised(history(phase(goals=goals(10), directives=busy)), "EXCESSIVE_DIRECTIVES")


def test_an_override_of_the_weekly_limit_changes_the_outcome():
    ph = phase(goals=goals(10), directives=spread(6, every=1.1))
    assert not raised(history(ph, thresholds={"directives_per_7_days": 6}), "EXCESSIVE_DIRECTIVES")


# --- PRESCRIPTIVE_DIRECTIVES ---------------------------------------------------------------


def mix(prescriptive, others):
    return spread(prescriptive, category="prescriptive") + spread(others, category="outcome")


def test_forty_percent_prescriptive_directives_raise_the_flag():
    h = history(phase(goals=goals(5), directives=mix(2, 3)))
    (flag,) = raised(h, "PRESCRIPTIVE_DIRECTIVES", now=day(40))
    assert en(flag.message).startswith("2 of 5 directives (40%) tell the vendor how to work")
    assert "the default limit is 40% once a phase has 3 directives or more" in en(flag.message)
    assert len(flag.evidence) == 2


def test_just_under_forty_percent_prescriptive_directives_do_not():
    assert not raised(
        history(phase(goals=goals(5), directives=mix(2, 4))), "PRESCRIPTIVE_DIRECTIVES"
    )


def test_fewer_than_three_directives_are_too_few_to_judge():
    assert not raised(
        history(phase(goals=goals(5), directives=mix(2, 0))), "PRESCRIPTIVE_DIRECTIVES"
    )


def test_overrides_of_the_prescriptive_share_and_minimum_change_the_outcome():
    ph = phase(goals=goals(5), directives=mix(2, 4))
    share = history(ph, thresholds={"prescriptive_directives_share": 0.3})
    assert raised(share, "PRESCRIPTIVE_DIRECTIVES", now=day(40))
    few = history(phase(goals=goals(5), directives=mix(2, 0)),
                  thresholds={"prescriptive_directives_min": 2})  # fmt: skip
    (flag,) = raised(few, "PRESCRIPTIVE_DIRECTIVES")
    assert "the limit is" in en(flag.message)


# --- PRESCRIPTIVE_GOAL ---------------------------------------------------------------------


def test_a_prescriptive_goal_is_flagged_for_its_author():
    g = goal("Use React and Redux for the front end", category="prescriptive", reasons=("use",))
    (flag,) = raised(history(phase(goals=[g])), "PRESCRIPTIVE_GOAL")
    assert flag.severity == "info"
    assert flag.evidence == (f"goal:{g.id}",)
    assert "“Use React and Redux for the front end” reads as prescriptive" in en(flag.message)


def test_a_constraint_goal_is_not_flagged():
    g = goal("Orders still reach our SAP system", category="constraint")
    assert not raised(history(phase(goals=[g])), "PRESCRIPTIVE_GOAL")


def test_a_removed_prescriptive_goal_is_no_longer_flagged():
    g = goal("Use React", category="prescriptive", created=-3, removed=-2)
    assert not raised(history(phase(goals=[g])), "PRESCRIPTIVE_GOAL")


# --- SCOPE_CHURN -----------------------------------------------------------------------------


def churned(changed, unchanged):
    kinds = [
        lambda i: goal(f"Added {i}", created=2 + i),
        lambda i: goal(f"Edited {i}", edited=[3 + i]),
        lambda i: goal(f"Removed {i}", removed=4 + i),
    ]
    return [kinds[i % 3](i) for i in range(changed)] + goals(unchanged)


def test_three_goals_changed_after_the_start_are_scope_churn():
    (flag,) = raised(history(phase(goals=churned(3, 7))), "SCOPE_CHURN")
    assert en(flag.message).startswith(
        "3 of 10 goals (30%) changed after the phase started (1 added, 1 edited, and 1 removed)"
    )
    assert len(flag.evidence) == 3


def test_two_goals_changed_out_of_ten_are_not():
    assert not raised(history(phase(goals=churned(2, 8))), "SCOPE_CHURN")


def test_thirty_percent_of_a_small_phases_goals_is_scope_churn():
    assert raised(history(phase(goals=churned(2, 4))), "SCOPE_CHURN")
    assert not raised(history(phase(goals=churned(2, 5))), "SCOPE_CHURN")


def test_changes_before_the_start_are_planning_not_churn():
    gs = [goal(created=-5, edited=[-4, -3]), goal(created=-5, removed=-1), goal(created=-2)]
    assert not raised(history(phase(started=0, goals=gs)), "SCOPE_CHURN")


def test_an_override_of_the_churn_limits_changes_the_outcome():
    ph = phase(goals=churned(3, 7))
    looser = {"scope_churn_count": 4, "scope_churn_share": 0.5}
    assert not raised(history(ph, thresholds=looser), "SCOPE_CHURN")


# --- SCOPE_CREEP_FIXED_PRICE ---------------------------------------------------------------


def scope_directive(response):
    return directive("Also export every report to PDF", adds_scope=True, response=response)


def test_scope_accepted_without_replanning_on_a_fixed_price_is_flagged():
    d = scope_directive("accepted")
    h = history(phase(goals=goals(1), directives=[d]), engagement="fixed_price")
    (flag,) = raised(h, "SCOPE_CREEP_FIXED_PRICE")
    assert flag.evidence == (f"directive:{d.id}",)
    assert "“Also export every report to PDF”" in en(flag.message)


@pytest.mark.parametrize(
    ("engagement", "response", "adds_scope"),
    [
        ("fixed_price", "accepted_replanned", True),
        ("fixed_price", "declined", True),
        ("fixed_price", "accepted", False),
        ("time_and_materials", "accepted", True),
    ],
)
def test_replanned_declined_non_scope_or_time_and_materials_requests_are_not(
    engagement, response, adds_scope
):
    d = directive(adds_scope=adds_scope, response=response)
    h = history(phase(goals=goals(1), directives=[d]), engagement=engagement)
    assert not raised(h, "SCOPE_CREEP_FIXED_PRICE")


# --- OUT_OF_CHANNEL ------------------------------------------------------------------------


def channels(outside, inside):
    out = [directive(f"Quick one {i}", channel=("chat", "call", "direct")[i % 3], sent=1 + 2 * i)
           for i in range(outside)]  # fmt: skip
    return out + [directive(f"Ticket {i}", channel="ticket", sent=2 + 2 * i) for i in range(inside)]


def test_thirty_percent_of_directives_out_of_channel_raise_the_flag():
    (flag,) = raised(history(phase(goals=goals(5), directives=channels(3, 7))), "OUT_OF_CHANNEL")
    assert en(flag.message).startswith("3 of 10 directives (30%) bypassed the agreed process")
    assert "1 by call, 1 by chat, and 1 by direct contact" in en(flag.message)


def test_twenty_percent_out_of_channel_does_not():
    assert not raised(history(phase(goals=goals(5), directives=channels(2, 8))), "OUT_OF_CHANNEL")


def test_fewer_than_three_directives_are_too_few_to_judge_the_channel():
    assert not raised(history(phase(goals=goals(5), directives=channels(2, 0))), "OUT_OF_CHANNEL")


def test_an_override_of_the_channel_share_changes_the_outcome():
    h = history(phase(goals=goals(5), directives=channels(2, 8)),
                thresholds={"out_of_channel_share": 0.2})  # fmt: skip
    (flag,) = raised(h, "OUT_OF_CHANNEL")
    assert "the limit is 20%" in en(flag.message)


# --- LOW_AUTONOMY --------------------------------------------------------------------------


def rated(autonomy, thresholds=None):
    r = review("vendor", ratings={"autonomy": autonomy})
    return history(phase(status="review", closed=15, reviews=[r]), thresholds=thresholds), r


def test_autonomy_rated_two_raises_low_autonomy():
    h, r = rated(2)
    (flag,) = raised(h, "LOW_AUTONOMY")
    assert flag.evidence == (f"review:{r.id}",)
    assert (
        en(flag.message)
        == "The vendor's review rates autonomy 2 of 5; the default limit is 2 or less."
    )


def test_autonomy_rated_three_does_not():
    assert not raised(rated(3)[0], "LOW_AUTONOMY")


def test_an_override_of_the_autonomy_limit_changes_the_outcome():
    assert raised(rated(3, {"low_autonomy_rating": 3})[0], "LOW_AUTONOMY")
    assert not raised(rated(2, {"low_autonomy_rating": 1})[0], "LOW_AUTONOMY")


# --- UNDISCLOSED_SLIP ----------------------------------------------------------------------


def test_a_slip_recorded_after_its_due_date_is_an_undisclosed_slip():
    c = commitment("Export to CSV", due=10, events=[slip(11, to=15)])
    (flag,) = raised(history(phase(commitments=[c])), "UNDISCLOSED_SLIP")
    assert flag.severity == "high" and flag.side == "vendor"
    assert flag.evidence == (f"commitment:{c.id}",)
    assert "“Export to CSV” slipped on March 13, 2026, 1 day after its due date" in en(flag.message)


def test_a_slip_recorded_on_its_due_date_is_disclosed_in_time():
    c = commitment(due=10, events=[slip(10.5, to=15)])
    assert not raised(history(phase(commitments=[c])), "UNDISCLOSED_SLIP")


def test_a_drop_after_the_due_date_is_an_undisclosed_slip_too():
    c = commitment(due=10, events=[dropped(12)])
    (flag,) = raised(history(phase(commitments=[c])), "UNDISCLOSED_SLIP")
    assert "was dropped" in en(flag.message)


def test_one_flag_per_phase_lists_every_late_told_slip():
    cs = [commitment(f"C{i}", due=5, events=[slip(6 + i, to=30)]) for i in range(5)]
    (flag,) = raised(history(phase(commitments=cs)), "UNDISCLOSED_SLIP")
    assert en(flag.message).startswith("5 slips or drops were recorded only after")
    assert "and 2 more" in en(flag.message)
    assert len(flag.evidence) == 5


# --- OVERCOMMITMENT ------------------------------------------------------------------------


def promises(slipped, kept):
    late = [commitment(f"Slipped {i}", due=10, events=[slip(8, to=18)]) for i in range(slipped)]
    ok = [commitment(f"Kept {i}", due=10, events=[delivered(9)]) for i in range(kept)]
    return late + ok


def test_thirty_percent_slipped_raise_overcommitment():
    (flag,) = raised(history(phase(commitments=promises(3, 7))), "OVERCOMMITMENT")
    assert en(flag.message).startswith("3 of 10 commitments (30%) slipped or were dropped")
    assert len(flag.evidence) == 3


def test_just_under_thirty_percent_slipped_do_not():
    assert not raised(history(phase(commitments=promises(3, 8))), "OVERCOMMITMENT")


def test_fewer_than_three_slipped_commitments_are_not_overcommitment():
    assert not raised(history(phase(commitments=promises(2, 1))), "OVERCOMMITMENT")


def test_an_override_of_the_overcommitment_minimum_changes_the_outcome():
    h = history(phase(commitments=promises(2, 1)), thresholds={"overcommitment_min": 2})
    assert raised(h, "OVERCOMMITMENT")


# --- SILENT_VENDOR -------------------------------------------------------------------------


def quiet_phase(**kw):
    return history(phase(commitments=[commitment(created=1, events=[progress(3)])]), **kw)


def test_fourteen_days_without_a_commitment_event_is_silence():
    (flag,) = raised(quiet_phase(), "SILENT_VENDOR", now=day(17))
    assert flag.severity == "warning"
    assert en(flag.message).startswith("No commitment was logged or updated for 14 days, since")


def test_just_under_fourteen_days_is_not():
    assert not raised(quiet_phase(), "SILENT_VENDOR", now=day(16.9))


def test_an_active_phase_with_no_commitment_at_all_is_silent_since_its_start():
    (flag,) = raised(history(phase()), "SILENT_VENDOR", now=day(14))
    assert "since the phase started" in en(flag.message)


def test_an_override_of_the_silence_limit_changes_the_outcome():
    assert not raised(quiet_phase(thresholds={"silent_days": 21}), "SILENT_VENDOR", now=day(17))


def test_a_past_silence_in_a_closed_phase_is_kept_on_record_as_info():
    p = phase(status="passed", closed=40, decided=41,
              commitments=[commitment(created=1, events=[progress(3), delivered(25)])])  # fmt: skip
    (flag,) = raised(history(p), "SILENT_VENDOR", now=day(50))
    assert flag.severity == "info"
    assert "22 days" in en(flag.message)


# --- GATE_DISAGREEMENT ---------------------------------------------------------------------


def gate(client_decision, vendor_decision):
    reviews = [review("client", client_decision), review("vendor", vendor_decision)]
    return history(phase("Discovery", status="stopped", closed=15, decided=16, reviews=reviews))


@pytest.mark.parametrize("go", ["go", "go_with_conditions"])
def test_one_go_and_one_no_go_is_a_gate_disagreement(go):
    (flag,) = raised(gate(go, "no_go"), "GATE_DISAGREEMENT")
    assert flag.severity == "high" and flag.side == "both"
    assert "the vendor said no go" in en(flag.message)
    assert len(flag.evidence) == 2


@pytest.mark.parametrize(
    ("client_decision", "vendor_decision"),
    [("go", "go_with_conditions"), ("no_go", "no_go"), ("go", "go")],
)
def test_matching_decisions_are_not_a_disagreement(client_decision, vendor_decision):
    assert not raised(gate(client_decision, vendor_decision), "GATE_DISAGREEMENT")


# --- LATE_REVIEW ---------------------------------------------------------------------------


def in_review(reviews=(), **kw):
    return history(phase("Discovery", status="review", closed=10, reviews=reviews), **kw)


def test_a_review_missing_seven_days_after_the_phase_entered_review_is_late():
    (flag,) = raised(in_review([review("client")]), "LATE_REVIEW", now=day(17))
    assert flag.side == "vendor"
    assert en(flag.message).startswith("The vendor's review is still missing 7 days after")


def test_six_days_and_a_bit_is_not_late_yet():
    assert not raised(in_review([review("client")]), "LATE_REVIEW", now=day(16.9))


def test_both_reviews_missing_concern_both_sides():
    (flag,) = raised(in_review(), "LATE_REVIEW", now=day(30))
    assert flag.side == "both"


def test_no_review_is_late_once_both_are_in():
    both = [review("client"), review("vendor")]
    assert not raised(in_review(both), "LATE_REVIEW", now=day(30))


def test_an_override_of_the_review_delay_changes_the_outcome():
    h = in_review([review("client")], thresholds={"late_review_days": 10})
    assert not raised(h, "LATE_REVIEW", now=day(17))


# --- the whole list ------------------------------------------------------------------------


def test_a_healthy_partnership_raises_no_warning_or_high_flag():
    flags = compute_flags(healthy_history(), day(35))
    assert [f for f in flags if f.severity in ("warning", "high")] == []


def test_flags_come_in_phase_order_then_by_code():
    first = phase("One", status="stopped", closed=10, decided=11,
                  directives=spread(3, channel="chat"),
                  reviews=[review("client", "go"), review("vendor", "no_go")])  # fmt: skip
    second = phase("Two", started=20, goals=[goal("Use Vue", category="prescriptive")])
    flags = compute_flags(history(first, second), day(25))
    keys = [(f.phase_id, f.code) for f in flags]
    assert keys == [
        (first.id, "EXCESSIVE_DIRECTIVES"),
        (first.id, "GATE_DISAGREEMENT"),
        (first.id, "OUT_OF_CHANNEL"),
        (second.id, "PRESCRIPTIVE_GOAL"),
    ]


def test_a_flag_serialises_to_the_api_fields():
    (flag,) = raised(history(phase(goals=[goal(category="prescriptive")])), "PRESCRIPTIVE_GOAL")
    assert set(flag.to_dict(en)) == {
        "code", "severity", "side", "phase_id", "message", "evidence", "suggestion",
    }  # fmt: skip
    assert isinstance(flag.to_dict(en)["evidence"], list)


@settings(max_examples=100, deadline=None)
@given(stories())
def test_flags_are_well_formed_and_point_at_items_of_their_phase(story: Story):
    flags = compute_flags(story.history, story.now)
    order = {p.id: p.order for p in story.history.phases}
    assert [(order[f.phase_id], f.code) for f in flags] == sorted(
        (order[f.phase_id], f.code) for f in flags
    )
    for f in flags:
        assert f.code in FLAG_CODES and f.severity in SEVERITIES
        assert f.side in ("client", "vendor", "both")
        assert en(f.message) and en(f.suggestion) and f.evidence
        p = next(p for p in story.history.phases if p.id == f.phase_id)
        items = (
            {f"goal:{g.id}" for g in p.goals}
            | {f"directive:{d.id}" for d in p.directives}
            | {f"commitment:{c.id}" for c in p.commitments}
            | {f"review:{r.id}" for r in p.reviews}
            | {f"phase:{p.id}"}
        )
        assert set(f.evidence) <= items
    assert compute_flags(story.history, story.now) == flags
