"""The owner's side of a team assessment: the rule and assignments, resolving disagreements, deleting a draft."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...domain.errors import MaturityError
from ...services import access, assessments, disagreements, profiles, respondents, team
from ..database import after_commit, get_session
from ..errors import flash_refusal
from . import bp
from .forms import ActionForm
from .team_view import RULE_NAMES, items_by_subdomain


@bp.route("/assessments/<int:assessment_id>/team", methods=["GET", "POST"])
@login_required
def team_settings(assessment_id: int):  # type: ignore[no-untyped-def]
    """Who answers which sub-domain, the consolidation rule, and whether respondents may answer the rest."""
    s = get_session()
    assessment = access.assessment_for(s, current_user, assessment_id)
    company = access.enterprise_for(s, current_user, assessment.enterprise_id)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        access.assessment_for(s, current_user, assessment_id, edit=True, manage=True)
        try:
            _save_settings(assessment)
        except MaturityError as exc:
            flash_refusal(exc)
        else:
            flash(_("The assignments and the rule have been saved."), "success")
        return redirect(url_for(".team_settings", assessment_id=assessment_id))
    subs = assessments.instrument_of(assessment).base.subdomain_index
    answering = [m for m in team.members(s, company.id or 0) if m.role in ("owner", "respondent")]
    return render_template(
        "assessments/team.html",
        assessment=assessment,
        enterprise=company,
        subdomains=[subs[sid] for sid in items_by_subdomain(assessment)],
        assigned=respondents.assignments_of(s, assessment_id),
        members=answering,
        settings=respondents.settings_of(s, assessment_id),
        rule_names=RULE_NAMES,
        manage=access.can_manage(s, current_user, company) and assessment.status == "draft",
        form=ActionForm(),
    )


def _save_settings(assessment) -> None:  # type: ignore[no-untyped-def]
    """Apply the posted rule, the open-to-all switch and each sub-domain's respondent."""
    s = get_session()
    respondents.set_settings(
        s,
        user=current_user,
        assessment=assessment,
        rule=request.form.get("rule", ""),
        open_to_all=request.form.get("open_to_all") == "y",
    )
    current = respondents.assignments_of(s, assessment.id or 0)
    for sid in items_by_subdomain(assessment):
        raw = request.form.get(f"assign-{sid}", "")
        wanted = int(raw) if raw.isdecimal() and len(raw) < 10 else None
        if wanted != current.get(sid):
            respondents.assign(s, user=current_user, assessment=assessment, subdomain_id=sid, respondent_id=wanted)


@bp.route("/assessments/<int:assessment_id>/disagreements/<requirement_id>", methods=["POST"])
@login_required
def resolve(assessment_id: int, requirement_id: str):  # type: ignore[no-untyped-def]
    """The owner decides a disagreement: the rating used, and a note saying why."""
    s = get_session()
    assessment = access.assessment_for(s, current_user, assessment_id, edit=True, manage=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        disagreements.resolve(
            s,
            user=current_user,
            assessment=assessment,
            requirement_id=requirement_id[:100],
            rating=request.form.get("rating", ""),
            note=request.form.get("note", ""),
        )
    except MaturityError as exc:
        flash_refusal(exc)
    else:
        flash(_("The disagreement on %(id)s has been resolved.", id=requirement_id), "success")
    return redirect(url_for(".review", assessment_id=assessment_id) + "#disagreements")


@bp.route("/assessments/<int:assessment_id>/delete", methods=["POST"])
@login_required
def delete_draft(assessment_id: int):  # type: ignore[no-untyped-def]
    """The owner deletes a draft (with its answers, responses and evidence)."""
    from ..evidence_files import evidence_store

    s = get_session()
    assessment = access.assessment_for(s, current_user, assessment_id, manage=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    enterprise_id = assessment.enterprise_id
    keys = profiles.delete_draft(s, user=current_user, assessment_id=assessment_id)
    files = evidence_store()

    def remove_files() -> None:  # once the rows are gone for good, their files go too
        for key in keys:
            files.delete(key)

    after_commit(remove_files)
    flash(_("The draft has been deleted."), "success")
    return redirect(url_for(".enterprise", enterprise_id=enterprise_id))
