"""The form of the import page (Flask-WTF: CSRF token and a file field)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField

from .once import OnceForm


class ImportForm(OnceForm, FlaskForm):
    document = FileField(
        _l("Partnership document"),
        validators=[
            FileRequired(_l("Choose a file to import.")),
            FileAllowed(["json"], _l("Choose a .json file: a partnership document.")),
        ],
        description=_l(
            "A JSON file in the partnership-tracker/1 format, as the export of a partnership "
            "gives it. You become a lead of the new partnership."
        ),
    )
    submit = SubmitField(_l("Import"))

    @staticmethod
    def field_for(path: str | None) -> str:
        """Whatever path inside the document an error names, it is about the uploaded file."""
        return "document"
