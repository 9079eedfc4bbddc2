"""Pages of consent (SPEC §13, issue 11): the inbox offers an import's invitation, the members
page lists the invited under the document's names, leaving asks first, and a lead invites
someone without an account from the members page."""

from __future__ import annotations

import re

import pytest

from partnership.extensions import db
from partnership.models import Member
from partnership.services import export_import

from ..domain.document_builders import valid_document
from ..helpers import logged_in, make_user

VENDOR_LEAD = next(
    m["email"] for m in valid_document()["members"] if (m["side"], m["role"]) == ("vendor", "lead")
)


@pytest.fixture
def victim(app):
    return make_user(VENDOR_LEAD, "Real Name Of The Victim")


@pytest.fixture
def imported(app, victim):
    stranger = make_user("stranger@example.com", "Stranger")
    return stranger, export_import.import_document(stranger, valid_document())


def test_the_invited_do_not_find_the_partnership_in_their_pages(app, victim, imported):
    _stranger, partnership = imported
    client = logged_in(app.test_client(), victim.email)
    assert partnership.name not in client.get("/partnerships").get_data(as_text=True)
    assert client.get(f"/partnerships/{partnership.id}").status_code == 404
    assert client.get(f"/partnerships/{partnership.id}/search?q=a").status_code == 404


def test_the_inbox_offers_to_accept_or_decline(app, victim, imported):
    _stranger, partnership = imported
    client = logged_in(app.test_client(), victim.email)
    page = client.get("/inbox").get_data(as_text=True)
    assert "<bdi>Stranger</bdi> invited you to" in page and partnership.name in page
    accept = re.search(r'action="(/invitations/(\d+)/accept)"', page)
    assert accept and f"/invitations/{accept.group(2)}/decline" in page
    response = client.post(accept.group(1))
    assert response.status_code == 302
    assert response.location.endswith(f"/partnerships/{partnership.id}")
    assert client.get(f"/partnerships/{partnership.id}").status_code == 200


def test_declining_asks_first_then_leaves_them_out(app, victim, imported):
    _stranger, partnership = imported
    client = logged_in(app.test_client(), victim.email)
    invitation = partnership.invitations[
        [i.user_id for i in partnership.invitations].index(victim.id)
    ]
    path = f"/invitations/{invitation.id}/decline"
    page = client.get(path).get_data(as_text=True)
    assert "Decline the invitation to" in page
    assert invitation.pending  # asking changed nothing
    assert client.post(path).status_code == 302
    db.session.refresh(invitation)
    assert not invitation.pending
    assert "invited you" not in client.get("/inbox").get_data(as_text=True)
    assert client.get(f"/partnerships/{partnership.id}").status_code == 404


def test_someone_else_s_invitation_is_a_404(app, victim, imported):
    stranger, partnership = imported
    invitation = next(i for i in partnership.invitations if i.user_id == victim.id)
    client = logged_in(app.test_client(), stranger.email)
    assert client.get(f"/invitations/{invitation.id}/decline").status_code == 404
    assert client.post(f"/invitations/{invitation.id}/accept").status_code == 404


def test_the_members_page_lists_the_invited_under_the_document_s_names(app, victim, imported):
    stranger, partnership = imported
    page = logged_in(app.test_client(), stranger.email).get(f"/partnerships/{partnership.id}")
    text = page.get_data(as_text=True)
    assert "Invited, not members yet" in text
    assert "Real Name Of The Victim" not in text


def test_leaving_asks_first_and_then_the_partnership_is_gone(app, world):
    client = logged_in(app.test_client(), world.vendor_member.email)
    me = next(m for m in world.partnership.members if m.user_id == world.vendor_member.id)
    path = f"/partnerships/{world.partnership.id}/members/{me.id}/remove"
    page = client.get(f"/partnerships/{world.partnership.id}").get_data(as_text=True)
    assert path in page  # the Leave button
    question = client.get(path).get_data(as_text=True)
    assert "Leave" in question and "You will no longer see the partnership" in question
    assert db.session.get(Member, me.id) is not None
    response = client.post(path)
    assert response.status_code == 302 and response.location.endswith("/partnerships")
    assert client.get(f"/partnerships/{world.partnership.id}").status_code == 404


def test_the_last_lead_is_told_to_hand_over_before_leaving(app, world):
    client = logged_in(app.test_client(), world.vendor_lead.email)
    me = next(m for m in world.partnership.members if m.user_id == world.vendor_lead.id)
    path = f"/partnerships/{world.partnership.id}/members/{me.id}/remove"
    assert "your side&#39;s only lead" in client.get(path).get_data(as_text=True)
    client.post(path)
    assert db.session.get(Member, me.id) is not None


def test_a_lead_invites_someone_without_an_account_from_the_members_page(app, world):
    client = logged_in(app.test_client(), world.client_lead.email)
    response = client.post(
        f"/partnerships/{world.partnership.id}/members",
        data={"email": "brand.new@example.com", "side": "client", "role": "member"},
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    link = re.search(
        r'value="http://localhost(/set-password/[^"]+)"', response.get_data(as_text=True)
    )
    assert link
    newcomer = app.test_client()
    form = {"password": "my new password", "confirm": "my new password"}
    assert newcomer.post(link.group(1), data=form).status_code == 302
    assert newcomer.get(f"/partnerships/{world.partnership.id}").status_code == 200
    assert app.test_client().get(link.group(1)).status_code == 404  # once


def upload(client, doc):
    import io
    import json

    return client.post(
        "/import",
        data={"document": (io.BytesIO(json.dumps(doc).encode()), "history.json")},
        content_type="multipart/form-data",
    )


def test_a_big_upload_goes_to_a_progress_page_that_opens_the_partnership(app, world):
    app.config["IMPORT_INLINE_BYTES"] = 100
    client = logged_in(app.test_client(), world.client_lead.email)
    response = upload(client, valid_document())
    assert response.status_code == 302
    assert re.search(r"/imports/\d+$", response.location)
    done = client.get(response.location)  # the job ran inline: done, so it opens the result
    assert done.status_code == 302 and "/partnerships/" in done.location


def test_a_big_upload_that_breaks_a_rule_says_why_on_its_progress_page(app, world):
    app.config["IMPORT_INLINE_BYTES"] = 100
    doc = valid_document()
    doc["phases"][0]["goals"][0]["priority"] = "urgent"
    client = logged_in(app.test_client(), world.client_lead.email)
    page = client.get(upload(client, doc).location)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Nothing was imported." in text and "phases[0].goals[0].priority" in text
    outsider = logged_in(app.test_client(), world.outsider.email)
    assert outsider.get(upload(client, doc).location).status_code == 404


def test_a_progress_page_reloads_itself_while_the_import_waits(app, world):
    from partnership.models import ImportJob

    job = ImportJob(user_id=world.client_lead.id, status="queued", document="{}", size=2)
    db.session.add(job)
    db.session.commit()
    client = logged_in(app.test_client(), world.client_lead.email)
    text = client.get(f"/imports/{job.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in text and "waiting its turn" in text
