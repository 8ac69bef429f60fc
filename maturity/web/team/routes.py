"""The team page (members, invitations, requests to join), invitation links, the profile and its history."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...domain.errors import MaturityError
from ...services import access, profiles, team
from ..assessments.forms import ActionForm
from ..auth.routes import start_session
from ..database import get_session, rollback
from ..errors import flash_refusal
from ..i18n import localise
from . import bp, mailing
from .forms import PROFILE_LABELS, AcceptForm, InviteForm, ProfileForm, RoleForm, profile_value


@bp.route("/enterprises/<int:enterprise_id>/team")
@login_required
def members(enterprise_id: int):  # type: ignore[no-untyped-def]
    """Who is in the team with which role; the owner invites, changes roles, removes and decides requests."""
    s = get_session()
    company = access.enterprise_for(s, current_user, enterprise_id)
    manage = access.can_manage(s, current_user, company)
    return render_template(
        "team/members.html",
        enterprise=company,
        members=team.members(s, enterprise_id),
        manage=manage,
        invites=team.pending_invites(s, enterprise_id) if manage else [],
        requests=team.open_requests(s, enterprise_id) if manage else [],
        invite_form=InviteForm(),
        role_form=RoleForm(),
        action_form=ActionForm(),
        new_link=request.args.get("link"),
    )


@bp.route("/enterprises/<int:enterprise_id>/team/invite", methods=["POST"])
@login_required
def invite(enterprise_id: int):  # type: ignore[no-untyped-def]
    """Invite a colleague: by e-mail when a mail server is configured, otherwise show the one-time link."""
    s = get_session()
    company = access.enterprise_for(s, current_user, enterprise_id, manage=True)
    form = InviteForm()
    if not form.validate_on_submit():
        flash(
            " ".join(localise(e) if not isinstance(e, str) else e for errs in form.errors.values() for e in errs),
            "error",
        )
        return redirect(url_for(".members", enterprise_id=enterprise_id))
    _row, token = team.invite(
        s, owner=current_user, enterprise_id=enterprise_id, role=form.role.data or "", email=form.email.data or None
    )
    link = url_for(".accept", token=token, _external=True)
    if form.email.data and mailing.send_invite(form.email.data, company, link):
        flash(_("The invitation has been sent to %(email)s.", email=form.email.data), "success")
        return redirect(url_for(".members", enterprise_id=enterprise_id))
    flash(_("Give this one-time link to your colleague; it works once, for 14 days."), "success")
    return render_template("team/link.html", enterprise=company, link=link)


@bp.route("/enterprises/<int:enterprise_id>/team/members/<int:user_id>", methods=["POST"])
@login_required
def change(enterprise_id: int, user_id: int):  # type: ignore[no-untyped-def]
    """Change a member's role, or remove them (button `remove`)."""
    s = get_session()
    form = RoleForm()
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        if request.form.get("action") == "remove":
            team.remove(s, owner=current_user, enterprise_id=enterprise_id, user_id=user_id)
            flash(_("The member has been removed; their answers stay, with their name."), "success")
        else:
            team.set_role(
                s, owner=current_user, enterprise_id=enterprise_id, user_id=user_id, role=form.role.data or ""
            )
            flash(_("The role has been changed."), "success")
    except MaturityError as exc:
        flash_refusal(exc)
    return redirect(url_for(".members", enterprise_id=enterprise_id))


@bp.route("/enterprises/<int:enterprise_id>/team/invites/<int:invite_id>/revoke", methods=["POST"])
@login_required
def revoke(enterprise_id: int, invite_id: int):  # type: ignore[no-untyped-def]
    """Withdraw an unused invitation."""
    if not ActionForm().validate_on_submit():
        abort(400)
    team.revoke_invite(get_session(), owner=current_user, invite_id=invite_id)
    flash(_("The invitation has been withdrawn."), "success")
    return redirect(url_for(".members", enterprise_id=enterprise_id))


@bp.route("/enterprises/<int:enterprise_id>/team/requests/<int:request_id>", methods=["POST"])
@login_required
def decide(enterprise_id: int, request_id: int):  # type: ignore[no-untyped-def]
    """Approve a request to join with a role, or decline it."""
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    approve = request.form.get("action") == "approve"
    team.decide(get_session(), owner=current_user, request_id=request_id, approve=approve, role=form.role.data or "")
    flash(_("The request has been approved.") if approve else _("The request has been declined."), "success")
    return redirect(url_for(".members", enterprise_id=enterprise_id))


@bp.route("/team/join/<token>", methods=["GET", "POST"])
def accept(token: str):  # type: ignore[no-untyped-def]
    """An invitation link: a logged-in enterprise user joins; a visitor makes an account and joins."""
    s = get_session()
    row, company = team.open_invite(s, token)
    form = AcceptForm()
    if request.method == "GET" and row.email:
        form.email.data = row.email
    logged_in = current_user.is_authenticated
    if request.method == "POST" and (ActionForm().validate_on_submit() if logged_in else form.validate_on_submit()):
        try:
            user = team.accept(
                s,
                token=token,
                user=current_user if logged_in else None,
                email=form.email.data or "",
                password=form.password.data or "",
                name=form.name.data or None,
            )
        except MaturityError as exc:
            rollback()
            if exc.status != 422:
                raise
            flash(
                localise(exc.text)
                if exc.field != "email"
                else _(
                    "We could not make an account with these "
                    "details. If you already have one, log in first and open the link again."
                ),
                "error",
            )
        else:
            if not logged_in:
                start_session(user)
            flash(_("Welcome to the team of %(name)s.", name=company.name), "success")
            return redirect(url_for("assessments.enterprise", enterprise_id=company.id))
    return render_template(
        "team/accept.html", enterprise=company, invite=row, form=form, action_form=ActionForm(), logged_in=logged_in
    ), (422 if form.errors else 200)


@bp.route("/enterprises/<int:enterprise_id>/profile", methods=["GET", "POST"])
@login_required
def profile(enterprise_id: int):  # type: ignore[no-untyped-def]
    """The owner edits the enterprise profile; every change is kept and listed."""
    s = get_session()
    company = access.enterprise_for(s, current_user, enterprise_id)
    manage = access.can_manage(s, current_user, company)
    form = ProfileForm(obj=company) if request.method == "GET" else ProfileForm()
    form.fill_choices()
    if request.method == "GET":
        form.enterprise_name.data = company.name
    if request.method == "POST" and form.validate_on_submit():
        try:
            change = profiles.update_profile(s, user=current_user, enterprise_id=enterprise_id, data=form.profile())
        except MaturityError as exc:
            flash_refusal(exc)
        else:
            flash(_("The profile has been saved.") if change else _("Nothing changed."), "success")
            return redirect(url_for(".profile", enterprise_id=enterprise_id))
    return render_template(
        "team/profile.html",
        enterprise=company,
        form=form,
        manage=manage,
        history=profiles.profile_history(s, enterprise_id),
        profile_label=lambda key: PROFILE_LABELS.get(key, key),
        profile_value=profile_value,
    ), (422 if form.errors else 200)


@bp.app_context_processor
def account_helpers() -> dict[str, object]:
    """`my_teams()` for the account page's team part (kept in its own include, beside other account sections)."""

    def my_teams() -> dict[str, object]:
        s = get_session()
        rows = [
            (e, access.member_role(s, current_user, e.id or 0)) for e in access.enterprises_visible_to(s, current_user)
        ]
        return {"teams": rows, "requests": team.my_requests(s, current_user)}

    return {"my_teams": my_teams}
