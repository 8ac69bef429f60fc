"""IDs and small numbers read strictly: ASCII digits only, bounded, so "²", "①" or Arabic-Indic digits
are refused instead of read as numbers, and no ID overflows a PostgreSQL integer column."""

from __future__ import annotations

import re
from typing import Any

from .errors import Refused

MAX_ID = 2**31 - 1  # the largest value of a 32-bit integer column (PostgreSQL "integer")
DIGITS = re.compile(r"[0-9]{1,10}", re.ASCII)


def ascii_int(raw: str, low: int, high: int) -> int | None:
    """`raw` as an integer in low..high if it is plain ASCII digits, else None."""
    if not DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def parse_id(raw: Any, field: str) -> int:
    """An ID from a query string, form or JSON body: 1..2^31-1, ASCII digits or a JSON integer; else refused."""
    value: int | None = None
    if isinstance(raw, str):
        value = ascii_int(raw, 1, MAX_ID)
    elif isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= MAX_ID:
        value = raw
    if value is None:
        shown = raw if isinstance(raw, str) and len(raw) <= 40 else type(raw).__name__
        raise Refused.one(
            f"{field} 应为 1 至 {MAX_ID} 的整数（ASCII 数字）",
            f"{field} must be an integer from 1 to {MAX_ID} (ASCII digits)",
            field, given=shown, accepted=f"1..{MAX_ID}",
        )
    return value
