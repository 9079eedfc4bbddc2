"""The history loader costs the same number of queries however long the history is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event

from partnership.domain.history import authors_of
from partnership.extensions import db
from partnership.models import (
    Commitment,
    CommitmentEvent,
    Directive,
    DirectiveResponse,
    Goal,
    GoalRevision,
    Phase,
    Review,
    ReviewRating,
)
from partnership.services import commitments, history

from .helpers import World

START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def add_phases(world: World, count: int) -> None:
    for n in range(count):
        t = START + timedelta(days=14 * n)
        phase = Phase(
            partnership=world.partnership,
            position=n + 1,
            name=f"Phase {n + 1}",
            objective="Invoices without paper",
            status="passed",
            started_at=t,
            closed_at=t + timedelta(days=10),
            decided_at=t + timedelta(days=11),
        )
        goal = Goal(
            phase=phase,
            title="Customers can pay by invoice",
            priority="must",
            created_by=world.client_lead,
            created_at=t,
            category="outcome",
        )
        goal.revisions.append(
            GoalRevision(
                title="Pay by card", priority="must", replaced_by=world.client_lead, replaced_at=t
            )
        )
        directive = Directive(
            phase=phase,
            text="Please look at the cart",
            channel="chat",
            created_by=world.client_member,
            created_at=t,
            category="outcome",
        )
        directive.response = DirectiveResponse(
            response="accepted", note="From Monday", by=world.vendor_member, at=t
        )
        commitment = Commitment(
            phase=phase,
            title="Cart",
            due_date=date(2026, 12, 1),
            created_by=world.vendor_lead,
            created_at=t,
        )
        commitment.events = [
            CommitmentEvent(
                type="slip",
                new_due_date=date(2026, 12, 5),
                note="late API",
                by=world.vendor_member,
                at=t,
            ),
            CommitmentEvent(type="delivered", evidence="v1", by=world.vendor_member, at=t),
        ]
        for side, lead in (("client", world.client_lead), ("vendor", world.vendor_lead)):
            review = Review(
                phase=phase, side=side, by=lead, decision="go", submitted_at=t + timedelta(days=11)
            )
            review.ratings = [ReviewRating(criterion=f"c{i}", rating=4) for i in range(4)]
            db.session.add(review)
        db.session.add_all([goal, directive, commitment])
    db.session.commit()


def count_queries(partnership_id: int) -> tuple[int, int]:
    statements = []

    def record(*_args):
        statements.append(1)

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        loaded = history.load(partnership_id)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements), len(loaded.phases)


def test_loading_one_phase_and_thirty_phases_costs_the_same_queries(app):
    small, large = World.build(), World.build(prefix="other.")
    add_phases(small, 1)
    add_phases(large, 30)
    small_queries, small_phases = count_queries(small.partnership.id)
    large_queries, large_phases = count_queries(large.partnership.id)
    assert (small_phases, large_phases) == (1, 30)
    assert small_queries == large_queries == history.QUERIES


def test_the_loaded_history_carries_every_item(app):
    world = World.build()
    add_phases(world, 2)
    loaded = history.load(world.partnership.id)
    phase = loaded.phases[0]
    assert [
        len(phase.goals),
        len(phase.directives),
        len(phase.commitments),
        len(phase.reviews),
    ] == [1, 1, 1, 2]
    assert phase.goals[0].revisions[0].title == "Pay by card"
    assert phase.directives[0].response == "accepted"
    assert [e.type for e in phase.commitments[0].events] == ["slip", "delivered"]
    assert phase.reviews[0].ratings == {"c0": 4, "c1": 4, "c2": 4, "c3": 4}
    assert phase.objective == "Invoices without paper"
    assert phase.directives[0].response_note == "From Monday"


def test_the_loaded_history_names_who_wrote_each_item(app):
    """The export and the CSV downloads read their authors from the loader's records."""
    world = World.build()
    add_phases(world, 1)
    phase = history.load(world.partnership.id).phases[0]
    client_lead, client_member = world.client_lead.id, world.client_member.id
    vendor_lead, vendor_member = world.vendor_lead.id, world.vendor_member.id
    assert phase.goals[0].created_by_id == client_lead
    assert phase.goals[0].revisions[0].replaced_by_id == client_lead
    assert phase.goals[0].removed_by_id is None
    assert phase.directives[0].created_by_id == client_member
    assert phase.directives[0].responded_by_id == vendor_member
    assert phase.commitments[0].created_by_id == vendor_lead
    assert {e.by_id for e in phase.commitments[0].events} == {vendor_member}
    assert {r.side: r.by_id for r in phase.reviews} == {
        "client": client_lead,
        "vendor": vendor_lead,
    }
    assert authors_of(history.load(world.partnership.id).phases) == {
        client_lead,
        client_member,
        vendor_lead,
        vendor_member,
    }


