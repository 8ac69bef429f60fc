"""Clients: the list with filters, adding a client without logging out, the portfolio, and the take-over link."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...domain.enums import Role
from ...domain.errors import MaturityError
from ...domain.ids import ascii_int
from ...services import access, client_invites, clients, organisations
from ..auth.routes import start_session
from ..database import get_session, rollback
from ..i18n import localise
from . import bp
from .forms import AcceptForm, ActionForm, ClientForm


def consultant_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Logged in as a consultant, else the log-in page (visitors) or 403 (other roles)."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user.role != Role.CONSULTANT:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _level(raw: str | None) -> int | None:
    return ascii_int(raw, 0, 5) if raw is not None else None


@bp.route("/clients")
@consultant_required
def client_list():  # type: ignore[no-untyped-def]
    """Every client with its newest assessment: level, S, date and status; filters and search."""
    args = {"search": request.args.get("q", ""), "status": request.args.get("status", ""),
            "level": _level(request.args.get("level")), "industry_type": request.args.get("type", "")}
    rows = clients.client_rows(get_session(), current_user, **args)
    return render_template("consultants/clients.html", rows=rows, args=args, filtered=any(args.values()),
                           start_form=ActionForm())


def _place_error(form: ClientForm, exc: MaturityError) -> None:
    """Show a refusal beside the field it is about (as registration does), else as a message."""
    name = {"name": "enterprise_name"}.get(exc.field or "", exc.field or "")
    target = getattr(form, name, None) if name else None
    if target is not None:
        target.errors = [*target.errors, localise(exc.text)]
    else:
        flash(localise(exc.text), "error")


@bp.route("/clients/new", methods=["GET", "POST"])
@consultant_required
def new_client():  # type: ignore[no-untyped-def]
    """Add a client: the registration's profile form and checks; the consultant stays logged in."""
    form = ClientForm()
    form.fill_choices()
    if form.validate_on_submit():
        try:
            company = organisations.create_enterprise(get_session(), data=form.profile(), actor=current_user)
        except MaturityError as exc:
            rollback()
            _place_error(form, exc)
        else:
            flash(_("%(name)s is now one of your clients.", name=company.name), "success")
            return redirect(url_for("assessments.enterprise", enterprise_id=company.id))
    return render_template("consultants/client_new.html", form=form), (422 if form.errors else 200)


@bp.route("/portfolio")
@consultant_required
def portfolio():  # type: ignore[no-untyped-def]
    """The level distribution of the clients and each one's change since its previous assessment."""
    return render_template("consultants/portfolio.html", p=clients.portfolio(get_session(), current_user))


@bp.route("/clients/<int:enterprise_id>/invite", methods=["POST"])
@consultant_required
def invite(enterprise_id: int):  # type: ignore[no-untyped-def]
    """Make a one-time link for the client's staff and show it once, to be passed on."""
    if not ActionForm().validate_on_submit():
        abort(400)
    row, token = client_invites.invite(get_session(), consultant=current_user, enterprise_id=enterprise_id)
    company = access.enterprise_for(get_session(), current_user, enterprise_id)
    link = url_for(".accept", token=token, _external=True)
    return render_template("consultants/invite.html", enterprise=company, link=link, expires=row.expires_at)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept(token: str):  # type: ignore[no-untyped-def]
    """The client's staff open the link: they create their account and take the enterprise's account over."""
    s = get_session()
    _row, company = client_invites.open_invite(s, token)
    if current_user.is_authenticated:
        flash(_("You are logged in as %(email)s. Log out first, then open the link again.",
                email=current_user.email), "info")
        return render_template("consultants/accept.html", enterprise=company, form=None)
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            user = client_invites.accept(s, token=token, email=form.email.data or "", password=form.password.data or "",
                                         name=form.name.data or None)
        except MaturityError as exc:
            rollback()
            target = getattr(form, exc.field or "", None)
            if target is not None:
                target.errors = [*target.errors, localise(exc.text)]
            else:
                flash(localise(exc.text), "error")
        else:
            start_session(user)
            flash(_("Welcome! The account of %(name)s is now yours.", name=company.name), "success")
            return redirect(url_for("assessments.enterprise", enterprise_id=company.id))
    return render_template("consultants/accept.html", enterprise=company, form=form), (422 if form.errors else 200)
