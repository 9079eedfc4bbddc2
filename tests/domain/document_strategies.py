"""Hypothesis strategies for valid partnership documents ("partnership-tracker/1").

``documents()`` draws a whole history that passes ``validate_document``: members of both
sides, phases in an order the gate allows (decided phases, at most one open, then planned
ones), goals with revisions and removals, directives with answers, commitments with events,
and reviews whose decisions imply the phase's status. Times only move forwards through the
document, but are written in assorted offsets, so an importer that compares strings instead of
instants, or that loses the offset, shows up. Emails are referenced in mixed case on purpose.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from partnership.domain.flags import DEFAULT_THRESHOLDS
from partnership.domain.vocabulary import CRITERIA

START = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
OFFSETS = [timedelta(hours=h, minutes=m) for h, m in ((0, 0), (1, 0), (-5, 0), (5, 30), (-3, -30))]

# Printable text in the languages the users write, with the odd formula-looking start a CSV
# export must neutralise; no NUL and no lone surrogates, which no JSON exporter produces.
ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Zs"),
    exclude_characters="\x00",
)
plain = st.text(ALPHABET, min_size=1, max_size=40)
texts = st.one_of(
    plain,
    st.sampled_from(
        [
            "Use Redis for the cache.",
            "Customers can reorder in one step.",
            "Usa PostgreSQL, è meglio.",
            "Kunderna ska kunna spåra ordern.",
            "يجب أن يعمل التتبع بعد التغيير",
            '=HYPERLINK("http://evil.example")',
            "-1+2",
            "@here",
        ]
    ),
)
notes = st.one_of(st.just(""), texts)

SIDES = ("client", "vendor")


class Clock:
    """Times that never go backwards, drawn as small steps, written in assorted offsets."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw
        self.now = START

    def tick(self) -> datetime:
        step = self.draw(st.sampled_from([0, 1, 59, 3600, 86400, 3 * 86400]))
        micro = self.draw(st.sampled_from([0, 0, 0, 250000]))
        self.now += timedelta(seconds=step, microseconds=micro)
        return self.now

    def stamp(self) -> str:
        moment = self.tick()
        offset = self.draw(st.sampled_from(OFFSETS))
        text = moment.astimezone(timezone(offset)).isoformat()
        return text.replace("+00:00", "Z") if self.draw(st.booleans()) else text

    def day(self, spread: int = 20) -> str:
        shift = timedelta(days=self.draw(st.integers(-spread, spread)))
        return (self.now + shift).date().isoformat()


def _who(draw: Any, members: list[dict[str, Any]], side: str, lead: bool = False) -> str:
    pool = [m for m in members if m["side"] == side and (m["role"] == "lead" or not lead)]
    email = draw(st.sampled_from(pool))["email"]
    return email.upper() if draw(st.integers(0, 4)) == 0 else email


@st.composite
def members(draw: Any) -> list[dict[str, Any]]:
    people = []
    for side in SIDES:
        leads = draw(st.integers(1, 2))
        others = draw(st.integers(0, 2))
        for n in range(leads + others):
            role = "lead" if n < leads else "member"
            people.append(
                {
                    "email": f"{side}.{role}{n}@{side}.example",
                    "name": draw(st.text(ALPHABET, min_size=1, max_size=30)),
                    "side": side,
                    "role": role,
                }
            )
    return people


class _Keys:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, kind: str) -> str:
        self.count += 1
        return f"{kind}-{self.count}"


