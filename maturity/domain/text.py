"""Text accepted from outside (forms, JSON, imports): no NUL bytes, no lone surrogates, bounded length.

A NUL byte cannot be stored in PostgreSQL text, and a lone surrogate cannot be encoded to UTF-8, so a
PDF or page holding one fails for good: both are refused at the door, naming the field.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import Refused
from .model import Text

BAD_TEXT = Text(zh="含有不允许的字符（空字符或孤立代理项）",
                en="holds a character that is not accepted (a NUL byte or a lone surrogate)")

BAD = re.compile("[\x00\ud800-\udfff]")


def has_bad_characters(value: str) -> bool:
    """True if `value` holds a NUL byte or a lone surrogate."""
    return BAD.search(value) is not None


def clean_text(value: Any, field: str, limit: int, *, strip: bool = True) -> str:
    """`value` as accepted text (stripped), else a refusal naming `field` and what is accepted."""
    if not isinstance(value, str):
        raise Refused.one(f"{field} 应为文本", f"{field} must be text", field, given=type(value).__name__)
    if has_bad_characters(value):
        raise Refused.one(
            f"{field} {BAD_TEXT.zh}", f"{field} {BAD_TEXT.en}", field, code="bad_character",
            accepted="Unicode text without NUL or unpaired surrogates",
        )
    text = value.strip() if strip else value
    if len(text) > limit:
        raise Refused.one(
            f"{field} 过长：{len(text)} 个字符，最多 {limit} 个字符",
            f"{field} is too long: {len(text)} characters; at most {limit} are accepted",
            field, code="too_long", given=len(text), accepted=f"at most {limit} characters",
        )
    return text


def first_bad_path(value: Any, path: str = "") -> str | None:
    """The JSON path of the first string (key or value) holding a NUL byte or lone surrogate, else None."""
    if isinstance(value, str):
        return path or "body" if has_bad_characters(value) else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        where = f"{path}.{key}" if path and isinstance(key, str) else f"{path}[{key}]" if path else str(key)
        if isinstance(key, str) and has_bad_characters(key):
            return where
        found = first_bad_path(item, where)
        if found is not None:
            return found
    return None
