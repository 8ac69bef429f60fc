"""Use cases: accounts, enterprises, assessments (start, copy, save, submit) and who may do what.

The only layer that commits. Web pages, the CLI and the JSON API call these functions and map
the typed errors below to their own way of answering (403/404/400, a CLI error).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session
from werkzeug.security import check_password_hash, generate_password_hash

from . import store
from .classifications import industry_codes, region_codes
from .domain.answers import AnswerSet, parse_answers, split_entry
from .domain.credit_code import credit_code_problem, normalise
from .domain.errors import AnswerError
from .domain.model import Questionnaire, QuickCheck, Text
from .domain.quick import parse_quick_answers, score_quick
from .domain.result import ScoreResult
from .domain.scoring import score
from .domain.serialize import result_to_dict
from .models import (
    ROLES,
    Answer,
    ApiToken,
    Assessment,
    ConsultantClient,
    DraftStash,
    Enterprise,
    Park,
    ParkAdmin,
    User,
    utcnow,
)
from .questionnaires import shipped

MIN_PASSWORD = 8
QUICK_ID = "gbt39116-2020-quick"
FULL_ID = "gbt39116-2020"


class ServiceError(Exception):
    """A refusal a user can act on, in both languages."""

    status = 400

    def __init__(self, zh: str, en: str, field: str | None = None):
        self.text = Text(zh=zh, en=en)
        self.field = field
        super().__init__(en)


class NotFound(ServiceError):
    """The object does not exist or the user may not know it does."""

    status = 404


class Forbidden(ServiceError):
    """The user may see the object but not do this to it."""

    status = 403


def hash_secret(token: str) -> str:
    """SHA-256 of a token: what the database keeps instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


# --- accounts -------------------------------------------------------------------------------------


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: str,
    name: str | None = None,
    enterprise_id: int | None = None,
    park_id: int | None = None,
) -> User:
    """Create a user with a hashed password; enterprise users need an enterprise, park admins a park."""
    user = _new_user(
        session, email=email, password=password, role=role, name=name, enterprise_id=enterprise_id
    )
    if park_id is not None:
        if role != "park_admin":
            raise ServiceError(
                "只有园区管理员可以关联园区", "only park administrators are linked to a park", "park"
            )
        if session.get(Park, park_id) is None:
            raise ServiceError(f"园区 {park_id} 不存在", f"park {park_id} does not exist", "park")
        session.flush()
        session.add(ParkAdmin(user_id=user.id or 0, park_id=park_id))
    session.commit()
    return user


def _new_user(
    session: Session, *, email: str, password: str, role: str, name: str | None, enterprise_id: int | None
) -> User:
    """Validate and add (not commit) a user."""
    email = email.strip().lower()
    if role not in ROLES:
        raise ServiceError(
            f"角色 {role!r} 无效；可选：{', '.join(ROLES)}",
            f"invalid role {role!r}; accepted: {', '.join(ROLES)}",
            "role",
        )
    if len(password) < MIN_PASSWORD:
        raise ServiceError(
            f"密码至少 {MIN_PASSWORD} 位",
            f"the password needs at least {MIN_PASSWORD} characters",
            "password",
        )
    if store.user_by_email(session=session, email=email):
        raise ServiceError("该邮箱已注册", "this e-mail address is already registered", "email")
    if enterprise_id is not None and session.get(Enterprise, enterprise_id) is None:
        raise ServiceError(
            f"企业 {enterprise_id} 不存在", f"enterprise {enterprise_id} does not exist", "enterprise"
        )
    if role == "enterprise" and enterprise_id is None:
        raise ServiceError("企业用户需要关联企业", "an enterprise user needs an enterprise", "enterprise")
    user = User(
        email=email,
        password_hash=generate_password_hash(password),
        role=role,
        name=name,
        enterprise_id=enterprise_id if role == "enterprise" else None,
    )
    session.add(user)
    return user


