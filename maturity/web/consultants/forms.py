"""Forms of the consultant's pages; labels translated lazily."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from ...services.security.passwords import MIN_LENGTH as MIN_PASSWORD
from ..auth.forms import EnterpriseProfileForm


class ClientForm(EnterpriseProfileForm):
    """A new client's profile: the registration's enterprise fields, checked the same way."""


class UploadForm(FlaskForm):
    """Spreadsheets to validate: .xlsx, .csv or a .zip of them, several at once."""

    files = MultipleFileField(_l("Files (.xlsx, .csv or .zip)"))


class JobForm(FlaskForm):
    """What to do with a validated upload."""

    mode = RadioField(_l("Rows to use"), default="valid-only", choices=[
        SelectChoice("valid-only", _l("Only the valid rows (the others are listed and left out)")),
        SelectChoice("all-or-nothing", _l("All or nothing (only when every row is valid)")),
    ])
    reports = BooleanField(_l("Also make each imported client's PDF report"), default=True)
    lang = SelectField(_l("Language of the reports and workbooks"),
                       choices=[SelectChoice("zh", "中文"), SelectChoice("en", "English")])
    park_id = SelectField(_l("Park of the new clients"), validators=[Optional()])
    kind = StringField(default="import")


def park_choices(parks: list, none_label: str) -> list[SelectChoice]:
    """The parks a new client may be placed in, after "none"."""
    return [SelectChoice("", none_label), *(SelectChoice(str(p.id), p.name) for p in parks)]


class ActionForm(FlaskForm):
    """A button that changes something (CSRF only)."""


class AcceptForm(FlaskForm):
    """The client's own account, created through the consultant's link."""

    name = StringField(_l("Your name"), validators=[Optional(), Length(max=100)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)])
    password2 = PasswordField(_l("Repeat password"), validators=[
        DataRequired(),
        EqualTo("password", message=_l("The passwords differ: type the same password as in “%(other_label)s”.")),
    ])
