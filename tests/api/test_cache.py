"""Trust, flags and the export are cached by (partnership, revision) (issue 15): every kind of
write shows on the very next read, also through a second app instance that shares the cache
(Redis when TEST_REDIS_URL is set, as two gunicorn workers do), and a 304 is answered for an
unchanged history, never after a change (SPEC §7 Caching)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from partnership.domain.flags import DEFAULT_THRESHOLDS
from partnership.extensions import db
from partnership.models import Partnership
from partnership.services import accounts, derived, export_import, insights

from ..conftest import TEST_REDIS_URL, make_app
from ..helpers import RATINGS, Api, phase_in

ANSWERS = ("trust", "flags", "export")


@pytest.fixture
def instances(app, tmp_path, world):
    """Two more app instances on the same database and the same Redis (when there is one),
    and one without any cache worth the name: its layer is emptied before each read."""
    shared = {"REDIS_URL": TEST_REDIS_URL} if TEST_REDIS_URL else {}
    one, two = make_app(tmp_path, **shared), make_app(tmp_path, **shared)
    fresh = make_app(tmp_path)
    _, token = accounts.create_token(world.client_lead)
    _, vendor_token = accounts.create_token(world.vendor_lead)
    return {
        "writer": Api(one, token=token),
        "vendor": Api(one, token=vendor_token),
        "reader": Api(two, token=token),
        "fresh": Api(fresh, token=token),
    }


def _read(api: Api, pid: int, what: str, **headers):
    return api.get(f"/partnerships/{pid}/{what}", headers=headers)


def _fresh(api: Api, pid: int, what: str) -> bytes:
    """The answer computed from the database now, past every cache."""
    with api.app.app_context():
        derived.forget_local()  # its layers: what it derived and the phases' items it read
    response = _read(api, pid, what)
    assert response.status_code == 200
    return response.get_data()


def _comparable(what: str, body: bytes) -> bytes:
    """The export says when it was made: the one field that is not the history's."""
    if what != "export":
        return body
    document = json.loads(body)
    document.pop("exported_at")
    return json.dumps(document).encode()


def _all(api: Api, pid: int) -> dict[str, tuple[str, bytes]]:
    answers = {}
    for what in ANSWERS:
        response = _read(api, pid, what)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        answers[what] = (response.headers["ETag"], response.get_data())
    return answers


def _same_as_fresh(instances, pid: int, before: dict[str, tuple[str, bytes]]) -> None:
    reader = instances["reader"]
    after = _all(reader, pid)
    for what in ANSWERS:
        tag, body = after[what]
        fresh = _fresh(instances["fresh"], pid, what)
        assert _comparable(what, body) == _comparable(what, fresh), what
        assert tag != before[what][0], f"{what}: the same ETag after a change"
        # the client that holds the old answer gets the new one, never a 304
        again = _read(reader, pid, what, **{"If-None-Match": before[what][0]})
        assert again.status_code == 200 and again.get_data() == body, what
    assert _comparable("export", after["export"][1]) != _comparable("export", before["export"][1])


