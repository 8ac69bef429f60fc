"""Change a password (knowing the current one) and reset a forgotten one by e-mail."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ...domain.errors import MaturityError
from ...services.security import passwords, reset
from ..database import get_session, rollback
from ..extensions import limiter
from ..i18n import localise
from . import bp, mail
from .forms import ChangePasswordForm, ResetForm, ResetRequestForm
from .throttle import account_key, account_limit, address_limit


def _show(form: FlaskForm, exc: MaturityError) -> None:
    """Put a refusal next to the field it names (else above the form)."""
    rollback()
    target = getattr(form, exc.field, None) if exc.field else None
    if target is not None:
        target.errors = [*target.errors, localise(exc.text)]
    else:
        flash(localise(exc.text), "error")


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(address_limit, methods=["POST"])
def change_password():  # type: ignore[no-untyped-def]
    """Change the password; the current one is asked again."""
    from ..auth.routes import start_session  # auth.routes imports this package

    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            passwords.change_password(get_session(), user, current=form.current_password.data or "",
                                      new=form.password.data or "")
        except MaturityError as exc:
            _show(form, exc)
        else:
            start_session(user)  # a fresh session for this browser; the hooks end the others
            _notify(user.email)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.account"))
    return render_template("account/password.html", form=form), (422 if form.errors else 200)


def _notify(address: str) -> None:
    """Tell the owner that the password changed, so a change they did not make does not go unnoticed."""
    body = _("The password of your account %(email)s has just been changed.\n\nIf it was not you, reset it "
             "at once with “Forgot your password?” on the log-in page and tell your administrator.", email=address)
    mail.send(address, _("Your password was changed"), body)


def _reset_mail(address: str, link: str) -> None:
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    body = _("Someone (we hope you) asked to reset the password of this account.\n\nSet a new password "
             "within %(minutes)s minutes through this link, which works once:\n\n%(link)s\n\nIf it was not you, "
             "ignore this message: your password stays as it is.", minutes=minutes, link=link)
    mail.send(address, _("Reset your password"), body)


@bp.route("/auth/reset", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@limiter.limit(account_limit, key_func=account_key, methods=["POST"])  # no flood of mail to one address
def reset_request():  # type: ignore[no-untyped-def]
    """Ask for a reset link; the answer is the same whether or not the e-mail is registered."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        found = reset.request_reset(get_session(), email=form.email.data or "",
                                    secret_key=current_app.config["SECRET_KEY"])
        if found is not None:
            user, token = found
            _reset_mail(user.email, url_for("account.reset_password", token=token, _external=True))
        flash(_("If this e-mail address is registered, a message with a reset link is on its way. "
                "The link works once and expires in %(minutes)s minutes.",
                minutes=current_app.config["PASSWORD_RESET_MINUTES"]), "info")
        return redirect(url_for("auth.login"))
    return render_template("account/reset_request.html", form=form), (422 if form.errors else 200)


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
def reset_password(token: str):  # type: ignore[no-untyped-def]
    """Set a new password through a reset link."""
    max_age = int(current_app.config["PASSWORD_RESET_MINUTES"]) * 60
    key = current_app.config["SECRET_KEY"]
    try:
        user = reset.user_for_token(get_session(), token, secret_key=key, max_age=max_age)
    except MaturityError as exc:
        flash(localise(exc.text), "error")
        return redirect(url_for("account.reset_request"))
    form = ResetForm()
    if form.validate_on_submit():
        try:
            passwords.set_password(get_session(), user, form.password.data or "")
        except MaturityError as exc:
            _show(form, exc)
        else:
            _notify(user.email)
            flash(_("Your password has been set. Log in with it now."), "success")
            return redirect(url_for("auth.login"))
    return render_template("account/reset.html", form=form, email=user.email), (422 if form.errors else 200)
