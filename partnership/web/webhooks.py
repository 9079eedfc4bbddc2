"""A partnership's webhooks page (SPEC §12; leads): add, test, delete, and what was delivered."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from ..domain.vocabulary import WEBHOOK_EVENTS
from ..errors import AppError
from ..extensions import db
from ..guard import requires
from ..models import Partnership, WebhookDelivery
from ..services import lookups, submissions, webhooks
from . import confirm
from .forms import ConfirmForm, WebhookForm
from .once import answer_again, once, token_of
from .paging import page_arg
from .refusals import show_refusal

bp = Blueprint("webhooks", __name__)
DELIVERIES_PER_PAGE = 50

EVENT_LABELS = {
    "directive.created": _l("A directive is sent"),
    "directive.answered": _l("A directive is answered"),
    "commitment.created": _l("A commitment is logged"),
    "commitment.event": _l("A commitment has news: progress, a risk, a slip, a delivery, a drop"),
    "phase.started": _l("A phase starts"),
    "phase.closed": _l("A phase is closed for review"),
    "review.submitted": _l("A review is submitted"),
    "gate.decided": _l("A gate is decided"),
    "flag.raised": _l("A warning or high flag is raised"),
    "webhook.test": _l("Test event"),
}
STATUS_LABELS = {
    "pending": _l("waiting to be tried again"),
    "delivered": _l("delivered"),
    "failed": _l("failed"),
}


def _form(**data) -> WebhookForm:
    form = WebhookForm(prefix="hook", **data)
    form.events.choices = [SelectChoice(e, str(EVENT_LABELS[e])) for e in WEBHOOK_EVENTS]
    return form


def _page(partnership: Partnership, form: WebhookForm | None = None, **more):
    hooks = webhooks.of_partnership(partnership)
    return render_template(
        "webhooks/settings.html",
        partnership=partnership,
        hooks=hooks,
        recent={h.id: webhooks.recent_deliveries(h, 5) for h in hooks},
        form=form or _form(),
        confirm=ConfirmForm(),
        event_labels=EVENT_LABELS,
        status_labels=STATUS_LABELS,
        **more,
    )


@bp.get("/partnerships/<id:partnership_id>/webhooks")
@login_required
@requires("manage_webhooks")
def settings(partnership_id: int):
    return _page(lookups.partnership(partnership_id))


@bp.post("/partnerships/<id:partnership_id>/webhooks")
@login_required
@requires("manage_webhooks")
def create(partnership_id: int):
    partnership = lookups.partnership(partnership_id)
    form = _form()
    if form.validate_on_submit():
        # The secret is shown once, on the answer to the first sending (as an API token's).
        user = current_user._get_current_object()
        once_token = token_of(form)
        back = url_for("webhooks.settings", partnership_id=partnership.id)
        if once_token:
            earlier = submissions.claim(user, once_token)
            if earlier is not None:
                return answer_again(
                    earlier,
                    _(
                        "The webhook was added when you first sent the form, and its secret "
                        "was shown then, once. If you did not copy it, delete the webhook and "
                        "add it again."
                    ),
                    "warning",
                    back,
                )
        try:
            webhook, secret = webhooks.register(
                user, partnership, {"url": form.url.data, "events": form.events.data}
            )
        except AppError as error:
            if once_token:
                submissions.release(user, once_token)
            show_refusal(error, form)
        else:
            if once_token:
                submissions.finish(user, once_token, back)
            flash(_("Copy the secret now; it will not be shown again."), "warning")
            return _page(partnership, new_secret=secret, new_hook=webhook.id), 201
    return _page(partnership, form), 422


@bp.post("/webhooks/<id:webhook_id>/test")
@login_required
@requires("manage_webhooks")
def send_test(webhook_id: int):
    webhook = webhooks.get(webhook_id)
    back = url_for(
        "webhooks.settings", partnership_id=webhook.partnership_id, _anchor=f"hook-{webhook.id}"
    )
    if not ConfirmForm().validate_on_submit():
        return redirect(back)
    return once(
        None,
        lambda: webhooks.send_test(current_user._get_current_object(), webhook),
        lambda _delivery: back,
        _("Test event sent. Its delivery is listed below; reload to see how it went."),
        "info",
        fallback=back,
    )


@bp.route("/webhooks/<id:webhook_id>/delete", methods=["GET", "POST"])
@login_required
@requires("manage_webhooks")
def delete(webhook_id: int):
    webhook = webhooks.get(webhook_id)
    partnership = lookups.partnership(webhook.partnership_id)
    back = url_for("webhooks.settings", partnership_id=partnership.id)
    if request.method == "POST":
        return confirm.act_once(
            back,
            lambda: webhooks.delete(current_user._get_current_object(), webhook),
            _("Webhook deleted."),
        )
    return confirm.page(
        question=_("Delete the webhook to %(url)s?", url=confirm.own(webhook.url)),
        action=url_for("webhooks.delete", webhook_id=webhook.id),
        button=_("Delete it"),
        button_class="btn-danger",
        cancel=back,
        cancel_label=_("Keep it"),
        consequences=[
            _(
                "Nothing more is sent to this address, not even the retries of deliveries "
                "that failed; their record is deleted with it."
            ),
            _("The tool that receives it will not be told: remove it there too."),
        ],
        partnership=partnership,
    )


@bp.get("/webhooks/<id:webhook_id>/deliveries")
@login_required
@requires("manage_webhooks")
def deliveries(webhook_id: int):
    webhook = webhooks.get(webhook_id)
    partnership = lookups.partnership(webhook.partnership_id)
    page = db.paginate(
        webhooks.deliveries_query(webhook).options(selectinload(WebhookDelivery.tries)),
        page=page_arg(),
        per_page=DELIVERIES_PER_PAGE,
        error_out=False,
    )
    return render_template(
        "webhooks/deliveries.html",
        partnership=partnership,
        hook=webhook,
        page=page,
        event_labels=EVENT_LABELS,
        status_labels=STATUS_LABELS,
    )