def test_every_kind_of_write_shows_on_the_next_read_of_another_instance(instances, world):
    writer, vendor, reader = instances["writer"], instances["vendor"], instances["reader"]
    pid = world.partnership.id
    phase = phase_in(world, "active")
    phase_id = phase.id
    db.session.commit()

    def write(api: Api, path: str, body: dict) -> dict:
        before = _all(reader, pid)  # warm the reader's cache (and the shared one)
        assert _all(reader, pid) == before  # still the same: served from the cache
        response = api.post(path, json=body)
        assert response.status_code in (200, 201), response.get_data(as_text=True)[:300]
        _same_as_fresh(instances, pid, before)
        return response.get_json()

    goal = write(
        writer,
        f"/phases/{phase_id}/goals",
        {"title": "Use React for the portal", "success_criterion": "", "priority": "must"},
    )
    directive = write(
        writer,
        f"/phases/{phase_id}/directives",
        {"text": "Use a blue button.", "channel": "chat", "adds_scope": True},
    )
    write(vendor, f"/directives/{directive['id']}/response", {"response": "accepted", "note": ""})
    commitment = write(
        vendor,
        f"/phases/{phase_id}/commitments",
        {
            "title": "Login page",
            "due_date": str(date.today() + timedelta(30)),
            "goal_id": goal["id"],
        },
    )
    write(vendor, f"/commitments/{commitment['id']}/events", {"type": "progress", "note": "Half"})
    write(writer, f"/phases/{phase_id}/close", {})
    outcomes = {str(goal["id"]): "met"}
    write(
        writer,
        f"/phases/{phase_id}/reviews",
        {"ratings": RATINGS["client"], "decision": "go", "goal_outcomes": outcomes},
    )
    write(vendor, f"/phases/{phase_id}/reviews", {"ratings": RATINGS["vendor"], "decision": "go"})
    # a decided phase still changes: its open commitments take events after the gate
    write(
        vendor,
        f"/commitments/{commitment['id']}/events",
        {"type": "delivered", "evidence": "https://ci.example/build/7"},
    )
    assert db.session.get(Partnership, pid) is not None

    # thresholds: through their service, as the thresholds page sets them
    before = _all(reader, pid)
    values = dict(DEFAULT_THRESHOLDS, directives_per_goal=1.0)
    insights.set_thresholds(world.client_lead, db.session.get(Partnership, pid), values)
    _same_as_fresh(instances, pid, before)


def test_an_import_is_read_as_imported_by_every_instance(instances, world):
    phase_in(world, "active")  # something to export, then import as a new partnership
    document = export_import.export(db.session.get(Partnership, world.partnership.id))
    response = instances["writer"].post("/import", json=document)
    assert response.status_code == 201, response.get_data(as_text=True)[:300]
    pid = response.get_json()["id"]
    for what in ANSWERS:
        body = _read(instances["reader"], pid, what).get_data()
        fresh = _fresh(instances["fresh"], pid, what)
        assert _comparable(what, body) == _comparable(what, fresh)
    exported = json.loads(_read(instances["reader"], pid, "export").get_data())
    assert [p["name"] for p in exported["phases"]] == [p["name"] for p in document["phases"]]


@pytest.mark.parametrize("what", [*ANSWERS, ""])
def test_304_for_an_unchanged_history_and_never_after_a_change(instances, world, what):
    reader, writer = instances["reader"], instances["writer"]
    pid = world.partnership.id
    path = f"/partnerships/{pid}/{what}".rstrip("/")
    first = reader.get(path)
    assert first.status_code == 200 and first.headers["ETag"]
    tag = first.headers["ETag"]
    again = reader.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b""
    assert writer.get(path, headers={"If-None-Match": tag}).status_code == 304  # other instance
    changed = writer.post(
        f"/partnerships/{pid}/phases",
        json={"name": "Next"},
    )
    assert changed.status_code == 201, changed.get_data(as_text=True)[:300]
    after = reader.get(path, headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag


def test_trust_scores_only_and_big_answers_gzipped(instances, world):
    reader = instances["reader"]
    pid = world.partnership.id
    decided = phase_in(world, "passed")
    assert decided.status == "passed"
    full = _read(reader, pid, "trust").get_json()
    scores = reader.get(f"/partnerships/{pid}/trust?evidence=0").get_json()
    assert full["partnership"]["evidence"] and "evidence" not in scores["partnership"]
    assert scores["partnership"]["score"] == full["partnership"]["score"]
    assert all("evidence" not in p["partnership"] for p in scores["phases"])
    zipped = reader.get(f"/partnerships/{pid}/trust", headers={"Accept-Encoding": "gzip"})
    if len(_read(reader, pid, "trust").get_data()) >= 4096:
        assert zipped.headers["Content-Encoding"] == "gzip"
        import gzip

        assert json.loads(gzip.decompress(zipped.get_data())) == full


def test_a_members_new_name_shows_in_the_export_read_through_another_instance(instances, world):
    reader, writer = instances["reader"], instances["writer"]
    pid = world.partnership.id
    before = _read(reader, pid, "export")
    renamed = writer.patch("/me", json={"name": "Renamed Lead"})
    assert renamed.status_code == 200, renamed.get_data(as_text=True)[:300]
    after = _read(reader, pid, "export", **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert "Renamed Lead" in after.get_data(as_text=True)
