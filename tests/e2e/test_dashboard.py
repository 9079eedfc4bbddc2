"""The demo partnership's dashboard in a real browser: charts drawn, no serious a11y issue."""

from __future__ import annotations

import pytest

from .conftest import log_in, screenshot, serious_violations

pytestmark = pytest.mark.e2e

CLARA = "clara@northwind.example"


def open_dashboard(page):
    log_in(page, CLARA)
    page.goto("/partnerships")
    page.click("text=Northwind order portal")
    page.click("text=Dashboard")
    page.wait_for_selector(".chart svg")


def test_the_dashboard_draws_every_chart_from_local_assets(page):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_dashboard(page)
    charts = page.locator(".chart")
    assert charts.count() == 4
    for index in range(charts.count()):
        assert charts.nth(index).locator("svg").count() > 0
    assert page.console_errors == []
    base = page.url.split("/partnerships")[0]
    assert all(url.startswith(base) or url.startswith("data:") for url in requests)
    screenshot(page, "dashboard")


def test_the_dashboard_tells_the_demo_story(page):
    open_dashboard(page)
    text = page.text_content("main")
    for name in ("Slips told too late", "Scope added to a fixed price", "Disagreement at the gate"):
        assert name in text
    assert "stopped" in text and "passed" in text


def test_every_chart_has_its_table(page):
    open_dashboard(page)
    assert page.locator("details.figures table").count() == 4


def test_the_dashboard_on_a_phone_has_no_horizontal_scroll(page):
    page.set_viewport_size({"width": 390, "height": 844})
    open_dashboard(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "dashboard-phone")


def test_explaining_a_score_lists_its_evidence(page):
    open_dashboard(page)
    page.click("text=Why: >> nth=0")
    assert page.locator("table tbody tr").count() > 5
    assert "delivered" in page.inner_text("table")


VERA = "vera@acme-dev.example"


@pytest.mark.parametrize(
    "who, path",
    [
        (CLARA, "/inbox"),
        (CLARA, "/partnerships"),
        (CLARA, "/partnerships/new"),
        (CLARA, "/partnerships/1"),
        (CLARA, "/partnerships/1/dashboard"),
        (CLARA, "/partnerships/1/trust/vendor_reliability"),
        (CLARA, "/partnerships/1/thresholds"),
        (CLARA, "/partnerships/1/audit"),
        (CLARA, "/partnerships/1/webhooks"),
        (CLARA, "/phases/2"),
        (CLARA, "/phases/3"),
        (CLARA, "/phases/4/edit"),
        (CLARA, "/import"),
        (CLARA, "/account/"),
        (VERA, "/inbox"),
        (VERA, "/phases/3"),
    ],
)
def test_pages_and_their_forms_have_no_serious_accessibility_violation(page, who, path):
    log_in(page, who)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert serious_violations(page) == []


def test_the_login_and_register_pages_have_no_serious_accessibility_violation(page):
    for path in ("/login", "/register", "/"):
        page.goto(path)
        assert serious_violations(page) == []
