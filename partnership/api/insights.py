"""API: trust in both directions and the flags (SPEC §5, §6, §7)."""

from __future__ import annotations

from ..domain.messages import Message
from ..guard import requires
from ..i18n.render import reading_in, render
from ..services import insights, lookups, statements
from . import bp
from .errors import language
from .schemas import AnalyzeIn, AnalyzeOut, FlagOut, TrustOut


def _say():
    """Writes the engines' sentences in the caller's language (SPEC §7 Languages)."""
    reader = language()

    def say(message: Message) -> str:
        return render(message, reader)

    return say


@bp.get("/partnerships/<id:partnership_id>/trust")
@requires("view")
@bp.response(200, TrustOut)
def get_trust(partnership_id):
    """Vendor reliability, client trust-giving and partnership trust, overall and per phase."""
    partnership = lookups.partnership(partnership_id)
    return insights.snapshot(partnership).trust.to_dict(_say())


@bp.get("/partnerships/<id:partnership_id>/flags")
@requires("view")
@bp.response(200, FlagOut(many=True))
def get_flags(partnership_id):
    """The patterns that erode trust, each with its evidence and a suggestion."""
    partnership = lookups.partnership(partnership_id)
    say = _say()
    return [flag.to_dict(say) for flag in insights.snapshot(partnership).flags]


@bp.post("/analyze")
@requires("account")
@bp.arguments(AnalyzeIn)
@bp.response(200, AnalyzeOut)
def analyze(data):
    """How a client statement reads (outcome, constraint or prescriptive), and why."""
    return reading_in(statements.read(data["text"], data["lang"]), language())
