"""Pages posted after the log-in lapsed: kept for the session that was editing that draft, restored after
log-in. Anyone else (an anonymous browser, a session ended by log-out) gets the same answer and stores nothing."""

from __future__ import annotations

from flask import current_app, flash, request, session
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ...domain.limits import PAGE_KEY_MAX_LENGTH
from ...models import Assessment
from ...services import drafts
from ..database import get_session
from ..extensions import login_manager

OPENED, STASH, MAX_OPENED = "opened", "stash", 20


def remember_opened(assessment_id: int) -> None:
    """Note that this logged-in session edits `assessment_id` (the newest few are kept)."""
    opened = [i for i in session.get(OPENED, []) if i != assessment_id][-(MAX_OPENED - 1):]
    session[OPENED] = [*opened, assessment_id]


def _may_stash(assessment_id: int, key: str, data: dict[str, str]) -> bool:
    if assessment_id not in session.get(OPENED, []) or len(key) > PAGE_KEY_MAX_LENGTH:
        return False
    assessment = get_session().get(Assessment, assessment_id)
    return assessment is not None and assessment.status == "draft" and drafts.acceptable(data)


def stash_and_login(assessment_id: int, key: str):  # type: ignore[no-untyped-def]
    """The log-in lapsed: keep a posted page if this session was editing the draft, and ask to log in again."""
    if request.method == "POST":
        data = {k: v for k, v in request.form.items() if k != "csrf_token"}
        if _may_stash(assessment_id, key, data):
            s = get_session()
            drafts.purge_expired(s, hours=current_app.config["STASH_RETENTION_HOURS"])
            session[STASH] = drafts.stash_page(
                s, assessment_id=assessment_id, page=key, data=data, replaces=session.get(STASH)
            )
        flash(_("Your session has expired. Log in again; answers sent from the page you were editing are kept."),
              "info")
    return login_manager.unauthorized()


def claim(assessment_id: int, key: str) -> MultiDict | None:
    """The page posted before the log-in lapsed, if it belongs to this page and has not expired."""
    token = session.get(STASH)
    if not token:
        return None
    s = get_session()
    stash = drafts.peek_stash(s, token=token, hours=current_app.config["STASH_RETENTION_HOURS"])
    if stash is None:
        session.pop(STASH)
        return None
    if stash.assessment_id != assessment_id or stash.page != key:
        return None
    session.pop(STASH)
    drafts.claim_stash(s, token=token)
    return MultiDict(stash.data)
