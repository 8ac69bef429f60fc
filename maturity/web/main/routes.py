"""Dashboard, language switch and a trivial health endpoint."""

from __future__ import annotations

import functools
from pathlib import Path

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from ...domain.enums import MemberRole
from ...services import access
from ...services.security import tokens
from ..account.login_sessions import listed
from ..auth.routes import safe_next
from ..database import get_session
from . import bp
from .forms import LanguageForm


@bp.route("/")
def index():  # type: ignore[no-untyped-def]
    """The enterprises a user may see with their latest assessments; visitors see the welcome page."""
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    if current_user.role == "consultant":  # their clients, with levels, filters and search
        return redirect(url_for("consultants.client_list"))
    session_ = get_session()
    if current_user.role == "region_admin":  # a region may hold thousands of enterprises: start from its figures
        return redirect(url_for("parks.index"))
    enterprises = access.enterprises_visible_to(session_, current_user)
    parks = session_.exec(access.visible_parks(current_user)).all() if current_user.role == "park_admin" else []
    if current_user.role == "enterprise" and len(enterprises) == 1:
        return redirect(url_for("assessments.enterprise", enterprise_id=enterprises[0].id))
    if current_user.role == "enterprise" and not enterprises:  # waiting for a request to join: the account says so
        return redirect(url_for("main.account"))
    return render_template("main/index.html", enterprises=enterprises, parks=parks)


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):  # type: ignore[no-untyped-def]
    """Switch between Chinese and English; stored in the session cookie."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["lang"] = code
    return redirect(safe_next(form.next.data))


@bp.route("/favicon.ico")
def favicon():  # type: ignore[no-untyped-def]
    """The vendored icon where browsers look for it without being told.

    Sent from memory (5 KB): a file handle opened by send_file is left unclosed when the browser's
    conditional request is answered 304.
    """
    data = _favicon_bytes(str(current_app.static_folder))
    response = current_app.response_class(data, mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    response.add_etag()
    return response.make_conditional(request)


@functools.lru_cache(maxsize=2)
def _favicon_bytes(folder: str) -> bytes:
    return (Path(folder) / "favicon.ico").read_bytes()


@bp.route("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """A trivial endpoint: liveness checks and the benchmark's baseline."""
    return {"status": "ok"}


@bp.route("/account")
@login_required
def account():  # type: ignore[no-untyped-def]
    """Who is logged in, with which role, and where: the open log-in sessions and the usable API tokens."""
    user = current_user._get_current_object()
    session = get_session()
    active = [row for row in tokens.of_user(session, user) if tokens.is_usable(row)]
    owns = bool(user.enterprise_id) and access.member_role(session, user, user.enterprise_id) == MemberRole.OWNER
    return render_template("main/account.html", login_sessions=listed(), active_tokens=active, owns_enterprise=owns)
