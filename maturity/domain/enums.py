"""The closed vocabularies of the product, as string enums the database also constrains."""

from __future__ import annotations

from enum import StrEnum

from .errors import Refused


class Role(StrEnum):
    """What a user is to the product."""

    ENTERPRISE = "enterprise"
    CONSULTANT = "consultant"
    PARK_ADMIN = "park_admin"
    REGION_ADMIN = "region_admin"  # a local industry bureau (工信局): every park of a region
    ADMIN = "admin"


class MemberRole(StrEnum):
    """What a person is within one enterprise's team."""

    OWNER = "owner"  # manages the team and the profile, assigns, resolves, submits
    RESPONDENT = "respondent"  # answers (their assigned sub-domains first)
    REVIEWER = "reviewer"  # reads, checks or queries evidence


class EvidenceVerdict(StrEnum):
    """A reviewer's word on a requirement's evidence."""

    CHECKED = "checked"
    QUERIED = "queried"


class Status(StrEnum):
    """Where an assessment stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"


class JobStatus(StrEnum):
    """Where a background job stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Variant(StrEnum):
    """The full questionnaire or the quick check."""

    FULL = "full"
    QUICK = "quick"


class IndustryType(StrEnum):
    """Discrete (离散型) or process (流程型) manufacturing."""

    DISCRETE = "discrete"
    PROCESS = "process"


class RevenueBand(StrEnum):
    """Yearly revenue in yuan: < 2000万, 2000万–4亿, ≥ 4亿 (the statistical size classes)."""

    LT20M = "lt20m"
    M20_400 = "20m_400m"
    GE400M = "ge400m"


class SessionEnd(StrEnum):
    """Why a log-in session ended."""

    LOGOUT = "logout"  # its browser logged out (which ends every session of the user)
    ENDED = "ended"  # ended from another session on the account page
    OTHERS = "others"  # "end all other sessions" from another session
    ALL = "all"  # every session of the user ended: password change, deactivation, role change
    IDLE = "idle"  # no request for SESSION_IDLE_MINUTES
    EXPIRED = "expired"  # past the absolute cap counted from log-in


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The enum's values, in declaration order (for choices and check constraints)."""
    return tuple(member.value for member in enum)


def check_choice(enum: type[StrEnum], value: object, *, field: str, zh: str, en: str) -> None:
    """Refuse a value that is none of `enum`'s, naming the field (`zh`/`en`: what it is) and what is accepted."""
    if value not in values(enum):
        accepted = ", ".join(values(enum))
        raise Refused.one(
            f"{zh} {value!r} 无效；可选：{accepted}", f"invalid {en} {value!r}; accepted: {accepted}", field,
            given=value, accepted=accepted,
        )
