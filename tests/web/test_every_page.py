"""Every page a member can open answers, for each side and role, in English and in Arabic.

The demo partnership (a passed, a stopped, an active and two planned phases, with goals,
directives, commitments and reviews) is walked through every GET route of the pages, with
each route's ids filled from it. A page may refuse (403), send elsewhere (302/303) or not
find what its role may not see (404); it must never fail (5xx). A lead's page with two
planned phases once failed this way, drawing its move buttons.
"""

from __future__ import annotations

import pytest

from partnership import demo
from partnership.extensions import db
from partnership.models import Goal, Member, Phase, User
from partnership.services import phases

from ..helpers import logged_in

SKIPPED = ("/api/", "/static/", "/bootstrap/", "/vendor/")
# Routes reached by a link in an email, by a token in the path: their own tests open them.
BY_TOKEN = {"token"}


def _ids(partnership) -> dict[str, list]:
    phase_ids = list(
        db.session.scalars(db.select(Phase.id).where(Phase.partnership == partnership))
    )
    goal_ids = list(db.session.scalars(db.select(Goal.id).where(Goal.phase_id.in_(phase_ids))))
    return {
        "partnership_id": [partnership.id],
        "phase_id": phase_ids,
        "goal_id": goal_ids[::3],  # goals of every phase; one in three is enough
        "member_id": [m.id for m in partnership.members],
        "direction": ["vendor_reliability", "client_trust_giving", "partnership"],
    }


def _paths(app, ids) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(SKIPPED):
            continue
        if rule.arguments & BY_TOKEN or not rule.arguments <= ids.keys():
            continue
        values = [{}]
        for name in sorted(rule.arguments):
            values = [dict(v, **{name: x}) for v in values for x in ids[name]]
        for v in values:
            with app.test_request_context():
                paths.append(app.url_for(rule.endpoint, **v))
    return sorted(set(paths))


@pytest.mark.parametrize(
    ("email", "language"),
    [
        (demo.CLARA, "en"),
        (demo.CARLOS, "en"),
        (demo.VERA, "en"),
        (demo.VICTOR, "en"),
        (demo.CLARA, "ar"),
        (demo.VERA, "ar"),
    ],
)
def test_every_page_answers_each_member_without_failing(app, email, language):
    partnership = demo.load()
    clara = db.session.scalars(db.select(User).filter_by(email=demo.CLARA)).one()
    phases.plan(clara, partnership, {"name": "Hardening"})  # two planned phases: move buttons
    person = db.session.scalars(db.select(User).filter_by(email=email)).one()
    person.language = language
    db.session.commit()
    ids = _ids(partnership)
    paths = _paths(app, ids)
    assert len(paths) > 40, paths

    browser = logged_in(app.test_client(), email, demo.PASSWORD)
    answers = {path: browser.get(path).status_code for path in paths}
    failed = {path: status for path, status in answers.items() if status >= 500}
    assert not failed, failed
    # the pages every member reads open for every member
    member = db.session.scalars(db.select(Member).filter_by(user=person)).one()
    for path in (
        f"/partnerships/{partnership.id}",
        f"/partnerships/{partnership.id}/dashboard",
        *(f"/phases/{i}" for i in ids["phase_id"]),
    ):
        assert answers[path] == 200, (member.side, member.role, path)
