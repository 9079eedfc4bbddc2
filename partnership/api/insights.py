"""API: trust in both directions and the flags (SPEC §5, §6, §7)."""

from __future__ import annotations

from ..policy import declares
from ..services import insights, partnerships, statements
from . import bp, caller
from .schemas import AnalyzeIn, AnalyzeOut, FlagOut, TrustOut


@bp.get("/partnerships/<id:partnership_id>/trust")
@bp.response(200, TrustOut)
@declares("view")
def get_trust(partnership_id):
    """Vendor reliability, client trust-giving and partnership trust, overall and per phase."""
    partnership = partnerships.get_visible(caller(), partnership_id)
    return insights.snapshot(partnership).trust.to_dict()


@bp.get("/partnerships/<id:partnership_id>/flags")
@bp.response(200, FlagOut(many=True))
@declares("view")
def get_flags(partnership_id):
    """The patterns that erode trust, each with its evidence and a suggestion."""
    partnership = partnerships.get_visible(caller(), partnership_id)
    return [flag.to_dict() for flag in insights.snapshot(partnership).flags]


@bp.post("/analyze")
@bp.arguments(AnalyzeIn)
@bp.response(200, AnalyzeOut)
@declares("account")
def analyze(data):
    """How a client statement reads (outcome, constraint or prescriptive), and why."""
    return statements.read(data["text"], data["lang"])