def register(
    session: Session, *, email: str, password: str, name: str | None, enterprise: Mapping[str, Any]
) -> User:
    """Self-registration of a factory manager: the enterprise profile and its first user, together."""
    company = _new_enterprise(session, enterprise)
    session.flush()
    user = _new_user(
        session, email=email, password=password, role="enterprise", name=name, enterprise_id=company.id
    )
    session.commit()
    return user


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None (same answer for either mistake)."""
    user = store.user_by_email(session=session, email=email)
    if user is None or not user.is_active or not check_password_hash(user.password_hash, password):
        return None
    return user


def create_token(session: Session, *, user: User, name: str | None = None) -> str:
    """A new API token for `user`; shown once, stored as a hash."""
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id or 0, token_hash=hash_secret(token), name=name))
    session.commit()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The user an API token belongs to, or None."""
    return store.user_by_token_hash(session=session, token_hash=hash_secret(token)) if token else None


# --- organisations --------------------------------------------------------------------------------


def create_park(session: Session, *, name: str, region_code: str | None = None) -> Park:
    """A new park."""
    if not name.strip():
        raise ServiceError("园区名称不能为空", "the park needs a name", "name")
    park = Park(name=name.strip(), region_code=region_code)
    session.add(park)
    session.commit()
    return park


def create_enterprise(session: Session, *, data: Mapping[str, Any], actor: User | None = None) -> Enterprise:
    """A new enterprise; a consultant creating it becomes its consultant."""
    company = _new_enterprise(session, data)
    session.flush()
    if actor is not None and actor.role == "consultant":
        session.add(ConsultantClient(consultant_id=actor.id or 0, enterprise_id=company.id or 0))
    session.commit()
    return company


def _new_enterprise(session: Session, data: Mapping[str, Any]) -> Enterprise:
    """Validate a profile and add (not commit) the enterprise."""
    name = str(data.get("name") or "").strip()
    if not name:
        raise ServiceError("企业名称不能为空", "the enterprise needs a name", "name")
    code = normalise(str(data.get("credit_code") or ""))
    problem = credit_code_problem(code)
    if problem:
        raise ServiceError(problem.zh, problem.en, "credit_code")
    if store.enterprise_by_credit_code(session=session, credit_code=code):
        raise ServiceError(
            "该统一社会信用代码已登记",
            "an enterprise with this credit code is already registered",
            "credit_code",
        )
    industry = str(data.get("industry_code") or "").upper()
    if industry not in industry_codes():
        raise ServiceError(
            f"行业大类 {industry!r} 无效；应为 C13–C43",
            f"invalid industry {industry!r}; expected C13–C43",
            "industry_code",
        )
    kind = data.get("industry_type")
    if kind not in ("discrete", "process"):
        raise ServiceError(
            "行业类型应为 discrete（离散型）或 process（流程型）",
            "the industry type is discrete or process",
            "industry_type",
        )
    region = data.get("region_code") or None
    if region is not None and region not in region_codes():
        raise ServiceError(f"地区代码 {region!r} 无效", f"invalid region code {region!r}", "region_code")
    park_id = data.get("park_id") or None
    if park_id is not None and session.get(Park, park_id) is None:
        raise ServiceError(f"园区 {park_id} 不存在", f"park {park_id} does not exist", "park_id")
    company = Enterprise(
        name=name,
        credit_code=code,
        industry_code=industry,
        industry_type=str(kind),
        region_code=region,
        city=(data.get("city") or None),
        park_id=park_id,
        employees=data.get("employees"),
        above_designated_size=bool(data.get("above_designated_size")),
        revenue_band=data.get("revenue_band") or None,
    )
    session.add(company)
    return company


def link_consultant(session: Session, *, consultant: User, enterprise: Enterprise) -> None:
    """Make `enterprise` a client of `consultant`."""
    if consultant.role != "consultant":
        raise ServiceError("只能关联顾问用户", "only consultants have client enterprises", "role")
    session.merge(ConsultantClient(consultant_id=consultant.id or 0, enterprise_id=enterprise.id or 0))
    session.commit()


# --- permissions ----------------------------------------------------------------------------------


