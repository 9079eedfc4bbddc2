"""Trust in both directions: the evidence each item gives, and how scores follow from it."""

from __future__ import annotations

import dataclasses

import pytest

from partnership.domain.trust import (
    CRITERION_WEIGHTS,
    FORGETTING,
    WEIGHTS,
    Evidence,
    Score,
    beta_score,
    compute_trust,
    forgetting_factors,
)

from .builders import (
    add_to_phase,
    commitment,
    day,
    delivered,
    directive,
    dropped,
    goal,
    healthy_history,
    history,
    phase,
    review,
    risk,
    slip,
)
from .wording import en

NOW = day(40)


def vendor(h, now=NOW):
    return compute_trust(h, now).vendor_reliability


def client(h, now=NOW):
    return compute_trust(h, now).client_trust_giving


def kinds(score: Score) -> list[tuple[str, str, float]]:
    return [(e.kind, e.sign, e.weight) for e in score.evidence]


# --- the beta model -------------------------------------------------------------------------


def test_no_evidence_gives_fifty_with_full_uncertainty():
    report = compute_trust(history(), NOW)
    for score in (report.vendor_reliability, report.client_trust_giving, report.partnership):
        assert score.score == 50
        assert score.uncertainty == 1
        assert score.evidence == ()
    assert report.phases == ()


def test_a_planned_phase_with_nothing_in_it_reads_fifty_with_full_uncertainty():
    report = compute_trust(history(phase(status="planned", started=None)), NOW)
    assert report.phases[0].partnership.score == 50
    assert report.phases[0].partnership.uncertainty == 1


def test_the_score_follows_the_beta_formula():
    evidence = [
        Evidence("commitment:1", 1, 3.0, 0.0, "kept", "on_time_delivery"),
        Evidence("commitment:2", 1, 0.0, 1.0, "slipped", "slip_undisclosed"),
    ]
    score = beta_score(evidence)
    assert score.score == pytest.approx(100 * 4 / 6)
    assert score.uncertainty == pytest.approx(2 / 6)
    assert (score.positive, score.negative) == (3.0, 1.0)


def test_the_band_spans_what_the_unknown_part_could_still_become():
    score = beta_score([Evidence("commitment:1", 1, 2.0, 0.0, "kept", "on_time_delivery")])
    low, high = score.band
    assert low == pytest.approx(100 * 2 / 4)
    assert high == pytest.approx(100 * 4 / 4)
    assert beta_score([]).band == (0.0, 100.0)


def test_evidence_is_either_positive_or_negative():
    with pytest.raises(ValueError, match="commitment:1"):
        Evidence("commitment:1", 1, 1.0, 1.0, "both", "mixed")
    with pytest.raises(ValueError):
        Evidence("commitment:1", 1, -1.0, 0.0, "negative weight", "odd")


def test_the_api_shape_is_exactly_the_documented_one():
    h = history(phase(commitments=[commitment(due=10, events=[delivered(9)])]))
    data = compute_trust(h, NOW).to_dict(en)
    assert set(data) == {"vendor_reliability", "client_trust_giving", "partnership", "phases"}
    assert set(data["vendor_reliability"]) == {"score", "uncertainty", "evidence"}
    assert set(data["vendor_reliability"]["evidence"][0]) == {
        "source", "phase_id", "sign", "weight", "why", "kind",
    }  # fmt: skip
    assert set(data["phases"][0]) == {
        "phase_id", "vendor_reliability", "client_trust_giving", "partnership",
    }  # fmt: skip
    assert data["vendor_reliability"]["score"] == 66.7
    assert data["vendor_reliability"]["uncertainty"] == 0.667


