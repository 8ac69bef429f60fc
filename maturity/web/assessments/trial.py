"""The quick check tried without an account: answers live in the signed session cookie until they are saved.

Nothing is written to the database before the visitor registers or logs in and saves the result, so the
trial needs no clean-up and opens no new way to fill the database. To keep the cookie well under the 4 KB
browsers accept, the trial takes no notes and only short trimming reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlmodel import Session
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import DataRequired

from ...domain.errors import AnswerError
from ...domain.ids import MAX_ID, ascii_int
from ...domain.instrument import instrument
from ...domain.model import QuickCheck
from ...models import Assessment, Enterprise, User
from ...questionnaires import shipped
from ...services import access, assessments
from ..database import get_session
from ..i18n import content_lang
from . import bp
from .forms import make_page_form, read_page, stored_data
from .results import charts
from .routes import next_url, posted_action
from .wizard import Page, pages_for, progress

KEY = "trial"
REASON_MAX = 60  # twenty answers and every trimming reason at this length stay under the cookie limit


@dataclass(frozen=True)
class Stored:
    """A trial answer shaped like a stored answer row, for the wizard's templates and counters."""

    rating: str | None
    comment: str | None = None


class TrialStartForm(FlaskForm):
    """The one thing the quick check needs before its first question: which questions apply."""

    industry_type = SelectField(
        _l("Industry type"),
        validators=[DataRequired(message=_l("Choose discrete or process manufacturing."))],
        choices=[
            SelectChoice("", _l("Choose…")),
            SelectChoice("discrete", _l("Discrete manufacturing")),
            SelectChoice("process", _l("Process manufacturing")),
        ],
    )


class TrialSaveForm(FlaskForm):
    """Which enterprise the trial result is saved to."""

    enterprise_id = HiddenField(validators=[DataRequired()])


def quick() -> QuickCheck:
    """The shipped quick check."""
    found = shipped().get(assessments.QUICK_ID)
    assert isinstance(found, QuickCheck)
    return found


def current() -> dict[str, Any] | None:
    """The visitor's trial, if one is under way."""
    trial = session.get(KEY)
    return trial if isinstance(trial, dict) else None


def raw(trial: dict[str, Any]) -> dict[str, Any]:
    """The trial as an answers document (the CLI/API format)."""
    return {
        "questionnaire": assessments.QUICK_ID,
        "industry": trial["industry"],
        "answers": {sid: int(level) for sid, level in trial["answers"].items()},
        "trimmed": dict(trial["trimmed"]),
    }


def save_to(s: Session, user: User, enterprise: Enterprise) -> Assessment | None:
    """Store the session's trial as a submitted quick check of `enterprise`; None if there is none to save.

    The trial is taken out of the session in every case: once offered for saving it has done its job.
    """
    trial = session.pop(KEY, None)
    if not isinstance(trial, dict):
        return None
    if trial["industry"] != enterprise.industry_type:
        flash(_("Your trial quick check was answered for the other industry type, so it was not saved."), "error")
        return None
    assessment, _result = assessments.create_submitted(s, user=user, enterprise=enterprise, raw=raw(trial))
    flash(_("Your quick check result has been saved to %(name)s.", name=enterprise.name), "success")
    return assessment


@bp.route("/try", methods=["GET", "POST"])
def trial_start():  # type: ignore[no-untyped-def]
    """Start (or start again) a quick check without an account."""
    form = TrialStartForm()
    if form.validate_on_submit():
        session[KEY] = {"industry": form.industry_type.data, "answers": {}, "trimmed": {}}
        first = pages_for(quick(), form.industry_type.data or "")[0]
        return redirect(url_for(".trial_page", key=first.key))
    return render_template("assessments/trial_start.html", form=form, trial=current(), quick=quick())


def _pages(trial: dict[str, Any]) -> tuple[Page, ...]:
    return pages_for(quick(), trial["industry"])


def _answers(trial: dict[str, Any]) -> dict[str, Stored]:
    return {sid: Stored(str(level)) for sid, level in trial["answers"].items()}


