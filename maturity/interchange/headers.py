"""Recognising a sheet's header cells: profile fields, trimming columns, requirement IDs, the version cell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..domain.model import Questionnaire, Text
from .fields import FIELDS, fold, trim_label

# A header shaped like a requirement ID ("data.L2.01"): an unknown one is reported, never silently dropped.
REQUIREMENT_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.l\d+\.\d+$")
TRIM_PREFIXES = ("trimmed.", "trim.", "trim:")

# Labels of the template's version cells (row 1): the value sits in the cell to the right.
META_LABELS: dict[str, Text] = {
    "questionnaire": Text("问卷", "Questionnaire"),
    "version": Text("版本", "Version"),
    "layout": Text("格式", "Layout"),
}
# Column headers of the `client` layout's two sheets.
CLIENT_HEADERS: dict[str, Text] = {
    "field": Text("字段", "Field"),
    "value": Text("填写", "Value"),
    "accepted": Text("可接受的值", "Accepted"),
    "requirement": Text("要求 ID", "Requirement ID"),
    "subdomain": Text("能力子域", "Sub-domain"),
    "level": Text("等级", "Level"),
    "text": Text("要求", "Requirement"),
    "evidence": Text("证据示例", "Evidence examples"),
    "rating": Text("评分", "Rating"),
    "comment": Text("备注", "Comment"),
}
ERROR_HEADER = Text("错误（修改后可删除本列）", "Errors (delete this column once fixed)")


def bilingual(text: Text, lang: str = "zh") -> str:
    """Both languages on two lines, `lang` first."""
    return f"{text.en}\n{text.zh}" if lang == "en" else f"{text.zh}\n{text.en}"


def _spellings(cell: Any) -> list[str]:
    """A header cell's whole text and each of its lines, folded, without the required-column star."""
    raw = str(cell).replace("*", " ")
    lines = [fold(line) for line in raw.splitlines()]
    return [s for s in (fold(raw), *lines) if s]


def _lookup(table: dict[str, Any], cell: Any) -> Any:
    return next((table[s] for s in _spellings(cell) if s in table), None)


@lru_cache(maxsize=1)
def _meta_table() -> dict[str, str]:
    return {fold(s): key for key, t in META_LABELS.items() for s in (key, t.zh, t.en, f"{t.zh}/{t.en}")}


def meta_key(cell: Any) -> str | None:
    """Which version cell a label names (questionnaire, version, layout), if any."""
    return _lookup(_meta_table(), cell) if isinstance(cell, str) else None


@lru_cache(maxsize=1)
def _client_table() -> dict[str, str]:
    return {fold(s): key for key, t in CLIENT_HEADERS.items() for s in (key, t.zh, t.en)}


def client_header(cell: Any) -> str | None:
    """Which column of the client layout a header names, if any."""
    return _lookup(_client_table(), cell) if isinstance(cell, str) else None


@dataclass(frozen=True)
class Column:
    """What a header cell names: kind is profile, trim, requirement, unknown_requirement or other."""

    kind: str
    key: str  # field key, sub-domain ID or requirement ID


_COLUMN_TABLES: dict[int, tuple[Questionnaire, dict[str, Column]]] = {}


def _column_table(questionnaire: Questionnaire) -> dict[str, Column]:
    # Questionnaires are not hashable (they hold mappings): cache by identity, keeping the object alive so
    # that its id is never reused by another.
    if id(questionnaire) not in _COLUMN_TABLES:
        _COLUMN_TABLES[id(questionnaire)] = (questionnaire, _build_column_table(questionnaire))
    return _COLUMN_TABLES[id(questionnaire)][1]


def _build_column_table(questionnaire: Questionnaire) -> dict[str, Column]:
    table: dict[str, Column] = {}
    for field in FIELDS:
        for spelling in (field.key, field.label.zh, field.label.en, *field.aliases):
            table[fold(spelling)] = Column("profile", field.key)
    for sub in questionnaire.subdomains:
        label = trim_label(sub.name)
        for spelling in (label.zh, label.en, *(prefix + sub.id for prefix in TRIM_PREFIXES)):
            table[fold(spelling)] = Column("trim", sub.id)
    for req in questionnaire.requirements:
        table[fold(req.id)] = Column("requirement", req.id)
    return table


def classify(questionnaire: Questionnaire, cell: Any) -> Column:
    """What a header cell of a wide sheet (or a field label of a client profile sheet) names."""
    if cell is None or not str(cell).strip():
        return Column("other", "")
    table = _column_table(questionnaire)
    found = _lookup(table, cell)
    if found is not None:
        return found
    # "data.L2.01 The enterprise …": an ID followed by its text.
    first = fold(cell).split(" ")[0]
    if first in table and table[first].kind == "requirement":
        return table[first]
    if REQUIREMENT_SHAPE.match(first):
        return Column("unknown_requirement", str(cell).split()[0])
    return Column("other", str(cell))


def finds_credit_code(cell: Any) -> bool:
    """Whether a cell is the credit-code header (which marks a wide sheet's header row)."""
    return isinstance(cell, str) and _lookup(_profile_table(), cell) == "credit_code"


@lru_cache(maxsize=1)
def _profile_table() -> dict[str, str]:
    return {fold(s): f.key for f in FIELDS for s in (f.key, f.label.zh, f.label.en, *f.aliases)}
