"""Pages: download a partnership's history (JSON document, CSV), import one, and hand an
imported member a link to set their password (SPEC §8)."""

from __future__ import annotations

import io
import json
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.utils import secure_filename

from ..domain.messages import Message
from ..errors import AppError, NotFound
from ..guard import requires
from ..models import Partnership
from ..services import accounts, export_import, imports, lookups, spreadsheets, submissions
from . import confirm
from .document_forms import ImportForm
from .forms import ConfirmForm
from .labels import isolated
from .once import answer_again, once, token_of
from .partnerships import set_password_link_page
from .refusals import say, show_refusal

bp = Blueprint("documents", __name__)


def _download(data: bytes, partnership: Partnership, what: str, mimetype: str):
    name = secure_filename(partnership.name) or "partnership"
    response = send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"{name}-{partnership.id}-{what}",
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/partnerships/<id:partnership_id>/export.json")
@login_required
@requires("export")
def export_json(partnership_id: int):
    partnership = lookups.partnership(partnership_id)
    data = export_import.export_bytes(partnership)
    return _download(data, partnership, "export.json", "application/json")


def _csv(partnership_id: int, what: str, table):
    partnership = lookups.partnership(partnership_id)
    data = table(partnership).encode("utf-8")
    # "text/csv": Werkzeug adds "; charset=utf-8" to a text type itself, once.
    return _download(data, partnership, f"{what}.csv", "text/csv")


@bp.get("/partnerships/<id:partnership_id>/commitments.csv")
@login_required
@requires("export")
def commitments_csv(partnership_id: int):
    return _csv(partnership_id, "commitments", spreadsheets.commitments_csv)


@bp.get("/partnerships/<id:partnership_id>/directives.csv")
@login_required
@requires("export")
def directives_csv(partnership_id: int):
    return _csv(partnership_id, "directives", spreadsheets.directives_csv)


@bp.get("/partnerships/<id:partnership_id>/flags.csv")
@login_required
@requires("export")
def flags_csv(partnership_id: int):
    return _csv(partnership_id, "flags", spreadsheets.flags_csv)


@bp.get("/partnerships/<id:partnership_id>/trust.csv")
@login_required
@requires("export")
def trust_csv(partnership_id: int):
    return _csv(partnership_id, "trust", spreadsheets.trust_csv)


@bp.get("/partnerships/<id:partnership_id>/reviews.csv")
@login_required
@requires("export")
def reviews_csv(partnership_id: int):
    return _csv(partnership_id, "reviews", spreadsheets.reviews_csv)


