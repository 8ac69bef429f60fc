"""The words of the park dashboard, the park PDF and the park workbook, in Chinese and English (one place)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# The two label sets live in park_words.yaml beside this module (long sentences read better as data).
WORDS: dict[str, dict[str, str]] = yaml.safe_load((Path(__file__).with_name("park_words.yaml")).read_text("utf-8"))


def words(lang: str) -> dict[str, str]:
    """The label set of a language ("zh" unless "en")."""
    return WORDS["en" if lang == "en" else "zh"]


def percent(value: float | None) -> str:
    """A share as "42 %" / "42%", a dash when unknown."""
    return "—" if value is None else f"{value * 100:.0f}%"


def cell(value: Any, why: str | None, min_cell: int, lang: str) -> str:
    """A count as shown: the number, "< 5" for a small cell, "·" for a complement."""
    if value is not None:
        return str(value)
    return words(lang)["complement"] if why == "complement" else words(lang)["suppressed"].format(n=min_cell)
