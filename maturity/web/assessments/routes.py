"""The assessment flow: enterprise page → start → wizard pages → review → submit → result."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import store
from ...domain.errors import AnswerError, Refused
from ...domain.instrument import instrument
from ...models import Assessment
from ...services import access, assessments, audit, clients, respondents
from ..database import get_session
from ..i18n import content_lang, localise
from . import bp, conflict, stash
from .forms import ActionForm, StartForm, make_page_form, read_page, stored_data
from .history import history, numbers
from .results import result_context
from .review import blockers, na_items, na_usage_of
from .team_view import RULE_NAMES, mine_first, page_team, review_team, team_overview
from .wizard import Page, pages_for, progress


@bp.route("/enterprises/<int:enterprise_id>")
@login_required
def enterprise(enterprise_id: int):  # type: ignore[no-untyped-def]
    """An enterprise's profile and assessments, with buttons to start one."""
    from ...services import sharing
    from ..parks.forms import SharingForm

    s = get_session()
    company = access.enterprise_for(s, current_user, enterprise_id)
    details = access.can_see_details(s, current_user, company)
    found = store.assessments_of(session=s, enterprise_id=enterprise_id) if details else []
    return render_template(
        "assessments/enterprise.html",
        enterprise=company,
        rows=history(found),
        proxies=clients.proxy_notes(s, [a.id or 0 for a in found]),
        level_name=lambda a: assessments.instrument_of(a).base.level_name(a.level),
        details=details,
        consent=sharing.active_consent(s, company),
        consents=sharing.consent_history(s, company) if details else [],
        sharing_form=SharingForm(),
        can_edit=access.can_edit_enterprise(s, current_user, company),
        can_manage=access.can_manage(s, current_user, company),
        team=team_overview(s, found) if details and current_user.role not in access.READ_ONLY else None,
        rule_names=RULE_NAMES,
        start_form=StartForm(),
        action_form=ActionForm(),
    )


@bp.route("/enterprises/<int:enterprise_id>/assessments", methods=["POST"])
@login_required
def start(enterprise_id: int):  # type: ignore[no-untyped-def]
    """Start a full assessment or a quick check."""
    s = get_session()
    company = access.enterprise_for(s, current_user, enterprise_id, manage=True)
    form = StartForm()
    if not form.validate_on_submit():
        abort(400)
    assessment = assessments.start_assessment(
        s, user=current_user, enterprise=company, variant=form.variant.data or ""
    )
    stash.remember_opened(assessment.id or 0)
    return redirect(url_for(".show", assessment_id=assessment.id))


@bp.route("/assessments/<int:assessment_id>")
@login_required
def show(assessment_id: int):  # type: ignore[no-untyped-def]
    """A draft opens at its first page with something left to answer; a submitted one at its result."""
    s = get_session()
    assessment = access.assessment_for(s, current_user, assessment_id)
    if assessment.status == "submitted":
        return redirect(url_for(".result", assessment_id=assessment_id))
    pages = mine_first(s, current_user, assessment, _pages(assessment))
    answers = store.answers_of(session=s, assessment_id=assessment_id)
    first = next(
        (
            p
            for p in pages
            if p.counts(answers, assessment.trimmed)[0] < p.counts(answers, assessment.trimmed)[1]
        ),
        pages[0],
    )
    return redirect(url_for(".page", assessment_id=assessment_id, key=first.key))


def _pages(assessment: Assessment) -> tuple[Page, ...]:
    return pages_for(assessments.questionnaire_of(assessment), assessment.industry_type)


@bp.route("/assessments/<int:assessment_id>/pages/<key>", methods=["GET", "POST"])
def page(assessment_id: int, key: str):  # type: ignore[no-untyped-def]
    """One wizard page: shows the stored draft, saves what is posted, keeps input that fails validation."""
    s = get_session()
    if not current_user.is_authenticated:
        return stash.stash_and_login(assessment_id, key)
    assessment = access.assessment_for(s, current_user, assessment_id)
    if assessment.status != "draft":
        return redirect(url_for(".result", assessment_id=assessment_id))
    access.assessment_for(s, current_user, assessment_id, edit=True)
    questionnaire = assessments.questionnaire_of(assessment)
    pages = mine_first(s, current_user, assessment, _pages(assessment))
    index = next((i for i, p in enumerate(pages) if p.key == key), None)
    if index is None:
        abort(404)
    current = pages[index]
    if request.method == "POST":
        respondents.check_may_answer(s, current_user, assessment, [sec.subdomain.id for sec in current.sections])
    form_class = make_page_form(current, questionnaire, content_lang())
    stash.remember_opened(assessment_id)
    restored = stash.claim(assessment_id, key)
    if request.method == "POST":
        form = form_class()
    elif restored is not None:
        form = form_class(formdata=restored, meta={"csrf": False})
    else:
        answers = respondents.as_seen_by(s, current_user, assessment_id)
        form = form_class(data=stored_data(current, answers, assessment.trimmed))
    if request.method == "POST" or restored is not None:
        form.validate()
        answers_in, trimmed_in = read_page(form, current)
        answers_in, stale = conflict.split(assessment, list(answers_in), answers_in)
        assessments.save_answers(
            s, user=current_user, assessment=assessment, answers=answers_in, trimmed=trimmed_in
        )
        if stale:
            return conflict.page(assessment, key, stale)
        if restored is not None:
            flash(_("The answers you sent when your session expired have been saved."), "success")
        if form.errors:
            flash(_("Some answers need correcting; the rest of this page has been saved."), "error")
            return _render_page(assessment, pages, index, form), 422
        return redirect(_after_save(assessment_id, pages, index, posted_action()))
    return _render_page(assessment, pages, index, form)


