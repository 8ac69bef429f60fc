"""Forms of the team pages; labels translated lazily."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..auth.forms import AccountFields, EnterpriseProfileForm


def role_choices() -> list[SelectChoice]:
    """The roles within an enterprise, in the current language."""
    return [
        SelectChoice("respondent", _l("Respondent (answers)")),
        SelectChoice("reviewer", _l("Reviewer (checks evidence)")),
        SelectChoice("owner", _l("Owner (manages and submits)")),
    ]


class InviteForm(FlaskForm):
    """Invite a colleague by e-mail, or make a link to hand over."""

    email = EmailField(
        _l("Colleague's e-mail (optional)"), validators=[Optional(), Email(check_deliverability=False), Length(max=254)]
    )
    role = SelectField(_l("Role"), choices=role_choices, validators=[DataRequired()])


class RoleForm(FlaskForm):
    """Change a member's role."""

    role = SelectField(_l("Role"), choices=role_choices, validators=[DataRequired()])


class AcceptForm(AccountFields):
    """A new account made from an invitation link."""


class ProfileForm(EnterpriseProfileForm):
    """The profile an owner edits: everything but the credit code, which identifies the enterprise."""

    credit_code = None  # type: ignore[assignment]

    def profile(self) -> dict[str, object]:
        """The profile as the services layer takes it."""
        return {
            "name": self.enterprise_name.data,
            "industry_code": self.industry_code.data,
            "industry_type": self.industry_type.data,
            "region_code": self.region_code.data or None,
            "city": self.city.data or None,
            "above_designated_size": self.above_designated_size.data,
            "employees": self.employees.data,
            "revenue_band": self.revenue_band.data or None,
        }


PROFILE_LABELS = {
    "name": _l("Enterprise name"),
    "industry_code": _l("Industry division (GB/T 4754-2017)"),
    "industry_type": _l("Industry type"),
    "region_code": _l("Province"),
    "city": _l("City"),
    "above_designated_size": _l("Above designated size (规上)"),
    "employees": _l("Employees"),
    "revenue_band": _l("Annual revenue"),
}


def profile_value(key: str, value: object) -> str:
    """A profile field's stored value as the history shows it: names for codes, yes or no for flags."""
    from ...classifications import regions
    from ..auth.forms import revenue_choices
    from ..i18n import localise

    if value is None or value == "":
        return "—"
    if key == "industry_type":
        return str(_l("Discrete manufacturing") if value == "discrete" else _l("Process manufacturing"))
    if key == "revenue_band":
        return next((str(c.label) for c in revenue_choices() if c.value == value), str(value))
    if key == "region_code":
        return localise(regions().get(str(value))) or str(value)
    if key == "above_designated_size":
        return str(_l("Yes") if value else _l("No"))
    return str(value)