def _goal(draw: Any, clock: Clock, people: list, key: str) -> dict[str, Any]:
    goal: dict[str, Any] = {"key": key, "title": draw(texts)}
    if draw(st.booleans()):
        goal["success_criterion"] = draw(notes)
    goal |= {
        "priority": draw(st.sampled_from(["must", "should", "could"])),
        "created_by": _who(draw, people, "client"),
        "created_at": clock.stamp(),
    }
    revisions = []
    for _ in range(draw(st.integers(0, 2))):
        revision: dict[str, Any] = {"title": draw(texts)}
        if draw(st.booleans()):
            revision["success_criterion"] = draw(notes)
        revision |= {
            "priority": draw(st.sampled_from(["must", "should", "could"])),
            "replaced_by": _who(draw, people, "client"),
            "replaced_at": clock.stamp(),
        }
        revisions.append(revision)
    if revisions:
        goal["revisions"] = revisions
    if draw(st.integers(0, 4)) == 0:
        goal["removed_by"] = _who(draw, people, "client")
        goal["removed_at"] = clock.stamp()
    return goal


def _directive(draw: Any, clock: Clock, people: list, key: str, goal_keys: list[str]):
    directive: dict[str, Any] = {
        "key": key,
        "text": draw(texts),
        "channel": draw(st.sampled_from(["ticket", "meeting", "email", "chat", "call", "direct"])),
        "adds_scope": draw(st.booleans()),
    }
    if goal_keys and draw(st.booleans()):
        directive["goal"] = draw(st.sampled_from(goal_keys))
    directive |= {"created_by": _who(draw, people, "client"), "created_at": clock.stamp()}
    if draw(st.booleans()):
        response: dict[str, Any] = {
            "response": draw(
                st.sampled_from(["acknowledged", "accepted", "accepted_replanned", "declined"])
            )
        }
        if draw(st.booleans()):
            response["note"] = draw(notes)
        response |= {"by": _who(draw, people, "vendor"), "at": clock.stamp()}
        directive["response"] = response
    return directive


def _commitment(draw: Any, clock: Clock, people: list, key: str, goal_keys: list[str]):
    commitment: dict[str, Any] = {"key": key, "title": draw(texts)}
    if goal_keys and draw(st.booleans()):
        commitment["goal"] = draw(st.sampled_from(goal_keys))
    commitment |= {
        "due_date": clock.day(),
        "created_by": _who(draw, people, "vendor"),
        "created_at": clock.stamp(),
    }
    events = []
    for kind in draw(
        st.lists(st.sampled_from(["progress", "risk", "slip", "delivered", "dropped"]), max_size=4)
    ):
        event: dict[str, Any] = {
            "type": kind,
            "by": _who(draw, people, "vendor"),
            "at": clock.stamp(),
        }
        if draw(st.booleans()):
            event["note"] = draw(notes)
        if kind == "slip":
            event["new_due_date"] = clock.day()
        if kind == "delivered" and draw(st.booleans()):
            event["evidence"] = draw(notes)
        events.append(event)
    commitment["events"] = events
    return commitment


def _review(
    draw: Any, clock: Clock, people: list, side: str, decision: str, goal_keys: list[str]
) -> dict[str, Any]:
    review: dict[str, Any] = {
        "side": side,
        "by": _who(draw, people, side, lead=True),
        "submitted_at": clock.stamp(),
        "ratings": {name: draw(st.integers(1, 5)) for name in CRITERIA[side]},
        "decision": decision,
    }
    if draw(st.booleans()):
        review["conditions"] = draw(notes)
    if draw(st.booleans()):
        review["comment"] = draw(notes)
    if side == "client" and goal_keys and draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(goal_keys), unique=True, min_size=1))
        review["goal_outcomes"] = {
            key: draw(st.sampled_from(["met", "partly_met", "missed"])) for key in chosen
        }
    return review


def _decisions(draw: Any, status: str) -> dict[str, str]:
    go = st.sampled_from(["go", "go_with_conditions"])
    if status == "passed":
        return {"client": draw(go), "vendor": draw(go)}
    decisions = {side: draw(go | st.just("no_go")) for side in SIDES}
    if "no_go" not in decisions.values():
        decisions[draw(st.sampled_from(SIDES))] = "no_go"
    return decisions