def posted_action() -> str:
    """The button pressed; the phone's page select posts its choice beside a plain "goto" button."""
    action = request.form.get("action", "save")
    return f"goto:{request.form.get('goto', '')}" if action == "goto" else action


def _after_save(assessment_id: int, pages: tuple[Page, ...], index: int, action: str) -> str:
    """Where the wizard goes after a successful save (every navigation button saves the page first)."""
    return next_url(
        pages,
        index,
        action,
        lambda key: url_for(".page", assessment_id=assessment_id, key=key),
        url_for(".review", assessment_id=assessment_id),
    )


def next_url(pages: tuple[Page, ...], index: int, action: str, page_url: Callable[[str], str], end: str) -> str:
    """The page a navigation button leads to, else `end` (review or result); "save" stays and says so."""
    if action.startswith("goto:") and any(p.key == action[5:] for p in pages):
        return page_url(action[5:])
    if action == "next" and index + 1 < len(pages):
        return page_url(pages[index + 1].key)
    if action == "prev" and index > 0:
        return page_url(pages[index - 1].key)
    if action in ("review", "next"):
        return end
    flash(_("Draft saved."), "success")
    return page_url(pages[index].key)


def _render_page(assessment: Assessment, pages: tuple[Page, ...], index: int, form) -> str:  # type: ignore[no-untyped-def]
    s = get_session()
    answers = store.answers_of(session=s, assessment_id=assessment.id or 0)
    questionnaire = assessments.questionnaire_of(assessment)
    return render_template(
        "assessments/page.html",
        assessment=assessment,
        questionnaire=questionnaire,
        pages=pages,
        index=index,
        page=pages[index],
        form=form,
        answers=answers,
        progress=progress(pages, answers, assessment.trimmed),
        trimmed=assessment.trimmed,
        na=na_usage_of(assessment, answers),
        is_quick=instrument(questionnaire).indicative,
        enterprise=_enterprise(assessment),
        team=page_team(s, current_user, assessment, pages[index]),
    )


def _enterprise(assessment: Assessment):  # type: ignore[no-untyped-def]
    return access.enterprise_for(get_session(), current_user, assessment.enterprise_id)


@bp.route("/assessments/<int:assessment_id>/review")
@login_required
def review(assessment_id: int):  # type: ignore[no-untyped-def]
    """What is still unanswered, page by page, and what would stop submission."""
    s = get_session()
    assessment = access.assessment_for(s, current_user, assessment_id)
    if assessment.status != "draft":
        return redirect(url_for(".result", assessment_id=assessment_id))
    pages = _pages(assessment)
    answers = store.answers_of(session=s, assessment_id=assessment_id)
    done, total = progress(pages, answers, assessment.trimmed)
    na = na_usage_of(assessment, answers)
    return render_template(
        "assessments/review.html",
        assessment=assessment,
        pages=pages,
        answers=answers,
        progress=(done, total),
        problems=blockers(assessment, answers, total - done),
        na=na,
        na_items=na_items(assessment, na) if na is not None and na.exceeded else [],
        page_href=lambda key: url_for(".page", assessment_id=assessment_id, key=key),
        questionnaire=assessments.questionnaire_of(assessment),
        form=ActionForm(),
        can_edit=access.can_manage(s, current_user, _enterprise(assessment)),
        enterprise=_enterprise(assessment),
        **review_team(s, current_user, assessment),
    )


@bp.route("/assessments/<int:assessment_id>/submit", methods=["POST"])
@login_required
def submit(assessment_id: int):  # type: ignore[no-untyped-def]
    """Score and lock; refused with the problems listed when answers are missing or invalid."""
    s = get_session()
    assessment = access.assessment_for(s, current_user, assessment_id, edit=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        result = assessments.submit(s, user=current_user, assessment=assessment)
        audit.record(s, current_user, "assessment.submit", target=assessment, detail={"level": result.level})
    except AnswerError:
        flash(_("The assessment cannot be submitted yet; see the list below."), "error")
        return redirect(url_for(".review", assessment_id=assessment_id))
    except Refused as exc:  # disagreements still open
        flash(localise(exc.text), "error")
        return redirect(url_for(".review", assessment_id=assessment_id) + "#disagreements")
    flash(_("Submitted. The answers are now locked."), "success")
    return redirect(url_for(".result", assessment_id=assessment_id))


@bp.route("/assessments/<int:assessment_id>/copy", methods=["POST"])
@login_required
def copy(assessment_id: int):  # type: ignore[no-untyped-def]
    """Start a new draft holding this assessment's answers."""
    s = get_session()
    source = access.assessment_for(s, current_user, assessment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    new = assessments.copy_assessment(s, user=current_user, source=source)
    flash(_("A new draft has been started from the earlier answers."), "success")
    return redirect(url_for(".show", assessment_id=new.id))


@bp.route("/assessments/<int:assessment_id>/result")
@login_required
def result(assessment_id: int):  # type: ignore[no-untyped-def]
    """Level, S, the arithmetic, charts, tables, gaps, comparison and national figures."""
    s = get_session()
    assessment = access.assessment_for(s, current_user, assessment_id)
    if assessment.status != "submitted":
        return redirect(url_for(".review", assessment_id=assessment_id))
    company = _enterprise(assessment)
    return render_template(
        "assessments/result.html",
        **result_context(s, assessment, company),
        number=numbers(store.assessments_of(session=s, enterprise_id=company.id or 0))[assessment_id],
        proxy=clients.proxy_notes(s, [assessment_id]).get(assessment_id),
        can_edit=access.can_edit_enterprise(s, current_user, company),
        form=ActionForm(),
    )