def test_the_weights_keep_the_orderings_the_properties_rely_on():
    w = WEIGHTS
    values = [v for v in dataclasses.asdict(w).values()] + list(CRITERION_WEIGHTS.values())
    assert all(v >= 0 for v in values)
    assert w.slip_undisclosed > w.slip_disclosed
    assert w.drop_undisclosed > w.drop_disclosed
    assert w.late_delivery >= w.late_delivery_after_disclosed_slips
    # whatever an overdue commitment turns into weighs at least as much as being overdue
    assert w.overdue_open <= min(
        w.late_delivery_after_disclosed_slips, w.late_delivery, w.slip_undisclosed,
        w.drop_undisclosed,
    )  # fmt: skip
    assert 0 < FORGETTING < 1


# --- vendor reliability ---------------------------------------------------------------------


def test_an_on_time_delivery_is_positive_evidence_naming_the_item():
    h = history(phase(commitments=[commitment("Export to CSV", due=4, events=[delivered(2)])]))
    (evidence,) = vendor(h).evidence
    assert evidence.sign == "+"
    assert evidence.weight == WEIGHTS.on_time_delivery
    assert en(evidence.why) == "“Export to CSV” delivered on March 4, 2026, 2 days before due"
    assert evidence.source.startswith("commitment:")


def test_an_undisclosed_slip_weighs_more_than_a_disclosed_one():
    told_early = history(phase(commitments=[commitment(due=10, events=[slip(9, to=60)])]))
    told_late = history(phase(commitments=[commitment(due=10, events=[slip(11, to=60)])]))
    assert kinds(vendor(told_early)) == [("slip_disclosed", "-", WEIGHTS.slip_disclosed)]
    assert kinds(vendor(told_late)) == [("slip_undisclosed", "-", WEIGHTS.slip_undisclosed)]
    assert vendor(told_late).score < vendor(told_early).score


def test_a_drop_after_the_due_date_weighs_more_than_one_told_in_advance():
    early = history(phase(commitments=[commitment(due=10, events=[dropped(9)])]))
    late = history(phase(commitments=[commitment(due=10, events=[dropped(12)])]))
    assert kinds(vendor(early)) == [("drop_disclosed", "-", WEIGHTS.drop_disclosed)]
    assert kinds(vendor(late)) == [("drop_undisclosed", "-", WEIGHTS.drop_undisclosed)]


def test_a_late_delivery_weighs_less_when_the_slips_before_it_were_told_in_advance():
    warned = history(phase(commitments=[commitment(due=10, events=[slip(8, 12), delivered(14)])]))
    silent = history(phase(commitments=[commitment(due=10, events=[delivered(14)])]))
    assert ("late_delivery", "-", WEIGHTS.late_delivery_after_disclosed_slips) in kinds(
        vendor(warned)
    )
    assert kinds(vendor(silent)) == [("late_delivery", "-", WEIGHTS.late_delivery)]


def test_an_open_commitment_past_its_due_date_counts_against_the_vendor():
    h = history(phase(commitments=[commitment(due=10)]))
    assert kinds(vendor(h, now=day(10.5))) == []
    assert kinds(vendor(h, now=day(11))) == [("overdue_open", "-", WEIGHTS.overdue_open)]


def test_risks_told_in_advance_count_for_the_vendor_up_to_a_cap_per_commitment():
    events = [risk(1), risk(2), risk(3), risk(12)]
    h = history(phase(commitments=[commitment(due=10, events=events + [delivered(9)])]))
    risks = [k for k in kinds(vendor(h)) if k[0] == "risk_disclosed"]
    assert risks == [("risk_disclosed", "+", WEIGHTS.risk_disclosed)] * 2


def test_the_clients_ratings_of_the_vendor_map_to_signed_evidence():
    ratings = {"delivery": 5, "transparency": 4, "quality": 3, "collaboration": 1}
    h = history(phase(status="review", closed=20, reviews=[review("client", ratings=ratings)]))
    got = {e.why.params["criterion"]: (e.sign, e.weight) for e in vendor(h).evidence}
    assert got == {
        "delivery": ("+", CRITERION_WEIGHTS["delivery"]),
        "transparency": ("+", CRITERION_WEIGHTS["transparency"] / 2),
        "collaboration": ("-", CRITERION_WEIGHTS["collaboration"]),
    }
    assert client(h).evidence == ()  # the client's review speaks about the vendor only


