"""The trust and flags panel of the partnership and phase pages, rendered once per
(partnership, revision, reading, language) and kept with the derived state (issue 15).

The panel shows nothing of its reader but their language: the same history reads the same to
every member, so its HTML is cached like the answers of the API (services/derived.py). On a
3,000-commitment history it is most of the partnership page's time (every flag with its
evidence).
"""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from ..models import Partnership
from ..services import derived
from ..services.insights import Snapshot


def trust_panel(
    partnership: Partnership, insight: Snapshot, phase_id: int | None, **context: Any
) -> Markup:
    """The panel's HTML; ``context`` is what the template needs besides the partnership, the
    snapshot (``insight``), the scores and flags (phase_names, evidence_url, evidence_label).
    The template must show nothing of its reader but the language (no ``may``, no forms)."""
    scores: Any
    if phase_id is None:
        scores, flags = insight.trust, insight.flags
    else:
        scores = insight.trust.phase(phase_id)
        flags = [f for f in insight.flags if f.phase_id == phase_id]
    reading = derived.reading_name(insight.until)
    key = f"{derived.prefix(partnership)}:panel:{reading}:{phase_id or 0}:{get_locale()}"

    def build() -> str:
        return render_template(
            "insights/_panel.html",
            partnership=partnership,
            insight=insight,
            scores=scores,
            flags=flags,
            phase_id=phase_id,
            **context,
        )

    return Markup(derived.cached_object(key, build, ttl=derived.READING_TTL))  # noqa: S704 - our own template's output
