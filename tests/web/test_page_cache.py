"""The partnership page, dashboard and phase page are drawn once per change (issue 15,
``web/page_cache.py``): every kind of write shows on the very next read, also through another
app instance sharing the cache (Redis when TEST_REDIS_URL is set, as two gunicorn workers
do); each reader sees their own buttons and language; per-request tokens are never shared."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from partnership.domain.flags import DEFAULT_THRESHOLDS
from partnership.extensions import db
from partnership.models import Partnership, utcnow
from partnership.services import accounts, derived, insights, statements
from partnership.web import page_cache

from ..conftest import TEST_REDIS_URL, make_app
from ..helpers import PASSWORD, RATINGS, Api, login, phase_in

MICRO = timedelta(microseconds=1)
# A CSRF token or a one-time form token: new on every reading, so left out of comparisons.
TOKEN = re.compile(r'(value|content)="[A-Za-z0-9_\-.]{24,}"')


@pytest.fixture
def sites(app, tmp_path, world):
    """A reader and a writer on two more instances sharing the cache, and one whose cache is
    emptied before every read: what the page is when drawn from the database now."""
    shared = {"REDIS_URL": TEST_REDIS_URL} if TEST_REDIS_URL else {}
    reader_app, writer_app, fresh_app = (
        make_app(tmp_path, **shared),
        make_app(tmp_path, **shared),
        make_app(tmp_path),
    )
    browsers = {}
    for name, site in (("reader", reader_app), ("fresh", fresh_app)):
        browsers[name] = site.test_client()
        assert login(browsers[name], world.vendor_lead.email).status_code == 302
    _, client_token = accounts.create_token(world.client_lead)
    _, vendor_token = accounts.create_token(world.vendor_lead)
    return {
        **browsers,
        "fresh_app": fresh_app,
        "client": Api(writer_app, token=client_token),
        "vendor": Api(writer_app, token=vendor_token),
    }


def _page(browser, path: str) -> str:
    response = browser.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return TOKEN.sub(r'\1="…"', response.get_data(as_text=True))


def _pages(sites, paths: dict[str, str], which: str = "reader") -> dict[str, str]:
    if which == "fresh":  # past every layer: what it derived and the phases' items it read
        with sites["fresh_app"].app_context():
            derived.forget_local()
    return {name: _page(sites[which], path) for name, path in paths.items()}


def test_every_kind_of_write_shows_on_the_next_page_read_of_another_instance(sites, world):
    pid = world.partnership.id
    phase_id = phase_in(world, "active").id
    db.session.commit()
    paths = {
        "partnership": f"/partnerships/{pid}",
        "dashboard": f"/partnerships/{pid}/dashboard",
        "phase": f"/phases/{phase_id}",
    }

    def after(write, shows_on: str, text: str) -> None:
        before = _pages(sites, paths)
        assert _pages(sites, paths) == before  # kept: the same page again
        write()
        now = _pages(sites, paths)
        assert now == _pages(sites, paths, "fresh"), "a kept page is older than the database"
        assert text in now[shows_on] and text not in before[shows_on], (shows_on, text)

    def post(api: Api, path: str, body: dict) -> dict:
        response = api.post(path, json=body)
        assert response.status_code in (200, 201), response.get_data(as_text=True)[:300]
        return response.get_json()

    client, vendor = sites["client"], sites["vendor"]
    made: dict[str, dict] = {}
    goal = {"title": "Checkout in one step", "success_criterion": "", "priority": "must"}
    after(
        lambda: made.update(goal=post(client, f"/phases/{phase_id}/goals", goal)),
        "phase",
        "Checkout in one step",
    )
    directive = {"text": "Show prices with VAT.", "channel": "chat", "adds_scope": True}
    after(
        lambda: made.update(directive=post(client, f"/phases/{phase_id}/directives", directive)),
        "phase",
        "Show prices with VAT.",
    )
    after(
        lambda: post(
            vendor,
            f"/directives/{made['directive']['id']}/response",
            {"response": "accepted", "note": "Agreed on the call"},
        ),
        "phase",
        "Agreed on the call",
    )
    commitment = {
        "title": "Price display",
        "due_date": str(date.today() + timedelta(30)),
        "goal_id": made["goal"]["id"],
    }
    after(
        lambda: made.update(commitment=post(vendor, f"/phases/{phase_id}/commitments", commitment)),
        "phase",
        "Price display",
    )
    after(
        lambda: post(
            vendor,
            f"/commitments/{made['commitment']['id']}/events",
            {"type": "progress", "note": "Half of the prices shown"},
        ),
        "phase",
        "Half of the prices shown",
    )
    renamed = {"name": "Valeria Renamed"}
    after(lambda: vendor.patch("/me", json=renamed), "partnership", "Valeria Renamed")
    after(lambda: post(client, f"/phases/{phase_id}/close", {}), "phase", "in review")
    after(
        lambda: post(
            client,
            f"/phases/{phase_id}/reviews",
            {
                "ratings": RATINGS["client"],
                "decision": "go",
                "goal_outcomes": {str(made["goal"]["id"]): "met"},
            },
        ),
        "phase",
        ">1/2</span>",  # one of the two reviews in
    )

    # thresholds, through their service as the thresholds page sets them: nothing new to
    # read for certain, but never an older page than the database's
    before = _pages(sites, paths)
    values = dict(DEFAULT_THRESHOLDS, directives_per_goal=1.0)
    insights.set_thresholds(world.client_lead, db.session.get(Partnership, pid), values)
    assert _pages(sites, paths) == _pages(sites, paths, "fresh")
    assert before  # read before the change


def test_each_reader_sees_their_own_buttons_and_language(as_, world):
    pid = world.partnership.id
    path = f"/partnerships/{pid}"
    people = [world.client_lead, world.client_member, world.vendor_lead, world.vendor_member]
    pages = {user.id: as_(user).get(path).get_data(as_text=True) for user in people}
    member_of = {m.user_id: m for m in world.partnership.members}
    for user in people:
        page, own = pages[user.id], member_of[user.id]
        removes = {m.id for m in world.partnership.members if f"/members/{m.id}/remove" in page}
        if own.role == "lead":  # their own Leave, and a Remove for their side's others
            same_side = {m.id for m in world.partnership.members if m.side == own.side}
            assert removes == same_side, user.email
        else:  # their own Leave only
            assert removes == {own.id}, user.email
    # the same page, a moment later, in the reader's language
    browser = as_(world.vendor_member)
    spanish = browser.get(path, headers={"Accept-Language": "es"}).get_data(as_text=True)
    english = browser.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert ">Salir<" in spanish and ">Salir<" not in english and ">Leave<" in english


def test_two_readings_of_a_kept_page_draw_new_tokens(as_, world):
    phase = phase_in(world, "active")
    browser = as_(world.client_lead)
    first, second = (browser.get(f"/phases/{phase.id}").get_data(as_text=True) for _ in range(2))
    tokens = re.compile(r'name="[\w-]*form_token"[^>]*value="([^"]+)"')
    drawn = tokens.findall(first), tokens.findall(second)
    assert drawn[0] and len(drawn[0]) == len(drawn[1])
    assert not set(drawn[0]) & set(drawn[1])  # none is shared by the two readings
    assert len(set(drawn[0])) == len(drawn[0])  # nor by two forms of one reading
    assert "\x00" not in first + second  # no mark is left unfilled


def test_a_member_who_sets_their_password_is_no_longer_shown_as_unable_to_log_in(as_, world):
    """What a page shows of a person is part of every partnership that shows them (audit.py)."""
    newcomer = world.vendor_member
    newcomer.password_hash = None
    db.session.commit()
    browser = as_(world.vendor_lead)
    path = f"/partnerships/{world.partnership.id}"
    assert "cannot log in yet" in browser.get(path).get_data(as_text=True)
    token = accounts.new_set_password_token(newcomer, world.vendor_lead)
    db.session.commit()
    accounts.set_password(token, "a new password of mine")
    assert "cannot log in yet" not in browser.get(path).get_data(as_text=True)


def test_a_kept_page_is_drawn_again_when_its_reading_runs_out_and_not_before(
    world, as_, monkeypatch
):
    drawn: list[str] = []
    draw = page_cache._blocks
    monkeypatch.setattr(page_cache, "_blocks", lambda *args: drawn.append("") or draw(*args))
    browser = as_(world.vendor_lead)
    path = f"/partnerships/{world.partnership.id}"
    start = utcnow()
    monkeypatch.setattr(insights, "utcnow", lambda: start)
    assert browser.get(path).status_code == 200
    until = insights.until(world.partnership)  # midnight, or a flag's clock before it
    assert start < until <= start + timedelta(days=1)
    for moment, times in ((min(start + timedelta(minutes=5), until - MICRO), 1), (until, 2)):
        monkeypatch.setattr(insights, "utcnow", lambda moment=moment: moment)
        assert browser.get(path).status_code == 200
        assert len(drawn) == times, (moment, until)


@pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL is not set: no Redis to look in")
def test_a_reading_s_pages_leave_redis_after_ten_minutes_unread(tmp_path, world):
    import redis

    from partnership.services import derived

    site = make_app(tmp_path, REDIS_URL=TEST_REDIS_URL)
    browser = site.test_client()
    assert login(browser, world.vendor_lead.email).status_code == 302
    answer = browser.get(f"/partnerships/{world.partnership.id}")
    assert answer.status_code == 200
    store = redis.Redis.from_url(TEST_REDIS_URL)
    born = int(world.partnership.created_at.timestamp() * 1e6)  # this partnership's keys only
    pages = f"pt:*:{world.partnership.id}.{born}:*:page:*"
    # pickled for the other workers once the answer has been sent: its reader does not wait
    assert not list(store.scan_iter(pages))
    answer.close()  # as the server does once it has sent it
    kept = list(store.scan_iter(pages))
    assert kept, "the page was not kept in Redis"
    kept += list(store.scan_iter(f"pt:*:{world.partnership.id}.{born}:*:snapshot:*"))
    assert all(0 < store.ttl(key) <= derived.READING_TTL for key in kept)


def test_a_kept_page_still_shows_a_waiting_flash_and_the_reader_s_current_count(as_, world):
    phase = phase_in(world, "active")
    lead = as_(world.client_lead)
    path = f"/phases/{phase.id}"
    token = re.search(r'name="goal-form_token"[^>]*value="([^"]+)"', lead.get(path).text)
    assert token is not None
    form = {"goal-title": "Customers reorder", "goal-priority": "must"}
    form["goal-form_token"] = token.group(1)
    assert lead.post(f"{path}/goals", data=form).status_code == 302
    assert "alert-success" in lead.get(path).text  # the flash, once
    assert "alert-" not in lead.get(path).text  # then the page kept with its layout
    # The same form again does nothing new (no write, the same kept page) but says so.
    assert lead.post(f"{path}/goals", data=form).status_code == 302
    assert "The form was sent twice; it was done once." in lead.get(path).text

    member = as_(world.vendor_member)
    statements.send_directive(
        world.client_member, phase, {"text": "Show stock", "channel": "ticket"}
    )
    assert 'ms-1">1<span class="visually-hidden"> new' in member.get(path).text
    member.get("/inbox")  # seen: the count changes, the partnership's history does not
    assert 'ms-1">1<span' not in member.get(path).text


def test_a_kept_page_gives_each_session_its_own_csrf_token_and_its_forms_are_accepted(
    tmp_path, world
):
    """The CSRF token of a kept page is the reader's session's (``page_cache._csrf_token``):
    the same on every reading, another person's is another, and a form sent with it works."""
    site = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    csrf = re.compile(r'name="csrf-token" content="([^"]+)"')
    path = f"/partnerships/{world.partnership.id}"
    seen = []
    for person in (world.vendor_lead, world.client_lead):
        browser = site.test_client()
        token = csrf.search(browser.get("/login").get_data(as_text=True)).group(1)
        sent = {"email": person.email, "password": PASSWORD, "csrf_token": token}
        assert browser.post("/login", data=sent).status_code == 302
        readings = [csrf.search(browser.get(path).get_data(as_text=True)).group(1) for _ in "abc"]
        assert len(set(readings)) == 1
        seen.append(readings[0])
        assert browser.post("/logout", data={"csrf_token": "forged"}).status_code == 400
        assert browser.post("/logout", data={"csrf_token": readings[-1]}).status_code == 302
        assert browser.get(path).status_code == 302  # logged out: the login page
    assert seen[0] != seen[1]
