"""Strongest and weakest sub-domain, by one rule.

The rule: a sub-domain's strength is its mean at the *working level*, the level the enterprise is working
towards (its next level; level 5 at the top). Ties break by the highest level it clears (every level up to it
where it has requirements scores at least the gate), then by questionnaire order. A sub-domain with no
requirements at the working level is not ranked, and a level where a sub-domain has no requirements is
never named for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .aggregate import EPSILON
from .model import LEVELS
from .result import NodeScore, ScoreResult


@dataclass(frozen=True)
class SubdomainStanding:
    """One sub-domain judged at the working level."""

    subdomain: str
    level: int  # the working level the mean is about
    mean: float
    cleared: int | None  # highest level cleared (a level where it has requirements); None: not even its first
    first_level: int  # its lowest level with requirements
    first_under: tuple[int, float] | None  # its first level (with requirements) under the gate, and the mean there


def working_level(result: ScoreResult) -> int:
    """The level the enterprise is working towards: the next one, or the top level once reached."""
    return result.next_level or max(LEVELS)


def standing_of(node: NodeScore, level: int, gate: float) -> SubdomainStanding | None:
    """The sub-domain's standing at `level`; None when it has no requirements there."""
    mean = node.scores.get(level)
    if mean is None:
        return None
    assessed = [(lvl, v) for lvl in LEVELS if (v := node.scores.get(lvl)) is not None]
    cleared, first_under = None, None
    for lvl, value in assessed:
        if value < gate - EPSILON:
            first_under = (lvl, value)
            break
        cleared = lvl
    return SubdomainStanding(node.id, level, mean, cleared, assessed[0][0], first_under)


def strongest_weakest(result: ScoreResult, gate: float) -> tuple[SubdomainStanding, SubdomainStanding] | None:
    """The strongest and the weakest sub-domain at the working level, or None when fewer than two are ranked."""
    level = working_level(result)
    ranked = [s for node in result.subdomains if node.id not in result.trimmed
              if (s := standing_of(node, level, gate)) is not None]
    if len(ranked) < 2:
        return None
    order = {s.subdomain: i for i, s in enumerate(ranked)}

    def key(s: SubdomainStanding) -> tuple[float, int, int]:
        return round(s.mean, 9), s.cleared or 0, -order[s.subdomain]

    return max(ranked, key=key), min(ranked, key=key)
