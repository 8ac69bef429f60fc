"""Gap analysis: which unmet requirements stand between the enterprise and the next level, and what each is worth.

Each rise is the rise of that one requirement alone; rises do not add up (the plan gives the cumulative path).
"""

from __future__ import annotations

from collections.abc import Mapping

from .aggregate import EPSILON
from .result import Gap
from .whatif import WhatIf


def gap_levels(level_scores: Mapping[int, float], next_level: int | None, gate: float) -> tuple[int, ...]:
    """The next level, plus any level up to it still under the gate (it blocks counting what lies above)."""
    if next_level is None:
        return ()
    blocking = [lvl for lvl in range(1, next_level) if level_scores[lvl] < gate - EPSILON]
    return tuple(sorted({*blocking, next_level}))


def find_gaps(whatif: WhatIf, next_level: int | None) -> tuple[Gap, ...]:
    """Every requirement rated below fully met at the gap levels, with its exact rise in S, largest first."""
    current_s = whatif.score()
    levels = gap_levels(whatif.level_scores, next_level, whatif.scoring.gate)
    gaps = []
    for rid, value in whatif.ratings.items():
        req = whatif.requirements[rid]
        if req.level not in levels or value >= 1.0 - EPSILON:
            continue
        raised = whatif.scores_if(rid, 1.0)
        gaps.append(
            Gap(
                requirement_id=rid,
                level=req.level,
                subdomain=req.subdomain,
                current=value,
                rise=whatif.score(raised) - current_s,
                level_score_rise=raised[req.level] - whatif.level_scores[req.level],
            )
        )
    # Ties (common: equal-weight requirements) break by level, sub-domain order, then ID, never by file order.
    return tuple(sorted(gaps, key=lambda g: (-round(g.rise, 12), *whatif.sort_key(g.requirement_id))))
