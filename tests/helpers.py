"""Test helpers that read like the users' actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from partnership.extensions import db
from partnership.models import Member, Partnership, User, utcnow
from partnership.services import accounts, phases, reviews

PASSWORD = "correct horse battery"


def today() -> date:
    """The date the services judge lateness by, at the moment of asking: a run that crosses
    midnight (UTC) must not hold yesterday's, as a module-level constant did."""
    return utcnow().date()


def make_user(email: str, name: str | None = None, password: str = PASSWORD) -> User:
    # people already in the product: their email counts as confirmed (no confirmation mail)
    return accounts.register(email, name or email.split("@")[0].title(), password, confirmed=True)


def login(client, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def logged_in(client, email: str, password: str = PASSWORD):
    """The client, logged in (the login must succeed)."""
    response = login(client, email, password)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


RATINGS = {
    "client": {"delivery": 4, "transparency": 4, "quality": 4, "collaboration": 4},
    "vendor": {"goal_clarity": 4, "autonomy": 4, "responsiveness": 4, "scope_stability": 4},
}


def phase_in(world, status: str = "planned", name: str = "Discovery", partnership=None):
    """A phase of the world's partnership (or ``partnership``, with the world's people),
    walked through the services up to ``status``: planned, active, review, passed, stopped."""
    phase = phases.plan(world.client_lead, partnership or world.partnership, {"name": name})
    if status == "planned":
        return phase
    phases.start(world.client_lead, phase)
    if status == "active":
        return phase
    phases.close(world.client_lead, phase)
    if status == "review":
        return phase
    return decide(world, phase, "go" if status == "passed" else "no_go")


def decide(world, phase, vendor_decision: str = "go"):
    """Both leads review a phase in review: the client says go, the vendor as given."""
    outcomes = {str(g.id): "met" for g in phase.goals if g.removed_at is None}
    reviews.submit(
        world.client_lead,
        phase,
        {"ratings": RATINGS["client"], "decision": "go", "goal_outcomes": outcomes},
    )
    reviews.submit(
        world.vendor_lead, phase, {"ratings": RATINGS["vendor"], "decision": vendor_decision}
    )
    return phase


def row_counts() -> dict[str, int]:
    """Rows in every table: a refused action must leave all of them as they were."""
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
        for table in db.metadata.sorted_tables
    }


class Api:
    """A JSON client for /api/v1 that acts as a user with a fresh bearer token."""

    def __init__(self, app, user: User | None = None, token: str | None = None):
        self.app = app
        self.client = app.test_client()
        self.token = token
        if user is not None and token is None:
            _, self.token = accounts.create_token(user)

    def as_(self, user: User | None) -> Api:
        return Api(self.app, user)

    def _headers(self, headers=None):
        result = dict(headers or {})
        if self.token:
            result.setdefault("Authorization", f"Bearer {self.token}")
        return result

    def request(self, method: str, path: str, **kwargs):
        kwargs["headers"] = self._headers(kwargs.get("headers"))
        return self.client.open("/api/v1" + path, method=method, **kwargs)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def patch(self, path, **kw):
        return self.request("PATCH", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


@dataclass
class World:
    partnership: Partnership
    client_lead: User
    client_member: User
    vendor_lead: User
    vendor_member: User
    outsider: User

    @classmethod
    def build(cls, engagement: str = "fixed_price", prefix: str = "") -> World:
        users = {
            key: make_user(
                f"{prefix}{key.replace('_', '.')}@example.com", key.replace("_", " ").title()
            )
            for key in ("client_lead", "client_member", "vendor_lead", "vendor_member", "outsider")
        }
        partnership = Partnership(
            name="Order portal",
            client_name="Northwind",
            vendor_name="Acme",
            engagement=engagement,
        )
        for key in ("client_lead", "client_member", "vendor_lead", "vendor_member"):
            side, role = key.split("_")
            partnership.members.append(Member(user=users[key], side=side, role=role))
        db.session.add(partnership)
        db.session.commit()
        return cls(partnership=partnership, **users)

    def role(self, name: str) -> User:
        return getattr(self, name)
