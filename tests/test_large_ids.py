"""Ids past what the database columns hold are 404 on every route, never a 500 (issue 11).

The columns are 32-bit integers (docs/decisions.md); PostgreSQL refuses to compare one with
2**31 (``NumericValueOutOfRange``), so the URL must never reach a query with such an id.
"""

from __future__ import annotations

import pytest

from partnership.services.checks import MAX_ID

from .helpers import Api, logged_in

TOO_BIG = [2**31, 2**31 + 1, 2**63 - 1, 10**17]


def _id_rules(app):
    for rule in app.url_map.iter_rules():
        names = [
            name
            for name, conv in rule._converters.items()
            if type(conv).__name__ in ("IdConverter", "IntegerConverter")
        ]
        if names:
            yield rule, names


def test_every_route_with_an_id_answers_404_past_the_largest_id(app, world):
    client = logged_in(app.test_client(), world.client_lead.email)
    api = Api(app, world.client_lead)
    rules = list(_id_rules(app))
    assert len(rules) > 40  # the walk covers the routes, not an empty list
    failures = []
    for rule, names in rules:
        for value in TOO_BIG:
            values = {name: 1 for name in rule.arguments}
            values.update({name: value for name in names})
            # one argument past the limit at a time, the others plausible
            path = rule.rule
            for name in rule._converters:
                path = path.replace(f"<{_spelled(rule, name)}>", str(values[name]))
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                if path.startswith("/api/"):
                    response = api.client.open(path, method=method, json={}, headers=api._headers())
                else:
                    response = client.open(path, method=method, data={})
                if response.status_code != 404:
                    failures.append((method, path, response.status_code))
    assert failures == [], "\n".join(map(str, failures))


def _spelled(rule, name):
    """How the rule writes the argument (``id:phase_id``), to put a value in its place."""
    import re

    match = re.search(r"<([^<>]*:)?" + re.escape(name) + r">", rule.rule)
    assert match
    return match.group(0)[1:-1]


def test_the_largest_id_still_routes(app, world):
    api = Api(app, world.client_lead)
    response = api.get(f"/partnerships/{MAX_ID}")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    assert api.get(f"/partnerships/{world.partnership.id}").status_code == 200


@pytest.mark.parametrize("value", [2**31, 2**40])
def test_an_id_in_a_body_past_the_largest_is_refused(app, world, value):
    """Ids inside JSON bodies are checked against the same bound (services/checks)."""
    from partnership.errors import Invalid
    from partnership.services import checks

    with pytest.raises(Invalid):
        checks.identifier(value, "phase_id")
    assert checks.identifier(MAX_ID, "phase_id") == MAX_ID


def test_the_id_pattern_matches_exactly_one_to_the_largest_id():
    import re

    from partnership.web import IdConverter, _numbers_up_to

    pattern = re.compile(f"(?:{IdConverter.regex})")
    for n in [1, 9, 10, 99, 2**31 - 1, 2**31 - 2, 2147483639, 2147483600, 1999999999, 10**9]:
        assert pattern.fullmatch(str(n)), n
    for text in ["0", "01", str(2**31), "2147483650", "2147483700", "3000000000", "9" * 10]:
        assert not pattern.fullmatch(text), text
    small = re.compile(f"(?:{_numbers_up_to(305)})")
    assert [n for n in range(0, 1000) if small.fullmatch(str(n))] == list(range(1, 306))
