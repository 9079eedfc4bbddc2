"""API: a partnership's webhooks and what was delivered to them (SPEC §7, §12; leads)."""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from ..guard import requires
from ..models import WebhookDelivery
from ..services import lookups, webhooks
from . import bp, caller
from .pagination import page_of
from .schemas import DeliveryOut, PageArgs, WebhookCreated, WebhookIn, WebhookOut


@bp.post("/partnerships/<id:partnership_id>/webhooks")
@requires("manage_webhooks")
@bp.arguments(WebhookIn)
@bp.response(201, WebhookCreated)
def create_webhook(data, partnership_id):
    """Register a URL for some events; the answer holds the ``secret``, shown this once."""
    webhook, secret = webhooks.register(caller(), lookups.partnership(partnership_id), data)
    shown = {name: getattr(webhook, name) for name in WebhookOut().fields}
    return {**shown, "secret": secret}


@bp.get("/partnerships/<id:partnership_id>/webhooks")
@requires("manage_webhooks")
@bp.response(200, WebhookOut(many=True))
def list_webhooks(partnership_id):
    """The partnership's webhooks (never their secrets)."""
    return webhooks.of_partnership(lookups.partnership(partnership_id))


@bp.delete("/webhooks/<id:webhook_id>")
@requires("manage_webhooks")
@bp.response(204)
def delete_webhook(webhook_id):
    """Delete a webhook: nothing more is sent to it, not even a retry."""
    webhooks.delete(caller(), webhooks.get(webhook_id))


@bp.get("/webhooks/<id:webhook_id>/deliveries")
@requires("manage_webhooks")
@bp.arguments(PageArgs, location="query")
@bp.response(200, DeliveryOut(many=True))
def list_deliveries(args, webhook_id):
    """Deliveries, newest first, each with every attempt and its status code (paginated)."""
    query = webhooks.deliveries_query(webhooks.get(webhook_id))
    return page_of(query.options(selectinload(WebhookDelivery.tries)), args)


@bp.post("/webhooks/<id:webhook_id>/test")
@requires("manage_webhooks")
@bp.response(202, DeliveryOut)
def test_webhook(webhook_id):
    """Send a ``webhook.test`` event now, whatever the webhook subscribes to."""
    return webhooks.send_test(caller(), webhooks.get(webhook_id))
