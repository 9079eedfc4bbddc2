"""The flag thresholds form, built from the flag catalogue's own defaults and help."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, SubmitField
from wtforms.validators import InputRequired, NumberRange, StopValidation

from ..domain import flags
from ..domain.messages import Message, Term
from ..i18n.render import term
from .refusals import language, say


def finite(name: str):
    """Refuse NaN, sNaN and infinities before anything compares them: a signalling NaN makes
    any comparison raise (the range check was a 500), and no threshold can be infinite."""

    def check(form: FlaskForm, field) -> None:
        if field.data is not None and not field.data.is_finite():
            raise StopValidation(say(Message("threshold.not_a_number", name=Term(name))))

    return check


def thresholds_form(current: dict[str, float]) -> FlaskForm:
    class ThresholdsForm(FlaskForm):
        submit = SubmitField(_l("Save thresholds"))

    for name, default in flags.DEFAULT_THRESHOLDS.items():
        upper = 1 if name.endswith("_share") else None
        words = term(name, language())
        field = DecimalField(
            words[:1].upper() + words[1:],
            validators=[InputRequired(), finite(name), NumberRange(min=0, max=upper)],
            description=say(Message(f"threshold.{name}")),
            default=current.get(name, default),
            places=None,
        )
        setattr(ThresholdsForm, name, field)
    form = ThresholdsForm()
    return form
