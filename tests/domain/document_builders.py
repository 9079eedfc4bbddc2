"""Builders of partnership documents ("partnership-tracker/1") for tests.

``valid_document()`` is a small but complete history: a passed discovery phase (a goal edited
and one removed, directives answered, commitments that progressed, slipped, were delivered and
dropped, both reviews), an active build phase, and a planned rollout. Times use several offsets
on purpose, so that comparisons must be made between instants, not strings.
"""

from __future__ import annotations

from typing import Any

CLIENT_LEAD = "ana.lima@northwind.example"
CLIENT_MEMBER = "carl.berg@northwind.example"
VENDOR_LEAD = "vera.rossi@acme-dev.example"
VENDOR_MEMBER = "omar.haddad@acme-dev.example"

CLIENT_RATINGS = {"delivery": 4, "transparency": 5, "quality": 4, "collaboration": 4}
VENDOR_RATINGS = {"goal_clarity": 4, "autonomy": 3, "responsiveness": 5, "scope_stability": 3}


def valid_document() -> dict[str, Any]:
    """A fresh, valid document each call: tests may change it freely."""
    return {
        "format": "partnership-tracker/1",
        "exported_at": "2026-03-02T08:00:00Z",
        "partnership": {
            "name": "Reporting platform renewal",
            "client_name": "Northwind Logistics",
            "vendor_name": "Acme Development",
            "engagement": "fixed_price",
            "description": "Replace the legacy reporting stack in three phases.",
            "created_at": "2025-12-15T14:00:00+01:00",
            "thresholds": {"directives_per_goal": 3, "silent_days": 10.5},
        },
        "members": [
            {"email": CLIENT_LEAD, "name": "Ana Lima", "side": "client", "role": "lead"},
            {"email": CLIENT_MEMBER, "name": "Carl Berg", "side": "client", "role": "member"},
            {"email": VENDOR_LEAD, "name": "Vera Rossi", "side": "vendor", "role": "lead"},
            {"email": VENDOR_MEMBER, "name": "Omar Haddad", "side": "vendor", "role": "member"},
        ],
        "phases": [_discovery(), _build(), _rollout()],
    }