def can_view_enterprise(session: Session, user: User, enterprise: Enterprise) -> bool:
    """Admins see all; enterprise users their own; consultants their clients; park admins their parks'."""
    if user.role == "admin":
        return True
    if user.role == "enterprise":
        return user.enterprise_id == enterprise.id
    if user.role == "consultant":
        return (enterprise.id or 0) in store.client_ids(session=session, consultant_id=user.id or 0)
    if user.role == "park_admin":
        return enterprise.park_id in store.parks_administered(session=session, user_id=user.id or 0)
    return False


def can_edit_enterprise(session: Session, user: User, enterprise: Enterprise) -> bool:
    """Who may start and answer assessments: all who see it except park administrators (read-only)."""
    return user.role != "park_admin" and can_view_enterprise(session, user, enterprise)


def enterprise_for(session: Session, user: User, enterprise_id: int, *, edit: bool = False) -> Enterprise:
    """The enterprise if `user` may see it (404 otherwise) and, with `edit`, change it (403 otherwise)."""
    company = session.get(Enterprise, enterprise_id)
    if company is None or not can_view_enterprise(session, user, company):
        raise NotFound("未找到该企业", "no such enterprise")
    if edit and not can_edit_enterprise(session, user, company):
        raise Forbidden("您只能查看该企业，不能修改", "you may view this enterprise but not change it")
    return company


