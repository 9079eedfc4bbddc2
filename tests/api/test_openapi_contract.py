"""The API keeps the contract its OpenAPI document declares (issue 11, "tests that must exist").

Schemathesis reads /api/v1/openapi.json from the test app and generates requests for every
operation: as a lead of a real partnership, with path ids that exist (so that requests reach
the endpoints' bodies, not only the 404 of an unknown id), with invalid input too, and without
a token. No answer may be a server error, every status must be one the operation declares, and
every answer must match the schema declared for its status.

Bounded so that it runs in CI: a few derandomized examples per operation, no shrinking.
"""

from __future__ import annotations

import re

import pytest

from partnership.domain.vocabulary import WEBHOOK_EVENTS
from partnership.extensions import db
from partnership.models import utcnow
from partnership.services import (
    accounts,
    commitments,
    export_import,
    imports,
    invitations,
    statements,
    webhooks,
)

from ..helpers import World, phase_in

schemathesis = pytest.importorskip(
    "schemathesis", reason="schemathesis is not installed (pip install -r requirements-test.txt)"
)
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

VALID_EXAMPLES = 6  # per operation: requests the document says are valid
INVALID_EXAMPLES = 3  # per operation: requests it says are not (none may be a 5xx)
EXAMPLES_WITHOUT_TOKEN = 2  # per operation that needs a token
BOUNDED = settings(
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported
    suppress_health_check=list(HealthCheck),
)
# The operations of the vendor side: the client lead would only ever get their 403.
VENDOR_SIDE = {
    "POST /api/v1/directives/{directive_id}/response",
    "POST /api/v1/phases/{phase_id}/commitments",
    "POST /api/v1/commitments/{commitment_id}/events",
}
# These change a phase's state or delete what they name: they run last, so that the others
# meet the world as it was built (and the reviews meet the phase /close put in review).
LAST = ("/start", "/close", "/reviews", "DELETE ")


def _checks():
    checks = schemathesis.checks
    return [
        checks.not_a_server_error,
        checks.status_code_conformance,
        checks.response_schema_conformance,
    ]


def _world_ids(app, world):
    """Path parameters naming things the leads may see, so requests get past the lookup,
    and the ones that differ by operation (a phase in the right state, a thing to delete)."""
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True  # the webhook points at a closed local port
    phase_in(world, "passed", name="Design")
    active = phase_in(world, "active", name="Build")
    planned = phase_in(world, "planned")
    later = phase_in(world, "planned", name="Pilot")
    goal, doomed_goal = (
        statements.add_goal(world.client_lead, planned, {"title": title, "priority": "must"})
        for title in ("Orders in two minutes", "Stock levels")
    )
    directive = statements.send_directive(
        world.client_member, active, {"text": "Show stock levels", "channel": "ticket"}
    )
    commitment = commitments.add(
        world.vendor_member, active, {"title": "Checkout", "due_date": utcnow().date()}
    )
    hook, doomed_hook = (
        webhooks.register(
            world.client_lead,
            world.partnership,
            {"url": f"http://127.0.0.1:9/{name}", "events": list(WEBHOOK_EVENTS)},
        )[0]
        for name in ("hook", "doomed")
    )
    spare, _ = accounts.create_token(world.client_lead, "spare")
    member = next(m for m in world.partnership.members if m.user_id == world.client_member.id)
    other = World.build(prefix="other.")
    invitation = invitations.invite(
        other.partnership, world.client_lead, "client", "member", "Client Lead", other.client_lead
    )
    db.session.commit()
    # an import run at once (jobs are inline in tests): done, so its status is the 303
    job = imports.queue(world.client_lead, export_import.export_bytes(world.partnership))
    ids = {
        "partnership_id": world.partnership.id,
        "phase_id": planned.id,
        "goal_id": goal.id,
        "directive_id": directive.id,
        "commitment_id": commitment.id,
        "webhook_id": hook.id,
        "token_id": spare.id,
        "member_id": member.id,
        "invitation_id": invitation.id,
        "job_id": job.id,
    }
    by_operation = {
        "POST /api/v1/phases/{phase_id}/start": {"phase_id": later.id},
        "POST /api/v1/phases/{phase_id}/close": {"phase_id": active.id},
        "POST /api/v1/phases/{phase_id}/directives": {"phase_id": active.id},
        "POST /api/v1/phases/{phase_id}/commitments": {"phase_id": active.id},
        "POST /api/v1/phases/{phase_id}/reviews": {"phase_id": active.id},
        "DELETE /api/v1/goals/{goal_id}": {"goal_id": doomed_goal.id},
        "DELETE /api/v1/webhooks/{webhook_id}": {"webhook_id": doomed_hook.id},
    }
    return ids, by_operation


def _failures(operation, headers, examples, path_parameters, mode):
    """The failures of ``examples`` generated requests to ``operation``, as text."""
    found: list[str] = []
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @settings(BOUNDED, max_examples=examples)
    @given(case=strategy)
    def run(case):
        try:
            case.call_and_validate(headers=headers, checks=_checks())
        except (AssertionError, BaseExceptionGroup) as failure:  # Failure, FailureGroup
            found.append(f"{operation.label} ({mode.value}): {failure}")

    run()
    return found


def test_every_operation_keeps_its_declared_contract(app, world):
    ids, by_operation = _world_ids(app, world)
    # The app gzips big JSON answers to clients that accept it (partnership/compress.py);
    # schemathesis's WSGI transport asks for gzip but does not unpack it, so ask for none.
    plain = {"Accept-Encoding": "identity"}

    def bearer(user):
        return {**plain, "Authorization": f"Bearer {accounts.create_token(user)[1]}"}

    leads = {"client": bearer(world.client_lead), "vendor": bearer(world.vendor_lead)}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: any(mark in op.label for mark in LAST))
    assert len(operations) > 40, "the OpenAPI document lost its operations"

    failures: list[str] = []
    positive, negative = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
    for operation in operations:
        names = set(re.findall(r"{(\w+)}", operation.path))
        fixed = {k: v for k, v in ids.items() if k in names}
        fixed |= by_operation.get(operation.label, {})
        lead = leads["vendor" if operation.label in VENDOR_SIDE else "client"]
        failures += _failures(operation, lead, VALID_EXAMPLES, fixed, positive)
        failures += _failures(operation, lead, INVALID_EXAMPLES, fixed, negative)
        if operation.definition.raw.get("security") != []:
            failures += _failures(operation, plain, EXAMPLES_WITHOUT_TOKEN, fixed, positive)
    assert not failures, "\n".join(failures)
