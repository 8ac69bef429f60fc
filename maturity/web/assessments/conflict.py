"""Stale tabs: a page saved from a form rendered before someone else changed some of its answers.

The other person's newer answers are kept, the rest of the page is saved, and a page (409) lists each
conflicting answer, theirs and mine side by side with who changed it, so the user chooses; what they
typed travels in that page's hidden fields, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import store
from ...domain.conflicts import Conflict, Value, parse_versions, split_stale
from ...models import Assessment, User
from ...services import access, assessments
from ..database import get_session
from ..i18n import localise
from . import bp


def split(assessment: Assessment, items: list[str], posted: Mapping[str, Value]) -> tuple[dict[str, Value],
                                                                                         list[Conflict]]:
    """The posted answers safe to save and the conflicts, from the page's `version-<item>` fields."""
    rows = store.answers_of(session=get_session(), assessment_id=assessment.id or 0)
    stored = {k: ((r.rating, r.comment), r.version, r.answered_by, r.answered_at) for k, r in rows.items()}
    return split_stale(stored, posted, parse_versions(request.form, items))


def page(assessment: Assessment, key: str, conflicts: list[Conflict]) -> tuple[str, int]:
    """The conflict page (409): theirs and mine for each answer, keep theirs by default."""
    s = get_session()
    names = {c.by: _name(s.get(User, c.by)) for c in conflicts if c.by}
    return render_template(
        "assessments/conflict.html", assessment=assessment, key=key, conflicts=conflicts, names=names,
        labels=_labels(assessment),
    ), 409


def _labels(assessment: Assessment) -> dict[str, str]:
    """Rating IDs as the reader's page words them (大部分满足, not "largely"); a quick check keeps its levels."""
    scoring = getattr(assessments.questionnaire_of(assessment), "scoring", None)
    if scoring is None:
        return {}
    return {o.id: localise(o.label) for o in [*scoring.answer_scale, scoring.not_applicable]}


def _name(user: User | None) -> str:
    return (user.name or user.email) if user is not None else "?"


@bp.route("/assessments/<int:assessment_id>/pages/<key>/resolve", methods=["POST"])
@login_required
def resolve_conflict(assessment_id: int, key: str):  # type: ignore[no-untyped-def]
    """Save the answers the user chose to keep as theirs; a newer change still conflicts again."""
    s = get_session()
    assessment = access.assessment_for(s, current_user, assessment_id, edit=True)
    from .forms import ActionForm

    if not ActionForm().validate_on_submit():
        return redirect(url_for(".page", assessment_id=assessment_id, key=key))
    items = [k[len("choice-"):] for k, v in request.form.items() if k.startswith("choice-") and v == "mine"]
    mine = {i: (request.form.get(f"mine-rating-{i}") or None, request.form.get(f"mine-comment-{i}") or None)
            for i in items}
    fresh, conflicts = split(assessment, items, mine)
    assessments.save_answers(s, user=current_user, assessment=assessment, answers=fresh)
    if conflicts:
        return page(assessment, key, conflicts)
    flash(_("Your choices have been saved."), "success")
    return redirect(url_for(".page", assessment_id=assessment_id, key=key))
