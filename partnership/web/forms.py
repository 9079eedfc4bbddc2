"""The forms of the pages (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional

from ..domain.vocabulary import MAX_EMAIL, MAX_NAME, MAX_TEXT
from ..i18n import NAMES
from ..services.accounts import MAX_PASSWORD, MIN_PASSWORD


def choices(pairs: list[tuple[str, Any]]) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects rather than (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


SIDE_CHOICES = choices([("client", _l("Client")), ("vendor", _l("Vendor"))])
ROLE_CHOICES = choices([("lead", _l("Lead")), ("member", _l("Member"))])
ENGAGEMENT_CHOICES = choices(
    [
        ("fixed_price", _l("Fixed price")),
        ("time_and_materials", _l("Time and materials")),
    ]
)
LANGUAGE_CHOICES = choices([("", _l("Same as my browser")), *NAMES.items()])


class RegisterForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=MAX_NAME)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=MAX_EMAIL)])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)],
        description=lazy_ngettext(
            "At least %(num)s character.", "At least %(num)s characters.", MIN_PASSWORD
        ),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )
    submit = SubmitField(_l("Create account"))


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=MAX_EMAIL)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    remember = BooleanField(_l("Keep me logged in on this device"))
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", _l("The passwords differ."))],
    )
    submit = SubmitField(_l("Change password"))


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)]
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )
    submit = SubmitField(_l("Set password"))


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, validators=[Optional()])
    submit = SubmitField(_l("Save"))


NOTIFICATION_CHOICES = choices(
    [
        ("immediate", _l("Each as it happens")),
        ("digest", _l("One daily digest")),
        ("none", _l("No email: I look at the inbox myself")),
    ]
)


class NotificationsForm(FlaskForm):
    notifications = RadioField(
        _l("Emails about what happens"),
        choices=NOTIFICATION_CHOICES,
        validators=[InputRequired()],
        description=_l(
            "Directives to answer, reviews due, answers, slips, deliveries, gates, "
            "new flags and reminders. The inbox lists them all, whatever you choose."
        ),
    )
    submit = SubmitField(_l("Save"))


class TokenForm(FlaskForm):
    name = StringField(
        _l("Token name"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("What the token is for, e.g. 'CI pipeline'."),
    )
    submit = SubmitField(_l("Create token"))


class PartnershipForm(FlaskForm):
    name = StringField(_l("Partnership name"), validators=[DataRequired(), Length(max=MAX_NAME)])
    client_name = StringField(
        _l("Client organisation"), validators=[DataRequired(), Length(max=MAX_NAME)]
    )
    vendor_name = StringField(
        _l("Vendor organisation"), validators=[DataRequired(), Length(max=MAX_NAME)]
    )
    engagement = RadioField(
        _l("Engagement model"), choices=ENGAGEMENT_CHOICES, validators=[InputRequired()]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=MAX_TEXT)])
    submit = SubmitField(_l("Save"))


class NewPartnershipForm(PartnershipForm):
    side = RadioField(
        _l("Your side"),
        choices=SIDE_CHOICES,
        validators=[InputRequired()],
        description=_l("You become the lead of this side."),
    )
    submit = SubmitField(_l("Create partnership"))


class MemberForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Email(), Length(max=MAX_EMAIL)],
        description=_l("They need an account first."),
    )
    side = RadioField(_l("Side"), choices=SIDE_CHOICES, validators=[InputRequired()])
    role = RadioField(_l("Role"), choices=ROLE_CHOICES, validators=[InputRequired()])
    submit = SubmitField(_l("Add member"))


class ConfirmForm(FlaskForm):
    """A bare form for buttons that change something (logout, remove, revoke): CSRF only."""

    submit = SubmitField(_l("Confirm"))
