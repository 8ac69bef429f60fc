"""Reading administration forms strictly: a bad value is a refusal naming the field, never a 500."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ...domain.errors import MaturityError

MAX_ID = 2**31 - 1


def optional_id(form: Mapping[str, str], name: str) -> int | None:
    """An ID field: empty is None; otherwise ASCII digits within the database's integer range."""
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_ID:
        raise MaturityError.one(f"{name} 应为正整数 ID", f"{name} must be a positive whole-number ID", name,
                                given=raw[:40], accepted=f"1–{MAX_ID}")
    return int(raw)


def required_id(form: Mapping[str, str], name: str) -> int:
    """An ID field that must be given."""
    value = optional_id(form, name)
    if value is None:
        raise MaturityError.one(f"请填写 {name}", f"{name} is required", name)
    return value


def page_number(form: Mapping[str, str]) -> int:
    """`page`, 1 when absent; bounded like an ID."""
    return optional_id(form, "page") or 1


def day(form: Mapping[str, str], name: str) -> date | None:
    """A date field as YYYY-MM-DD; empty is None."""
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    problem = MaturityError.one(f"{name} 应为日期 YYYY-MM-DD", f"{name} must be a date, YYYY-MM-DD", name,
                                given=raw[:40], accepted="YYYY-MM-DD")
    if not (raw.isascii() and len(raw) == 10):  # fromisoformat also reads other shapes and non-ASCII digits
        raise problem
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise problem from None


def text(form: Mapping[str, str], name: str, limit: int = 254) -> str:
    """A trimmed text field, at most `limit` characters."""
    raw = (form.get(name) or "").strip()
    if len(raw) > limit:
        raise MaturityError.one(f"{name} 最多 {limit} 个字符", f"{name} takes at most {limit} characters", name)
    return raw