def assessment_for(session: Session, user: User, assessment_id: int, *, edit: bool = False) -> Assessment:
    """The assessment if `user` may see it; with `edit`, only a draft its user may change."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise NotFound("未找到该评估", "no such assessment")
    try:
        enterprise_for(session, user, assessment.enterprise_id, edit=edit)
    except NotFound:
        raise NotFound("未找到该评估", "no such assessment") from None
    if edit and assessment.status != "draft":
        raise Forbidden(
            "该评估已提交，不能再修改；可以复制为新的评估",
            "this assessment is submitted and locked; start a new one as a copy",
        )
    return assessment


# --- assessments ----------------------------------------------------------------------------------


def questionnaire_of(assessment: Assessment) -> Questionnaire | QuickCheck:
    """The questionnaire (or quick check) an assessment answers."""
    return shipped().get(assessment.questionnaire_id)


def start_assessment(session: Session, *, user: User, enterprise: Enterprise, variant: str) -> Assessment:
    """A new draft of the full questionnaire or the quick check for `enterprise`."""
    if not can_edit_enterprise(session, user, enterprise):
        raise Forbidden("您不能为该企业发起评估", "you may not start assessments for this enterprise")
    if variant not in ("full", "quick"):
        raise ServiceError("评估类型应为 full 或 quick", "the variant is full or quick", "variant")
    questionnaire = shipped().get(QUICK_ID if variant == "quick" else FULL_ID)
    assessment = Assessment(
        enterprise_id=enterprise.id or 0,
        questionnaire_id=questionnaire.id,
        variant=variant,
        questionnaire_version=questionnaire.version,
        industry_type=enterprise.industry_type,
        started_by=user.id,
        trimmed={},
    )
    session.add(assessment)
    session.commit()
    return assessment


def copy_assessment(session: Session, *, user: User, source: Assessment) -> Assessment:
    """A new draft holding the answers and trimming of `source` (any status), ready to be revised."""
    enterprise = enterprise_for(session, user, source.enterprise_id, edit=True)
    copy = Assessment(
        enterprise_id=source.enterprise_id,
        questionnaire_id=source.questionnaire_id,
        variant=source.variant,
        questionnaire_version=questionnaire_of(source).version,
        industry_type=enterprise.industry_type,
        started_by=user.id,
        copied_from=source.id,
        trimmed=dict(source.trimmed or {}),
    )
    session.add(copy)
    session.flush()
    for row in store.answers_of(session=session, assessment_id=source.id or 0).values():
        session.add(
            Answer(
                assessment_id=copy.id or 0,
                requirement_id=row.requirement_id,
                rating=row.rating,
                comment=row.comment,
                answered_by=row.answered_by,
                answered_at=row.answered_at,
            )
        )
    session.commit()
    return copy


def save_answers(
    session: Session,
    *,
    user: User,
    assessment: Assessment,
    answers: Mapping[str, tuple[str | None, str | None]],
    trimmed: Mapping[str, str | None] | None = None,
) -> int:
    """Store a page of a draft: {item ID: (rating, comment)} and trimming changes; returns rows changed.

    A row records who last changed it, so several respondents of one enterprise can be told apart.
    """
    if assessment.status != "draft":
        raise Forbidden("该评估已提交，不能再修改", "this assessment is submitted and locked")
    existing = store.answers_of(session=session, assessment_id=assessment.id or 0)
    now, changed = utcnow(), 0
    for item, (rating, comment) in answers.items():
        row = existing.get(item)
        comment = (comment or "").strip() or None
        if row is None and rating is None and comment is None:
            continue
        if row is None:
            row = Answer(assessment_id=assessment.id or 0, requirement_id=item)
        elif row.rating == rating and (row.comment or None) == comment:
            continue
        row.rating, row.comment, row.answered_by, row.answered_at = rating, comment, user.id, now
        session.add(row)
        changed += 1
    if trimmed is not None:
        new = dict(assessment.trimmed or {})
        for sid, reason in trimmed.items():
            if reason is None:
                new.pop(sid, None)
            else:
                new[sid] = reason
        if new != assessment.trimmed:
            assessment.trimmed = new
            changed += 1
    assessment.updated_at = now
    session.add(assessment)
    session.commit()
    return changed


def raw_answers(assessment: Assessment, rows: Mapping[str, Answer]) -> dict[str, Any]:
    """Stored answers in the CLI/API answers format, leaving out what trimming or the industry excludes."""
    questionnaire = questionnaire_of(assessment)
    trimmed = dict(assessment.trimmed or {})
    if isinstance(questionnaire, QuickCheck):
        asked = {q.subdomain for q in questionnaire.questions}
        answers: dict[str, Any] = {
            sid: int(row.rating)
            for sid, row in rows.items()
            if row.rating is not None and sid in asked and sid not in trimmed
        }
    else:
        applicable = {
            r.id for r in questionnaire.requirements_for(assessment.industry_type, trimmed=frozenset(trimmed))
        }
        answers = {
            rid: ({"rating": row.rating, "comment": row.comment} if row.comment else row.rating)
            for rid, row in rows.items()
            if row.rating is not None and rid in applicable
        }
    return {"industry": assessment.industry_type, "answers": answers, "trimmed": trimmed}


def parse_raw(questionnaire: Questionnaire | QuickCheck, raw: Any, *, missing: str = "error") -> AnswerSet:
    """Validate answers of either variant; raises AnswerError with every problem."""
    if isinstance(questionnaire, QuickCheck):
        return parse_quick_answers(questionnaire, raw, missing=missing)
    return parse_answers(questionnaire, raw, missing=missing)


def score_raw(questionnaire: Questionnaire | QuickCheck, answer_set: AnswerSet) -> ScoreResult:
    """Score validated answers of either variant."""
    if isinstance(questionnaire, QuickCheck):
        return score_quick(questionnaire, answer_set)
    return score(questionnaire, answer_set)


def base_of(questionnaire: Questionnaire | QuickCheck) -> Questionnaire:
    """The full questionnaire whose structure a result refers to."""
    return questionnaire.base if isinstance(questionnaire, QuickCheck) else questionnaire


def check_complete(session: Session, assessment: Assessment, lang: str = "zh") -> list[str]:
    """Problems that would stop submission, rendered in `lang`; empty when it can be submitted."""
    rows = store.answers_of(session=session, assessment_id=assessment.id or 0)
    try:
        parse_raw(questionnaire_of(assessment), raw_answers(assessment, rows))
    except AnswerError as exc:
        return exc.render(lang)
    return []


def submit(session: Session, *, user: User, assessment: Assessment) -> ScoreResult:
    """Validate every answer (none may be missing), score, store the result snapshot and lock."""
    assessment = assessment_for(session, user, assessment.id or 0, edit=True)
    questionnaire = questionnaire_of(assessment)
    rows = store.answers_of(session=session, assessment_id=assessment.id or 0)
    answer_set = parse_raw(questionnaire, raw_answers(assessment, rows), missing="error")
    result = score_raw(questionnaire, answer_set)
    _lock(assessment, result, questionnaire, user)
    session.add(assessment)
    session.commit()
    return result


def _lock(
    assessment: Assessment, result: ScoreResult, questionnaire: Questionnaire | QuickCheck, user: User
) -> None:
    """Record the score snapshot and mark the assessment submitted."""
    assessment.result = result_to_dict(result, base_of(questionnaire))
    assessment.score, assessment.level = result.score, result.level
    assessment.status, assessment.submitted_at, assessment.submitted_by = "submitted", utcnow(), user.id
    assessment.updated_at = assessment.submitted_at


def create_submitted(
    session: Session,
    *,
    user: User,
    enterprise: Enterprise,
    raw: Mapping[str, Any],
    questionnaire_id: str | None = None,
) -> tuple[Assessment, ScoreResult]:
    """Store and score a complete answers document in one step (JSON API, demo seed); raises AnswerError."""
    if not can_edit_enterprise(session, user, enterprise):
        raise Forbidden("您不能为该企业提交评估", "you may not submit assessments for this enterprise")
    questionnaire = shipped().get(questionnaire_id or raw.get("questionnaire") or FULL_ID)
    answer_set = parse_raw(
        questionnaire, {**raw, "industry": raw.get("industry") or enterprise.industry_type}
    )
    if answer_set.industry != enterprise.industry_type:
        raise ServiceError(
            "答案的行业类型与企业档案不一致",
            "the answers' industry type differs from the enterprise's",
            "industry",
        )
    result = score_raw(questionnaire, answer_set)
    assessment = Assessment(
        enterprise_id=enterprise.id or 0,
        questionnaire_id=questionnaire.id,
        variant=questionnaire.variant,
        questionnaire_version=questionnaire.version,
        industry_type=answer_set.industry,
        started_by=user.id,
        trimmed=dict(answer_set.trimmed),
    )
    session.add(assessment)
    session.flush()
    for item, value in dict(raw.get("answers") or {}).items():
        rating, comment = split_entry(value)
        session.add(
            Answer(
                assessment_id=assessment.id or 0,
                requirement_id=item,
                rating=str(rating),
                comment=comment or None,
                answered_by=user.id,
            )
        )
    _lock(assessment, result, questionnaire, user)
    session.commit()
    return assessment, result


def rescore(session: Session, assessment: Assessment) -> ScoreResult:
    """Score an assessment's stored answers again (missing answers count as not met, for drafts)."""
    return rescore_with_answers(session, assessment)[0]


