"""Nobody is added without consent (SPEC §8, §13, issue 11): imports invite, people accept
or decline, members leave, invitations by email work once and expire, set-password links only
for the leads §13 names, and with mail configured a new account confirms its email first."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from partnership import mail
from partnership.extensions import db
from partnership.models import Invitation, Member, Notification, Partnership, User, utcnow
from partnership.services import accounts, calendars, invitations, partnerships

from ..domain.document_builders import valid_document
from ..helpers import PASSWORD, Api, make_user, phase_in, row_counts

VENDOR_LEAD = "vera@acme-dev.example"


def vendor_lead_email(doc) -> str:
    return next(m["email"] for m in doc["members"] if (m["side"], m["role"]) == ("vendor", "lead"))


@pytest.fixture
def victim(app):
    """An existing account that a stranger's document names as the vendor's lead."""
    return make_user(vendor_lead_email(valid_document()), "Real Name Of The Victim")


@pytest.fixture
def stranger(app):
    return make_user("stranger@example.com", "Stranger")


def import_as(api: Api, user: User, doc=None):
    response = api.as_(user).post("/import", json=doc or valid_document())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_an_import_adds_nobody_but_the_importer(api, victim, stranger):
    answer = import_as(api, stranger, valid_document())
    assert [m["email"] for m in answer["members"]] == [stranger.email]
    partnership = db.session.get(Partnership, answer["id"])
    assert [m.user_id for m in partnership.members] == [stranger.id]
    assert victim.id in {i.user_id for i in partnership.invitations}


def test_the_import_answer_tells_nothing_about_which_emails_have_accounts(api, victim, stranger):
    doc = valid_document()
    answer = import_as(api, stranger, doc)
    text = str(answer)
    assert "Real Name Of The Victim" not in text
    assert all(m.get("user_id") != victim.id for m in answer["members"])
    named = {m["email"].lower(): m["name"] for m in doc["members"]}
    # each invitation as the document named it: an account holder and a new address look alike
    assert {i["email"]: i["name"] for i in answer["invitations"]} == named
    assert set(answer["invitations"][0]) == {
        "id",
        "email",
        "name",
        "side",
        "role",
        "status",
        "created_at",
    }


def test_until_they_accept_the_invited_see_nothing_of_the_partnership(app, api, victim, stranger):
    answer = import_as(api, stranger)
    pid = answer["id"]
    as_victim = api.as_(victim)
    assert as_victim.get("/partnerships").get_json() == []
    assert as_victim.get(f"/partnerships/{pid}").status_code == 404
    assert as_victim.get(f"/partnerships/{pid}/trust").status_code == 404
    assert as_victim.get(f"/partnerships/{pid}/export").status_code == 404
    # the calendar feed, the notifications and the inbox hold nothing of it but the invitation
    assert calendars.schedules_of(victim) == []
    kinds = {
        n.kind
        for n in db.session.scalars(select(Notification).where(Notification.user_id == victim.id))
    }
    assert kinds <= {"invitation"}
    inbox = as_victim.get("/inbox").get_json()
    assert [i["kind"] for i in inbox] == ["invitation"]
    assert inbox[0]["partnership_id"] is None
    invited = next(i for i in answer["invitations"] if i["email"] == victim.email)
    assert inbox[0]["invitation_id"] == invited["id"]
    assert as_victim.get(f"/partnerships/{pid}/search?q=a").status_code == 404


def test_the_invited_accept_and_then_see_it_on_their_side(api, victim, stranger):
    pid = import_as(api, stranger)["id"]
    (invitation,) = api.as_(victim).get("/invitations").get_json()
    assert (invitation["partnership_id"], invitation["side"], invitation["role"]) == (
        pid,
        "vendor",
        "lead",
    )
    assert invitation["invited_by"] == "Stranger"
    response = api.as_(victim).post(f"/invitations/{invitation['id']}/accept")
    assert response.status_code == 200
    assert (response.get_json()["side"], response.get_json()["role"]) == ("vendor", "lead")
    assert api.as_(victim).get(f"/partnerships/{pid}").status_code == 200
    assert api.as_(victim).get("/invitations").get_json() == []
    assert [i["kind"] for i in api.as_(victim).get("/inbox").get_json()].count("invitation") == 0


def test_a_declined_invitation_leaves_them_out_for_good(api, victim, stranger):
    pid = import_as(api, stranger)["id"]
    (invitation,) = api.as_(victim).get("/invitations").get_json()
    assert api.as_(victim).post(f"/invitations/{invitation['id']}/decline").status_code == 204
    assert api.as_(victim).get(f"/partnerships/{pid}").status_code == 404
    assert api.as_(victim).post(f"/invitations/{invitation['id']}/accept").status_code == 404
    assert api.as_(victim).get("/invitations").get_json() == []
    # the partnership still sees who declined, under the document's name
    shown = api.as_(stranger).get(f"/partnerships/{pid}").get_json()["invitations"]
    assert {i["status"] for i in shown if i["email"] == victim.email} == {"declined"}


def test_nobody_answers_someone_else_s_invitation(api, victim, stranger):
    import_as(api, stranger)
    (invitation,) = api.as_(victim).get("/invitations").get_json()

    def counts():
        return {k: v for k, v in row_counts().items() if k in ("members", "invitations")}

    before = counts()
    for path in ("accept", "decline"):
        response = api.as_(stranger).post(f"/invitations/{invitation['id']}/{path}")
        assert response.status_code == 404
    assert api.as_(stranger).post("/invitations/99999999/accept").status_code == 404
    assert counts() == before
    assert all(i.pending for i in db.session.scalars(select(Invitation)))


def test_the_export_of_an_import_names_the_invited_as_the_document_did(api, victim, stranger):
    doc = valid_document()
    pid = import_as(api, stranger, doc)["id"]
    exported = api.as_(stranger).get(f"/partnerships/{pid}/export").get_json()
    assert "Real Name Of The Victim" not in str(exported)
    assert [m["email"] for m in exported["members"]][: len(doc["members"])] == [
        m["email"].lower() for m in doc["members"]
    ]


# --- leaving -------------------------------------------------------------------------------


def test_a_member_may_leave(api, world):
    me = next(m for m in world.partnership.members if m.user_id == world.vendor_member.id)
    path = f"/partnerships/{world.partnership.id}/members/{me.id}"
    assert api.as_(world.vendor_member).delete(path).status_code == 204
    assert (
        api.as_(world.vendor_member).get(f"/partnerships/{world.partnership.id}").status_code == 404
    )


def test_the_last_lead_of_a_side_cannot_leave(api, world):
    me = next(m for m in world.partnership.members if m.user_id == world.vendor_lead.id)
    response = api.as_(world.vendor_lead).delete(
        f"/partnerships/{world.partnership.id}/members/{me.id}"
    )
    assert response.status_code == 409
    assert "lead" in response.get_json()["error"]["message"]
    assert db.session.get(Member, me.id) is not None


def test_a_member_cannot_remove_someone_else(api, world):
    other = next(m for m in world.partnership.members if m.user_id == world.vendor_lead.id)
    response = api.as_(world.vendor_member).delete(
        f"/partnerships/{world.partnership.id}/members/{other.id}"
    )
    assert response.status_code == 403


def test_an_invited_person_who_accepted_may_leave_again(api, victim, stranger):
    pid = import_as(api, stranger)["id"]
    (invitation,) = api.as_(victim).get("/invitations").get_json()
    member = api.as_(victim).post(f"/invitations/{invitation['id']}/accept").get_json()
    # the vendor's only lead: hands over first
    assert api.as_(victim).delete(f"/partnerships/{pid}/members/{member['id']}").status_code == 409


# --- invitations by email (SPEC §13) ---------------------------------------------------------


def test_a_lead_invites_someone_without_an_account_and_the_link_works_once(app, api, world):
    response = api.as_(world.client_lead).post(
        f"/partnerships/{world.partnership.id}/invitations",
        json={"email": "New.Person@Example.com", "side": "client", "role": "member"},
    )
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert answer["email"] == "new.person@example.com"
    token = re.search(r"/set-password/([^/]+)$", answer["invitation_url"]).group(1)
    newcomer = db.session.get(User, answer["user_id"])
    assert not newcomer.can_log_in
    client = app.test_client()
    form = {"password": "a new password", "confirm": "a new password"}
    assert client.post(f"/set-password/{token}", data=form).status_code == 302
    assert accounts.authenticate("new.person@example.com", "a new password") is not None
    # once: the same link again is refused
    assert app.test_client().post(f"/set-password/{token}", data=form).status_code == 404


def test_an_invitation_link_expires_after_seven_days(app, api, world):
    answer = (
        api.as_(world.client_lead)
        .post(
            f"/partnerships/{world.partnership.id}/invitations",
            json={"email": "late@example.com", "side": "client", "role": "member"},
        )
        .get_json()
    )
    token = answer["invitation_url"].rsplit("/", 1)[1]
    user = db.session.get(User, answer["user_id"])
    assert user.password_reset_expires - utcnow() <= timedelta(days=7)
    user.password_reset_expires = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert app.test_client().get(f"/set-password/{token}").status_code == 404


def test_inviting_someone_with_an_account_adds_them_without_a_link(api, world, user):
    response = api.as_(world.client_lead).post(
        f"/partnerships/{world.partnership.id}/invitations",
        json={"email": user.email, "side": "client", "role": "member"},
    )
    assert response.status_code == 201
    assert "invitation_url" not in response.get_json()


def test_only_leads_invite(api, world):
    response = api.as_(world.client_member).post(
        f"/partnerships/{world.partnership.id}/invitations",
        json={"email": "x@example.com", "side": "client", "role": "member"},
    )
    assert response.status_code == 403
    assert db.session.scalar(select(User).where(User.email == "x@example.com")) is None


# --- set-password links: only the leads §13 names -----------------------------------------


def test_a_client_lead_cannot_make_a_link_for_a_vendor_lead_someone_else_added(api, world):
    vendor = (
        api.as_(world.vendor_lead)
        .post(
            f"/partnerships/{world.partnership.id}/invitations",
            json={"email": "second.lead@acme.example", "side": "vendor", "role": "lead"},
        )
        .get_json()
    )
    pending = db.session.get(User, vendor["user_id"])
    with pytest.raises(Exception) as refused:
        accounts.create_set_password_link(
            pending, by=world.client_lead, partnership_id=world.partnership.id
        )
    assert getattr(refused.value, "status", None) == 403
    # the vendor's lead may
    assert accounts.create_set_password_link(
        pending, by=world.vendor_lead, partnership_id=world.partnership.id
    )


def test_the_lead_who_added_the_other_side_s_first_lead_may_make_their_link(app, api):
    client_lead = make_user("cl@example.com", "Client Lead")
    created = (
        api.as_(client_lead)
        .post(
            "/partnerships",
            json={
                "name": "P",
                "client_name": "C",
                "vendor_name": "V",
                "engagement": "fixed_price",
                "side": "client",
            },
        )
        .get_json()
    )
    answer = api.as_(client_lead).post(
        f"/partnerships/{created['id']}/invitations",
        json={"email": "first.vendor@example.com", "side": "vendor", "role": "lead"},
    )
    assert answer.status_code == 201
    assert "invitation_url" in answer.get_json()
    pending = db.session.get(User, answer.get_json()["user_id"])
    assert accounts.create_set_password_link(pending, by=client_lead, partnership_id=created["id"])


def test_no_link_for_an_account_invited_by_another_partnership(api, world, stranger):
    # an import elsewhere named this (new) address: the world's lead must not take it over
    doc = valid_document()
    email = vendor_lead_email(doc)
    import_as(api, stranger, doc)
    pending = db.session.scalar(select(User).where(User.email == email))
    world.partnership.members.append(Member(user=pending, side="vendor", role="member"))
    db.session.commit()
    with pytest.raises(Exception) as refused:
        accounts.create_set_password_link(
            pending, by=world.vendor_lead, partnership_id=world.partnership.id
        )
    assert getattr(refused.value, "status", None) == 409


# --- email confirmation with mail configured ------------------------------------------------


@pytest.fixture
def outbox(app, monkeypatch):
    sent = []
    monkeypatch.setattr(mail, "send", sent.append)
    app.config["MAIL_URL"] = "smtp://127.0.0.1:1"
    yield sent
    app.config["MAIL_URL"] = None


def confirmation_link(message) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/confirm-email/\S+", text).group(0)


def test_with_mail_a_new_account_confirms_before_it_can_be_added(app, api, world, outbox):
    squatter = accounts.register("someone.new@example.com", "Squatter", "a password 123")
    assert squatter.email_confirmed_at is None
    assert len(outbox) == 1 and outbox[0]["To"].addresses[0].addr_spec == squatter.email
    response = api.as_(world.client_lead).post(
        f"/partnerships/{world.partnership.id}/members",
        json={"email": squatter.email, "side": "client", "role": "member"},
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["field"] == "email"
    link = confirmation_link(outbox[0])
    assert app.test_client().get(link.split("localhost", 1)[-1]).status_code == 302
    db.session.refresh(squatter)
    assert squatter.email_confirmed_at is not None
    response = api.as_(world.client_lead).post(
        f"/partnerships/{world.partnership.id}/members",
        json={"email": squatter.email, "side": "client", "role": "member"},
    )
    assert response.status_code == 201


def test_with_mail_an_attacker_who_registered_first_does_not_inherit_an_import(
    app, api, stranger, outbox
):
    doc = valid_document()
    email = vendor_lead_email(doc)
    attacker = accounts.register(email, "Attacker", "a password 123")
    import_as(api, stranger, doc)
    (invitation,) = api.as_(attacker).get("/invitations").get_json()
    response = api.as_(attacker).post(f"/invitations/{invitation['id']}/accept")
    assert response.status_code == 409
    assert not db.session.scalars(select(Member).where(Member.user_id == attacker.id)).all()


def test_a_confirmation_link_is_refused_when_forged(app):
    assert app.test_client().get("/confirm-email/not-a-token").status_code == 404


def test_without_mail_accounts_count_as_confirmed(app):
    user = accounts.register("plain@example.com", "Plain", "a password 123")
    assert user.email_confirmed_at is not None
    assert invitations.email_confirmed(user)


def test_an_invited_person_s_inbox_item_names_the_inviter_and_the_partnership(
    api, victim, stranger
):
    import_as(api, stranger)
    (item,) = [i for i in api.as_(victim).get("/inbox").get_json() if i["kind"] == "invitation"]
    assert "Stranger" in item["title"]
    assert item["url"].endswith("/inbox")


def test_invited_people_are_not_told_of_what_happens_in_the_partnership(api, world, victim):
    # a partnership with an invitation pending: its events reach members only
    world.partnership.invitations.append(
        Invitation(
            user=victim, side="vendor", role="member", name="V", invited_by=world.client_lead
        )
    )
    db.session.commit()
    phase_in(world, "review")
    kinds = {
        n.kind
        for n in db.session.scalars(select(Notification).where(Notification.user_id == victim.id))
    }
    assert kinds == set()
    assert db.session.scalars(partnerships.mine(victim)).all() == []


# --- big imports in the background -----------------------------------------------------------


def test_a_big_import_answers_202_and_its_status_leads_to_the_partnership(app, api, stranger):
    app.config["IMPORT_INLINE_BYTES"] = 100  # every document is big here
    response = api.as_(stranger).post("/import", json=valid_document())
    assert response.status_code == 202, response.get_json()
    where = response.headers["Location"]
    assert re.search(r"/api/v1/imports/\d+$", where)
    status = api.as_(stranger).get(where.split("/api/v1", 1)[1])
    # jobs run inline in tests: done, so the status points at the new partnership
    assert status.status_code == 303
    assert status.get_json()["status"] == "done"
    pid = status.get_json()["partnership_id"]
    assert status.headers["Location"].endswith(f"/api/v1/partnerships/{pid}")
    assert api.as_(stranger).get(f"/partnerships/{pid}").status_code == 200


def test_a_big_import_that_breaks_a_rule_is_refused_in_its_status(app, api, stranger):
    app.config["IMPORT_INLINE_BYTES"] = 100
    doc = valid_document()
    doc["phases"][0]["goals"][0]["priority"] = "urgent"
    response = api.as_(stranger).post("/import", json=doc)
    assert response.status_code == 202
    status = api.as_(stranger).get(response.headers["Location"].split("/api/v1", 1)[1])
    assert status.status_code == 200
    body = status.get_json()
    assert body["status"] == "refused"
    assert body["error"]["status"] == 422
    assert body["error"]["field"] == "phases[0].goals[0].priority"
    assert db.session.scalar(select(Partnership.id)) is None


def test_only_the_importer_sees_an_import_s_status(app, api, stranger, world):
    app.config["IMPORT_INLINE_BYTES"] = 100
    response = api.as_(stranger).post("/import", json=valid_document())
    path = response.headers["Location"].split("/api/v1", 1)[1]
    answer = api.as_(world.outsider).get(path)
    assert answer.status_code == 404
    assert answer.get_json()["error"]["code"] == "not_found"


def test_a_small_import_still_answers_201_at_once(api, stranger):
    response = api.as_(stranger).post("/import", json=valid_document())
    assert response.status_code == 201
    assert response.get_json()["id"]


def test_with_mail_the_invitation_link_is_emailed_too(app, api, world, outbox):
    answer = (
        api.as_(world.client_lead)
        .post(
            f"/partnerships/{world.partnership.id}/invitations",
            json={"email": "mailed@example.com", "side": "client", "role": "member"},
        )
        .get_json()
    )
    (message,) = [m for m in outbox if m["To"].addresses[0].addr_spec == "mailed@example.com"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert answer["invitation_url"].rsplit("/", 1)[1] in text
    # setting the password does not confirm the address (the lead saw the link): an email does
    token = answer["invitation_url"].rsplit("/", 1)[1]
    form = {"password": "a new password", "confirm": "a new password"}
    assert app.test_client().post(f"/set-password/{token}", data=form).status_code == 302
    user = db.session.get(User, answer["user_id"])
    assert user.email_confirmed_at is None
    assert "/confirm-email/" in outbox[-1].get_body(preferencelist=("plain",)).get_content()


@pytest.mark.parametrize("endpoint", ["members", "invitations"])
@pytest.mark.parametrize("answered", [None, "decline"])
def test_the_importer_cannot_add_an_invited_person_directly(
    api, victim, stranger, endpoint, answered
):
    pid = import_as(api, stranger)["id"]
    if answered:
        (invitation,) = api.as_(victim).get("/invitations").get_json()
        api.as_(victim).post(f"/invitations/{invitation['id']}/{answered}")
    response = api.as_(stranger).post(
        f"/partnerships/{pid}/{endpoint}",
        json={"email": victim.email, "side": "client", "role": "member"},
    )
    assert response.status_code == 409
    assert api.as_(victim).get(f"/partnerships/{pid}").status_code == 404


def test_a_big_import_waits_in_the_queue_until_a_worker_imports_it(tmp_path, empty_schema):
    """With Redis the answer comes before any import work: the status says queued, then a
    worker's burst imports it and the status sends on to the partnership."""
    import shutil

    from partnership import jobs

    from ..conftest import _POSTGRES_URL, TEST_REDIS_URL, make_app

    if not TEST_REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set: no Redis for a real worker")
    import redis
    from sqlalchemy import text

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    if empty_schema is not None:
        shutil.copyfile(empty_schema, tmp_path / "test.db")
    app = make_app(tmp_path, JOBS_INLINE=False, REDIS_URL=TEST_REDIS_URL, IMPORT_INLINE_BYTES=100)
    with app.app_context():
        try:
            importer = make_user("importer@example.com", "Importer")
            api = Api(app, importer)
            response = api.post("/import", json=valid_document())
            assert response.status_code == 202
            path = response.headers["Location"].split("/api/v1", 1)[1]
            waiting = api.get(path)
            assert (waiting.status_code, waiting.get_json()["status"]) == (200, "queued")
            assert waiting.headers["Retry-After"] == "2"
            jobs.work(app, burst=True)
            db.session.expire_all()
            done = api.get(path)
            assert done.status_code == 303
            assert api.get(f"/partnerships/{done.get_json()['partnership_id']}").status_code == 200
        finally:
            db.session.remove()
            if _POSTGRES_URL:
                tables = ", ".join(t.name for t in db.metadata.sorted_tables)
                with db.engine.begin() as connection:
                    connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.engine.dispose()
            redis.Redis.from_url(TEST_REDIS_URL).flushdb()


def test_the_items_of_the_invited_show_the_document_s_name_not_the_account_s(
    app, api, victim, stranger
):
    """An import must not look an email up: neither the phases' authors (API and page) nor
    the CSV files show an invited account's own name or id."""
    pid = import_as(api, stranger)["id"]
    partnership = db.session.get(Partnership, pid)
    texts = []
    for phase in partnership.phases:
        answer = api.as_(stranger).get(f"/phases/{phase.id}")
        assert answer.status_code == 200
        texts.append(answer.get_data(as_text=True))
        for commitment in answer.get_json()["commitments"]:
            if commitment["author"]["email"] == victim.email:
                assert commitment["author"]["id"] is None
    client = app.test_client()
    assert (
        client.post("/login", data={"email": stranger.email, "password": PASSWORD}).status_code
        == 302
    )
    for phase in partnership.phases:
        texts.append(client.get(f"/phases/{phase.id}").get_data(as_text=True))
    texts.append(client.get(f"/partnerships/{pid}/commitments.csv").get_data(as_text=True))
    texts.append(client.get(f"/partnerships/{pid}/audit").get_data(as_text=True))
    assert victim.email in "".join(texts)  # the items are there, by their author's email
    assert "Real Name Of The Victim" not in "".join(texts)
