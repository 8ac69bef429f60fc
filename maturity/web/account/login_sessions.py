"""Log-in sessions on the account page: the open ones are listed there; end one, or all but this one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ...domain.devices import describe
from ...services import sessions as rows
from .. import sessions
from ..database import get_session
from . import bp


def listed() -> list[dict[str, Any]]:
    """The user's open sessions for the account page, this one marked, each with a short browser name."""
    config, this = current_app.config, sessions.current()
    found = rows.active(get_session(), current_user._get_current_object(),
                        lifetime=current_app.permanent_session_lifetime,
                        idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]))
    result = []
    for row in found:
        browser, system = describe(row.user_agent)
        result.append({"row": row, "browser": browser, "system": system,
                       "this": this is not None and row.id == this.id})
    return result


@bp.route("/account/sessions/<int(max=2147483647):session_id>/end", methods=["POST"])
@login_required
def end_session(session_id: int):  # type: ignore[no-untyped-def]
    """End one of the user's sessions: that browser is logged out at its next request (another user's: 404)."""
    # CSRFProtect has checked the form's token already; a refusal (NotFound) is rendered by the error handler
    rows.end_one(get_session(), user=current_user._get_current_object(), session_id=session_id)
    flash(_("The session has been ended: that browser must log in again."), "success")
    return redirect(url_for("main.account", _anchor="account-sessions"))


@bp.route("/account/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():  # type: ignore[no-untyped-def]
    """End every session of the user but this one."""
    this = sessions.current()
    if this is None:  # a logged-in request always has its row; never end them all by mistake
        abort(409)
    count = rows.end_others(get_session(), user=current_user._get_current_object(), keep=this)
    flash(ngettext("%(num)d other session has been ended.", "%(num)d other sessions have been ended.", count),
          "success")
    return redirect(url_for("main.account", _anchor="account-sessions"))
