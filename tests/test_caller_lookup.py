"""The caller and the partnership an address points at are read in one query
(``lookups.WithPartnership``): what the guard decides on must be what its own query would have
found, for this request, whoever asks and whatever changed since the last one."""

from __future__ import annotations

from partnership.extensions import db
from partnership.models import Goal, Member, Phase

from .helpers import Api, World, logged_in, phase_in
from .test_history_loader import add_phases


def _theirs() -> tuple[World, World, Phase, Goal]:
    ours, theirs = World.build(), World.build(prefix="other.")
    add_phases(theirs, 1)
    phase = db.session.query(Phase).filter_by(partnership_id=theirs.partnership.id).one()
    return ours, theirs, phase, phase.goals[0]


def test_another_partnerships_phase_and_goal_are_not_found_for_its_non_members(app):
    ours, theirs, phase, goal = _theirs()
    addresses = [f"/phases/{phase.id}", f"/goals/{goal.id}/edit"]
    stranger = logged_in(app.test_client(), ours.client_lead.email)
    assert [stranger.get(a).status_code for a in addresses] == [404, 404]
    assert Api(app, ours.client_lead).get(f"/phases/{phase.id}").status_code == 404
    member = logged_in(app.test_client(), theirs.client_lead.email)
    assert [member.get(a).status_code for a in addresses] == [200, 200]
    assert Api(app, theirs.client_lead).get(f"/phases/{phase.id}").status_code == 200


def test_an_id_of_nothing_is_not_found_on_every_kind_of_address(app):
    world = World.build()
    browser = logged_in(app.test_client(), world.client_lead.email)
    api = Api(app, world.client_lead)
    for address in ("/partnerships/987654", "/phases/987654", "/goals/987654/edit"):
        assert browser.get(address).status_code == 404, address
    assert api.get("/phases/987654").status_code == 404
    assert api.get("/partnerships/987654/trust").status_code == 404


def test_a_member_removed_between_two_requests_is_refused_on_the_next(app):
    world = World.build()
    phase = phase_in(world)
    pid = world.partnership.id
    browser = logged_in(app.test_client(), world.vendor_member.email)
    api = Api(app, world.vendor_member)
    assert browser.get(f"/phases/{phase.id}").status_code == 200
    assert api.get(f"/partnerships/{pid}/trust").status_code == 200
    member = db.session.query(Member).filter_by(user_id=world.vendor_member.id).one()
    db.session.delete(member)
    db.session.commit()
    assert browser.get(f"/phases/{phase.id}").status_code == 404
    assert browser.get(f"/partnerships/{pid}").status_code == 404
    assert api.get(f"/partnerships/{pid}/trust").status_code == 404


def test_a_lead_made_a_member_between_two_requests_loses_the_leads_rights_on_the_next(app):
    world = World.build()
    phase = phase_in(world)
    browser = logged_in(app.test_client(), world.vendor_lead.email)
    assert browser.get(f"/phases/{phase.id}/edit").status_code == 200
    member = db.session.query(Member).filter_by(user_id=world.vendor_lead.id).one()
    member.role = "member"
    db.session.commit()
    assert browser.get(f"/phases/{phase.id}/edit").status_code == 403
    assert browser.get(f"/phases/{phase.id}").status_code == 200


def test_each_member_is_given_their_own_rights_read_with_them(app):
    """The caller's lookup reads a row per member of the partnership (``policy.Seats``): each
    caller is judged by their own seat, never by another member's row of the same answer."""
    world = World.build()
    phase = phase_in(world)
    lead_only = f"/phases/{phase.id}/edit"
    expected = {
        "client_lead": (200, 200),
        "client_member": (200, 403),
        "vendor_lead": (200, 200),
        "vendor_member": (200, 403),
        "outsider": (404, 404),
    }
    seen = {}
    for role in expected:
        browser = logged_in(app.test_client(), world.role(role).email)
        seen[role] = (
            browser.get(f"/phases/{phase.id}").status_code,
            browser.get(lead_only).status_code,
        )
    assert seen == expected
    api_seen = {
        role: Api(app, world.role(role))
        .get(f"/partnerships/{world.partnership.id}/audit")
        .status_code
        for role in expected
    }
    assert api_seen == {
        "client_lead": 200,
        "client_member": 403,
        "vendor_lead": 200,
        "vendor_member": 403,
        "outsider": 404,
    }


def test_the_partnership_page_still_names_every_member_with_their_address(app):
    """The guard reads only the members' seats; the page that shows them loads the people."""
    world = World.build()
    people = {
        role: (world.role(role).name, world.role(role).email)
        for role in ("client_lead", "client_member", "vendor_lead", "vendor_member")
    }
    outsider, address = world.outsider.email, f"/partnerships/{world.partnership.id}"
    browser = logged_in(app.test_client(), world.vendor_member.email)
    db.session.remove()  # nothing of the test's own session: the page loads what it shows
    text = browser.get(address).get_data(as_text=True)
    for role, (name, email) in people.items():
        assert name in text and email in text, role
    assert outsider not in text
