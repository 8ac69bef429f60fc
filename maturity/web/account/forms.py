"""Forms of the account pages; labels translated lazily."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional

from ...services.security.passwords import MAX_LENGTH, MIN_LENGTH
from ...services.security.tokens import MAX_DAYS, NAME_LENGTH


def _new_password() -> PasswordField:
    return PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH)],
        description=_l("At least 12 characters; not a commonly used password, not your e-mail."),
    )


def _repeat() -> PasswordField:
    return PasswordField(_l("Repeat new password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The passwords differ: type the same password twice.")),
    ])


class ChangePasswordForm(FlaskForm):
    """The current password and the new one, twice."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    password = _new_password()
    password2 = _repeat()


class ResetRequestForm(FlaskForm):
    """The e-mail address to send a reset link to."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])


class ResetForm(FlaskForm):
    """A new password, twice, through a reset link."""

    password = _new_password()
    password2 = _repeat()


class CodeForm(FlaskForm):
    """A 6-digit code from the authenticator app, or a recovery code."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True})


class TokenForm(FlaskForm):
    """A new API token: a name and, optionally, how many days it lasts."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=NAME_LENGTH)],
                       description=_l("What the token is for, e.g. “ERP export”."))
    days = IntegerField(_l("Valid for (days)"), validators=[Optional(), NumberRange(min=1, max=MAX_DAYS)],
                        description=_l("Leave empty for a token that does not expire."))
