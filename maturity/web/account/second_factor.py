"""Second factor pages: set-up with a QR code and recovery codes, and the code step of a log-in."""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...domain.errors import MaturityError
from ...models import User
from ...services import audit
from ...services.security import second_factor as factor
from ...services.security.lockout import locked_until, record_success
from ...services.security.login import count_failure
from ..database import get_session, rollback
from ..extensions import limiter
from ..i18n import localise
from . import bp
from .forms import CodeForm
from .throttle import address_limit, lock_message, policy

PENDING = "pending_second_factor"
SETUP = "second_factor_setup"
PENDING_SECONDS = 300  # the password step is forgotten if no code follows within five minutes


def begin(user: User, next_url: str | None):  # type: ignore[no-untyped-def]
    """After a good password: remember who is half logged in and ask for the code."""
    session[PENDING] = {"uid": user.id, "at": time.time(), "next": next_url}
    return redirect(url_for("account.login_code"))


def _pending_user() -> tuple[User | None, str | None]:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None, None
    user = get_session().get(User, int(pending.get("uid") or 0))
    return (user if user is not None and user.is_active else None), pending.get("next")


@bp.route("/auth/code", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
def login_code():  # type: ignore[no-untyped-def]
    """The second step of a log-in: a code from the authenticator app or a recovery code."""
    from ..auth.routes import safe_next, start_session  # auth.routes imports this module

    user, next_url = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(_("Log in again: the code was not entered in time."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        lock = locked_until(user)
        if lock is None and factor.verify(get_session(), user, form.code.data or ""):
            record_success(get_session(), user)
            audit.record(get_session(), user, "login", target=user, detail={"second_factor": True})
            start_session(user)
            return redirect(safe_next(next_url))
        lock = lock or count_failure(get_session(), user, policy())
        audit.record(get_session(), user, "login.locked" if lock is not None else "login.failed", target=user,
                     detail={"step": "second_factor"})
        if lock is not None:
            session.pop(PENDING, None)
            flash(lock_message(lock), "error")
            return redirect(url_for("auth.login"))
        form.code.errors = [_("The code is wrong or was already used. Type the 6 digits the app shows now, "
                              "or a recovery code.")]
    return render_template("account/code.html", form=form), (422 if form.errors else 200)


@bp.route("/account/second-factor", methods=["GET", "POST"])
@login_required
def second_factor():  # type: ignore[no-untyped-def]
    """Set up the second factor (required for staff), or see that it is on and how many recovery codes are left."""
    user = current_user._get_current_object()
    required = user.role in current_app.config["SECOND_FACTOR_ROLES"]
    if user.totp_secret:
        left = factor.codes_left(get_session(), user)
        return render_template("account/second_factor_on.html", left=left, form=CodeForm(), required=required)
    secret = session.get(SETUP) or factor.new_secret()
    session[SETUP] = secret
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = factor.enrol(get_session(), user, secret=secret, code=form.code.data or "")
        except MaturityError as exc:
            rollback()
            form.code.errors = [localise(exc.text)]
        else:
            session.pop(SETUP, None)
            flash(_("The second factor is on. From now on, log-in asks for a code."), "success")
            return render_template("account/recovery_codes.html", codes=codes)
    qr = factor.qr_svg(secret, user.email)
    status = 422 if form.errors else 200
    return render_template("account/second_factor.html", form=form, qr=qr, secret=secret, required=required), status


@bp.route("/account/second-factor/codes", methods=["POST"])
@login_required
@limiter.limit(address_limit)
def renew_codes():  # type: ignore[no-untyped-def]
    """New recovery codes, shown once; a current code is asked first."""
    form = CodeForm()
    try:
        codes = factor.renew_codes(get_session(), current_user._get_current_object(), code=form.code.data or "")
    except MaturityError as exc:
        rollback()
        flash(localise(exc.text), "error")
        return redirect(url_for("account.second_factor"))
    return render_template("account/recovery_codes.html", codes=codes)


@bp.route("/account/second-factor/off", methods=["POST"])
@login_required
@limiter.limit(address_limit)
def turn_off():  # type: ignore[no-untyped-def]
    """Turn the second factor off, where the user's role does not require one."""
    user = current_user._get_current_object()
    if user.role in current_app.config["SECOND_FACTOR_ROLES"]:
        flash(_("Your role requires a second factor. Set it up to go on."), "error")
        return redirect(url_for("account.second_factor"))
    try:
        factor.turn_off(get_session(), user, code=CodeForm().code.data or "")
    except MaturityError as exc:
        rollback()
        flash(localise(exc.text), "error")
    else:
        flash(_("The second factor is off."), "success")
    return redirect(url_for("account.second_factor"))