def _discovery() -> dict[str, Any]:
    return {
        "key": "phase-discovery",
        "name": "Discovery",
        "objective": "Know every report we run today and what replaces it.",
        "planned_start": "2026-01-05",
        "planned_end": "2026-02-13",
        "status": "passed",
        "started_at": "2026-01-05T09:00:00+01:00",
        "closed_at": "2026-02-13T17:00:00+01:00",
        "decided_at": "2026-02-16T10:30:00Z",
        "goals": [
            {
                "key": "goal-inventory",
                "title": "Every legacy report has an owner and a decision: keep, merge or retire",
                "success_criterion": "The inventory lists all 140 reports with owner and decision",
                "priority": "must",
                "created_by": CLIENT_LEAD,
                "created_at": "2026-01-02T10:00:00+01:00",
                "revisions": [
                    {
                        "title": "List the legacy reports",
                        "success_criterion": "",
                        "priority": "should",
                        "replaced_by": CLIENT_LEAD,
                        "replaced_at": "2026-01-08T11:00:00+01:00",
                    },
                    {
                        "title": "Every legacy report has an owner",
                        "priority": "must",
                        "replaced_by": CLIENT_LEAD,
                        "replaced_at": "2026-01-09T08:15:00Z",
                    },
                ],
            },
            {
                "key": "goal-latency",
                "title": "Month-end reports are ready by 8:00 on the first working day",
                "success_criterion": "Three month-ends in a row without a late report",
                "priority": "must",
                "created_by": CLIENT_LEAD,
                "created_at": "2026-01-02T10:05:00+01:00",
            },
            {
                "key": "goal-dashboard",
                "title": "Managers see delivery delays on one page",
                "priority": "could",
                "created_by": CLIENT_LEAD,
                "created_at": "2026-01-02T10:10:00+01:00",
                "removed_by": CLIENT_LEAD,
                "removed_at": "2026-01-20T16:00:00+01:00",
            },
        ],
        "directives": [
            {
                "key": "dir-inventory-meeting",
                "text": "Please walk us through the inventory in the weekly meeting.",
                "channel": "meeting",
                "adds_scope": False,
                "goal": "goal-inventory",
                "created_by": CLIENT_MEMBER,
                "created_at": "2026-01-12T10:00:00+01:00",
                "response": {
                    "response": "acknowledged",
                    "note": "On the agenda for Thursday.",
                    "by": VENDOR_LEAD,
                    "at": "2026-01-12T11:30:00+01:00",
                },
            },
            {
                "key": "dir-redis",
                "text": "Use Redis for the report cache.",
                "channel": "chat",
                "adds_scope": False,
                "created_by": CLIENT_LEAD,
                "created_at": "2026-01-14T15:00:00+01:00",
                "response": {
                    "response": "declined",
                    "note": "The cache is not the bottleneck; we will share the profile.",
                    "by": VENDOR_MEMBER,
                    "at": "2026-01-15T09:00:00+01:00",
                },
            },
            {
                "key": "dir-mobile",
                "text": "Also cover the reports the mobile app sends.",
                "channel": "email",
                "adds_scope": True,
                "goal": "goal-inventory",
                "created_by": CLIENT_LEAD,
                "created_at": "2026-01-19T09:00:00+01:00",
                "response": {
                    "response": "accepted_replanned",
                    "note": "Accepted; the inventory moves to 30 January.",
                    "by": VENDOR_LEAD,
                    "at": "2026-01-19T12:00:00+01:00",
                },
            },
        ],
        "commitments": [
            {
                "key": "com-inventory",
                "title": "Report inventory with owners",
                "goal": "goal-inventory",
                "due_date": "2026-01-23",
                "created_by": VENDOR_LEAD,
                "created_at": "2026-01-06T10:00:00+01:00",
                "events": [
                    {
                        "type": "progress",
                        "by": VENDOR_MEMBER,
                        "at": "2026-01-13T17:00:00+01:00",
                        "note": "90 of 140 reports listed.",
                    },
                    {
                        "type": "risk",
                        "by": VENDOR_LEAD,
                        "at": "2026-01-16T10:00:00+01:00",
                        "note": "Finance owners are on holiday until the 26th.",
                    },
                    {
                        "type": "slip",
                        "by": VENDOR_LEAD,
                        "at": "2026-01-19T12:05:00+01:00",
                        "note": "Mobile reports added to scope.",
                        "new_due_date": "2026-01-30",
                    },
                    {
                        "type": "delivered",
                        "by": VENDOR_MEMBER,
                        "at": "2026-01-29T16:00:00+01:00",
                        "evidence": "https://wiki.acme-dev.example/northwind/inventory",
                    },
                ],
            },
            {
                "key": "com-latency",
                "title": "Profile of the month-end run",
                "goal": "goal-latency",
                "due_date": "2026-02-06",
                "created_by": VENDOR_MEMBER,
                "created_at": "2026-01-06T10:30:00+01:00",
                "events": [
                    {
                        "type": "progress",
                        "by": VENDOR_MEMBER,
                        "at": "2026-01-27T09:00:00Z",
                        "note": "Profiled the January run.",
                    },
                    {
                        "type": "delivered",
                        "by": VENDOR_MEMBER,
                        "at": "2026-02-05T18:00:00+01:00",
                        "evidence": "Profile attached to ticket NW-212.",
                    },
                ],
            },
            {
                "key": "com-dashboard",
                "title": "Delay dashboard mock-up",
                "goal": "goal-dashboard",
                "due_date": "2026-01-30",
                "created_by": VENDOR_LEAD,
                "created_at": "2026-01-07T09:00:00+01:00",
                "events": [
                    {
                        "type": "dropped",
                        "by": VENDOR_LEAD,
                        "at": "2026-01-20T17:00:00+01:00",
                        "note": "The client removed the goal.",
                    },
                ],
            },
        ],
        "reviews": [
            {
                "side": "client",
                "by": CLIENT_LEAD,
                "submitted_at": "2026-02-14T10:00:00+01:00",
                "ratings": dict(CLIENT_RATINGS),
                "decision": "go_with_conditions",
                "conditions": "Month-end profile findings are planned into Build.",
                "comment": "Open about the slip, early.",
                "goal_outcomes": {"goal-inventory": "met", "goal-latency": "partly_met"},
            },
            {
                "side": "vendor",
                "by": VENDOR_LEAD,
                "submitted_at": "2026-02-16T10:30:00Z",
                "ratings": dict(VENDOR_RATINGS),
                "decision": "go",
                "comment": "Clear goals; one late scope addition, replanned together.",
            },
        ],
    }


def _build() -> dict[str, Any]:
    return {
        "key": "phase-build",
        "name": "Build",
        "objective": "Month-end reports from the new platform.",
        "planned_start": "2026-02-17",
        "planned_end": "2026-04-10",
        "status": "active",
        "started_at": "2026-02-17T09:00:00+01:00",
        "goals": [
            {
                "key": "goal-month-end",
                "title": "Finance closes the month from the new reports",
                "success_criterion": "February close done without the legacy system",
                "priority": "must",
                "created_by": CLIENT_LEAD,
                "created_at": "2026-02-16T12:00:00+01:00",
            },
            {
                "key": "goal-export",
                "title": "Auditors can export any report as CSV",
                "priority": "should",
                "created_by": CLIENT_LEAD,
                "created_at": "2026-02-24T09:00:00+01:00",
            },
        ],
        "directives": [
            {
                "key": "dir-daily-update",
                "text": "Send me an update every evening.",
                "channel": "direct",
                "adds_scope": False,
                "created_by": CLIENT_MEMBER,
                "created_at": "2026-02-25T18:00:00+01:00",
            },
        ],
        "commitments": [
            {
                "key": "com-month-end",
                "title": "Month-end pipeline on the new platform",
                "goal": "goal-month-end",
                "due_date": "2026-03-20",
                "created_by": VENDOR_LEAD,
                "created_at": "2026-02-17T11:00:00+01:00",
                "events": [
                    {
                        "type": "progress",
                        "by": VENDOR_MEMBER,
                        "at": "2026-02-27T16:00:00+01:00",
                        "note": "Ledger extracts run nightly.",
                    },
                ],
            },
        ],
        "reviews": [],
    }


def _rollout() -> dict[str, Any]:
    return {
        "key": "phase-rollout",
        "name": "Rollout",
        "planned_start": "2026-04-13",
        "planned_end": "2026-05-29",
        "status": "planned",
        "goals": [],
        "directives": [],
        "commitments": [],
        "reviews": [],
    }
