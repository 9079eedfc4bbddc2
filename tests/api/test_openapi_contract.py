"""The API keeps the contract its OpenAPI document declares (issue 11, "tests that must exist").

Schemathesis reads /api/v1/openapi.json from the test app and generates requests for every
operation: as the client lead of a real partnership, with path ids that exist (so the requests
reach the endpoints' bodies, not only the 404 of an unknown id), and without a token. No answer
may be a server error, and every answer must match the schema declared for its status.

Bounded so that it runs in CI: a few derandomized examples per operation, no shrinking.
"""

from __future__ import annotations

import re

import pytest

from partnership.services import accounts

from ..helpers import phase_in

schemathesis = pytest.importorskip(
    "schemathesis", reason="schemathesis is not installed (pip install -r requirements-test.txt)"
)
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

EXAMPLES = 6  # per operation, as the lead
EXAMPLES_WITHOUT_TOKEN = 2  # per operation that needs a token: all of them answer 401
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported
    suppress_health_check=list(HealthCheck),
)


def _checks():
    checks = schemathesis.checks
    return [
        checks.not_a_server_error,
        checks.response_schema_conformance,
        checks.status_code_conformance,
    ]


def _ids(world):
    """Path parameters that name things the lead may see, so requests get past the lookup."""
    phase = phase_in(world, "planned")
    spare, _ = accounts.create_token(world.client_lead, "spare")  # DELETE /tokens takes this
    member = next(m for m in world.partnership.members if m.user_id == world.client_member.id)
    return {
        "partnership_id": world.partnership.id,
        "phase_id": phase.id,
        "token_id": spare.id,
        "member_id": member.id,
    }


def _path_names(path: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", path))


def _needs_token(operation) -> bool:
    return operation.definition.raw.get("security") != []


def _failures(operation, headers, examples, path_parameters):
    """The failures of ``examples`` generated requests to ``operation``, as text."""
    found: list[str] = []
    strategy = operation.as_strategy(path_parameters=path_parameters)

    @settings(BOUNDED, max_examples=examples)
    @given(case=strategy, _=st.just(None))
    def run(case, _):
        try:
            case.call_and_validate(headers=headers, checks=_checks())
        except AssertionError as failure:  # schemathesis's Failure and FailureGroup
            found.append(f"{operation.label}: {failure}\n  {case.as_curl_command()}")
        except BaseExceptionGroup as group:
            found.append(f"{operation.label}: {group}\n  {case.as_curl_command()}")

    run()
    return found


def test_every_operation_keeps_its_declared_contract(app, api, world):
    ids = _ids(world)
    # The app gzips big JSON answers to clients that accept it (partnership/compress.py);
    # schemathesis's WSGI transport asks for gzip but does not unpack it, so ask for none.
    plain = {"Accept-Encoding": "identity"}
    lead = {**plain, "Authorization": f"Bearer {api.as_(world.client_lead).token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        fixed = {k: v for k, v in ids.items() if k in _path_names(operation.path)}
        failures += _failures(operation, lead, EXAMPLES, fixed)
        if _needs_token(operation):
            failures += _failures(operation, plain, EXAMPLES_WITHOUT_TOKEN, fixed)
    assert operations > 40, "the OpenAPI document lost its operations"
    assert not failures, "\n".join(failures)
