"""The private calendar feed: its address (GET /me, POST /me/calendar) and what it shows."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest
from flask import current_app
from sqlalchemy import event

from partnership.extensions import db
from partnership.models import Member, Partnership, User
from partnership.services import calendars, commitments, insights, partnerships, phases

from ..helpers import World, phase_in

PLAN = {"name": "Pilot", "planned_start": date(2030, 5, 6), "planned_end": date(2030, 6, 28)}


def feed_path(url: str) -> str:
    return url.removeprefix("http://localhost")


def subscribe(user: User) -> str:
    """The path of a new feed address of ``user``."""
    token = calendars.regenerate(user)
    with current_app.test_request_context():
        return feed_path(calendars.url_of_token(token))


def read_feed(client, path: str) -> icalendar.Calendar:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return icalendar.Calendar.from_ical(response.data)


def events_of(feed: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in feed.walk("VEVENT")}


def planned_phase(world, partnership=None, name: str = "Pilot"):
    return phases.plan(world.client_lead, partnership or world.partnership, PLAN | {"name": name})


def active_phase_with_commitment(world, due: date = date(2030, 6, 7)):
    phase = phase_in(world, "active")
    c = commitments.add(world.vendor_lead, phase, {"title": "Picking list screen", "due_date": due})
    return phase, c


# --- the address ----------------------------------------------------------------------------


def test_me_has_no_calendar_url_until_one_is_made(api, user):
    me = api.as_(user).get("/me")
    assert me.status_code == 200
    assert me.get_json() == {
        "id": user.id,
        "email": "someone@example.com",
        "name": "Someone",
        "language": None,
        "calendar_url": None,
        "notifications": "immediate",
    }


def test_post_me_calendar_gives_an_address_that_get_me_shows_again(api, user):
    made = api.as_(user).post("/me/calendar")
    assert made.status_code == 201
    url = made.get_json()["calendar_url"]
    assert url.startswith("http://localhost/calendar/") and url.endswith(".ics")
    assert api.as_(user).get("/me").get_json()["calendar_url"] == url


def test_after_regeneration_the_old_address_is_404_and_the_new_one_works(api, app, world):
    planned_phase(world)
    as_member = api.as_(world.client_member)
    old = feed_path(as_member.post("/me/calendar").get_json()["calendar_url"])
    assert app.test_client().get(old).status_code == 200
    new = feed_path(as_member.post("/me/calendar").get_json()["calendar_url"])
    assert new != old
    assert app.test_client().get(old).status_code == 404
    assert "phase-1@localhost" in events_of(read_feed(app.test_client(), new))


def test_only_a_hash_of_the_token_is_stored(api, user):
    url = api.as_(user).post("/me/calendar").get_json()["calendar_url"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    db.session.refresh(user)
    assert token not in (user.calendar_salt, user.calendar_token_hash)
    assert user.calendar_token_hash == calendars._sha256(token)


def test_the_calendar_endpoints_need_a_token(api):
    assert api.get("/me").status_code == 401
    assert api.post("/me/calendar").status_code == 401


def test_a_new_secret_key_hides_the_address_but_keeps_old_subscriptions(app, user):
    path = subscribe(user)
    app.config["SECRET_KEY"] = "another-secret-key"
    assert calendars.token_of(user) is None  # it cannot be shown any more...
    assert app.test_client().get(path).status_code == 200  # ...but it still works
    assert calendars.regenerate(user) == calendars.token_of(user)
    assert app.test_client().get(path).status_code == 404


def test_regenerating_is_in_the_audit_trail(api, user):
    from partnership.models import AuditEvent

    api.as_(user).post("/me/calendar")
    api.as_(user).post("/me/calendar")
    actions = db.session.scalars(
        db.select(AuditEvent.after).where(AuditEvent.action == "user.calendar_feed")
    ).all()
    assert actions == [{"replaced": False}, {"replaced": True}]


# --- the answer -------------------------------------------------------------------------------


def test_the_feed_is_private_icalendar_with_an_etag(app, world):
    planned_phase(world)
    response = app.test_client().get(subscribe(world.vendor_lead))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private"
    etag = response.headers["ETag"]
    again = app.test_client().get(subscribe(world.vendor_lead), headers={"If-None-Match": etag})
    # A new address, the same calendar: the same ETag, and nothing to send.
    assert again.status_code == 304
    assert again.data == b""


def test_the_etag_changes_when_the_calendar_does(app, world):
    path = subscribe(world.client_lead)
    phase = planned_phase(world)
    first = app.test_client().get(path).headers["ETag"]
    phases.update(world.client_lead, phase, {"planned_end": date(2030, 7, 5)})
    assert app.test_client().get(path, headers={"If-None-Match": first}).status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        "a" * 43,  # well formed, but nobody's
        "a" * 44,
        "a" * 5000,  # too long
        "a" * 20 + "%00" + "a" * 22,  # NUL
        "%00",
        "é" * 43,  # non-ASCII
        "a" * 42 + "%C3%A9",
        "a" * 42 + "%FF",  # not even UTF-8
        "a" * 42 + "%F0%9F%98%80",
        "..%2F..%2Fetc%2Fpasswd",
        "",
    ],
    ids=lambda token: token[:12] + (f"...({len(token)})" if len(token) > 12 else ""),
)
def test_bad_tokens_are_404_never_500(app, user, token):
    subscribe(user)
    response = app.test_client().get(f"/calendar/{token}.ics")
    assert response.status_code == 404


def test_a_token_with_a_different_suffix_is_not_found(app, user):
    path = subscribe(user)
    assert app.test_client().get(path.removesuffix(".ics")).status_code == 404
    assert app.test_client().get(path + "x").status_code == 404


# --- what it shows ----------------------------------------------------------------------------


def test_the_feed_parses_and_shows_phases_commitments_and_review_deadlines(app, world):
    reviewing, c = active_phase_with_commitment(world)
    phases.close(world.client_lead, reviewing)
    later = phases.plan(
        world.client_lead, world.partnership, PLAN | {"name": "Rollout", "objective": "All sites"}
    )
    feed = read_feed(app.test_client(), subscribe(world.vendor_member))

    assert feed["VERSION"] == "2.0"
    assert str(feed["X-WR-CALNAME"]) == "Partnership Tracker: Vendor Member"
    found = events_of(feed)
    assert set(found) == {
        f"phase-{later.id}@localhost",
        f"commitment-{c.id}@localhost",
        f"review-{reviewing.id}-client@localhost",
        f"review-{reviewing.id}-vendor@localhost",
    }
    rollout = found[f"phase-{later.id}@localhost"]
    assert str(rollout["SUMMARY"]) == "Phase Rollout (Order portal)"
    # All day, from the planned start through the planned end (iCalendar's end is exclusive).
    assert rollout.decoded("DTSTART") == date(2030, 5, 6)
    assert rollout.decoded("DTEND") == date(2030, 6, 29)
    assert "Objective: All sites" in str(rollout["DESCRIPTION"])
    assert str(rollout["URL"]) == f"http://localhost/phases/{later.id}"
    assert str(rollout["TRANSP"]) == "TRANSPARENT"

    due = found[f"commitment-{c.id}@localhost"]
    assert str(due["SUMMARY"]) == "Due: Picking list screen (Order portal)"
    assert due.decoded("DTSTART") == date(2030, 6, 7)
    assert str(due["URL"]) == f"http://localhost/phases/{reviewing.id}#commitment-{c.id}"
    assert due["SEQUENCE"] == 0
    assert due.decoded("DTSTAMP") == c.created_at.replace(microsecond=0)

    review = found[f"review-{reviewing.id}-vendor@localhost"]
    assert str(review["SUMMARY"]) == "Vendor review due: Discovery (Order portal)"
    # The day the LATE_REVIEW flag would be raised: closed for review + 7 days (the default).
    assert review.decoded("DTSTART") == (reviewing.closed_at + timedelta(days=7)).date()
    assert str(review["URL"]) == f"http://localhost/phases/{reviewing.id}#reviews-heading"


def test_a_slip_moves_the_commitment_and_raises_its_sequence(app, world):
    path = subscribe(world.client_member)
    _phase, c = active_phase_with_commitment(world)
    uid = f"commitment-{c.id}@localhost"
    before = events_of(read_feed(app.test_client(), path))[uid]
    assert (before.decoded("DTSTART"), before["SEQUENCE"]) == (date(2030, 6, 7), 0)

    commitments.log_event(
        world.vendor_lead,
        c,
        {"type": "slip", "new_due_date": date(2030, 6, 14), "note": "The printer driver."},
    )
    after = events_of(read_feed(app.test_client(), path))[uid]
    assert after.decoded("DTSTART") == date(2030, 6, 14)
    assert after.decoded("DTEND") == date(2030, 6, 15)
    assert after["SEQUENCE"] == 1
    assert after.decoded("DTSTAMP") >= before.decoded("DTSTAMP")  # to the second
    assert "slipped 1 time" in str(after["DESCRIPTION"])

    commitments.log_event(
        world.vendor_lead, c, {"type": "slip", "new_due_date": date(2030, 6, 21), "note": "Again."}
    )
    again = events_of(read_feed(app.test_client(), path))[uid]
    assert (again.decoded("DTSTART"), again["SEQUENCE"]) == (date(2030, 6, 21), 2)


def test_a_delivered_or_dropped_commitment_says_so(app, world):
    path = subscribe(world.client_lead)
    phase, delivered = active_phase_with_commitment(world)
    dropped = commitments.add(
        world.vendor_lead, phase, {"title": "CSV export", "due_date": date(2030, 6, 9)}
    )
    commitments.log_event(world.vendor_lead, delivered, {"type": "delivered", "evidence": "v0.3"})
    commitments.log_event(world.vendor_lead, dropped, {"type": "dropped", "note": "Not needed."})
    found = events_of(read_feed(app.test_client(), path))

    done = found[f"commitment-{delivered.id}@localhost"]
    assert str(done["SUMMARY"]) == "Delivered: Picking list screen (Order portal)"
    assert (str(done["STATUS"]), done["SEQUENCE"]) == ("CONFIRMED", 1)
    gone = found[f"commitment-{dropped.id}@localhost"]
    assert str(gone["SUMMARY"]) == "Dropped: CSV export (Order portal)"
    assert (str(gone["STATUS"]), gone["SEQUENCE"]) == ("CANCELLED", 1)


def test_editing_a_phases_planned_dates_moves_it_and_raises_its_sequence(app, world):
    path = subscribe(world.vendor_lead)
    phase = planned_phase(world)
    phases.update(world.client_lead, phase, {"name": "Pilot, renamed"})  # not a date: no bump
    first = events_of(read_feed(app.test_client(), path))[f"phase-{phase.id}@localhost"]
    assert first["SEQUENCE"] == 0
    phases.update(world.vendor_lead, phase, {"planned_end": date(2030, 7, 5)})
    moved = events_of(read_feed(app.test_client(), path))[f"phase-{phase.id}@localhost"]
    assert moved.decoded("DTEND") == date(2030, 7, 6)
    assert moved["SEQUENCE"] == 1
    assert str(moved["SUMMARY"]) == "Phase Pilot, renamed (Order portal)"


def test_a_phase_without_both_planned_dates_is_left_out(app, world):
    phases.plan(world.client_lead, world.partnership, {"name": "Someday"})
    phases.plan(
        world.client_lead, world.partnership, {"name": "Half", "planned_end": date(2030, 1, 9)}
    )
    assert events_of(read_feed(app.test_client(), subscribe(world.client_lead))) == {}


def test_a_review_deadline_goes_when_its_side_reviews(app, world):
    from partnership.services import reviews

    from ..helpers import RATINGS

    path = subscribe(world.client_lead)
    phase = phase_in(world, "review")
    reviews.submit(world.vendor_lead, phase, {"ratings": RATINGS["vendor"], "decision": "go"})
    found = events_of(read_feed(app.test_client(), path))
    assert set(found) == {f"review-{phase.id}-client@localhost"}
    assert str(found[f"review-{phase.id}-client@localhost"]["SUMMARY"]).startswith(
        "Client review due:"
    )


def test_a_new_late_review_threshold_moves_the_deadline(app, world):
    path = subscribe(world.client_lead)
    phase = phase_in(world, "review")
    uid = f"review-{phase.id}-vendor@localhost"
    assert events_of(read_feed(app.test_client(), path))[uid]["SEQUENCE"] == 0
    insights.set_thresholds(world.client_lead, world.partnership, {"late_review_days": 3})
    moved = events_of(read_feed(app.test_client(), path))[uid]
    assert moved.decoded("DTSTART") == (phase.closed_at + timedelta(days=3)).date()
    assert moved["SEQUENCE"] == 1


def test_a_decided_phase_has_no_review_deadline(app, world):
    phase_in(world, "passed")
    assert events_of(read_feed(app.test_client(), subscribe(world.client_lead))) == {}


def test_a_removed_member_no_longer_sees_the_partnership(app, world):
    phase = planned_phase(world)
    path = subscribe(world.vendor_member)
    assert f"phase-{phase.id}@localhost" in events_of(read_feed(app.test_client(), path))
    member = next(m for m in world.partnership.members if m.user_id == world.vendor_member.id)
    partnerships.remove_member(world.vendor_lead, world.partnership, member.id)
    # The address still works (it is theirs), but shows nothing of that partnership.
    assert events_of(read_feed(app.test_client(), path)) == {}


def test_a_partnership_without_the_user_never_appears(app, world):
    other = World.build(prefix="other.")
    hidden = planned_phase(other, name="Secret plan")
    mine = planned_phase(world)
    found = events_of(read_feed(app.test_client(), subscribe(world.client_lead)))
    assert set(found) == {f"phase-{mine.id}@localhost"}
    assert all("Secret plan" not in str(e["SUMMARY"]) for e in found.values())
    # The outsider of the first world sees neither.
    assert events_of(read_feed(app.test_client(), subscribe(world.outsider))) == {}
    assert f"phase-{hidden.id}@localhost" in events_of(
        read_feed(app.test_client(), subscribe(other.client_lead))
    )


def test_the_feed_is_written_in_the_members_language(app, world):
    world.vendor_lead.language = "sv"
    db.session.commit()
    planned_phase(world)
    feed = read_feed(app.test_client(), subscribe(world.vendor_lead))
    (phase,) = feed.walk("VEVENT")
    # Dates are written for the Swedish reader (the sentences follow once translated).
    assert "6 maj 2030" in str(phase["DESCRIPTION"])


def test_base_url_names_the_links_and_the_uids(app, world):
    app.config["BASE_URL"] = "https://tracker.example.com"
    planned_phase(world)
    with app.test_request_context():
        url = calendars.url_of_token(calendars.regenerate(world.client_lead))
    assert url.startswith("https://tracker.example.com/calendar/")
    feed = read_feed(app.test_client(), "/calendar/" + url.rsplit("/", 1)[1])
    (phase,) = feed.walk("VEVENT")
    assert str(phase["UID"]) == "phase-1@tracker.example.com"
    assert str(phase["URL"]) == "https://tracker.example.com/phases/1"


# --- what it costs ----------------------------------------------------------------------------


def add_partnerships(world: World, count: int) -> None:
    """``count`` partnerships of the world's client lead, each with a phase in review, two
    commitments (one slipped), and an edit of the plan."""
    for n in range(count):
        p = Partnership(name=f"P{n}", client_name="C", vendor_name="V", engagement="fixed_price")
        p.members.append(Member(user=world.client_lead, side="client", role="lead"))
        p.members.append(Member(user=world.vendor_lead, side="vendor", role="lead"))
        db.session.add(p)
        db.session.commit()
        phase = phase_in(world, "active", partnership=p)
        phases.update(world.client_lead, phase, PLAN)
        for title in ("A", "B"):
            c = commitments.add(
                world.vendor_lead, phase, {"title": title, "due_date": date(2030, 6, 7)}
            )
        commitments.log_event(
            world.vendor_lead, c, {"type": "slip", "new_due_date": date(2030, 6, 9), "note": "x"}
        )
        phases.close(world.client_lead, phase)
        phase_in(world, "planned", name="Next", partnership=p)


def queries_of_feed(app, path: str) -> tuple[int, int]:
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        feed = read_feed(app.test_client(), path)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements), len(feed.walk("VEVENT"))


def test_the_feed_costs_the_same_queries_for_1_and_10_partnerships(app):
    small, large = World.build(), World.build(prefix="large.")
    add_partnerships(small, 1)
    add_partnerships(large, 10)
    small_queries, small_events = queries_of_feed(app, subscribe(small.client_lead))
    large_queries, large_events = queries_of_feed(app, subscribe(large.client_lead))
    # phase + 2 commitments + 2 review deadlines in each (the planned phase has no dates)
    assert (small_events, large_events) == (5, 50)
    assert small_queries == large_queries == calendars.QUERIES


def test_the_openapi_description_has_the_calendar_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "post" in spec["paths"]["/api/v1/me/calendar"]
    me = spec["components"]["schemas"]["MeOut"]["properties"]
    assert me["calendar_url"]["nullable"] is True
