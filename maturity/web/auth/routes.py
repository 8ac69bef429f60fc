"""Log-in (rate-limited), log-out and registration."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from ...domain.enums import SessionEnd
from ...domain.errors import MaturityError
from ...models import Enterprise
from ...services import accounts, audit
from ...services import sessions as login_sessions
from ...services.security.login import check_password
from .. import sessions
from ..account import second_factor, throttle
from ..assessments.trial import save_to as trial_save_to
from ..database import get_session, rollback
from ..extensions import limiter
from ..i18n import localise
from . import bp, confirm
from .forms import LoginForm, RegisterForm

UNUSABLE_EMAIL = (
    "无法用这些信息注册。如果您已有账号，请直接登录；忘记密码可以重设。",
    "We could not register with these details. If you already have an account, log in; a forgotten password "
    "can be reset.",
)


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def safe_next(target: str | None) -> str:
    """A same-site path to return to after log-in, else the dashboard."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("main.index")


def start_session(user) -> None:  # type: ignore[no-untyped-def]
    """Log `user` in with a fresh, time-limited session (keeping a stashed draft and the language)."""
    keep = {key: session[key] for key in ("lang", "stash", "trial") if key in session}
    session.clear()
    session.update(keep)
    sessions.begin(user)
    session["seen"] = time.time()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(throttle.account_limit, key_func=throttle.account_key, methods=["POST"])
def login():  # type: ignore[no-untyped-def]
    """Log in with e-mail and password (then a second-factor code when the user has one)."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if session.pop("expired", False) and request.method == "GET":
        flash(_("Your session has expired. Log in again; your answers are kept."), "info")
    if form.validate_on_submit():
        attempt = check_password(
            get_session(), email=form.email.data or "", password=form.password.data or "", policy=throttle.policy()
        )
        lock = attempt.locked_until
        if attempt.unknown:
            lock = throttle.unknown_account_failure(form.email.data or "")
        if lock is not None or attempt.user is None:
            audit.record(get_session(), None, "login.locked" if lock is not None else "login.failed",
                         email=(form.email.data or "").strip().lower()[:254])
        if lock is not None:
            flash(throttle.lock_message(lock), "error")
        elif attempt.user is None:
            flash(_("Wrong e-mail or password."), "error")
        elif attempt.user.totp_secret:
            return second_factor.begin(attempt.user, request.args.get("next"))
        else:
            audit.record(get_session(), attempt.user, "login", target=attempt.user)
            start_session(attempt.user)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():  # type: ignore[no-untyped-def]
    """Log out (POST, so a link from elsewhere cannot do it): every session of the user ends, not only this one."""
    login_sessions.end_sessions(get_session(), current_user._get_current_object(), SessionEnd.LOGOUT)
    audit.record(get_session(), current_user, "logout", target=current_user._get_current_object())
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def register():  # type: ignore[no-untyped-def]
    """Create an account for a factory manager together with the enterprise profile."""
    if current_user.is_authenticated:  # never log anyone out from here: send them home with a word why
        flash(_("You are already logged in. To register another enterprise, log out first."), "info")
        return redirect(url_for("main.index"))
    form = RegisterForm()
    form.fill_choices()
    trial = session.get("trial")
    if request.method == "GET" and isinstance(trial, dict):
        form.industry_type.data = trial.get("industry")  # the quick check already asked
    if form.validate_on_submit() and request.form.get("join") == "1":
        return _ask_to_join(form)
    if form.validate_on_submit():
        try:
            if confirm.enabled():
                return confirm.start(form)
            user = accounts.register(
                get_session(),
                email=form.email.data or "",
                password=form.password.data or "",
                name=form.name.data or None,
                enterprise=form.profile(),
            )
        except MaturityError as exc:
            rollback()
            if exc.problems[0].code == "credit_code_taken":
                return render_template("auth/register.html", form=form, trial=trial, offer_join=True), 409
            field = {"name": "enterprise_name"}.get(exc.field or "", exc.field or "")
            target = getattr(form, field, None) if field else None
            if field == "email":  # never confirm that an address has an account
                target, exc = None, MaturityError.one(*UNUSABLE_EMAIL)
            if target is not None:
                target.errors = [*target.errors, localise(exc.text)]
            else:
                flash(localise(exc.text), "error")
        else:
            start_session(user)
            saved = trial_save_to(get_session(), user, get_session().get(Enterprise, user.enterprise_id))
            if saved is not None:
                return redirect(url_for("assessments.result", assessment_id=saved.id))
            flash(_("Welcome! Start with the quick check or the full assessment."), "success")
            return redirect(url_for("assessments.enterprise", enterprise_id=user.enterprise_id))
    refused = form.errors or request.method == "POST"  # a POST that gets here was refused, by a field or a service
    return render_template("auth/register.html", form=form, trial=trial), (422 if refused else 200)


def _ask_to_join(form: RegisterForm):  # type: ignore[no-untyped-def]
    """Ask to join an enterprise already registered; the same answer whether the e-mail had an account or not."""
    try:
        accounts.register_to_join(get_session(), email=form.email.data or "", password=form.password.data or "",
                                  name=form.name.data or None, credit_code=form.credit_code.data or "")
    except MaturityError as exc:
        rollback()
        flash(localise(exc.text), "error")
        return render_template("auth/register.html", form=form, trial=None), 422
    flash(_("Your request to join has been sent to the enterprise's owner. Log in to follow it; once approved, "
            "the enterprise appears on your account page."), "success")
    return redirect(url_for("auth.login"))
