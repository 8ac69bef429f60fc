"""Accounts in the browser: list and search, create, change role, deactivate and reactivate, unlock, reset 2FA."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import col, select

from ...domain.enums import Role, values
from ...domain.errors import NotFound
from ...models import Park, Region, User
from ...services import account_admin
from ..database import get_session
from . import bp
from .fields import optional_id, page_number, text


def _user(user_id: int) -> User:
    user = get_session().get(User, user_id)
    if user is None:
        raise NotFound.one(f"用户 {user_id} 不存在", f"user {user_id} does not exist", "user")
    return user


@bp.get("/users")
def users():  # type: ignore[no-untyped-def]
    """Users matching the search, a page at a time, with the forms to change them."""
    q, role, page = text(request.args, "q"), request.args.get("role", ""), page_number(request.args)
    s = get_session()
    rows, more = account_admin.search_users(s, q, role, page)
    return render_template(
        "admin/users.html", rows=rows, more=more, page=page, q=q, role=role, roles=values(Role),
        parks=s.exec(select(Park).order_by(col(Park.name))).all(),
        regions=s.exec(select(Region).order_by(col(Region.code))).all(),
    )


@bp.post("/users")
def create_user():  # type: ignore[no-untyped-def]
    """Create an account with a first password the user changes."""
    form = request.form
    s = get_session()
    enterprise_id = optional_id(form, "enterprise_id")
    user = account_admin.create(
        s, actor=current_user, email=text(form, "email"), password=form.get("password", ""),
        role=form.get("role", ""), name=text(form, "name", 100) or None, enterprise_id=enterprise_id,
        park_id=optional_id(form, "park_id"), region_code=text(form, "region", 6) or None,
    )
    flash(_("Account %(email)s created.", email=user.email), "success")
    return redirect(url_for(".users", q=user.email))


@bp.post("/users/<int:user_id>/role")
def change_role(user_id: int):  # type: ignore[no-untyped-def]
    """Give a user another role (and park or region)."""
    form = request.form
    user = account_admin.change_role(
        get_session(), actor=current_user, user=_user(user_id), role=form.get("role", ""),
        park_id=optional_id(form, "park_id"), region_code=text(form, "region", 6) or None,
    )
    flash(_("Role of %(email)s changed; their sessions have ended.", email=user.email), "success")
    return redirect(url_for(".users", q=user.email))


@bp.post("/users/<int:user_id>/active")
def set_active(user_id: int):  # type: ignore[no-untyped-def]
    """Deactivate (ending the user's sessions) or reactivate."""
    active = request.form.get("active") == "1"
    user = account_admin.set_active(get_session(), actor=current_user, user=_user(user_id), active=active)
    flash(_("%(email)s reactivated.", email=user.email) if active
          else _("%(email)s deactivated; their sessions and API tokens have ended.", email=user.email), "success")
    return redirect(url_for(".users", q=user.email))


@bp.post("/users/<int:user_id>/unlock")
def unlock(user_id: int):  # type: ignore[no-untyped-def]
    """Clear the failed log-ins that locked an account."""
    user = _user(user_id)
    account_admin.unlock(get_session(), actor=current_user, user=user)
    flash(_("%(email)s unlocked.", email=user.email), "success")
    return redirect(url_for(".users", q=user.email))


@bp.post("/users/<int:user_id>/second-factor")
def reset_second_factor(user_id: int):  # type: ignore[no-untyped-def]
    """Remove a user's second factor so they set it up again."""
    user = _user(user_id)
    account_admin.reset_second_factor(get_session(), actor=current_user, user=user)
    flash(_("Second factor of %(email)s removed; they set it up again at their next log-in.", email=user.email),
          "success")
    return redirect(url_for(".users", q=user.email))