def _read_document(form: ImportForm) -> tuple[object | None, bytes]:
    """The uploaded file as JSON (None with the reason put on the form), and its bytes."""
    raw = form.document.data.read()  # over MAX_CONTENT_LENGTH, werkzeug has already said 413
    if not raw.strip():
        form.document.errors.append(_("The file is empty. Choose the exported .json file."))
        return None, raw
    try:
        return json.loads(raw), raw
    except json.JSONDecodeError as error:
        form.document.errors.append(
            _(
                "The file is not valid JSON (line %(line)s, column %(column)s: %(reason)s). "
                "Check that it is the exported .json file, not a spreadsheet.",
                line=error.lineno,
                column=error.colno,
                reason=error.msg,
            )
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        form.document.errors.append(
            _("The file is not valid JSON text. Check that it is the exported .json file.")
        )
    return None, raw


@bp.route("/import", methods=["GET", "POST"])
@login_required
@requires("account")
def import_page():
    form = ImportForm()
    if form.validate_on_submit():
        document, raw = _read_document(form)
        if document is not None and imports.is_big(raw):
            # a long history: the worker imports it, the page shows how far it is
            return once(
                form,
                lambda: imports.queue(current_user._get_current_object(), raw),
                lambda job: url_for("documents.import_status", job_id=job.id),
                _("The document is being imported."),
                "info",
                fallback=url_for("partnerships.index"),
            )
        if document is not None:
            try:
                return once(
                    form,
                    lambda: export_import.import_document(
                        current_user._get_current_object(), document
                    ),
                    lambda partnership: url_for("partnerships.show", partnership_id=partnership.id),
                    lambda partnership: ngettext(
                        "Imported %(name)s with %(num)s phase.",
                        "Imported %(name)s with %(num)s phases.",
                        len(partnership.phases),
                        name=isolated(partnership.name),
                    ),
                    fallback=url_for("partnerships.index"),
                )
            except AppError as error:
                # the message names the path of the first bad field and the rule it breaks
                show_refusal(error, form)
    status = 422 if form.errors else 200
    return render_template("documents/import.html", form=form), status


@bp.get("/imports/<id:job_id>")
@login_required
@requires("account")
def import_status(job_id: int):
    """How far a background import is; it reloads itself until done, then opens the result."""
    job = imports.of(current_user._get_current_object(), job_id)
    if job.status == "done" and job.partnership_id:
        flash(_("Imported."), "success")
        return redirect(url_for("partnerships.show", partnership_id=job.partnership_id))
    refusal = None
    if job.status == "refused" and job.error:
        refusal = say(Message.from_json(job.error["message"]))
    waiting = job.status in ("queued", "running")
    response = render_template(
        "documents/import_status.html", job=job, refusal=refusal, waiting=waiting
    )
    return response, 200, {"Cache-Control": "no-store"}


@bp.route(
    "/partnerships/<id:partnership_id>/members/<id:member_id>/set-password-link",
    methods=["GET", "POST"],
)
@login_required
@requires("manage_own_side")
def set_password_link(partnership_id: int, member_id: int):
    partnership = lookups.partnership(partnership_id)
    member = next((m for m in partnership.members if m.id == member_id), None)
    if member is None:
        raise NotFound("member.no_such")
    action = url_for(
        "documents.set_password_link", partnership_id=partnership.id, member_id=member_id
    )
    return _set_password_link(partnership, member, action)


@bp.route(
    "/partnerships/<id:partnership_id>/invitations/<id:invitation_id>/set-password-link",
    methods=["GET", "POST"],
)
@login_required
@requires("manage_own_side")
def invitation_set_password_link(partnership_id: int, invitation_id: int):
    """The same link for someone invited (by an import) who has no password yet."""
    partnership = lookups.partnership(partnership_id)
    invitation = next(
        (i for i in partnership.invitations if i.id == invitation_id and i.pending), None
    )
    if invitation is None:
        raise NotFound("invitation.no_such")
    action = url_for(
        "documents.invitation_set_password_link",
        partnership_id=partnership.id,
        invitation_id=invitation_id,
    )
    return _set_password_link(partnership, invitation, action)


def _set_password_link(partnership: Partnership, member: Any, action: str):
    members_url = url_for(
        "partnerships.show", partnership_id=partnership.id, _anchor="members-heading"
    )
    back = redirect(members_url)
    name = confirm.own(getattr(member, "name", None) or member.user.name)
    if request.method == "GET":
        return confirm.page(
            question=_("Make a set-password link for %(name)s?", name=name),
            action=action,
            button=_("Make the link"),
            cancel=members_url,
            consequences=[
                _(
                    "Whoever has the link can set %(name)s's password and log in as them: give "
                    "it to them alone, by a channel you trust.",
                    name=name,
                ),
                ngettext(
                    "It works once, for %(num)d day.",
                    "It works once, for %(num)d days.",
                    accounts.SET_PASSWORD_VALID.days,
                ),
                _("A link made for them earlier stops working."),
            ],
            partnership=partnership,
        )
    if not ConfirmForm().validate_on_submit():
        return back
    # The link is shown once, on the answer to the first sending: a second sending makes no
    # second link (which would undo the first) and says so.
    user = current_user._get_current_object()
    once_token = token_of()
    if once_token:
        earlier = submissions.claim(user, once_token)
        if earlier is not None:
            return answer_again(
                earlier,
                _(
                    "The link was made when you first pressed the button, and shown then, once. "
                    "If you did not copy it, make a new one."
                ),
                "warning",
                members_url,
            )
    try:
        token = accounts.create_set_password_link(
            member.user, by=current_user._get_current_object(), partnership_id=partnership.id
        )
    except AppError as error:
        if once_token:
            submissions.release(user, once_token)
        show_refusal(error)
        return back
    if once_token:
        submissions.finish(user, once_token, members_url)
    return set_password_link_page(partnership, member, token)
