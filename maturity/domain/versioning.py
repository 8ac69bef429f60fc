"""Answers carried from one questionnaire version to another, by requirement ID.

A version names the version it revises (`previous`) and declares which new IDs take over an old
one's answer (`replaces`) and which old IDs are gone (`removed`); every other ID carries over as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .model import Questionnaire


def version_key(version: str) -> tuple[int, ...]:
    """A version string as a tuple that sorts numerically ("1.10.0" after "1.9.0")."""
    return tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class AnswerMapping:
    """The answers as the target version reads them, and what changed on the way."""

    answers: dict[str, Any]  # target requirement ID → the answer entry as stored
    trimmed: dict[str, str]
    carried: tuple[str, ...]  # IDs whose answer carried over unchanged
    replaced: dict[str, str]  # target ID → source ID whose answer it took
    dropped: tuple[str, ...]  # source IDs with no place in the target (removed requirements)
    new: tuple[str, ...]  # applicable target IDs that nobody has answered yet


def _step(answers: Mapping[str, Any], target: Questionnaire) -> tuple[dict[str, Any], dict[str, str]]:
    """One version step: carry unchanged IDs, move replaced ones, leave removed ones behind."""
    index = target.requirement_index
    moved: dict[str, str] = {}
    result = {rid: entry for rid, entry in answers.items() if rid in index and rid not in target.changes.removed}
    for new_id, old_id in target.changes.replaces.items():
        if old_id in answers and new_id in index:
            result[new_id] = answers[old_id]
            moved[new_id] = old_id
    return result, moved


def map_answers(
    answers: Mapping[str, Any], chain: Sequence[Questionnaire], industry: str, trimmed: Mapping[str, str]
) -> AnswerMapping:
    """Carry `answers` of chain[0] through each later version of `chain` to its last one."""
    if not chain:
        raise ValueError("the chain needs at least the source version")
    current: dict[str, Any] = dict(answers)
    origin = {rid: rid for rid in answers}
    for target in chain[1:]:
        current, moved = _step(current, target)
        origin = {rid: origin.get(moved.get(rid, rid), rid) for rid in current}
    target = chain[-1]
    subs = target.subdomain_index
    kept_trim = {sid: why for sid, why in trimmed.items() if sid in subs and subs[sid].trimmable}
    applicable = {r.id for r in target.requirements_for(industry, trimmed=frozenset(kept_trim))}
    current = {rid: entry for rid, entry in current.items() if rid in applicable}
    used = {origin[rid] for rid in current}
    return AnswerMapping(
        answers=current,
        trimmed=kept_trim,
        carried=tuple(sorted(rid for rid in current if origin[rid] == rid)),
        replaced={rid: origin[rid] for rid in sorted(current) if origin[rid] != rid},
        dropped=tuple(sorted(rid for rid in answers if rid not in used)),
        new=tuple(r.id for r in target.requirements_for(industry, trimmed=frozenset(kept_trim)) if r.id not in current),
    )
