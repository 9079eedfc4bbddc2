"""Nobody has to poll (SPEC §11): each event reaches the right people, once, in their language,
by a real SMTP server (aiosmtpd, started here) and, with TEST_REDIS_URL, a real Redis worker.

Each story runs twice: with the work done at once (``inline``, as in the rest of the suite)
and with the work queued in Redis and done by the worker (``worker``: skipped, saying why,
without TEST_REDIS_URL).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from partnership import jobs, mail
from partnership.config import ROOT
from partnership.domain.messages import Message
from partnership.extensions import db
from partnership.i18n.render import render
from partnership.models import Notification, User, utcnow
from partnership.services import commitments, notifications, reviews, statements
from partnership.services import phases as phase_service

from .conftest import _POSTGRES_URL, TEST_REDIS_URL, make_app
from .helpers import RATINGS, Api, World, phase_in
from .smtp_server import SmtpServer

BASE = "https://tracker.example.com"
LANGUAGES = {"client_lead": "es", "client_member": "sv", "vendor_lead": "ar", "vendor_member": "it"}
NO_REDIS = "TEST_REDIS_URL is not set: no Redis for a real worker"


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@dataclass
class Env:
    app: object
    smtp: SmtpServer
    mode: str

    @property
    def mailbox(self):
        return self.smtp.mailbox

    def deliver(self) -> None:
        """Let the background work happen: at once inline, by a burst of the worker in Redis."""
        if self.mode == "worker":
            for _ in range(5):
                jobs.work(self.app, burst=True)
        db.session.expire_all()


def _app(tmp_path, empty_schema, **overrides):
    if empty_schema is not None:
        shutil.copyfile(empty_schema, tmp_path / "test.db")
    return make_app(tmp_path, BASE_URL=BASE, **overrides)


def _clean() -> None:
    db.session.remove()
    if _POSTGRES_URL:
        tables = ", ".join(t.name for t in db.metadata.sorted_tables)
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.engine.dispose()


@pytest.fixture(params=["inline", "worker"])
def env(request, tmp_path, empty_schema, smtp):
    overrides = {"MAIL_URL": smtp.url}
    if request.param == "worker":
        if not TEST_REDIS_URL:
            pytest.skip(NO_REDIS)
        import redis

        redis.Redis.from_url(TEST_REDIS_URL).flushdb()
        overrides |= {"JOBS_INLINE": False, "REDIS_URL": TEST_REDIS_URL}
    app = _app(tmp_path, empty_schema, **overrides)
    with app.app_context():
        yield Env(app, smtp, request.param)
        _clean()
    if request.param == "worker":
        import redis

        redis.Redis.from_url(TEST_REDIS_URL).flushdb()


@pytest.fixture
def inline(tmp_path, empty_schema, smtp):
    """The work done in this process, at once: to stop it half-way by hand."""
    app = _app(tmp_path, empty_schema, MAIL_URL=smtp.url)
    with app.app_context():
        yield Env(app, smtp, "inline")
        _clean()


def _people() -> World:
    world = World.build()
    for key, language in LANGUAGES.items():
        world.role(key).language = language
    db.session.commit()
    return world


@pytest.fixture
def people(env):
    world = World.build()
    for key, language in LANGUAGES.items():
        world.role(key).language = language
    db.session.commit()
    return world


def addresses(*users) -> list[str]:
    return sorted(u.email for u in users)


def sent_to(env, kind: str | None = None) -> list[str]:
    """Who got an email (of one kind: its X-Tracker-Kind header), one entry per email."""
    return env.mailbox.recipients(kind)


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


# --- each event of §11 reaches the right people, only them, once, in their language --------


def test_a_directive_reaches_the_vendor_side_in_their_languages(env, people):
    phase = phase_in(people, "active")
    env.deliver()
    env.mailbox.clear()
    statements.send_directive(
        people.client_member, phase, {"text": "Show stock levels per warehouse", "channel": "chat"}
    )
    env.deliver()
    assert sent_to(env, "directive_to_answer") == addresses(
        people.vendor_lead, people.vendor_member
    )
    (arabic,) = env.mailbox.to(people.vendor_lead.email)
    (italian,) = env.mailbox.to(people.vendor_member.email)
    assert arabic["Content-Language"] == "ar" and italian["Content-Language"] == "it"
    html = arabic.get_body(preferencelist=("html",)).get_content()
    assert 'lang="ar" dir="rtl"' in html
    assert "Show stock levels per warehouse" in body(italian)
    assert f"{BASE}/phases/{phase.id}#directive-" in body(italian)


def test_an_answer_reaches_the_directives_author_only(env, people):
    phase = phase_in(people, "active")
    directive = statements.send_directive(
        people.client_member, phase, {"text": "Weekly demo on Fridays", "channel": "ticket"}
    )
    env.deliver()
    env.mailbox.clear()
    statements.respond(
        people.vendor_member, directive, {"response": "declined", "note": "Fortnightly instead"}
    )
    env.deliver()
    assert sent_to(env, "directive_answered") == addresses(people.client_member)
    (swedish,) = env.mailbox.to(people.client_member.email, "directive_answered")
    assert swedish["Content-Language"] == "sv"
    assert "avböjt" in str(swedish["Subject"])  # the answer, in Swedish
    assert "Fortnightly instead" in body(swedish)


def test_a_slip_and_a_delivery_reach_the_client_side_with_dates_in_their_locale(env, people):
    phase = phase_in(people, "active")
    due = utcnow().date() + timedelta(days=20)
    commitment = commitments.add(
        people.vendor_member, phase, {"title": "Catalogue", "due_date": due}
    )
    env.deliver()
    env.mailbox.clear()
    new_date = due + timedelta(days=10)
    commitments.log_event(
        people.vendor_member,
        commitment,
        {"type": "slip", "note": "Supplier API late", "new_due_date": new_date},
    )
    env.deliver()
    assert sent_to(env, "slip") == addresses(people.client_lead, people.client_member)
    (spanish,) = env.mailbox.to(people.client_lead.email, "slip")
    from babel.dates import format_date

    assert format_date(new_date, "long", locale="es") in str(spanish["Subject"])
    assert "Supplier API late" in body(spanish)
    env.mailbox.clear()
    commitments.log_event(
        people.vendor_lead, commitment, {"type": "delivered", "evidence": "https://ci/build/9"}
    )
    env.deliver()
    assert sent_to(env, "delivery") == addresses(people.client_lead, people.client_member)


def test_closing_asks_both_leads_for_reviews_and_each_review_and_the_gate_are_told(env, people):
    phase = phase_in(people, "active")
    env.deliver()
    env.mailbox.clear()
    phase_service.close(people.vendor_lead, phase)
    env.deliver()
    assert sent_to(env, "review_due") == addresses(people.client_lead, people.vendor_lead)

    env.mailbox.clear()
    reviews.submit(people.client_lead, phase, {"ratings": RATINGS["client"], "decision": "go"})
    env.deliver()
    assert sent_to(env, "review_submitted") == addresses(people.vendor_lead, people.vendor_member)

    env.mailbox.clear()
    reviews.submit(people.vendor_lead, phase, {"ratings": RATINGS["vendor"], "decision": "go"})
    env.deliver()
    # The client side hears of the vendor's review; everyone hears of the gate; the vendor
    # lead, who decided it, hears of the gate only.
    assert sent_to(env, "review_submitted") == addresses(people.client_lead, people.client_member)
    assert sent_to(env, "gate_decided") == addresses(
        people.client_lead, people.client_member, people.vendor_lead, people.vendor_member
    )
    subjects = [
        str(m["Subject"]) for m in env.mailbox.to(people.vendor_member.email, "gate_decided")
    ]
    assert len(subjects) == 1 and "Discovery" in subjects[0]


def test_a_new_flag_reaches_the_side_it_is_about_once(env, people):
    phase = phase_in(people, "active")
    directive = statements.send_directive(
        people.client_lead,
        phase,
        {"text": "Also export invoices to PDF", "channel": "ticket", "adds_scope": True},
    )
    env.deliver()
    env.mailbox.clear()
    # On a fixed price, added scope accepted without re-planning: SCOPE_CREEP_FIXED_PRICE.
    statements.respond(people.vendor_lead, directive, {"response": "accepted", "note": ""})
    env.deliver()
    flagged = env.mailbox.of("flag_raised")
    assert sorted(str(m["To"].addresses[0].addr_spec) for m in flagged) == addresses(
        people.client_lead, people.client_member
    )
    # Named in words in each reader's language, never by its code.
    assert not [m for m in flagged if "SCOPE_CREEP" in str(m["Subject"])]
    spanish = next(m for m in flagged if m["Content-Language"] == "es")
    assert "Alcance añadido a un precio cerrado" in " ".join(str(spanish["Subject"]).split())
    env.mailbox.clear()
    statements.send_directive(people.client_lead, phase, {"text": "Thanks", "channel": "ticket"})
    notifications.send_reminders()
    env.deliver()
    assert not env.mailbox.of("flag_raised")


def test_nobody_hears_of_what_they_did_themselves_and_outsiders_hear_nothing(env, people):
    phase = phase_in(people, "active")
    statements.send_directive(
        people.client_lead, phase, {"text": "Daily standup", "channel": "call"}
    )
    env.deliver()
    assert sent_to(env, "directive_to_answer") == addresses(
        people.vendor_lead, people.vendor_member
    )
    assert people.outsider.email not in sent_to(env)


# --- immediate, digest, none -----------------------------------------------------------------


def test_digest_people_get_one_email_a_day_and_none_people_get_nothing(env, people):
    notifications.set_choice(people.vendor_lead, "digest")
    notifications.set_choice(people.vendor_member, "none")
    phase = phase_in(people, "active")
    for text_ in ("Show stock", "Export orders"):
        statements.send_directive(people.client_member, phase, {"text": text_, "channel": "ticket"})
    env.deliver()
    assert people.vendor_lead.email not in sent_to(env)
    assert people.vendor_member.email not in sent_to(env)

    assert notifications.send_digests() == 1
    env.deliver()
    (digest,) = env.mailbox.to(people.vendor_lead.email)
    assert "Show stock" in body(digest) and "Export orders" in body(digest)
    assert notifications.send_digests() == 0  # nothing twice
    assert env.mailbox.to(people.vendor_member.email) == []
    # The inbox lists everything whatever the choice.
    items = Api(env.app, people.vendor_member).get("/inbox").get_json()
    assert [i["kind"] for i in items] == ["directive_to_answer", "directive_to_answer"]


def test_switching_to_none_drops_the_digest_not_yet_sent(env, people):
    notifications.set_choice(people.vendor_lead, "digest")
    phase = phase_in(people, "active")
    statements.send_directive(people.client_member, phase, {"text": "Stock", "channel": "ticket"})
    notifications.set_choice(people.vendor_lead, "none")
    assert notifications.send_digests() == 0
    assert env.mailbox.to(people.vendor_lead.email) == []


def test_a_directive_answered_before_the_digest_is_left_out_of_it(env, people):
    notifications.set_choice(people.vendor_lead, "digest")
    phase = phase_in(people, "active")
    directive = statements.send_directive(
        people.client_member, phase, {"text": "Stock", "channel": "ticket"}
    )
    statements.respond(people.vendor_member, directive, {"response": "accepted", "note": ""})
    assert notifications.send_digests() == 0


# --- unsubscribe without logging in ------------------------------------------------------------


def test_the_one_click_unsubscribe_link_works_without_a_login(env, people):
    phase = phase_in(people, "active")
    statements.send_directive(people.client_member, phase, {"text": "Stock", "channel": "ticket"})
    env.deliver()
    (message,) = env.mailbox.to(people.vendor_member.email)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert url.startswith(f"{BASE}/unsubscribe/") and url in body(message)
    path = url.removeprefix(BASE)

    anonymous = env.app.test_client()
    page = anonymous.get(path)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200 and "Stop the emails" in page.get_data(as_text=True)
    assert db.session.get(User, people.vendor_member.id).notifications == "immediate"

    answer = anonymous.post(path, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    db.session.expire_all()
    assert db.session.get(User, people.vendor_member.id).notifications == "none"
    env.mailbox.clear()
    statements.send_directive(people.client_member, phase, {"text": "More", "channel": "ticket"})
    env.deliver()
    assert sent_to(env, "directive_to_answer") == addresses(people.vendor_lead)


def test_a_forged_unsubscribe_link_is_not_found(env, people):
    anonymous = env.app.test_client()
    assert anonymous.post("/unsubscribe/1.forged").status_code == 404
    assert anonymous.get("/unsubscribe/nothing").status_code == 404


# --- reminders, once however often the pass runs ---------------------------------------------


def test_a_commitment_due_in_two_days_is_reminded_once_to_its_author_and_vendor_leads(env, people):
    phase = phase_in(people, "active")
    due = utcnow().date() + timedelta(days=2)
    commitments.add(people.vendor_member, phase, {"title": "Checkout", "due_date": due})
    commitments.add(
        people.vendor_member, phase, {"title": "Later", "due_date": due + timedelta(days=5)}
    )
    env.deliver()
    env.mailbox.clear()
    for _ in range(3):
        notifications.send_reminders()
        env.deliver()
    assert sent_to(env, "commitment_due") == addresses(people.vendor_lead, people.vendor_member)
    (reminder,) = env.mailbox.to(people.vendor_member.email, "commitment_due")
    assert "Checkout" in str(reminder["Subject"])
    assert render(Message("inbox.slip_advice"), "it") in body(reminder)  # her language
    assert "<bdi>" not in body(reminder)  # markup belongs to the HTML part only


def test_a_slip_ends_the_reminder_and_the_new_date_is_reminded_again(env, people):
    phase = phase_in(people, "active")
    today = utcnow().date()
    commitment = commitments.add(
        people.vendor_lead, phase, {"title": "Checkout", "due_date": today + timedelta(days=1)}
    )
    notifications.send_reminders()
    env.deliver()
    assert len(env.mailbox.to(people.vendor_lead.email, "commitment_due")) == 1
    commitments.log_event(
        people.vendor_lead,
        commitment,
        {"type": "slip", "note": "Payments", "new_due_date": today + timedelta(days=2)},
    )
    notifications.send_reminders()
    notifications.send_reminders()
    env.deliver()
    assert len(env.mailbox.to(people.vendor_lead.email, "commitment_due")) == 2


def test_a_review_missing_five_days_after_the_close_is_reminded_once_to_that_sides_leads(
    env, people
):
    phase = phase_in(people, "review")
    reviews.submit(people.vendor_lead, phase, {"ratings": RATINGS["vendor"], "decision": "go"})
    phase.closed_at = utcnow() - timedelta(days=5, hours=1)
    db.session.commit()
    env.deliver()
    env.mailbox.clear()
    for _ in range(3):
        notifications.send_reminders()
        env.deliver()
    assert sent_to(env, "review_due") == addresses(people.client_lead)
    (reminder,) = env.mailbox.of("review_due")
    assert "5" in str(reminder["Subject"])


def test_no_review_reminder_before_five_days(env, people):
    phase_in(people, "review")
    env.deliver()
    env.mailbox.clear()
    notifications.send_reminders()
    env.deliver()
    assert env.mailbox.messages == []


# --- failures: retried, logged, never the user's problem --------------------------------------


def test_a_failing_mail_server_is_retried_logged_and_never_breaks_the_request(
    env, people, caplog, monkeypatch
):
    monkeypatch.setattr(jobs, "RETRY_DELAYS", [0, 0, 0])
    for client in (people.client_lead, people.client_member):
        notifications.set_choice(client, "none")  # only the two vendors' emails, then
    phase = phase_in(people, "active")
    env.deliver()
    env.mailbox.refuse = 4  # the first attempt of each vendor's email, and one more each
    answer = Api(env.app, people.client_member).post(
        f"/phases/{phase.id}/directives", json={"text": "Stock levels", "channel": "ticket"}
    )
    assert answer.status_code == 201
    for _ in range(5):
        env.deliver()
        notifications.sweep()
    assert sent_to(env) == addresses(people.vendor_lead, people.vendor_member)
    assert env.mailbox.refused == 4
    assert "not sent (attempt 1), will retry" in caplog.text
    rows = db.session.scalars(select(Notification).where(Notification.sent_at.is_not(None)))
    assert sorted(r.attempts for r in rows) == [3, 3]


def test_an_unreachable_mail_server_leaves_the_page_working(tmp_path, empty_schema, caplog):
    app = _app(tmp_path, empty_schema, MAIL_URL="smtp://127.0.0.1:1")
    with app.app_context():
        world = World.build()
        phase = phase_in(world, "active")
        answer = Api(app, world.client_member).post(
            f"/phases/{phase.id}/directives", json={"text": "Stock", "channel": "ticket"}
        )
        assert answer.status_code == 201
        assert "will retry" in caplog.text
        unsent = db.session.scalars(
            select(Notification).where(
                Notification.kind == "directive_to_answer", Notification.sent_at.is_(None)
            )
        )
        assert len(list(unsent)) == 2  # kept, for the sweep to try again
        _clean()


class Killed(BaseException):
    """The worker process dying: not an error the code may catch."""


def test_a_sender_killed_between_claiming_and_sending_loses_nothing_and_sends_once(
    inline, monkeypatch
):
    env, people = inline, _people()
    for client in (people.client_lead, people.client_member):
        notifications.set_choice(client, "none")  # only the two vendors' emails, then
    phase = phase_in(people, "active")
    env.deliver()
    # The jobs are queued but not run yet (a worker will take them)...
    monkeypatch.setattr(notifications, "send_by_key", lambda user_id, key: None)
    statements.send_directive(people.client_member, phase, {"text": "Stock", "channel": "ticket"})
    rows = list(
        db.session.scalars(
            select(Notification)
            .where(Notification.kind == "directive_to_answer")
            .order_by(Notification.id)
        )
    )
    assert len(rows) == 2
    # ...and the worker that takes the first one dies after its claim, before the server.
    real_send = mail.send

    def die(message):
        raise Killed

    monkeypatch.setattr(mail, "send", die)
    with pytest.raises(Killed):
        notifications.send_notification(rows[0].id)
    db.session.rollback()
    monkeypatch.setattr(mail, "send", real_send)
    claimed = list(
        db.session.scalars(select(Notification).where(Notification.claimed_at.is_not(None)))
    )
    assert [r.id for r in claimed] == [rows[0].id] and claimed[0].sent_at is None
    assert env.mailbox.messages == []

    notifications.sweep()  # within the lease, the dead sender might still be sending
    env.deliver()
    assert env.mailbox.messages == []
    later = utcnow() + notifications.LEASE + timedelta(minutes=1)
    notifications.sweep(later)
    env.deliver()
    notifications.sweep(later)
    env.deliver()
    for row in db.session.scalars(select(Notification)):
        notifications.send_notification(row.id)  # the queue running the old job again
    assert sent_to(env) == addresses(people.vendor_lead, people.vendor_member)


@pytest.mark.skipif(not TEST_REDIS_URL, reason=NO_REDIS)
def test_a_worker_process_killed_mid_send_loses_nothing_and_sends_nothing_twice(
    tmp_path, empty_schema, smtp
):
    """A real `flask --app app worker` process, killed with SIGKILL while the mail server
    holds its message; then the sweep, after the lease."""
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    app = _app(
        tmp_path, empty_schema, MAIL_URL=smtp.url, JOBS_INLINE=False, REDIS_URL=TEST_REDIS_URL
    )
    with app.app_context():
        try:
            world = World.build()
            phase = phase_in(world, "active")
            for someone in (world.vendor_lead, world.client_lead, world.client_member):
                notifications.set_choice(someone, "none")  # one email only: the vendor member's
            for _ in range(3):
                jobs.work(app, burst=True)
            smtp.mailbox.clear()
            smtp.mailbox.hold = True
            statements.send_directive(
                world.client_member, phase, {"text": "Stock", "channel": "ticket"}
            )
            environment = {
                **os.environ,
                "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "REDIS_URL": TEST_REDIS_URL,
                "MAIL_URL": smtp.url,
                "SECRET_KEY": app.config["SECRET_KEY"],
                "BASE_URL": BASE,
            }
            worker = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "app", "worker", "--burst"],
                cwd=ROOT,
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                assert smtp.mailbox.holding.wait(60), "the worker never reached the mail server"
            finally:
                worker.send_signal(signal.SIGKILL)
                worker.wait(10)
            smtp.mailbox.released.set()
            db.session.expire_all()
            (row,) = db.session.scalars(
                select(Notification).where(Notification.user_id == world.vendor_member.id)
            )
            assert row.claimed_at is not None and row.sent_at is None
            time.sleep(0.2)
            assert smtp.mailbox.messages == []

            later = utcnow() + notifications.LEASE + timedelta(minutes=1)
            for _ in range(2):
                notifications.sweep(later)
                jobs.work(app, burst=True)
            db.session.expire_all()
            assert smtp.mailbox.recipients() == [world.vendor_member.email]
            assert db.session.get(Notification, row.id).sent_at is not None
        finally:
            _clean()
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()


# --- without a mail server ---------------------------------------------------------------------


def test_without_mail_url_emails_are_written_to_the_log(app, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="partnership.mail")
    world = World.build()
    phase = phase_in(world, "active")
    statements.send_directive(world.client_member, phase, {"text": "Stock", "channel": "ticket"})
    assert f"Not sent (no MAIL_URL): to Vendor Lead <{world.vendor_lead.email}>" in caplog.text
    assert (
        db.session.scalars(select(Notification).where(Notification.sent_at.is_(None))).all() == []
    )


def test_mail_url_forms_are_understood_and_a_bad_one_is_refused():
    assert mail.parse("smtp://relay:2525") == mail.Server("smtp", "relay", 2525, None, None)
    assert mail.parse("smtp+starttls://ana%40x.org:p%3Ass@mx.x.org") == mail.Server(
        "smtp+starttls", "mx.x.org", 587, "ana@x.org", "p:ss"
    )
    assert mail.parse("smtps://u:p@mx").port == 465
    with pytest.raises(ValueError, match="MAIL_URL must start with"):
        mail.parse("http://mx")


def test_the_reminders_and_digest_commands_do_the_scheduled_work_now(app):
    world = World.build()
    notifications.set_choice(world.vendor_lead, "digest")
    phase = phase_in(world, "active")
    commitments.add(
        world.vendor_member,
        phase,
        {"title": "Checkout", "due_date": utcnow().date() + timedelta(days=1)},
    )
    runner = app.test_cli_runner()
    first = runner.invoke(args=["reminders"])
    assert first.exit_code == 0 and first.output.startswith("2 reminder(s) made.")
    assert "MAIL_URL is not set" in first.output
    assert runner.invoke(args=["reminders"]).output.startswith("0 reminder(s) made.")
    digest = runner.invoke(args=["digest"])
    assert digest.exit_code == 0 and digest.output.startswith("1 digest(s) sent.")
    assert runner.invoke(args=["digest"]).output.startswith("0 digest(s) sent.")