@bp.route("/try/pages/<key>", methods=["GET", "POST"])
def trial_page(key: str):  # type: ignore[no-untyped-def]
    """One page of the trial; saving keeps the answers in the session."""
    trial = current()
    if trial is None:
        return redirect(url_for(".trial_start"))
    pages = _pages(trial)
    index = next((i for i, p in enumerate(pages) if p.key == key), None)
    if index is None:
        abort(404)
    form_class = make_page_form(pages[index], quick(), content_lang(), notes=False, reason_max=REASON_MAX)
    if request.method == "GET":
        form = form_class(data=stored_data(pages[index], _answers(trial), trial["trimmed"]))
        return _render(trial, pages, index, form)
    form = form_class()
    form.validate()
    _remember(trial, *read_page(form, pages[index]))
    if form.errors:
        flash(_("Some answers need correcting; the rest of this page has been saved."), "error")
        return _render(trial, pages, index, form), 422
    return redirect(_after_save(pages, index))


def _remember(
    trial: dict[str, Any], answers: dict[str, tuple[str | None, str | None]], trimmed: dict[str, str | None]
) -> None:
    """Merge a posted page into the session's trial (a trimmed sub-domain keeps its answer)."""
    for sid, (rating, _note) in answers.items():
        if rating is None:
            trial["answers"].pop(sid, None)
        else:
            trial["answers"][sid] = rating
    for sid, reason in trimmed.items():
        if reason is None:
            trial["trimmed"].pop(sid, None)
        else:
            trial["trimmed"][sid] = reason
    session[KEY] = trial  # a nested change is not seen by the session by itself


def _after_save(pages: tuple[Page, ...], index: int) -> str:
    """Where the trial goes after a page is saved: like the wizard, with the result instead of the review."""
    return next_url(
        pages, index, posted_action(), lambda key: url_for(".trial_page", key=key), url_for(".trial_result")
    )


def _render(trial: dict[str, Any], pages: tuple[Page, ...], index: int, form: FlaskForm) -> str:
    answers = _answers(trial)
    return render_template(
        "assessments/page.html",
        questionnaire=quick(),
        pages=pages,
        index=index,
        page=pages[index],
        form=form,
        answers=answers,
        trimmed=trial["trimmed"],
        progress=progress(pages, answers, trial["trimmed"]),
        na=None,
        is_quick=True,
        enterprise=None,
    )


@bp.route("/try/result")
def trial_result():  # type: ignore[no-untyped-def]
    """The indicative level of the trial, or what is still unanswered, with the ways to save it."""
    trial = current()
    if trial is None:
        return redirect(url_for(".trial_start"))
    pages = _pages(trial)
    answers = _answers(trial)
    try:
        inst = instrument(quick())
        result = inst.score(inst.parse(raw(trial)))
    except AnswerError:
        result = None
    return render_template(
        "assessments/trial_result.html",
        result=result,
        quick=quick(),
        pages=pages,
        answers=answers,
        trimmed=trial["trimmed"],
        progress=progress(pages, answers, trial["trimmed"]),
        charts=charts(result, quick().base, content_lang()) if result else None,
        page_href=lambda key: url_for(".trial_page", key=key),
    )


@bp.route("/try/save", methods=["GET", "POST"])
@login_required
def trial_save():  # type: ignore[no-untyped-def]
    """After logging in: choose the enterprise the trial result is saved to."""
    trial = current()
    if trial is None:
        flash(_("There is no trial quick check to save."), "info")
        return redirect(url_for("main.index"))
    s = get_session()
    form = TrialSaveForm()
    if form.validate_on_submit() and ascii_int(form.enterprise_id.data or "", 1, MAX_ID) is not None:
        company = access.enterprise_for(s, current_user, int(form.enterprise_id.data or 0), edit=True)
        assessment = save_to(s, current_user, company)
        return redirect(url_for(".result", assessment_id=assessment.id) if assessment else url_for(".trial_start"))
    choices = [
        e
        for e in access.enterprises_visible_to(s, current_user)
        if e.industry_type == trial["industry"] and access.can_edit_enterprise(s, current_user, e)
    ]
    return render_template("assessments/trial_save.html", enterprises=choices, form=form, industry=trial["industry"])