def rescore_with_answers(session: Session, assessment: Assessment) -> tuple[ScoreResult, AnswerSet]:
    """The result of an assessment's stored answers, with the validated answers (comments, trimming) behind it."""
    rows = store.answers_of(session=session, assessment_id=assessment.id or 0)
    questionnaire = questionnaire_of(assessment)
    missing = "error" if assessment.status == "submitted" else "none"
    answer_set = parse_raw(questionnaire, raw_answers(assessment, rows), missing=missing)
    return score_raw(questionnaire, answer_set), answer_set


# --- drafts posted after the log-in lapsed --------------------------------------------------------


def stash_page(session: Session, *, assessment_id: int, page: str, data: Mapping[str, Any]) -> str:
    """Keep a posted wizard page until someone logs in again; returns the secret to claim it."""
    token = secrets.token_urlsafe(24)
    session.add(
        DraftStash(token_hash=hash_secret(token), assessment_id=assessment_id, page=page, data=dict(data))
    )
    session.commit()
    return token


def claim_stash(session: Session, *, token: str) -> DraftStash | None:
    """Take a stashed page out of storage (it is deleted), or None if unknown."""
    stash = store.stash_by_token_hash(session=session, token_hash=hash_secret(token))
    if stash is None:
        return None
    session.delete(stash)
    session.commit()
    return stash