def _phase(draw: Any, clock: Clock, people: list, keys: _Keys, status: str, size: int):
    name = draw(st.text(ALPHABET, min_size=1, max_size=40))
    phase: dict[str, Any] = {"key": keys("phase"), "name": name}
    if draw(st.booleans()):
        phase["objective"] = draw(notes)
    if draw(st.booleans()):
        start = clock.day(5)
        phase["planned_start"] = start
        end = datetime.fromisoformat(start) + timedelta(days=draw(st.integers(0, 60)))
        phase["planned_end"] = end.date().isoformat()
    phase["status"] = status
    # times of the steps reached; a spreadsheet may not know one, so some are left out
    steps = {"planned": [], "active": ["started_at"], "review": ["started_at", "closed_at"]}.get(
        status, ["started_at", "closed_at", "decided_at"]
    )
    times = {}
    goals = [_goal(draw, clock, people, keys("goal")) for _ in range(draw(st.integers(0, size)))]
    goal_keys = [g["key"] for g in goals]
    if "started_at" in steps:
        times["started_at"] = clock.stamp()
    directives = [
        _directive(draw, clock, people, keys("directive"), goal_keys)
        for _ in range(draw(st.integers(0, size)))
    ]
    commitments = [
        _commitment(draw, clock, people, keys("commitment"), goal_keys)
        for _ in range(draw(st.integers(0, size)))
    ]
    reviews = []
    if "closed_at" in steps:
        times["closed_at"] = clock.stamp()
        if status == "review":
            if draw(st.booleans()):
                side = draw(st.sampled_from(SIDES))
                decision = draw(st.sampled_from(["go", "go_with_conditions", "no_go"]))
                reviews.append(_review(draw, clock, people, side, decision, goal_keys))
        else:
            decisions = _decisions(draw, status)
            for side in draw(st.permutations(SIDES)):
                reviews.append(_review(draw, clock, people, side, decisions[side], goal_keys))
            times["decided_at"] = clock.stamp()
    for name in steps:
        if draw(st.integers(0, 5)) > 0:
            phase[name] = times[name]
    phase |= {
        "goals": goals,
        "directives": directives,
        "commitments": commitments,
        "reviews": reviews,
    }
    return phase


@st.composite
def documents(draw: Any, max_phases: int = 3, max_items: int = 3) -> dict[str, Any]:
    """A valid partnership document; ``max_items`` bounds each list inside a phase."""
    clock = Clock(draw)
    people = draw(members())
    keys = _Keys()
    decided = draw(st.lists(st.sampled_from(["passed", "stopped"]), max_size=max_phases))
    statuses = list(decided)
    if len(statuses) < max_phases and draw(st.booleans()):
        statuses.append(draw(st.sampled_from(["active", "review"])))
    statuses += ["planned"] * draw(st.integers(0, max_phases - len(statuses)))
    head: dict[str, Any] = {
        "name": draw(st.text(ALPHABET, min_size=1, max_size=60)),
        "client_name": draw(st.text(ALPHABET, min_size=1, max_size=30)),
        "vendor_name": draw(st.text(ALPHABET, min_size=1, max_size=30)),
        "engagement": draw(st.sampled_from(["fixed_price", "time_and_materials"])),
    }
    if draw(st.booleans()):
        head["description"] = draw(notes)
    head["created_at"] = clock.stamp()
    names = draw(st.lists(st.sampled_from(sorted(DEFAULT_THRESHOLDS)), unique=True, max_size=3))
    if names:
        head["thresholds"] = {
            name: draw(
                st.sampled_from([0, 0.5, 1])
                if name.endswith("_share")
                else st.sampled_from([0, 1, 2.5, 5])
            )
            for name in names
        }
    phases = [_phase(draw, clock, people, keys, status, max_items) for status in statuses]
    return {
        "format": "partnership-tracker/1",
        "exported_at": clock.stamp(),
        "partnership": head,
        "members": people,
        "phases": phases,
    }
