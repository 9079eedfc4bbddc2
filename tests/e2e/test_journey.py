"""The real journey in a real browser: from registering to a gate decision and the dashboard.

Two people, each in their own browser context: a client lead who registers and creates the
partnership, and a vendor lead who registers and is added as the other side's first lead.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from .conftest import screenshot, serious_violations

pytestmark = pytest.mark.e2e
PASSWORD = "a long enough password"


def register(page, name: str, email: str) -> None:
    page.goto("/register")
    page.fill("#name", name)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def open_panel(page, summary: str) -> None:
    """The phase page keeps its forms folded under a summary button."""
    page.click(f"summary:has-text('{summary}')")


@pytest.fixture
def people(browser, live_server):
    contexts = [
        browser.new_context(
            base_url=live_server, viewport={"width": 1280, "height": 900}, bypass_csp=True
        )
        for _ in range(2)
    ]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def test_two_leads_run_a_phase_from_plan_to_gate_and_see_it_on_the_dashboard(people):
    client, vendor = people
    tag = uuid.uuid4().hex[:6]
    client_email, vendor_email = f"ines.{tag}@client.example", f"omar.{tag}@vendor.example"
    register(vendor, "Omar Vendor", vendor_email)
    register(client, "Ines Client", client_email)

    # The client lead creates the partnership and adds the vendor's first lead.
    client.click("text=My partnerships")
    client.click("text=New partnership")
    client.fill("#name", f"Clinic booking {tag}")
    client.fill("#client_name", "City Clinic")
    client.fill("#vendor_name", "Omar Software")
    client.check("input[name=engagement][value=fixed_price]")
    client.check("input[name=side][value=client]")
    client.click("main button[type=submit]")
    assert client.locator("h1").inner_text() == f"Clinic booking {tag}"
    client.click("summary:has-text('Add a member')")
    client.fill("#email", vendor_email)
    client.check("input[name=side][value=vendor]")
    client.check("input[name=role][value=lead]")
    client.click("button:has-text('Add member')")
    assert "Omar Vendor" in client.inner_text("main")
    partnership_url = client.url

    # Plan a phase and start it.
    client.click("summary:has-text('Plan a phase')")
    client.fill("#plan-name", "Online booking")
    client.fill("#plan-objective", "Patients book their own appointments.")
    client.fill("#plan-planned_start", date.today().isoformat())
    client.fill("#plan-planned_end", (date.today() + timedelta(days=30)).isoformat())
    client.click("button:has-text('Plan the phase')")
    assert "Online booking" in client.locator("h1").inner_text()  # the new phase's page
    phase_url = client.url

    # Writing a prescriptive goal shows the hint while typing, before saving.
    open_panel(client, "Add a goal")
    client.fill("#goal-title", "Use React and Redux for the booking screens")
    hint = client.locator("[data-hint-for] >> text=prescriptive")
    hint.wait_for()
    assert "Redux" in client.inner_text("[data-hint-for]")
    client.fill("#goal-title", "Patients can book an appointment in under two minutes")
    client.wait_for_selector("[data-hint-for] >> text=outcome")
    client.click("button:has-text('Add the goal')")
    assert "Patients can book" in client.inner_text("#goals-heading + *")
    # The page's own scripts, which open the dialog, run at its end: a click before they have
    # run opens the confirmation page instead (what a browser without scripts gets).
    client.wait_for_load_state()
    client.click("a:has-text('Start the phase')")  # it asks first, in a dialog
    client.click("dialog button:has-text('Start the phase')")
    client.wait_for_load_state()
    assert "active" in client.inner_text("h1")

    # The client sends a directive; the vendor logs a commitment and a slip told early.
    open_panel(client, "Send a directive")
    client.fill("#directive-text", "Send me an update every two hours")
    client.select_option("#directive-channel", "chat")
    client.click("button:has-text('Send the directive')")
    assert "prescriptive" in client.inner_text("#directives-heading ~ article")

    vendor.goto(phase_url)
    open_panel(vendor, "Add a commitment")
    vendor.fill("#commitment-title", "Booking screen on staging")
    vendor.fill("#commitment-due_date", (date.today() + timedelta(days=10)).isoformat())
    vendor.click("button:has-text('Add the commitment')")
    open_panel(vendor, "Log progress, a risk")
    event_type = vendor.locator("select[id^='event-'][id$='-type']").first
    event_type.select_option("slip")
    vendor.locator("textarea[id^='event-'][id$='-note']").first.fill(
        "The calendar API needs a new licence."
    )
    vendor.locator("input[id^='event-'][id$='-new_due_date']").first.fill(
        (date.today() + timedelta(days=15)).isoformat()
    )
    vendor.click("button:has-text('Log it')")
    assert "told in advance" in vendor.inner_text("#commitments-heading ~ article")

    # Close the phase; both leads review; the gate decides.
    client.goto(phase_url)
    client.click("a:has-text('Close for review')")
    client.click("dialog button:has-text('Close it for review')")
    client.wait_for_load_state()
    for select in client.locator("select[id^='review-rating_']").all():
        select.select_option("4")
    for select in client.locator("select[id^='review-outcome_']").all():
        select.select_option("met")
    client.select_option("#review-decision", "go")
    client.click("button:has-text('Submit the review')")
    client.click("button:has-text('Submit the review')")  # the summary, confirmed
    vendor.goto(phase_url)
    for select in vendor.locator("select[id^='review-rating_']").all():
        select.select_option("3")
    vendor.select_option("#review-decision", "go")
    vendor.click("button:has-text('Submit the review')")
    assert "the phase passes" in vendor.inner_text("main")  # the summary says what the gate does
    vendor.click("button:has-text('Submit the review')")
    assert "Gate: passed" in vendor.inner_text("main")
    screenshot(vendor, "phase-passed")

    # The dashboard draws its charts.
    client.goto(partnership_url)
    client.click("a:has-text('Dashboard')")
    client.wait_for_selector(".chart svg")
    for chart in client.locator(".chart").all():
        assert chart.locator("svg").count() > 0
    assert "PRESCRIPTIVE_GOAL" not in client.inner_text("main")  # the goal was restated
    screenshot(client, "journey-dashboard")
    assert serious_violations(client) == []
