"""Log-in and registration forms; labels translated lazily."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional

from ...classifications import industries, regions
from ...domain.enums import RevenueBand, values
from ...services.security.passwords import MIN_LENGTH as MIN_PASSWORD
from ..i18n import localise


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


def revenue_choices() -> list[SelectChoice]:
    """Revenue bands in the current language."""
    labels = {
        "lt20m": _l("Under 20 million yuan"),
        "20m_400m": _l("20–400 million yuan"),
        "ge400m": _l("400 million yuan or more"),
    }
    return [SelectChoice("", _l("Not stated")), *[SelectChoice(band, labels[band]) for band in values(RevenueBand)]]


class EnterpriseProfileForm(FlaskForm):
    """The enterprise profile of issue §2; choices are filled in per request, in its language."""

    enterprise_name = StringField(_l("Enterprise name"), validators=[DataRequired(), Length(max=200)])
    credit_code = StringField(
        _l("Unified social credit code"),
        validators=[DataRequired(), Length(min=18, max=24)],
        description=_l("18 characters, as on the business licence"),
    )
    # No silent defaults: both start on a placeholder that must be replaced by a real choice.
    industry_code = SelectField(
        _l("Industry division (GB/T 4754-2017)"),
        validators=[DataRequired(message=_l("Choose the industry division."))],
    )
    industry_type = SelectField(
        _l("Industry type"),
        validators=[DataRequired(message=_l("Choose discrete or process manufacturing."))],
        choices=[
            SelectChoice("", _l("Choose…")),
            SelectChoice("discrete", _l("Discrete manufacturing")),
            SelectChoice("process", _l("Process manufacturing")),
        ],
    )
    region_code = SelectField(_l("Province"), validators=[Optional()])
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    above_designated_size = BooleanField(_l("Above designated size (规上)"))
    employees = IntegerField(_l("Employees"), validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    revenue_band = SelectField(_l("Annual revenue"), validators=[Optional()])

    def fill_choices(self) -> None:
        """Code lists with names in the current language."""
        self.industry_code.choices = [SelectChoice("", _l("Choose…"))] + [
            SelectChoice(code, f"{code} {localise(name)}") for code, (name, _t) in industries().items()
        ]
        self.region_code.choices = [SelectChoice("", _l("Not stated"))] + [
            SelectChoice(c, localise(n)) for c, n in regions().items()
        ]
        self.revenue_band.choices = revenue_choices()

    def profile(self) -> dict[str, object]:
        """The profile as the services layer takes it."""
        return {
            "name": self.enterprise_name.data,
            "credit_code": self.credit_code.data,
            "industry_code": self.industry_code.data,
            "industry_type": self.industry_type.data,
            "region_code": self.region_code.data or None,
            "city": self.city.data or None,
            "above_designated_size": self.above_designated_size.data,
            "employees": self.employees.data,
            "revenue_band": self.revenue_band.data or None,
        }


class AccountFields(FlaskForm):
    """A new account's name, e-mail and password typed twice: registering, or joining a team by invitation."""

    name = StringField(_l("Your name"), validators=[Optional(), Length(max=100)])
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)])
    password2 = PasswordField(
        _l("Repeat password"),
        validators=[
            DataRequired(),
            # WTForms' own message names the field by its Python name ("password"), in no one's language.
            EqualTo("password", message=_l("The passwords differ: type the same password as in “%(other_label)s”.")),
        ],
    )


class RegisterForm(EnterpriseProfileForm, AccountFields):
    """A factory manager's account together with the enterprise's profile."""


class ConfirmForm(FlaskForm):
    """The button on a registration's confirmation page (a POST, so that opening the link creates nothing)."""
