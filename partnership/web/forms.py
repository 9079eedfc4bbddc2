"""The forms of the pages (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from typing import Any

from flask_babel import format_decimal, lazy_ngettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..domain.messages import Message
from ..domain.vocabulary import MAX_EMAIL, MAX_NAME, MAX_TEXT, MAX_WEBHOOK_URL, WEBHOOK_EVENTS
from ..i18n import NAMES
from ..services.accounts import MAX_PASSWORD, MIN_PASSWORD
from .once import OnceForm
from .refusals import say


class Limit(Length):
    """A length limit that is told, never applied in silence.

    WTForms' ``Length`` puts ``maxlength`` on the input, and a browser then cuts what is typed or
    pasted past it without a word. ``Limit`` leaves the input whole and sets the ``limit`` flag
    instead: the page shows a character counter (``static/js/forms.js``, with the limit written
    beside the field for readers without JavaScript), and a text over the limit is refused with
    a message naming the limit and the length. ``refusal`` names a catalog message to say
    instead (it gets ``length`` and ``limit``); ``counter`` asks for a counter on a one-line
    input (text areas always have one).
    """

    def __init__(
        self,
        min: int = -1,
        max: int = -1,
        *,
        refusal: str | None = None,
        counter: bool = False,
    ) -> None:
        super().__init__(min, max)
        self.refusal = refusal
        self.field_flags.pop("maxlength", None)
        if max != -1:
            self.field_flags["limit"] = max
        if counter:
            self.field_flags["counter"] = True

    def __call__(self, form, field) -> None:
        length = len(field.data or "")
        if self.max != -1 and length > self.max:
            if self.refusal:
                raise ValidationError(say(Message(self.refusal, length=length, limit=self.max)))
            raise ValidationError(
                ngettext(
                    "This is %(length)s characters long; at most %(limit)s character is allowed.",
                    "This is %(length)s characters long; at most %(limit)s characters are allowed.",
                    self.max,
                    length=format_decimal(length),
                    limit=format_decimal(self.max),
                )
            )
        super().__call__(form, field)


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
    name = StringField(_l("Your name"), validators=[DataRequired(), Limit(max=MAX_NAME)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Limit(max=MAX_EMAIL)])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Limit(min=MIN_PASSWORD, max=MAX_PASSWORD)],
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
    email = EmailField(_l("Email"), validators=[DataRequired(), Limit(max=MAX_EMAIL)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Limit(max=MAX_PASSWORD)])
    remember = BooleanField(_l("Keep me logged in on this device"))
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Limit(min=MIN_PASSWORD, max=MAX_PASSWORD)]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", _l("The passwords differ."))],
    )
    submit = SubmitField(_l("Change password"))


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Limit(min=MIN_PASSWORD, max=MAX_PASSWORD)]
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


class TokenForm(OnceForm, FlaskForm):
    name = StringField(
        _l("Token name"),
        validators=[DataRequired(), Limit(max=100)],
        description=_l("What the token is for, e.g. 'CI pipeline'."),
    )
    submit = SubmitField(_l("Create token"))


class PartnershipForm(FlaskForm):
    name = StringField(_l("Partnership name"), validators=[DataRequired(), Limit(max=MAX_NAME)])
    client_name = StringField(
        _l("Client organisation"), validators=[DataRequired(), Limit(max=MAX_NAME)]
    )
    vendor_name = StringField(
        _l("Vendor organisation"), validators=[DataRequired(), Limit(max=MAX_NAME)]
    )
    engagement = RadioField(
        _l("Engagement model"), choices=ENGAGEMENT_CHOICES, validators=[InputRequired()]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Limit(max=MAX_TEXT)])
    submit = SubmitField(_l("Save"))


class NewPartnershipForm(OnceForm, PartnershipForm):
    side = RadioField(
        _l("Your side"),
        choices=SIDE_CHOICES,
        validators=[InputRequired()],
        description=_l("You become the lead of this side."),
    )
    submit = SubmitField(_l("Create partnership"))


class MemberForm(OnceForm, FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Email(), Limit(max=MAX_EMAIL)],
        description=_l("With or without an account: without one, you get a link to send them."),
    )
    side = RadioField(_l("Side"), choices=SIDE_CHOICES, validators=[InputRequired()])
    role = RadioField(_l("Role"), choices=ROLE_CHOICES, validators=[InputRequired()])
    submit = SubmitField(_l("Add member"))


class WebhookForm(OnceForm, FlaskForm):
    """A webhook: where to send, and which events (labels in ``web/webhooks.py``)."""

    url = StringField(
        _l("Address"),
        validators=[DataRequired(), Limit(max=MAX_WEBHOOK_URL)],
        description=_l(
            "Where each event is sent (POST, JSON), e.g. https://chat.example.com/hooks/tracker."
        ),
    )
    events = SelectMultipleField(
        _l("Events"),
        choices=[SelectChoice(e, e) for e in WEBHOOK_EVENTS],
        validators=[DataRequired(message=_l("Choose at least one event to send."))],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    submit = SubmitField(_l("Add webhook"))


class ConfirmForm(OnceForm, FlaskForm):
    """A bare form for buttons that change something (logout, remove, revoke): CSRF and the
    one-time token."""

    submit = SubmitField(_l("Confirm"))