# --- client trust-giving --------------------------------------------------------------------


def test_goals_count_by_how_they_read():
    h = history(
        phase(
            goals=[
                goal("Staff print a picking list in under five seconds", category="outcome"),
                goal("Data stays in the EU", category="constraint"),
                goal("Use React with Redux", category="prescriptive"),
                goal("Use Angular", category="prescriptive", created=-3, removed=-2),
            ]
        )
    )
    assert kinds(client(h)) == [
        ("outcome_goal", "+", WEIGHTS.outcome_goal),
        ("constraint_goal", "+", WEIGHTS.constraint_goal),
        ("prescriptive_goal", "-", WEIGHTS.prescriptive_goal),
    ]


def test_goals_added_edited_or_removed_after_the_start_are_scope_changes():
    h = history(
        phase(
            started=0,
            goals=[
                goal(created=-2, edited=[-1]),  # edited before the start: planning, not churn
                goal(created=3),
                goal(created=-2, edited=[4, 5]),
                goal(created=-2, removed=6),
            ],
        )
    )
    changes = [en(e.why) for e in client(h).evidence if e.kind == "scope_change"]
    assert len(changes) == 4
    assert all("after the phase started" in why for why in changes)
    assert "was added on March 5, 2026" in changes[0]


def test_directives_count_by_how_they_read_and_by_their_channel():
    h = history(
        phase(
            directives=[
                directive("Customers can pay by invoice", category="outcome"),
                directive("Orders must reach SAP", category="constraint"),
                directive("Use Redux sagas", category="prescriptive", channel="chat"),
            ]
        )
    )
    assert kinds(client(h)) == [
        ("outcome_directive", "+", WEIGHTS.outcome_directive),
        ("prescriptive_directive", "-", WEIGHTS.prescriptive_directive),
        ("out_of_channel_directive", "-", WEIGHTS.out_of_channel_directive),
    ]


@pytest.mark.parametrize(
    ("engagement", "response", "counted"),
    [
        ("fixed_price", "accepted", True),
        ("fixed_price", "accepted_replanned", False),
        ("fixed_price", "declined", False),
        ("time_and_materials", "accepted", False),
    ],
)
def test_scope_accepted_on_a_fixed_price_without_replanning_counts_against_the_client(
    engagement, response, counted
):
    d = directive("Also export to PDF", category="constraint", adds_scope=True, response=response)
    h = history(phase(directives=[d]), engagement=engagement)
    assert (("fixed_price_scope_accepted", "-", WEIGHTS.fixed_price_scope_accepted)
            in kinds(client(h))) is counted  # fmt: skip


def test_the_vendors_ratings_of_the_client_feed_client_trust_giving():
    ratings = {"goal_clarity": 3, "autonomy": 1, "responsiveness": 3, "scope_stability": 5}
    h = history(phase(status="review", closed=20, reviews=[review("vendor", ratings=ratings)]))
    assert kinds(client(h)) == [
        ("review_rating", "-", CRITERION_WEIGHTS["autonomy"]),
        ("review_rating", "+", CRITERION_WEIGHTS["scope_stability"]),
    ]
    assert vendor(h).evidence == ()


# --- the partnership and the gates ----------------------------------------------------------


def gate(client_decision: str, vendor_decision: str):
    reviews = [
        review("client", client_decision, dict.fromkeys(("delivery", "transparency"), 3)),
        review("vendor", vendor_decision, dict.fromkeys(("goal_clarity", "autonomy"), 3)),
    ]
    reviews = [dataclasses.replace(r, ratings=dict.fromkeys(r.ratings, 3)) for r in reviews]
    h = history(phase(status="passed", closed=20, decided=21, reviews=reviews))
    return compute_trust(h, NOW).partnership


