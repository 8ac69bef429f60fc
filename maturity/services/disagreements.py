"""Disagreements between respondents, the owner's resolutions, and progress per respondent and sub-domain."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ..domain.consolidation import disagrees
from ..domain.errors import Problem, Refused
from ..domain.model import Text
from ..models import Answer, Assessment, User, utcnow
from ..models_review import Resolution, Response
from .access import enterprise_for
from .respondents import rank, responses_of

NOTE_MAX = 2000


@dataclass(frozen=True)
class Disagreement:
    """A requirement the respondents rated two or more steps apart, with each rating and any resolution."""

    requirement_id: str
    ratings: tuple[tuple[int, str], ...]  # (user ID, stored rating)
    resolution: Resolution | None


def disagreements(session: Session, assessment: Assessment) -> list[Disagreement]:
    """Every disagreement of the assessment, resolved or not, in requirement order."""
    from .assessments import instrument_of

    inst = instrument_of(assessment)
    aid = assessment.id or 0
    resolved = {r.requirement_id: r for r in session.exec(select(Resolution).where(Resolution.assessment_id == aid))}
    found = []
    for item, rows in sorted(responses_of(session, aid).items()):
        given = [(r.user_id, r.rating) for r in rows if r.rating]
        if disagrees({uid: rank(inst, rating) for uid, rating in given}):
            found.append(Disagreement(item, tuple(given), resolved.get(item)))
    return found


def unresolved(session: Session, assessment: Assessment) -> list[Disagreement]:
    """The disagreements the owner has not yet resolved."""
    return [d for d in disagreements(session, assessment) if d.resolution is None]


def check_resolved(session: Session, assessment: Assessment) -> None:
    """Refuse submission while a disagreement is open, naming each requirement."""
    open_ = unresolved(session, assessment)
    if open_:
        ids = [d.requirement_id for d in open_]
        raise Refused(
            [
                Problem(
                    "disagreements",
                    Text(
                        zh=f"还有 {len(open_)} 处答题人意见分歧未处理（{'、'.join(ids)}）；"
                        "请在核对页逐一确定评分并写明理由后再提交",
                        en=f"{len(open_)} disagreement(s) between respondents not resolved ({', '.join(ids)}); "
                        "on the review page, decide each rating with a note, then submit",
                    ),
                    code="unresolved",
                )
            ]
        )


def resolve(
    session: Session, *, user: User, assessment: Assessment, requirement_id: str, rating: str, note: str
) -> Resolution:
    """The owner decides a disagreement: the rating used for scoring, with a note saying why."""
    enterprise_for(session, user, assessment.enterprise_id, manage=True)
    from .assessments import instrument_of

    inst = instrument_of(assessment)
    note = (note or "").replace("\x00", "").strip()
    if not note:
        raise Refused.one("请写明确定该评分的理由", "write a note saying why this rating is used", "note")
    if len(note) > NOTE_MAX:
        raise Refused.one(f"理由最多 {NOTE_MAX} 个字符", f"the note holds at most {NOTE_MAX} characters", "note")
    canonical = inst.canonical(requirement_id, rating) if rating else ""
    open_ = {d.requirement_id for d in disagreements(session, assessment)}
    if requirement_id not in open_:
        raise Refused.one(f"{requirement_id} 没有意见分歧", f"{requirement_id} has no disagreement", "requirement_id")
    row = session.get(Resolution, (assessment.id, requirement_id)) or Resolution(
        assessment_id=assessment.id or 0,
        requirement_id=requirement_id,
        rating=canonical,
        note=note,
        resolved_by=user.id or 0,
    )
    row.rating, row.note, row.resolved_by, row.resolved_at = canonical, note, user.id or 0, utcnow()
    session.add(row)
    answer = session.exec(
        select(Answer).where(Answer.assessment_id == assessment.id, Answer.requirement_id == requirement_id)
    ).first()
    if answer is not None:
        answer.rating = canonical
        session.add(answer)
    session.flush()
    return row


@dataclass(frozen=True)
class PersonProgress:
    """How many answers one respondent has given, and how many of their assigned items are answered."""

    user_id: int
    answered: int
    assigned_done: int
    assigned_total: int


def progress_by_respondent(
    session: Session, assessment: Assessment, items_by_subdomain: dict[str, list[str]], assigned: dict[str, int]
) -> list[PersonProgress]:
    """Per respondent: answers given, and the share of their assigned sub-domains' items answered by anyone."""
    rows = session.exec(select(Response).where(Response.assessment_id == assessment.id)).all()
    answered = {
        a.requirement_id
        for a in session.exec(select(Answer).where(Answer.assessment_id == assessment.id))
        if a.rating is not None
    }
    people = list(dict.fromkeys([*(r.user_id for r in rows if r.rating), *assigned.values()]))
    found = []
    for uid in people:
        mine = [i for sid, uid_ in assigned.items() if uid_ == uid for i in items_by_subdomain.get(sid, [])]
        found.append(
            PersonProgress(
                uid,
                sum(1 for r in rows if r.user_id == uid and r.rating),
                sum(1 for i in mine if i in answered),
                len(mine),
            )
        )
    return found


def answered_by_count(session: Session, assessment_id: int) -> dict[str, int]:
    """{requirement ID: how many people rated it}."""
    counts: dict[str, int] = {}
    for row in session.exec(select(Response).where(Response.assessment_id == assessment_id)):
        if row.rating:
            counts[row.requirement_id] = counts.get(row.requirement_id, 0) + 1
    return counts
