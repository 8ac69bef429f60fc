"""What the enterprise, review and result pages show of the team: progress, assignments, respondents, the rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from ... import store
from ...domain.answers import AnswerSet
from ...domain.result import ScoreResult
from ...models import Assessment, User
from ...services import access, assessments, disagreements, respondents
from ..i18n import localise
from .wizard import Page, pages_for

RULE_NAMES = {
    "assigned": _l("the assigned respondent's rating (else the lowest)"),
    "lowest": _l("the lowest rating"),
    "median": _l("the median rating"),
}


@dataclass(frozen=True)
class SubdomainRow:
    """A sub-domain's progress and who it is assigned to."""

    subdomain_id: str
    name: str
    done: int
    total: int
    assignee: str | None


@dataclass(frozen=True)
class TeamOverview:
    """The latest draft's progress per sub-domain and per respondent."""

    assessment: Assessment
    subdomains: list[SubdomainRow]
    people: list[tuple[str, disagreements.PersonProgress]]
    rule: str


def person_name(session: Session, user_id: int | None) -> str:
    """A person as the pages name them: their name, else their e-mail."""
    user = session.get(User, user_id) if user_id else None
    return (user.name or user.email) if user else "—"


def items_by_subdomain(assessment: Assessment) -> dict[str, list[str]]:
    """{sub-domain ID: the item IDs answered for it} (trimmed sub-domains left out)."""
    pages = pages_for(assessments.questionnaire_of(assessment), assessment.industry_type)
    trimmed = assessment.trimmed or {}
    return {
        sec.subdomain.id: list(sec.item_ids) for p in pages for sec in p.sections if sec.subdomain.id not in trimmed
    }


def team_overview(session: Session, found: Sequence[Assessment]) -> TeamOverview | None:
    """Progress of the newest draft, per sub-domain and per respondent; None without a draft."""
    drafts = [a for a in found if a.status == "draft"]
    if not drafts:
        return None
    draft = max(drafts, key=lambda a: a.id or 0)
    answers = store.answers_of(session=session, assessment_id=draft.id or 0)
    assigned = respondents.assignments_of(session, draft.id or 0)
    by_sub = items_by_subdomain(draft)
    subs = assessments.instrument_of(draft).base.subdomain_index
    rows = [
        SubdomainRow(
            sid,
            localise(subs[sid].name),
            sum(1 for i in ids if i in answers and answers[i].rating),
            len(ids),
            person_name(session, assigned[sid]) if sid in assigned else None,
        )
        for sid, ids in by_sub.items()
    ]
    people = disagreements.progress_by_respondent(session, draft, by_sub, assigned)
    return TeamOverview(
        draft,
        rows,
        [(person_name(session, p.user_id), p) for p in people],
        respondents.settings_of(session, draft.id or 0).rule,
    )


def respondent_names(session: Session, assessment: Assessment) -> list[str]:
    """Everyone who answered the assessment, by name."""
    return [person_name(session, uid) for uid in respondents.respondent_ids(session, assessment.id or 0)]


def mine_first(session: Session, user: User, assessment: Assessment, pages: tuple[Page, ...]) -> tuple[Page, ...]:
    """The wizard's pages with those holding the person's assigned sub-domains first (order kept otherwise)."""
    assigned = respondents.assignments_of(session, assessment.id or 0)
    mine = {sid for sid, uid in assigned.items() if uid == user.id}
    if not mine:
        return pages
    return tuple(sorted(pages, key=lambda p: not any(sec.subdomain.id in mine for sec in p.sections)))


@dataclass(frozen=True)
class PageTeam:
    """What the wizard page says about the team: who the page is assigned to, whether the reader may answer it."""

    assignee: str | None
    mine: bool
    may_answer: bool
    others: dict[str, int]  # {item ID: how many people rated it}


def page_team(session: Session, user: User, assessment: Assessment, page: Page) -> PageTeam:
    """The team facts the wizard page shows."""
    assigned = respondents.assignments_of(session, assessment.id or 0)
    owners = {assigned[sec.subdomain.id] for sec in page.sections if sec.subdomain.id in assigned}
    sids = [sec.subdomain.id for sec in page.sections]
    assignee = person_name(session, next(iter(owners))) if len(owners) == 1 else None
    return PageTeam(
        assignee,
        user.id in owners,
        respondents.may_answer(session, user, assessment, sids),
        disagreements.answered_by_count(session, assessment.id or 0),
    )


def review_team(session: Session, user: User, assessment: Assessment) -> dict[str, object]:
    """The review page's team part: every disagreement with each person's rating, and whether the reader resolves."""
    found = disagreements.disagreements(session, assessment)
    index = assessments.instrument_of(assessment).base.requirement_index
    rows = [
        (
            d,
            index.get(d.requirement_id),
            [(person_name(session, uid), rating) for uid, rating in d.ratings],
            person_name(session, d.resolution.resolved_by) if d.resolution else None,
        )
        for d in found
    ]
    company = access.enterprise_for(session, user, assessment.enterprise_id)
    return {
        "disagreements": rows,
        "resolves": access.can_manage(session, user, company),
        "open_disagreements": sum(1 for d in found if d.resolution is None),
        "rule_name": RULE_NAMES[respondents.settings_of(session, assessment.id or 0).rule],
    }


def result_team(
    session: Session, assessment: Assessment, scored: tuple[ScoreResult, AnswerSet] | None = None
) -> dict[str, object]:
    """The results page's team facts: respondents, the rule, and the share of the score backed by checked evidence
    (`scored`: the result and answers the page shows, so the share is of that same S)."""
    from ...services.evidence import backed_share

    names = respondent_names(session, assessment)
    return {
        "respondents": names,
        "rule_name": RULE_NAMES[respondents.settings_of(session, assessment.id or 0).rule],
        "backing": backed_share(session, assessment, scored) if assessment.variant == "full" else None,
    }
