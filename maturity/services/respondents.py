"""Several respondents: the rule and the assignments of an assessment, each person's responses, the consolidated answer.

The `answers` row of a requirement is always the consolidated one (what scoring, reports and parks read);
`responses` keeps who said what. A resolved disagreement fixes the consolidated rating until a response changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, delete, select

from ..domain.consolidation import Rule, consolidate
from ..domain.enums import MemberRole, Role, check_choice
from ..domain.errors import Forbidden, Refused
from ..domain.instrument import Instrument
from ..models import Answer, Assessment, User
from ..models_review import Assignment, Resolution, Response, TeamSettings
from .access import enterprise_for, member_role


def settings_of(session: Session, assessment_id: int) -> TeamSettings:
    """The assessment's team settings (defaults when the owner never changed them; not added)."""
    return session.get(TeamSettings, assessment_id) or TeamSettings(assessment_id=assessment_id)


def set_settings(session: Session, *, user: User, assessment: Assessment, rule: str, open_to_all: bool) -> TeamSettings:
    """The owner chooses the consolidation rule and whether respondents may answer others' sub-domains."""
    enterprise_for(session, user, assessment.enterprise_id, manage=True)
    check_choice(Rule, rule, field="rule", zh="合并规则", en="rule")
    row = settings_of(session, assessment.id or 0)
    row.rule, row.open_to_all = rule, open_to_all
    session.add(row)
    session.flush()
    _reconsolidate_all(session, assessment)
    return row


def assignments_of(session: Session, assessment_id: int) -> dict[str, int]:
    """{sub-domain ID: assigned respondent's user ID}."""
    rows = session.exec(select(Assignment).where(Assignment.assessment_id == assessment_id)).all()
    return {r.subdomain_id: r.user_id for r in rows}


def assign(
    session: Session, *, user: User, assessment: Assessment, subdomain_id: str, respondent_id: int | None
) -> None:
    """The owner assigns a sub-domain to a team member who answers (None: to nobody)."""
    company = enterprise_for(session, user, assessment.enterprise_id, manage=True)
    from .assessments import instrument_of

    if subdomain_id not in instrument_of(assessment).base.subdomain_index:
        raise Refused.one(
            f"子域 {subdomain_id!r} 不存在", f"no sub-domain {subdomain_id!r}", "subdomain", given=subdomain_id
        )
    row = session.get(Assignment, (assessment.id, subdomain_id))
    if respondent_id is None:
        if row is not None:
            session.delete(row)
        session.flush()
        _reconsolidate_all(session, assessment)
        return
    person = session.get(User, respondent_id)
    if person is None or member_role(session, person, company.id or 0) not in (MemberRole.OWNER, MemberRole.RESPONDENT):
        raise Refused.one(
            "只能分配给本企业的负责人或答题人",
            "assign sub-domains to the enterprise's owner or respondents",
            "respondent",
            given=respondent_id,
        )
    row = row or Assignment(assessment_id=assessment.id or 0, subdomain_id=subdomain_id, user_id=respondent_id)
    row.user_id = respondent_id
    session.add(row)
    session.flush()
    _reconsolidate_all(session, assessment)


def subdomain_of(inst: Instrument, item: str) -> str:
    """The sub-domain an answered item belongs to (a quick-check item is its sub-domain)."""
    req = inst.base.requirement_index.get(item)
    return req.subdomain if req is not None else item


def may_answer(session: Session, user: User, assessment: Assessment, subdomains: Iterable[str]) -> bool:
    """A respondent answers their assigned sub-domains, unassigned ones, and others' when the owner allows."""
    if member_role(session, user, assessment.enterprise_id) != MemberRole.RESPONDENT:
        return True  # the owner, consultants and admins answer anything; reviewers are refused by access
    if settings_of(session, assessment.id or 0).open_to_all:
        return True
    assigned = assignments_of(session, assessment.id or 0)
    return all(assigned.get(s) in (None, user.id) for s in subdomains)


def check_may_answer(session: Session, user: User, assessment: Assessment, subdomains: Iterable[str]) -> None:
    """Refuse a respondent's answers to sub-domains assigned to someone else (unless the owner allows it)."""
    if not may_answer(session, user, assessment, subdomains):
        raise Forbidden.one(
            "该子域已分配给其他答题人；负责人允许后才能作答",
            "this sub-domain is assigned to another respondent; you may answer it once the owner allows",
            code="not_assigned",
        )


def own_responses(session: Session, assessment_id: int, user_id: int) -> dict[str, Response]:
    """{requirement ID: this person's response}."""
    rows = session.exec(select(Response).where(Response.assessment_id == assessment_id, Response.user_id == user_id))
    return {r.requirement_id: r for r in rows}


def responses_of(session: Session, assessment_id: int) -> dict[str, list[Response]]:
    """{requirement ID: every person's response}, in the order given."""
    rows = session.exec(select(Response).where(Response.assessment_id == assessment_id).order_by(col(Response.id)))
    found: dict[str, list[Response]] = {}
    for row in rows:
        found.setdefault(row.requirement_id, []).append(row)
    return found


