"""A Hypothesis state machine of the phase workflow (issue 11): plan, move, start, close and
review in any order, through the services, checking SPEC §2's invariants after every step:
one phase per position, numbered 1 to n; at most one phase active or in review; no phase that
has started comes after a planned one; and the export of the partnership is a valid document.

Sequential, on the test database (SQLite by default); the concurrent races are in
tests/api/test_phase_order_races.py on PostgreSQL.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from partnership.domain.document_validation import validate_document
from partnership.errors import AppError
from partnership.extensions import db
from partnership.models import Phase
from partnership.services import export_import, phases, reviews

from .helpers import RATINGS, World

OPEN = {"active", "review"}


def test_the_phase_workflow_keeps_its_invariants(app):
    class PhaseWorkflow(RuleBasedStateMachine):
        runs = 0

        def __init__(self):
            super().__init__()
            PhaseWorkflow.runs += 1
            self.w = World.build(prefix=f"run{PhaseWorkflow.runs}.")  # its own people too
            self.partnership = self.w.partnership

        def _phases(self) -> list[Phase]:
            db.session.expire_all()
            return sorted(self.partnership.phases, key=lambda p: p.position)

        def _try(self, action, *args):
            try:
                action(*args)
            except AppError:
                db.session.rollback()  # a refusal is a fine answer; it must change nothing

        @rule(name=st.sampled_from(["Discovery", "Build", "Launch"]))
        def plan(self, name):
            self._try(phases.plan, self.w.client_lead, self.partnership, {"name": name})

        @rule(index=st.integers(0, 5), direction=st.sampled_from(["up", "down"]))
        def move(self, index, direction):
            found = self._phases()
            if found:
                self._try(phases.move, self.w.client_lead, found[index % len(found)], direction)

        @rule(index=st.integers(0, 5))
        def start(self, index):
            found = self._phases()
            if found:
                self._try(phases.start, self.w.client_lead, found[index % len(found)])

        @rule(index=st.integers(0, 5))
        def close(self, index):
            found = self._phases()
            if found:
                self._try(phases.close, self.w.vendor_lead, found[index % len(found)])

        @rule(index=st.integers(0, 5), vendor=st.sampled_from(["go", "no_go"]))
        def review(self, index, vendor):
            found = self._phases()
            if not found:
                return
            phase = found[index % len(found)]
            self._try(
                reviews.submit,
                self.w.client_lead,
                phase,
                {"ratings": RATINGS["client"], "decision": "go", "goal_outcomes": {}},
            )
            self._try(
                reviews.submit,
                self.w.vendor_lead,
                phase,
                {"ratings": RATINGS["vendor"], "decision": vendor},
            )

        @invariant()
        def one_phase_per_position(self):
            found = self._phases()
            assert [p.position for p in found] == list(range(1, len(found) + 1))

        @invariant()
        def at_most_one_open_and_in_order(self):
            statuses = [p.status for p in self._phases()]
            assert sum(s in OPEN for s in statuses) <= 1, statuses
            if "planned" in statuses:
                first_planned = statuses.index("planned")
                assert all(s == "planned" for s in statuses[first_planned:]), statuses

        @invariant()
        def the_export_is_a_valid_document(self):
            validate_document(json.loads(export_import.export_bytes(self.partnership)))

    PhaseWorkflow.TestCase.settings = settings(
        max_examples=15,
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    PhaseWorkflow.TestCase().runTest()