@pytest.mark.parametrize(
    ("client_decision", "vendor_decision", "sign", "weight"),
    [
        ("go", "go", "+", WEIGHTS.gate_both_go),
        ("go_with_conditions", "go", "+", WEIGHTS.gate_go_with_conditions),
        ("no_go", "no_go", "+", WEIGHTS.gate_both_no_go),
        ("go", "no_go", "-", WEIGHTS.gate_disagreement),
        ("no_go", "go_with_conditions", "-", WEIGHTS.gate_disagreement),
    ],
)
def test_agreement_at_the_gate_counts_for_the_partnership(
    client_decision, vendor_decision, sign, weight
):
    (evidence,) = gate(client_decision, vendor_decision).evidence
    assert (evidence.sign, evidence.weight) == (sign, weight)
    assert evidence.source.startswith("phase:")


def test_the_partnership_combines_both_directions_and_the_gate():
    p = phase(
        status="passed",
        closed=20,
        decided=21,
        goals=[goal()],
        commitments=[commitment(due=10, events=[delivered(9)])],
        reviews=[review("client"), review("vendor")],
    )
    report = compute_trust(history(p), NOW)
    combined = set(report.partnership.evidence)
    assert set(report.vendor_reliability.evidence) <= combined
    assert set(report.client_trust_giving.evidence) <= combined
    assert any(e.kind == "gate_agreement" for e in combined)


# --- phases and forgetting -------------------------------------------------------------------


def two_phases():
    first = phase("Discovery", status="passed", started=0, closed=20, decided=21)
    second = phase("Build", status="active", started=22)
    return history(first, second), first.id, second.id


def test_older_phases_are_multiplied_by_the_forgetting_factor_per_phase_back():
    first = phase("One", status="passed", started=0, closed=10, decided=11)
    second = phase("Two", status="stopped", started=12, closed=20, decided=21)
    third = phase("Three", status="active", started=22)
    planned = phase("Four", status="planned", started=None)
    factors = forgetting_factors(history(first, second, third, planned))
    assert factors == {
        first.id: pytest.approx(FORGETTING**2),
        second.id: pytest.approx(FORGETTING),
        third.id: 1,
        planned.id: 1,
    }


def test_the_overall_score_forgets_but_the_phase_score_does_not():
    h, old, _ = two_phases()
    h = add_to_phase(h, old, commitments=[commitment(due=10, events=[slip(12, to=60)])])
    report = compute_trust(h, NOW)
    (overall,) = report.vendor_reliability.evidence
    (in_phase,) = report.phase(old).vendor_reliability.evidence
    assert overall.weight == pytest.approx(WEIGHTS.slip_undisclosed * FORGETTING)
    assert overall.decay == pytest.approx(FORGETTING)
    assert in_phase.weight == WEIGHTS.slip_undisclosed


def test_each_phase_score_uses_only_its_own_evidence():
    h, old, new = two_phases()
    h = add_to_phase(h, old, commitments=[commitment(due=10, events=[delivered(9)])])
    report = compute_trust(h, NOW)
    assert report.phase(old).vendor_reliability.score > 50
    assert report.phase(new).vendor_reliability.score == 50
    assert [p.phase_id for p in report.phases] == [old, new]


def test_explain_lists_the_evidence_heaviest_first():
    h = history(
        phase(commitments=[commitment(due=10, events=[risk(2), slip(12, to=30), delivered(20)])])
    )
    report = compute_trust(h, NOW)
    weights = [e.weight for e in report.explain("vendor_reliability")]
    assert weights == sorted(weights, reverse=True)
    with pytest.raises(ValueError):
        report.explain("happiness")


def test_a_healthy_partnership_earns_trust_in_both_directions():
    report = compute_trust(healthy_history(), day(35))
    assert report.vendor_reliability.score > 70
    assert report.client_trust_giving.score > 70
    assert report.partnership.score > report.vendor_reliability.score - 10
    assert report.partnership.uncertainty < report.vendor_reliability.uncertainty
