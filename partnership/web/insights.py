"""Pages: the partnership dashboard, the evidence behind a score, flag thresholds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import plotly
from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from ..domain import dashboard, flags, trust
from ..domain.history import PartnershipHistory
from ..errors import AppError
from ..guard import requires
from ..i18n.render import reading_in
from ..services import insights, lookups, statements
from . import charts, page_cache
from .insight_forms import thresholds_form
from .labels import item_name, label
from .refusals import language, show_refusal

bp = Blueprint("insights", __name__)
PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"
ANCHORS = {
    "goal": "goal-{}",
    "directive": "directive-{}",
    "commitment": "commitment-{}",
    "review": "reviews-heading",
    "phase": "main",
}


def evidence_labels(history: PartnershipHistory) -> Callable[[str], Markup]:
    """How an evidence item ("directive:12") is named on a page, in the reader's language:
    "the directive of 12 March 2026", "the goal “Checkout”" (SPEC §9: linked by what it is).
    A page names a few of a long history's thousands of items: each is worded when asked."""
    items: dict[str, Any] = {}
    for phase in history.phases:
        items[f"phase:{phase.id}"] = phase
        for kind in ("goal", "directive", "commitment", "review"):
            for item in getattr(phase, f"{kind}s"):
                items[f"{kind}:{item.id}"] = item

    def label(source: str) -> Markup:
        item = items.get(source)
        return item_name(source.partition(":")[0], item) if item else escape(source)

    return label


def evidence_url(source: str, phase_id: int) -> str:
    """Where an evidence item ("commitment:42") lives: its place on its phase's page."""
    kind, _, item = source.partition(":")
    anchor = ANCHORS.get(kind, "main").format(item)
    return url_for("phases.show", phase_id=phase_id, _anchor=anchor)


@bp.get("/vendor/plotly.min.js")
@requires("public")
def plotly_js():
    """plotly.js from the installed plotly package: no CDN, no copy in the repository."""
    return send_from_directory(PLOTLY_DIR, "plotly.min.js", max_age=86400)


@bp.get("/help/trust")
@requires("public")
def help_trust():
    """How the scores are computed, in words and then the formula (linked from every score)."""
    return render_template(
        "insights/help_trust.html", forgetting=trust.FORGETTING, enough=trust.ENOUGH_EVIDENCE
    )


@bp.post("/analyze")
@login_required
@requires("account")
def analyze():
    """The live hint of the goal and directive forms (session and CSRF, unlike the API)."""
    body = request.get_json(silent=True) or {}
    text = body.get("text") if isinstance(body, dict) else None
    if not text:
        return jsonify({"category": None, "lang": None, "reasons": [], "suggestion": None})
    try:
        return jsonify(reading_in(statements.read(text, None), language()))
    except AppError as error:
        return jsonify(error.to_dict(language())), error.status


@bp.get("/partnerships/<id:partnership_id>/dashboard")
@login_required
@requires("view")
def show(partnership_id: int):
    """The dashboard: the latest phases by default (its size must not grow with the history),
    every phase with ``?phases=all``."""
    partnership = lookups.partnership(partnership_id)
    every_phase = request.args.get("phases") == "all"

    def context() -> dict:
        snap = insights.snapshot(partnership)
        loaded, report, now = snap.history, snap.trust, snap.now
        window = None if every_phase else dashboard.WINDOW
        points = dashboard.recent(dashboard.trust_series(loaded, report), window)
        delivery = dashboard.recent(dashboard.delivery_record(loaded, now), window)
        mix = dashboard.recent(dashboard.statement_mix(loaded), window)
        ratings = dashboard.recent(dashboard.review_ratings(loaded), window)
        timeline = dashboard.timeline(loaded)
        return dict(
            partnership=partnership,
            headlines=snap.headlines,
            grouped_flags=snap.flag_groups,
            flag_count=len(snap.flags),
            points=points,
            delivery=delivery,
            delivered_any=any(r[k] for r in delivery for k in charts.DELIVERY_KINDS),
            mix=mix,
            ratings=ratings,
            timeline=dashboard.timeline_window(timeline, window),
            phase_count=len(timeline),
            showing_all=window is None or len(timeline) <= dashboard.WINDOW,
            phase_names={p.id: p.name for p in loaded.phases},
            evidence_label=evidence_labels(loaded),
            figures={
                "trust": charts.trust(points, label),
                "delivery": charts.delivery(delivery, label),
                "mix": charts.mix(mix, label),
                "ratings": charts.ratings(ratings, label),
            },
            evidence_url=evidence_url,
        )

    return page_cache.page("insights/dashboard.html", context, "all" if every_phase else "")


@bp.get(
    "/partnerships/<id:partnership_id>/trust/<any(vendor_reliability, client_trust_giving,"
    " partnership):direction>"
)
@login_required
@requires("view")
def explain(partnership_id: int, direction: str):
    partnership = lookups.partnership(partnership_id)
    snap = insights.snapshot(partnership)
    loaded, report = snap.history, snap.trust
    phase_id = request.args.get("phase", type=int)
    if phase_id is not None and phase_id not in {p.id for p in loaded.phases}:
        abort(404)
    score = getattr(report if phase_id is None else report.phase(phase_id), direction)
    return render_template(
        "insights/explain.html",
        partnership=partnership,
        direction=direction,
        score=score,
        evidence=report.explain(direction, phase_id),
        forgetting=trust.FORGETTING,
        phase_id=phase_id,
        phase_names={p.id: p.name for p in loaded.phases},
        evidence_url=evidence_url,
        evidence_label=evidence_labels(loaded),
    )


@bp.route("/partnerships/<id:partnership_id>/thresholds", methods=["GET", "POST"])
@login_required
@requires("edit_partnership")
def thresholds(partnership_id: int):
    partnership = lookups.partnership(partnership_id)
    current = flags.merge_thresholds(
        {k: v for k, v in (partnership.thresholds or {}).items() if k in flags.DEFAULT_THRESHOLDS}
    )
    form = thresholds_form(current)
    if form.validate_on_submit():
        try:
            insights.set_thresholds(
                current_user,
                partnership,
                {name: float(getattr(form, name).data) for name in flags.DEFAULT_THRESHOLDS},
            )
        except AppError as error:
            show_refusal(error, form)
        else:
            flash(_("Thresholds saved."), "success")
            return redirect(url_for("insights.thresholds", partnership_id=partnership.id))
    return render_template(
        "insights/thresholds.html",
        partnership=partnership,
        form=form,
        defaults=flags.DEFAULT_THRESHOLDS,
    ), 422 if form.errors else 200
