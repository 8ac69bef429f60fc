"""What the review page and the wizard's progress box show: blocking problems in the reader's words, N/A use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import url_for
from flask_babel import ngettext

from ...domain.errors import AnswerError, Problem
from ...domain.model import Questionnaire
from ...domain.not_applicable import NotApplicableUsage, not_applicable_usage
from ...models import Answer, Assessment
from ...services import assessments
from ..i18n import content_lang, localise


@dataclass(frozen=True)
class Blocker:
    """One reason submission is refused, ready to show: a sentence and, where it helps, a link to the item."""

    text: str
    item: str | None = None
    href: str | None = None


@dataclass(frozen=True)
class NaItem:
    """A requirement answered N/A, with a link to its question."""

    requirement_id: str
    text: str
    href: str


def na_usage_of(assessment: Assessment, answers: Mapping[str, Answer]) -> NotApplicableUsage | None:
    """The draft's N/A count against the cap; None for the quick check, which has no N/A answer."""
    questionnaire = assessments.questionnaire_of(assessment)
    if not isinstance(questionnaire, Questionnaire):
        return None
    raw = {rid: row.rating for rid, row in answers.items() if row.rating is not None}
    return not_applicable_usage(questionnaire, assessment.industry_type, dict(assessment.trimmed or {}), raw)


def na_items(assessment: Assessment, usage: NotApplicableUsage) -> list[NaItem]:
    """Every N/A answer with a link to it: the answers to change when the cap is exceeded."""
    questionnaire = assessments.instrument_of(assessment).base
    index = questionnaire.requirement_index
    return [
        NaItem(rid, localise(index[rid].text), _item_href(assessment, index[rid].subdomain, rid))
        for rid in usage.requirement_ids
    ]


def blockers(assessment: Assessment, answers: Mapping[str, Answer], unanswered: int) -> list[Blocker]:
    """What stops submission, worded for the person answering (never the CLI's or the API's remedies)."""
    try:
        assessments.instrument_of(assessment).parse(assessments.raw_answers(assessment, answers))
    except AnswerError as exc:
        return [b for p in exc.problems if (b := _blocker(assessment, p, unanswered)) is not None]
    return []


def _blocker(assessment: Assessment, problem: Problem, unanswered: int) -> Blocker | None:
    if problem.code == "missing":
        return Blocker(
            ngettext(
                "%(num)d question still has no answer; it is listed above.",
                "%(num)d questions still have no answer; they are listed above.",
                unanswered,
            )
        )
    if problem.code == "na_share":
        return None  # shown with the list of N/A answers to change, which the page builds itself
    item = problem.where.removeprefix("answers.") if problem.where.startswith("answers.") else None
    message = problem.message.get(content_lang())
    if item is None:
        return Blocker(problem.render(content_lang()))
    base = assessments.instrument_of(assessment).base
    req = base.requirement_index.get(item)
    subdomain = req.subdomain if req else item if item in base.subdomain_index else None
    href = _item_href(assessment, subdomain, item) if subdomain else None
    return Blocker(message, item=item, href=href)


def _item_href(assessment: Assessment, subdomain: str, item: str) -> str:
    """The wizard page holding `item` (full: one page per sub-domain; quick: one per element)."""
    inst = assessments.instrument_of(assessment)
    if inst.indicative:
        key = inst.base.subdomain_index[subdomain].element
        return url_for(".page", assessment_id=assessment.id, key=key) + f"#s-{item}"
    return url_for(".page", assessment_id=assessment.id, key=subdomain) + f"#r-{item}"

