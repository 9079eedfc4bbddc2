"""The demo partnership: a story that shows what the product is for.

Phase 1 goes well. In phase 2 the client starts prescribing and adds scope to a fixed price,
over chat and in the corridor; the vendor slips twice, once told early and once told late, and
the gate stops the phase. Phase 3 is a recovery phase under way; phase 4 is planned.

It is written as a partnership document and imported, so the demo also exercises the importer,
and its dates are relative to today so the story stays current.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from werkzeug.security import generate_password_hash

from .domain.document_validation import FORMAT
from .extensions import db
from .models import Partnership, User, utcnow
from .services import export_import, invitations

PASSWORD = "demo-password"
CLARA, CARLOS = "clara@northwind.example", "carlos@northwind.example"
VERA, VICTOR = "vera@acme-dev.example", "victor@acme-dev.example"
LOGINS = [
    (CLARA, "client lead"),
    (CARLOS, "client member"),
    (VERA, "vendor lead"),
    (VICTOR, "vendor member"),
]
NAMES = {
    CLARA: "Clara Lindqvist",
    CARLOS: "Carlos Romero",
    VERA: "Vera Okafor",
    VICTOR: "Victor Rossi",
}


def document(today: date | None = None) -> dict[str, Any]:
    today = today or datetime.now(UTC).date()

    def day(n: int) -> str:
        return (today + timedelta(days=n)).isoformat()

    def at(n: int, hour: int = 10) -> str:
        return datetime.combine(today + timedelta(days=n), time(hour), UTC).isoformat()

    def goal(key, n, title, criterion, priority="must", **extra):
        return {
            "key": key,
            "title": title,
            "success_criterion": criterion,
            "priority": priority,
            "created_by": CLARA,
            "created_at": at(n),
            **extra,
        }

    def directive(key, n, text, channel, by=CLARA, adds_scope=False, goal=None, response=None):
        item = {
            "key": key,
            "text": text,
            "channel": channel,
            "adds_scope": adds_scope,
            "created_by": by,
            "created_at": at(n),
        }
        if goal:
            item["goal"] = goal
        if response:
            kind, note, later = response
            item["response"] = {"response": kind, "note": note, "by": VERA, "at": at(n + later)}
        return item

    def commitment(key, n, title, due, events, goal=None, by=VERA):
        item = {
            "key": key,
            "title": title,
            "due_date": day(due),
            "created_by": by,
            "created_at": at(n),
            "events": events,
        }
        if goal:
            item["goal"] = goal
        return item

    def event(kind, n, by=VICTOR, hour=16, **fields):
        return {"type": kind, "by": by, "at": at(n, hour), **fields}

    discovery = {
        "key": "discovery",
        "name": "Discovery and design",
        "objective": "Agree what the portal must do for wholesale customers, and show it.",
        "planned_start": day(-125),
        "planned_end": day(-95),
        "status": "passed",
        "started_at": at(-125, 9),
        "closed_at": at(-95, 17),
        "decided_at": at(-92, 15),
        "goals": [
            goal(
                "d-g1",
                -130,
                "Wholesale customers can find any product and see their own price "
                "in under three clicks.",
                "Five customers do it unaided in usability tests.",
            ),
            goal(
                "d-g2",
                -130,
                "Orders must still reach our existing SAP system.",
                "Every test order appears in SAP within one minute.",
            ),
            goal(
                "d-g3",
                -130,
                "Customer service spends less time typing in orders from email.",
                "A clickable prototype the service team signs off.",
                "should",
            ),
        ],
        "directives": [
            directive(
                "d-d1",
                -110,
                "Customers keep asking for reorder from past orders; can the "
                "design cover that need?",
                "ticket",
                goal="d-g1",
                response=("accepted", "Added to the prototype.", 1),
            ),
            directive(
                "d-d2",
                -100,
                "Our brand guidelines were updated; please follow the new colour palette.",
                "email",
                response=("acknowledged", "", 1),
            ),
        ],
        "commitments": [
            commitment(
                "d-c1",
                -124,
                "Interview notes from eight customers",
                -112,
                [
                    event("progress", -118, note="Five interviews done."),
                    event("delivered", -113, evidence="Shared folder: /discovery/interviews"),
                ],
                goal="d-g1",
            ),
            commitment(
                "d-c2",
                -124,
                "SAP integration spike",
                -105,
                [
                    event(
                        "risk",
                        -115,
                        by=VERA,
                        note="SAP test system is only open on weekdays; "
                        "we may need your IT team's help.",
                    ),
                    event("delivered", -106, evidence="Spike report and a test order in SAP QA."),
                ],
                goal="d-g2",
            ),
            commitment(
                "d-c3",
                -124,
                "Clickable prototype",
                -97,
                [
                    event("delivered", -98, evidence="https://proto.acme-dev.example/northwind"),
                ],
                goal="d-g3",
            ),
        ],
        "reviews": [
            {
                "side": "client",
                "by": CLARA,
                "submitted_at": at(-94, 11),
                "decision": "go",
                "ratings": {"delivery": 5, "transparency": 5, "quality": 4, "collaboration": 5},
                "comment": "Clear, early warnings about SAP. Good start.",
                "goal_outcomes": {"d-g1": "met", "d-g2": "met", "d-g3": "met"},
            },
            {
                "side": "vendor",
                "by": VERA,
                "submitted_at": at(-92, 15),
                "decision": "go",
                "ratings": {
                    "goal_clarity": 5,
                    "autonomy": 5,
                    "responsiveness": 4,
                    "scope_stability": 4,
                },
                "comment": "Goals were clear and we were trusted with the how.",
            },
        ],
    }
    mvp = {
        "key": "mvp",
        "name": "Ordering MVP",
        "objective": "Customers place and pay for orders in the portal.",
        "planned_start": day(-88),
        "planned_end": day(-45),
        "status": "stopped",
        "started_at": at(-88, 9),
        "closed_at": at(-45, 17),
        "decided_at": at(-41, 16),
        "goals": [
            goal(
                "m-g1",
                -90,
                "Customers can place an order and pay by card or invoice.",
                "Ten pilot customers each place a real order.",
                revisions=[
                    {
                        "title": "Customers can place an order and pay by card.",
                        "success_criterion": "Ten pilot customers each place a real order.",
                        "priority": "must",
                        "replaced_by": CLARA,
                        "replaced_at": at(-70),
                    }
                ],
            ),
            goal(
                "m-g2",
                -90,
                "Card payments must meet PCI DSS.",
                "The payment provider's PCI attestation covers the flow.",
            ),
            goal(
                "m-g3",
                -75,
                "Use Redux for the state and put every API call in a saga.",
                "",
                "should",
            ),
            goal(
                "m-g4",
                -66,
                "Customers can download every invoice as a PDF.",
                "All invoices since January are downloadable.",
                "must",
            ),
            goal(
                "m-g5",
                -90,
                "Show stock levels on every product page.",
                "",
                "could",
                removed_by=CLARA,
                removed_at=at(-60),
            ),
        ],
        "directives": [
            directive(
                "m-d1",
                -80,
                "Send me an update every two hours until the checkout works.",
                "chat",
                response=("acknowledged", "We will post a daily summary instead.", 0),
            ),
            directive(
                "m-d2",
                -79,
                "Have Marco do the backend, not the junior.",
                "direct",
                by=CARLOS,
                response=(
                    "declined",
                    "Staffing is ours to plan; Marco reviews all backend work.",
                    1,
                ),
            ),
            directive(
                "m-d3",
                -78,
                "Use PostgreSQL, it's better than what you proposed.",
                "call",
                response=("accepted", "", 1),
            ),
            directive(
                "m-d4",
                -76,
                "Also add invoice PDF download to this phase.",
                "chat",
                adds_scope=True,
                goal="m-g4",
                response=("accepted", "", 1),
            ),
            directive(
                "m-d5",
                -75,
                "Do the payment page first, then the cart.",
                "direct",
                by=CARLOS,
                response=("acknowledged", "", 1),
            ),
            directive(
                "m-d6",
                -74,
                "Customers also need to pay by invoice, not only card.",
                "email",
                adds_scope=True,
                goal="m-g1",
                response=("accepted_replanned", "Adds one week; new date agreed.", 1),
            ),
            directive(
                "m-d7",
                -73,
                "Work on Saturday this week so we catch up.",
                "chat",
                by=CARLOS,
                response=("declined", "We keep a sustainable pace.", 0),
            ),
            directive(
                "m-d8",
                -72,
                "The cart must keep items for logged-in customers between visits.",
                "ticket",
                goal="m-g1",
                response=("accepted", "", 1),
            ),
        ],
        "commitments": [
            commitment(
                "m-c1",
                -87,
                "Product catalogue with customer prices",
                -70,
                [
                    event("progress", -78, note="Price rules done."),
                    event("delivered", -71, evidence="Release 0.3 on staging."),
                ],
                goal="m-g1",
            ),
            commitment(
                "m-c2",
                -87,
                "Cart and checkout",
                -60,
                [
                    event("risk", -72, by=VERA, note="Invoice payment doubles the checkout work."),
                    event(
                        "slip",
                        -68,
                        by=VERA,
                        new_due_date=day(-52),
                        note="Invoice payment added on day 14; replanned with the client.",
                    ),
                    event("delivered", -53, evidence="Release 0.5 on staging."),
                ],
                goal="m-g1",
            ),
            commitment(
                "m-c3",
                -87,
                "Card payments through the provider",
                -58,
                [
                    event("delivered", -59, evidence="PCI attestation and test transactions."),
                ],
                goal="m-g2",
            ),
            commitment(
                "m-c4",
                -76,
                "Invoice PDF download",
                -55,
                [
                    event(
                        "slip",
                        -50,
                        new_due_date=day(-44),
                        note="PDF library licence issue found late.",
                    ),
                    event("delivered", -44, evidence="Release 0.6."),
                ],
                goal="m-g4",
            ),
            commitment(
                "m-c5",
                -80,
                "Redux state refactor",
                -54,
                [
                    event("dropped", -48, by=VERA, note="Dropped: no user benefit in this phase."),
                ],
                goal="m-g3",
            ),
        ],
        "reviews": [
            {
                "side": "client",
                "by": CLARA,
                "submitted_at": at(-43, 10),
                "decision": "go_with_conditions",
                "conditions": "Invoice PDFs in production within two weeks.",
                "ratings": {"delivery": 3, "transparency": 2, "quality": 4, "collaboration": 3},
                "comment": "The PDF slip surprised us.",
                "goal_outcomes": {
                    "m-g1": "met",
                    "m-g2": "met",
                    "m-g3": "missed",
                    "m-g4": "partly_met",
                },
            },
            {
                "side": "vendor",
                "by": VERA,
                "submitted_at": at(-41, 16),
                "decision": "no_go",
                "ratings": {
                    "goal_clarity": 3,
                    "autonomy": 2,
                    "responsiveness": 4,
                    "scope_stability": 1,
                },
                "comment": "Scope grew by two goals on a fixed price, requests came by chat and "
                "in the corridor, and staffing was dictated. We need to reset.",
            },
        ],
    }
    recovery = {
        "key": "recovery",
        "name": "Recovery: tracking and reorder",
        "objective": "Reset the way we work: goals as outcomes, requests as tickets, "
        "and finish what the MVP left open.",
        "planned_start": day(-35),
        "planned_end": day(10),
        "status": "active",
        "started_at": at(-35, 9),
        "goals": [
            goal(
                "r-g1",
                -37,
                "Customers can track each order from payment to delivery.",
                "Support calls about order status fall by half.",
            ),
            goal(
                "r-g2",
                -37,
                "Customers can reorder a past order in one step.",
                "A third of pilot orders use reorder.",
                "should",
            ),
            goal(
                "r-g3",
                -37,
                "Delivery data must stay in EU data centres, as GDPR requires.",
                "The hosting contract names EU regions only.",
            ),
        ],
        "directives": [
            directive(
                "r-d1",
                -20,
                "Pilot customers find the tracking page hard to find; can "
                "you make it easier to reach?",
                "ticket",
                goal="r-g1",
                response=("accepted", "Link added to the order confirmation.", 2),
            ),
            directive(
                "r-d2",
                -6,
                "Our carrier changes its API next month; tracking must "
                "keep working after the switch.",
                "ticket",
                goal="r-g1",
            ),
        ],
        "commitments": [
            commitment(
                "r-c1",
                -34,
                "Order tracking page",
                -12,
                [
                    event("progress", -25, note="Carrier events flowing in."),
                    event("delivered", -13, evidence="Release 0.8 in production."),
                ],
                goal="r-g1",
            ),
            commitment(
                "r-c2",
                -34,
                "Reorder from order history",
                4,
                [
                    event("progress", -8, note="Design approved; build started."),
                    event(
                        "risk",
                        -5,
                        by=VERA,
                        note="Discontinued products need a rule: skip or "
                        "suggest a replacement? We will propose one by Friday.",
                    ),
                ],
                goal="r-g2",
            ),
            commitment(
                "r-c3",
                -30,
                "Hosting moved to EU regions",
                -3,
                [
                    event(
                        "slip",
                        -9,
                        by=VERA,
                        new_due_date=day(2),
                        note="Provider migration window moved; told the client the same day.",
                    ),
                ],
                goal="r-g3",
            ),
        ],
        "reviews": [],
    }
    launch = {
        "key": "launch",
        "name": "Launch and handover",
        "objective": "All wholesale customers order in the portal; Northwind runs it.",
        "planned_start": day(12),
        "planned_end": day(40),
        "status": "planned",
        "goals": [
            goal(
                "l-g1",
                -3,
                "All wholesale customers can order in the portal.",
                "Email orders fall below 5% of the total.",
            )
        ],
        "directives": [],
        "commitments": [],
        "reviews": [],
    }
    return {
        "format": FORMAT,
        "partnership": {
            "name": "Northwind order portal",
            "client_name": "Northwind Traders",
            "vendor_name": "Acme Software",
            "engagement": "fixed_price",
            "description": "A self-service portal where Northwind's wholesale customers place "
            "and track orders, replacing orders by email and phone.",
            "created_at": at(-135, 9),
        },
        "members": [
            {"email": email, "name": NAMES[email], "side": role.split()[0], "role": role.split()[1]}
            for email, role in LOGINS
        ],
        "phases": [discovery, mvp, recovery, launch],
    }


def load() -> Partnership:
    hashed = generate_password_hash(PASSWORD)
    for email, _role in LOGINS:
        user = db.session.query(User).filter_by(email=email).one_or_none()
        if user is None:
            db.session.add(
                User(
                    email=email,
                    name=NAMES[email],
                    password_hash=hashed,
                    language="en",
                    email_confirmed_at=utcnow(),
                )
            )
    db.session.commit()
    clara = db.session.query(User).filter_by(email=CLARA).one()
    partnership = export_import.import_document(clara, document())
    # The demo's people are invited like anyone named in an import, and say yes at once.
    for invitation in list(partnership.invitations):
        invitations.accept(invitation.user, invitation.id)
    return partnership
