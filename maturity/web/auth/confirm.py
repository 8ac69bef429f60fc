"""Registration confirmed by e-mail (ASVS V2/V3: no account enumeration, no squatting by unverified addresses).

Nothing is stored until the owner of the address opens the link. The registration's details travel in the link,
encrypted (Fernet, key derived from SECRET_KEY) so that the password never appears in clear in a URL or a log.
The page after the form reads the same whether or not the address already has an account; an address that
has one gets a notice instead of a link.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ...domain.errors import MaturityError, NotFound
from ...models import Enterprise
from ...services import accounts
from ..account import mail
from ..assessments.trial import save_to as trial_save_to
from ..database import get_session, rollback
from . import bp
from .forms import ConfirmForm, RegisterForm

SALT = b"maturity.registration.v1:"


def enabled() -> bool:
    """Whether a registration waits for its e-mail address to be confirmed (`REGISTRATION_CONFIRM_BY_EMAIL`)."""
    return bool(current_app.config["REGISTRATION_CONFIRM_BY_EMAIL"])


def _fernet() -> Fernet:
    digest = hashlib.sha256(SALT + str(current_app.config["SECRET_KEY"]).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(details: dict[str, Any]) -> str:
    """The registration's details as an encrypted, timestamped token for the link."""
    return _fernet().encrypt(json.dumps(details).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    """The details a link carries, else 'invalid, used or expired' (one answer for every kind of bad link)."""
    hours = int(current_app.config["REGISTRATION_LINK_HOURS"])
    try:
        details = json.loads(_fernet().decrypt(token.encode(), ttl=hours * 3600))
    except (InvalidToken, ValueError, UnicodeError):
        details = None
    if not isinstance(details, dict):
        raise NotFound.one("注册确认链接无效、已使用或已过期；请重新注册",
                           "this confirmation link is invalid, used or expired; register again",
                           "token", code="registration_link_invalid")
    return details


def _would_register(details: dict[str, Any]) -> bool:
    """Run every check of a registration in a savepoint that is rolled back; False if the address is taken.

    Other refusals (a common password, a taken credit code, a bad profile) are raised as they would be.
    """
    nested = get_session().begin_nested()
    try:
        accounts.register(get_session(), **details)
    except MaturityError as exc:
        nested.rollback()
        if exc.field == "email":
            return False
        raise
    nested.rollback()
    return True


def start(form: RegisterForm) -> tuple[str, int]:
    """Mail a confirmation link (new address) or a notice (known address); the same page either way."""
    email, profile = (form.email.data or "").strip().lower(), form.profile()
    details: dict[str, Any] = {"email": email, "password": form.password.data or "", "name": form.name.data or None,
                               "enterprise": profile}
    if _would_register(details):
        link = url_for("auth.confirm_registration", token=seal(details), _external=True)
        body = _("Open this link within %(hours)s hours to finish registering %(name)s:\n\n%(link)s\n\n"
                 "If you did not register, ignore this message: nothing has been stored.",
                 hours=current_app.config["REGISTRATION_LINK_HOURS"], name=profile["name"], link=link)
    else:
        body = _("Someone, perhaps you, tried to register a new account with this e-mail address, which already "
                 "has one. Log in at %(login)s or, if you forgot the password, reset it at %(reset)s.\n\n"
                 "If it was not you, ignore this message.",
                 login=url_for("auth.login", _external=True), reset=url_for("account.reset_request", _external=True))
    mail.send(email, _("Confirm your registration"), body)
    return render_template("auth/register_sent.html", email=email,
                           hours=current_app.config["REGISTRATION_LINK_HOURS"]), 200


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
def confirm_registration(token: str) -> Response | tuple[str, int]:
    """The link from the e-mail: a button (so that mail scanners opening links create nothing), then the account."""
    details = unseal(token)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("auth/register_confirm.html", form=form, details=details), 200
    try:
        user = accounts.register(get_session(), **details)
    except MaturityError:
        rollback()  # the address was registered meanwhile, usually by this very link: one answer for all
        raise NotFound.one("注册确认链接无效、已使用或已过期；请重新注册",
                           "this confirmation link is invalid, used or expired; register again",
                           "token", code="registration_link_invalid") from None
    from .routes import start_session  # routes imports this module

    start_session(user)
    company = get_session().get(Enterprise, user.enterprise_id)
    assert company is not None  # registered just now
    saved = trial_save_to(get_session(), user, company)
    if saved is not None:
        return redirect(url_for("assessments.result", assessment_id=saved.id))
    flash(_("Welcome! Start with the quick check or the full assessment."), "success")
    return redirect(url_for("assessments.enterprise", enterprise_id=user.enterprise_id))
