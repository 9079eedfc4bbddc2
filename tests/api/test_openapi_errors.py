"""The OpenAPI document declares errors as the API sends them, and each operation's real
security (issue 11: schemathesis found 3,586 response-schema failures, all this one class)."""

from __future__ import annotations

import jsonschema
import pytest

from partnership.domain.vocabulary import LANGUAGES, NOTIFICATION_CHOICES, WEBHOOK_EVENTS

from ..helpers import phase_in


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _error_schema(document, status: str = "default"):
    components = document["components"]
    name = "DEFAULT_ERROR" if status == "default" else "UNPROCESSABLE_ENTITY"
    schema = components["responses"][name]["content"]["application/json"]["schema"]
    return {**schema, "components": components}


def _errors(api, world):
    phase = phase_in(world, "active")
    lead, member, outsider = (
        api.as_(world.client_lead),
        api.as_(world.client_member),
        api.as_(world.outsider),
    )
    return {
        400: lead.client.post(
            "/api/v1/partnerships",
            data=b"{",
            headers={**lead._headers(), "Content-Type": "application/json"},
        ),
        401: api.get("/partnerships"),
        403: member.post(f"/phases/{phase.id}/close"),
        404: outsider.get(f"/phases/{phase.id}"),
        405: lead.request("PUT", f"/phases/{phase.id}"),
        409: lead.post(f"/phases/{phase.id}/start"),
        415: lead.client.patch(
            f"/api/v1/partnerships/{world.partnership.id}",
            data="{}",
            headers={**lead._headers(), "Content-Type": "text/plain"},
        ),
        422: lead.post(f"/partnerships/{world.partnership.id}/phases", json={"nam": "x"}),
    }


def test_every_kind_of_error_matches_the_declared_schema(api, world, document):
    schema = _error_schema(document)
    resolver_schema = {
        "$ref": "#/components/schemas/ErrorOut",
        **{"components": document["components"]},
    }
    assert schema["$ref"] == "#/components/schemas/ErrorOut"
    for status, response in _errors(api, world).items():
        assert response.status_code == status, (status, response.get_json())
        jsonschema.validate(response.get_json(), resolver_schema)
    assert _error_schema(document, "422")["$ref"] == "#/components/schemas/ErrorOut"


def test_the_declared_schema_refuses_flask_smorests_default_shape(document):
    schema = {"$ref": "#/components/schemas/ErrorOut", "components": document["components"]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"code": 422, "status": "Unprocessable Entity"}, schema)


def test_registering_and_getting_a_token_are_declared_without_a_token(document):
    paths = document["paths"]
    assert paths["/api/v1/users"]["post"]["security"] == []
    assert paths["/api/v1/tokens"]["post"]["security"] == []
    assert document["security"] == [{"bearer": []}]  # the rest need one
    assert "security" not in paths["/api/v1/partnerships"]["get"]


# Found by the contract run (test_openapi_contract.py, with positive_data_acceptance): requests
# the document called valid were refused, because it did not say what the app accepts.


def test_the_choices_of_language_and_notifications_are_declared(api, world, document):
    schemas = document["components"]["schemas"]
    me_in = schemas["MeIn"]["properties"]
    assert me_in["notifications"]["enum"] == list(NOTIFICATION_CHOICES)
    assert me_in["language"]["enum"] == [*LANGUAGES, None]
    assert schemas["UserIn"]["properties"]["language"]["enum"] == [*LANGUAGES, None]
    assert schemas["MeOut"]["properties"]["notifications"]["enum"] == list(NOTIFICATION_CHOICES)
    # and they are the ones the app holds to
    lead = api.as_(world.client_lead)
    assert lead.patch("/me", json={"notifications": "weekly"}).status_code == 422
    assert lead.patch("/me", json={"language": "de"}).status_code == 422
    for choice in NOTIFICATION_CHOICES:
        assert lead.patch("/me", json={"notifications": choice}).status_code == 200
    for choice in [*LANGUAGES, None]:
        assert lead.patch("/me", json={"language": choice}).status_code == 200


def test_the_events_a_webhook_may_send_are_declared(api, world, document):
    events = document["components"]["schemas"]["WebhookIn"]["properties"]["events"]
    assert events["items"]["enum"] == list(WEBHOOK_EVENTS)
    assert events["minItems"] == 1
    lead = api.as_(world.client_lead)
    where = f"/partnerships/{world.partnership.id}/webhooks"
    for refused in ([], ["phase.deleted"]):
        body = {"url": "https://hooks.example.com/x", "events": refused}
        assert lead.post(where, json=body).status_code == 422


def test_the_import_declares_the_document_it_needs(document):
    body = document["paths"]["/api/v1/import"]["post"]["requestBody"]
    assert body["required"] is True
    assert body["content"]["application/json"]["schema"]["type"] == "object"