def open_commitment(world: World, position: int) -> Commitment:
    """A commitment still open in the phase at ``position`` (decided: it takes events still)."""
    phase = next(p for p in world.partnership.phases if p.position == position)
    commitment = Commitment(
        phase=phase,
        title="Invoices page",
        due_date=date(2027, 1, 15),
        created_by=world.vendor_lead,
        created_at=START,
    )
    db.session.add(commitment)
    db.session.commit()
    return commitment


def test_an_unchanged_history_is_read_again_as_its_partnership_and_phases_only(app):
    world = World.build()
    add_phases(world, 3)
    first = history.load(world.partnership.id)
    queries, _ = count_queries(world.partnership.id)
    assert queries == 2
    assert history.load(world.partnership.id) == first


def test_a_write_reads_again_only_the_phase_it_touched(app):
    world = World.build()
    add_phases(world, 3)
    commitment = open_commitment(world, 2)
    before = history.load(world.partnership.id)
    commitments.log_event(world.vendor_member, commitment, {"type": "progress", "note": "Half"})
    after = history.load(world.partnership.id)
    touched = after.phases[1].commitments[-1]
    assert [e.type for e in touched.events] == ["progress"]
    # the other phases' items are the records read before, not read again
    assert after.phases[0].commitments is before.phases[0].commitments
    assert after.phases[2].goals is before.phases[2].goals
    assert after.phases[1].commitments is not before.phases[1].commitments


def test_what_a_write_read_before_it_rolled_back_is_never_read_again(app):
    world = World.build()
    add_phases(world, 1)
    commitment = open_commitment(world, 1)
    history.load(world.partnership.id)
    # A change read back inside its own transaction, which then rolls back...
    undone = CommitmentEvent(
        commitment=commitment, type="risk", note="Never saved", by=world.vendor_member, at=START
    )
    db.session.add(undone)
    inside = history.load(world.partnership.id)
    assert [e.type for e in inside.phases[0].commitments[-1].events] == ["risk"]
    db.session.rollback()
    # ...and the next write, which takes the same revision, is what the history holds.
    commitments.log_event(world.vendor_member, commitment, {"type": "progress", "note": "Half"})
    loaded = history.load(world.partnership.id)
    assert [e.type for e in loaded.phases[0].commitments[-1].events] == ["progress"]


def test_a_phase_read_again_after_writes_is_kept_once_in_the_process(app):
    world = World.build()
    add_phases(world, 3)
    commitment = open_commitment(world, 2)
    for n in range(5):
        history.load(world.partnership.id)
        commitments.log_event(world.vendor_member, commitment, {"type": "progress", "note": str(n)})
    loaded = history.load(world.partnership.id)
    kept = app.extensions["derived_local:history.phases"]
    # one entry per phase: the touched phase's items as now, none of the versions before
    assert len(kept.entries) == len(loaded.phases) == 3
    assert [e.note for e in loaded.phases[1].commitments[-1].events] == [str(n) for n in range(5)]
