"""My partnerships side by side: trust both ways, flags, what waits; sorted so trouble is first."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from partnership.domain.dashboard import current_phase
from partnership.extensions import db
from partnership.models import Member, Partnership
from partnership.services import commitments, derived, history, partnerships, reviews

from ..helpers import RATINGS, login, phase_in, today


def text(response) -> str:
    return html.unescape(re.sub(r"</?bdi>", "", response.get_data(as_text=True)))


@pytest.fixture
def lead(app, world):
    client = app.test_client()
    assert login(client, world.client_lead.email).status_code == 302
    return client


def another(world, name: str) -> Partnership:
    """A partnership of the world's four people, named ``name``."""
    made = Partnership(
        name=name, client_name="Northwind", vendor_name="Acme", engagement="fixed_price"
    )
    for user, side, role in (
        (world.client_lead, "client", "lead"),
        (world.client_member, "client", "member"),
        (world.vendor_lead, "vendor", "lead"),
        (world.vendor_member, "vendor", "member"),
    ):
        made.members.append(Member(user=user, side=side, role=role))
    db.session.add(made)
    db.session.commit()
    return made


def in_trouble(world, partnership: Partnership) -> None:
    """A stopped phase with a slip told after the date had passed: a high flag."""
    phase = phase_in(world, "active", "Troubled", partnership=partnership)
    promised = commitments.add(world.vendor_lead, phase, {"title": "Checkout", "due_date": today()})
    event_ = commitments.log_event(
        world.vendor_lead,
        promised,
        {"type": "slip", "note": "Late", "new_due_date": today() + timedelta(days=9)},
    )
    event_.at = event_.at + timedelta(days=3)  # told three days after the date had passed
    db.session.commit()


def healthy(world, partnership: Partnership) -> None:
    phase = phase_in(world, "review", "Healthy", partnership=partnership)
    reviews.submit(
        world.client_lead,
        phase,
        {"ratings": {c: 5 for c in RATINGS["client"]}, "decision": "go", "goal_outcomes": {}},
    )
    reviews.submit(
        world.vendor_lead, phase, {"ratings": {c: 5 for c in RATINGS["vendor"]}, "decision": "go"}
    )


def names_in_order(response) -> list[str]:
    return re.findall(
        r'<th scope="row"[^>]*>\s*<a class="fw-semibold" href="[^"]+">([^<]+)</a>', text(response)
    )


def test_the_partnership_in_trouble_comes_first_with_its_figures(world, lead):
    healthy(world, world.partnership)
    troubled = another(world, "Warehouse app")
    in_trouble(world, troubled)
    another(world, "Brand new")
    answer = lead.get("/partnerships")
    assert names_in_order(answer) == ["Warehouse app", "Order portal", "Brand new"]
    words = text(answer)
    assert "1 high" in words and "not enough evidence yet" in words
    assert "Vendor reliability" in words and "Client trust-giving" in words


def test_sorting_by_a_score_puts_the_lowest_first_and_no_evidence_last(world, lead):
    healthy(world, world.partnership)
    in_trouble(world, another(world, "Warehouse app"))
    another(world, "Brand new")
    ordered = names_in_order(lead.get("/partnerships?sort=vendor_reliability"))
    assert ordered == ["Warehouse app", "Order portal", "Brand new"]
    reversed_ = names_in_order(lead.get("/partnerships?sort=vendor_reliability&order=reverse"))
    assert reversed_ == ["Brand new", "Order portal", "Warehouse app"]
    answer = text(lead.get("/partnerships?sort=vendor_reliability"))
    assert 'aria-sort="ascending"' in answer


def test_sorting_by_name_and_by_age(world, lead):
    another(world, "alpha")
    another(world, "Zulu")
    assert names_in_order(lead.get("/partnerships?sort=name")) == ["alpha", "Order portal", "Zulu"]
    assert names_in_order(lead.get("/partnerships?sort=recent")) == [
        "Zulu",
        "alpha",
        "Order portal",
    ]


def test_what_waits_for_me_is_counted_per_partnership(world, lead):
    phase_in(world, "review")  # a review for the client lead to submit
    assert re.search(r"1 item", text(lead.get("/partnerships?sort=waiting")))


def test_an_unknown_sort_is_the_default_and_a_page_past_the_end_is_the_last(world, lead):
    for n in range(22):
        another(world, f"Venture {n:02d}")
    assert lead.get("/partnerships?sort=nonsense%00").status_code == 200
    for sort in ("attention", "name"):
        first = names_in_order(lead.get(f"/partnerships?sort={sort}"))
        second = names_in_order(lead.get(f"/partnerships?sort={sort}&page=2"))
        beyond = names_in_order(lead.get(f"/partnerships?sort={sort}&page=99999999"))
        assert len(first) == 20 and len(second) == 3 and beyond == second
        assert not set(first) & set(second)


def test_only_my_partnerships_are_listed(app, world):
    partnerships.create(
        world.outsider,
        {
            "name": "Secret",
            "client_name": "A",
            "vendor_name": "B",
            "engagement": "fixed_price",
            "side": "client",
        },
    )
    client = app.test_client()
    login(client, world.client_member.email)
    assert names_in_order(client.get("/partnerships")) == ["Order portal"]


def _queries(client, path: str) -> int:
    """The queries of a page read with nothing kept in the process (the phases' items read
    before are kept: ``services/history.py``), the most it can take."""
    seen = []

    def counted(*_args):
        seen.append(1)

    derived.forget_local()
    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    return len(seen)


@pytest.mark.parametrize("sort", ["attention", "vendor_reliability", "name"])
def test_the_page_takes_the_same_queries_for_two_partnerships_or_seven(world, lead, sort):
    healthy(world, world.partnership)
    in_trouble(world, another(world, "Warehouse app"))
    few = _queries(lead, f"/partnerships?sort={sort}")
    for n in range(5):
        healthy(world, another(world, f"Venture {n}"))
    assert _queries(lead, f"/partnerships?sort={sort}") == few


def test_histories_loaded_together_are_the_histories_loaded_alone(world):
    healthy(world, world.partnership)
    troubled = another(world, "Warehouse app")
    in_trouble(world, troubled)
    together = history.load_many([world.partnership.id, troubled.id, 999999])
    assert set(together) == {world.partnership.id, troubled.id}
    assert together[troubled.id] == history.load(troubled)
    assert together[world.partnership.id] == history.load(world.partnership)


def test_the_current_phase_is_the_open_one_else_the_latest_started(world):
    healthy(world, world.partnership)
    loaded = history.load(world.partnership)
    assert current_phase(loaded).name == "Healthy"
    phase_in(world, name="Later")
    assert current_phase(history.load(world.partnership)).name == "Healthy"
