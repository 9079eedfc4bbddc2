"""The properties SPEC §5 says must always hold, checked over generated histories."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from partnership.domain.commitments import commitment_state, utc_date
from partnership.domain.history import (
    CommitmentEventRecord,
    CommitmentRecord,
    DirectiveRecord,
    GoalRecord,
    PartnershipHistory,
    ReviewRecord,
)
from partnership.domain.trust import compute_trust
from partnership.domain.vocabulary import (
    CATEGORIES,
    CHANNELS,
    CRITERIA,
    DECISIONS,
    EVENT_TYPES,
    RESPONSES,
)

from .builders import add_to_phase, append_events, next_id, replace_goal
from .strategies import Story, stories

EPS = 1e-9
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


def started_phases(h: PartnershipHistory):
    return [p for p in h.phases if p.started_at is not None]


def all_scores(report):
    yield report.vendor_reliability
    yield report.client_trust_giving
    yield report.partnership
    for entry in report.phases:
        yield entry.vendor_reliability
        yield entry.client_trust_giving
        yield entry.partnership


# --- scores stay in range; no evidence means 50 and full uncertainty -----------------------


@PROPERTY_SETTINGS
@given(stories())
def test_every_score_stays_between_0_and_100_with_uncertainty_between_0_and_1(story: Story):
    for score in all_scores(compute_trust(story.history, story.now)):
        assert 0 <= score.score <= 100
        assert 0 < score.uncertainty <= 1
        low, high = score.band
        assert 0 <= low <= score.score <= high <= 100


@PROPERTY_SETTINGS
@given(stories())
def test_a_score_without_evidence_is_50_with_full_uncertainty(story: Story):
    for score in all_scores(compute_trust(story.history, story.now)):
        if not score.evidence:
            assert score.score == 50
            assert score.uncertainty == 1


# --- an on-time delivery never lowers vendor reliability -----------------------------------


@PROPERTY_SETTINGS
@given(stories(min_phases=1), st.data())
def test_delivering_an_open_commitment_on_time_never_lowers_vendor_reliability(
    story: Story, data: st.DataObject
):
    h, now = story.history, story.now
    today = utc_date(now)
    candidates = []
    for p in h.phases:
        for c in p.commitments:
            state = commitment_state(c, today)
            last = state.last_event_at or c.created_at
            if state.status == "open" and utc_date(last) <= state.due_date:
                candidates.append((p.id, c, state, last))
    assume(candidates)
    phase_id, c, state, last = data.draw(st.sampled_from(candidates))
    # on time: on or before the due date in force, after everything already logged
    end_of_due = datetime.combine(state.due_date, time(23, 59), tzinfo=UTC)
    seconds = data.draw(st.integers(0, int((end_of_due - last).total_seconds())))
    at = last + timedelta(seconds=seconds)
    assert utc_date(at) <= state.due_date
    after = append_events(h, c.id, CommitmentEventRecord(next_id(), "delivered", at))
    before_report, after_report = compute_trust(h, now), compute_trust(after, now)
    assert after_report.vendor_reliability.score >= before_report.vendor_reliability.score - EPS
    assert (
        after_report.phase(phase_id).vendor_reliability.score
        >= before_report.phase(phase_id).vendor_reliability.score - EPS
    )


@PROPERTY_SETTINGS
@given(stories(min_phases=1), st.data())
def test_a_new_commitment_delivered_on_time_never_lowers_vendor_reliability(
    story: Story, data: st.DataObject
):
    h, now = story.history, story.now
    phases = started_phases(h)
    assume(phases)
    p = data.draw(st.sampled_from(phases))
    lead = data.draw(st.integers(0, 24 * 10))
    created = p.started_at
    delivered_at = created + timedelta(hours=lead)
    due = utc_date(delivered_at) + timedelta(days=data.draw(st.integers(0, 10)))
    c = CommitmentRecord(
        next_id(), "Kept promise", due, created,
        (CommitmentEventRecord(next_id(), "delivered", delivered_at),),
    )  # fmt: skip
    after = add_to_phase(h, p.id, commitments=[c])
    before_report, after_report = compute_trust(h, now), compute_trust(after, now)
    assert after_report.vendor_reliability.score >= before_report.vendor_reliability.score - EPS
    assert (
        after_report.phase(p.id).vendor_reliability.score
        >= before_report.phase(p.id).vendor_reliability.score - EPS
    )


# --- an undisclosed slip lowers reliability more than the same slip disclosed --------------


@PROPERTY_SETTINGS
@given(
    stories(min_phases=1),
    st.data(),
    st.sampled_from(("slip", "dropped")),
    st.integers(0, 10),
    st.integers(1, 10),
)
def test_an_undisclosed_slip_lowers_vendor_reliability_more_than_the_same_slip_disclosed(
    story: Story, data: st.DataObject, kind: str, days_early: int, days_late: int
):
    h, now = story.history, story.now
    phases = started_phases(h)
    assume(phases)
    p = data.draw(st.sampled_from(phases))
    due = utc_date(p.started_at) + timedelta(days=data.draw(st.integers(days_early, 20)))
    new_due = due + timedelta(days=data.draw(st.integers(1, 30))) if kind == "slip" else None
    created = p.started_at

    def with_slip_on(day_offset: int) -> PartnershipHistory:
        moment = created.replace(year=due.year, month=due.month, day=due.day) + timedelta(
            days=day_offset
        )
        moment = max(moment, created)
        event = CommitmentEventRecord(next_id(), kind, moment, new_due_date=new_due)
        c = CommitmentRecord(next_id(), "Slipping promise", due, created, (event,))
        return add_to_phase(h, p.id, commitments=[c])

    disclosed = with_slip_on(-days_early)
    undisclosed = with_slip_on(days_late)
    d_report, u_report = compute_trust(disclosed, now), compute_trust(undisclosed, now)
    assert u_report.vendor_reliability.score < d_report.vendor_reliability.score
    assert (
        u_report.phase(p.id).vendor_reliability.score
        < d_report.phase(p.id).vendor_reliability.score
    )


# --- a prescriptive directive never raises client trust-giving ----------------------------


@PROPERTY_SETTINGS
@given(
    stories(min_phases=1),
    st.data(),
    st.sampled_from(CHANNELS),
    st.booleans(),
    st.one_of(st.none(), st.sampled_from(RESPONSES)),
)
def test_a_prescriptive_directive_never_raises_client_trust_giving(
    story: Story, data: st.DataObject, channel: str, adds_scope: bool, response: str | None
):
    h, now = story.history, story.now
    p = data.draw(st.sampled_from(h.phases))
    sent = p.started_at or now
    d = DirectiveRecord(
        next_id(), "Use Redux and put every call in a saga", "prescriptive", channel,
        adds_scope, sent, response=response,
    )  # fmt: skip
    after = add_to_phase(h, p.id, directives=[d])
    before_report, after_report = compute_trust(h, now), compute_trust(after, now)
    assert after_report.client_trust_giving.score <= before_report.client_trust_giving.score + EPS
    assert (
        after_report.phase(p.id).client_trust_giving.score
        <= before_report.phase(p.id).client_trust_giving.score + EPS
    )


# --- an outcome goal never lowers client trust-giving --------------------------------------


@PROPERTY_SETTINGS
@given(stories(min_phases=1), st.data())
def test_an_outcome_goal_set_before_the_phase_starts_never_lowers_client_trust_giving(
    story: Story, data: st.DataObject
):
    h, now = story.history, story.now
    p = data.draw(st.sampled_from(h.phases))
    written = (p.started_at or now) - timedelta(hours=data.draw(st.integers(0, 24 * 10)))
    g = GoalRecord(next_id(), "Staff print a picking list in 5 s", "measured", "must",
                   "outcome", written)  # fmt: skip
    after = add_to_phase(h, p.id, goals=[g])
    before_report, after_report = compute_trust(h, now), compute_trust(after, now)
    assert after_report.client_trust_giving.score >= before_report.client_trust_giving.score - EPS
    assert (
        after_report.phase(p.id).client_trust_giving.score
        >= before_report.phase(p.id).client_trust_giving.score - EPS
    )


@PROPERTY_SETTINGS
@given(stories(min_phases=1), st.data())
def test_reading_a_goal_as_an_outcome_never_lowers_client_trust_giving(
    story: Story, data: st.DataObject
):
    h, now = story.history, story.now
    goals = [g for p in h.phases for g in p.goals]
    assume(goals)
    g = data.draw(st.sampled_from(goals))
    before = compute_trust(replace_goal(h, g.id, category=data.draw(st.sampled_from(CATEGORIES))),
                           now)  # fmt: skip
    after = compute_trust(replace_goal(h, g.id, category="outcome"), now)
    assert after.client_trust_giving.score >= before.client_trust_giving.score - EPS


@PROPERTY_SETTINGS
@given(stories())
def test_no_outcome_goal_or_prescriptive_directive_ever_gives_evidence_of_the_wrong_sign(
    story: Story,
):
    outcome_goals = {f"goal:{g.id}" for p in story.history.phases for g in p.goals
                     if g.category == "outcome"}  # fmt: skip
    prescriptive = {f"directive:{d.id}" for p in story.history.phases for d in p.directives
                    if d.category == "prescriptive"}  # fmt: skip
    for e in compute_trust(story.history, story.now).client_trust_giving.evidence:
        if e.source in prescriptive:
            assert e.sign == "-"
        if e.source in outcome_goals and e.kind != "scope_change":
            assert e.sign == "+"


# --- more evidence never raises uncertainty ------------------------------------------------


@st.composite
def new_items(draw: st.DrawFn, story: Story):
    """One item recorded now into ``story``: a goal, directive, commitment, event or review."""
    h, now = story.history, story.now
    p = draw(st.sampled_from(h.phases))
    kind = draw(st.sampled_from(("goal", "directive", "commitment", "event", "review")))
    at = now
    if kind == "goal":
        removed = draw(st.one_of(st.none(), st.just(now)))
        g = GoalRecord(next_id(), "New goal", "c", "must", draw(st.sampled_from(CATEGORIES)), at,
                       removed_at=removed)  # fmt: skip
        return add_to_phase(h, p.id, goals=[g])
    if kind == "directive":
        d = DirectiveRecord(
            next_id(), "New directive", draw(st.sampled_from(CATEGORIES)),
            draw(st.sampled_from(CHANNELS)), draw(st.booleans()), at,
            response=draw(st.one_of(st.none(), st.sampled_from(RESPONSES))),
        )  # fmt: skip
        return add_to_phase(h, p.id, directives=[d])
    if kind == "commitment":
        due = utc_date(now) + timedelta(days=draw(st.integers(-10, 10)))
        c = CommitmentRecord(next_id(), "New promise", due, at)
        return add_to_phase(h, p.id, commitments=[c])
    if kind == "event":
        commitments = [c for q in h.phases for c in q.commitments]
        if not commitments:
            return h
        c = draw(st.sampled_from(commitments))
        event_type = draw(st.sampled_from(EVENT_TYPES))
        new_due = (
            utc_date(now) + timedelta(days=draw(st.integers(-5, 20)))
            if event_type == "slip"
            else None
        )
        return append_events(h, c.id, CommitmentEventRecord(next_id(), event_type, at,
                                                      new_due_date=new_due))  # fmt: skip
    missing = [side for side in ("client", "vendor") if side not in {r.side for r in p.reviews}]
    if not missing:
        return h
    side = draw(st.sampled_from(missing))
    ratings = {c: draw(st.integers(1, 5)) for c in CRITERIA[side]}
    r = ReviewRecord(next_id(), side, draw(st.sampled_from(DECISIONS)), ratings, at)
    return add_to_phase(h, p.id, reviews=[r])


@PROPERTY_SETTINGS
@given(stories(min_phases=1), st.data())
def test_more_evidence_never_raises_uncertainty(story: Story, data: st.DataObject):
    after = data.draw(new_items(story))
    before_report = compute_trust(story.history, story.now)
    after_report = compute_trust(after, story.now)
    for name in ("vendor_reliability", "client_trust_giving", "partnership"):
        assert (
            getattr(after_report, name).uncertainty
            <= getattr(before_report, name).uncertainty + EPS
        )
        for b, a in zip(before_report.phases, after_report.phases, strict=True):
            assert getattr(a, name).uncertainty <= getattr(b, name).uncertainty + EPS


@PROPERTY_SETTINGS
@given(stories(min_phases=1), st.data())
def test_recording_what_became_of_an_overdue_commitment_never_raises_uncertainty(
    story: Story, data: st.DataObject
):
    # The overdue weight is provisional: whatever the vendor then records must weigh as much.
    h, now = story.history, story.now
    today = utc_date(now)
    overdue = [c for p in h.phases for c in p.commitments if commitment_state(c, today).overdue]
    assume(overdue)
    c = data.draw(st.sampled_from(overdue))
    event_type = data.draw(st.sampled_from(EVENT_TYPES))
    new_due = today + timedelta(days=data.draw(st.integers(-5, 20)))
    event = CommitmentEventRecord(next_id(), event_type, now,
                            new_due_date=new_due if event_type == "slip" else None)  # fmt: skip
    before = compute_trust(h, now).vendor_reliability
    after = compute_trust(append_events(h, c.id, event), now).vendor_reliability
    assert after.uncertainty <= before.uncertainty + EPS


@PROPERTY_SETTINGS
@given(stories(), st.integers(0, 24 * 60))
def test_time_passing_never_raises_uncertainty(story: Story, hours: int):
    before = compute_trust(story.history, story.now)
    after = compute_trust(story.history, story.now + timedelta(hours=hours))
    assert after.vendor_reliability.uncertainty <= before.vendor_reliability.uncertainty + EPS
    assert after.partnership.uncertainty <= before.partnership.uncertainty + EPS


# --- the same negative evidence weighs less in an older phase ------------------------------


@pytest.mark.parametrize("direction", ["vendor_reliability", "client_trust_giving"])
@PROPERTY_SETTINGS
@given(story=stories(min_phases=2), data=st.data())
def test_the_same_negative_evidence_weighs_less_in_an_older_phase(
    direction: str, story: Story, data: st.DataObject
):
    h, now = story.history, story.now
    phases = started_phases(h)
    assume(len(phases) >= 2)
    older = data.draw(st.sampled_from(phases[:-1]))
    latest = phases[-1]

    def with_negative_item(p):
        if direction == "vendor_reliability":
            due = utc_date(p.started_at)
            event = CommitmentEventRecord(next_id(), "slip", p.started_at + timedelta(days=1),
                                    new_due_date=utc_date(now) + timedelta(days=30))  # fmt: skip
            item = CommitmentRecord(next_id(), "Slipped late", due, p.started_at, (event,))
            return add_to_phase(h, p.id, commitments=[item]), f"commitment:{item.id}"
        d = DirectiveRecord(next_id(), "Use tabs", "prescriptive", "ticket", False, p.started_at)
        return add_to_phase(h, p.id, directives=[d]), f"directive:{d.id}"

    in_older, older_source = with_negative_item(older)
    in_latest, latest_source = with_negative_item(latest)
    older_score = getattr(compute_trust(in_older, now), direction)
    latest_score = getattr(compute_trust(in_latest, now), direction)
    assert older_score.score > latest_score.score
    (older_item,) = [e for e in older_score.evidence if e.source == older_source]
    (latest_item,) = [e for e in latest_score.evidence if e.source == latest_source]
    assert older_item.sign == latest_item.sign == "-"
    assert older_item.weight < latest_item.weight
