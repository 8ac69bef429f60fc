"""API tokens on the account page: list, create (shown once), revoke."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...domain.errors import MaturityError
from ...services.security import tokens
from ..database import get_session, rollback
from ..i18n import localise
from . import bp
from .forms import TokenForm


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def api_tokens():  # type: ignore[no-untyped-def]
    """The user's API tokens and a form for a new one; a new token's secret is shown this once."""
    user = current_user._get_current_object()
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        try:
            _row, secret = tokens.create(get_session(), user=user, name=form.name.data, days=form.days.data)
        except MaturityError as exc:
            rollback()
            form.name.errors = [localise(exc.text)]
        else:
            form = TokenForm(formdata=None)
    rows = tokens.of_user(get_session(), user)
    return render_template("account/tokens.html", form=form, rows=rows, secret=secret, usable=tokens.is_usable), (
        422 if form.errors else 200
    )


@bp.route("/account/tokens/<int(max=2147483647):token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):  # type: ignore[no-untyped-def]
    """Revoke one of the user's tokens: it answers 401 from now on."""
    try:  # CSRFProtect has checked the form's token already
        row = tokens.revoke(get_session(), user=current_user._get_current_object(), token_id=token_id)
    except MaturityError as exc:
        rollback()
        flash(localise(exc.text), "error")
    else:
        flash(_("Token “%(name)s” revoked.", name=row.name or row.id), "success")
    return redirect(url_for("account.api_tokens"))