def record(
    session: Session,
    *,
    user: User,
    assessment: Assessment,
    inst: Instrument,
    item: str,
    rating: str | None,
    comment: str | None,
    now: datetime,
    answer: Answer | None,
) -> None:
    """Store one person's answer and derive the consolidated one; a changed response reopens its resolution."""
    aid = assessment.id or 0
    mine = session.exec(
        select(Response).where(
            Response.assessment_id == aid, Response.requirement_id == item, Response.user_id == user.id
        )
    ).first()
    if mine is None and answer is not None and answer.answered_by not in (None, user.id):
        _seed_from_answer(session, answer)  # an answer from before responses existed still counts as its author's
    mine = mine or Response(assessment_id=aid, requirement_id=item, user_id=user.id or 0)
    mine.rating, mine.comment, mine.updated_at = rating, comment, now
    session.add(mine)
    session.execute(
        delete(Resolution).where(col(Resolution.assessment_id) == aid, col(Resolution.requirement_id) == item)
    )
    session.flush()
    row = answer or Answer(assessment_id=aid, requirement_id=item, version=0)
    row.comment, row.answered_by, row.answered_at = comment, user.id, now
    row.rating = consolidated(session, assessment, inst, item)
    row.version = (row.version or 0) + 1  # a save from a form rendered before this is recognised as stale
    session.add(row)


def _seed_from_answer(session: Session, answer: Answer) -> None:
    exists = session.exec(
        select(Response).where(
            Response.assessment_id == answer.assessment_id, Response.requirement_id == answer.requirement_id
        )
    ).first()
    if exists is None and answer.answered_by is not None:
        session.add(
            Response(
                assessment_id=answer.assessment_id,
                requirement_id=answer.requirement_id,
                user_id=answer.answered_by,
                rating=answer.rating,
                comment=answer.comment,
                updated_at=answer.answered_at,
            )
        )
        session.flush()


def rank(inst: Instrument, rating: str) -> int | None:
    """A stored rating's step on the answer scale (0 = lowest); None for N/A. A quick-check level is its rank."""
    if rating.isdigit():
        return int(rating)
    scale = sorted(inst.base.scoring.answer_scale, key=lambda o: o.value)
    return next((i for i, o in enumerate(scale) if o.id == rating), None)


def unrank(inst: Instrument, step: int | None, given: list[str]) -> str:
    """The stored rating at `step` among those given (the N/A ID for None)."""
    return next(r for r in given if rank(inst, r) == step)


def consolidated(session: Session, assessment: Assessment, inst: Instrument, item: str) -> str | None:
    """The rating used for scoring: the owner's resolution, else the rule applied to every person's rating."""
    aid = assessment.id or 0
    resolution = session.get(Resolution, (aid, item))
    if resolution is not None:
        return resolution.rating
    rows = [
        r
        for r in session.exec(select(Response).where(Response.assessment_id == aid, Response.requirement_id == item))
        if r.rating
    ]
    if not rows:
        return None
    ratings = {r.user_id: rank(inst, r.rating or "") for r in rows}
    rule = settings_of(session, aid).rule
    assigned = assignments_of(session, aid).get(subdomain_of(inst, item))
    return unrank(inst, consolidate(ratings, rule=rule, assigned=assigned), [r.rating or "" for r in rows])


def _reconsolidate_all(session: Session, assessment: Assessment) -> None:
    """Apply a changed rule (or assignments) to every requirement several people answered."""
    from .assessments import instrument_of

    inst = instrument_of(assessment)
    answers = {a.requirement_id: a for a in session.exec(select(Answer).where(Answer.assessment_id == assessment.id))}
    for item, rows in responses_of(session, assessment.id or 0).items():
        if len(rows) > 1 and item in answers:
            answers[item].rating = consolidated(session, assessment, inst, item)
            session.add(answers[item])
    session.flush()


def respondent_ids(session: Session, assessment_id: int) -> list[int]:
    """Everyone who answered, in the order they first did."""
    rows = session.exec(
        select(Response.user_id).where(Response.assessment_id == assessment_id).order_by(col(Response.id))
    ).all()
    return list(dict.fromkeys(rows))


def is_team_member(user: User) -> bool:
    """Enterprise staff (as opposed to consultants and administrators)."""
    return user.role == Role.ENTERPRISE


def as_seen_by(session: Session, user: User, assessment_id: int) -> dict[str, Answer | Response]:
    """The answers as this person's form shows them: their own responses over the team's consolidated answers.

    Showing the team's answer where the person gave another would make a second save overwrite theirs with it.
    """
    from .. import store

    answers: dict[str, Answer | Response] = dict(store.answers_of(session=session, assessment_id=assessment_id))
    answers.update(own_responses(session, assessment_id, user.id or 0))
    return answers
