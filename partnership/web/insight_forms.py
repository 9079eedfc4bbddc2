"""The flag thresholds form, built from the flag catalogue's own defaults and help."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from ..domain import flags


def thresholds_form(current: dict[str, float]) -> FlaskForm:
    class ThresholdsForm(FlaskForm):
        submit = SubmitField(_l("Save thresholds"))

    for name, default in flags.DEFAULT_THRESHOLDS.items():
        upper = 1 if name.endswith("_share") else None
        field = DecimalField(
            name.replace("_", " ").capitalize(),
            validators=[InputRequired(), NumberRange(min=0, max=upper)],
            description=flags.THRESHOLD_HELP.get(name, ""),
            default=current.get(name, default),
            places=None,
        )
        setattr(ThresholdsForm, name, field)
    form = ThresholdsForm()
    return form
