"""Initiatives for one enterprise: what each leaves open, how much it would raise S, its share of the plan and
its horizon (from the level of its open requirements and the initiatives it depends on)."""

from __future__ import annotations

from .aggregate import EPSILON
from .model import Horizon, Initiative, Questionnaire
from .result import InitiativeStanding, Plan
from .whatif import WhatIf


def horizon_index(lowest_open: int, level: int) -> int:
    """0 for work at or below the current level (consolidation), 1 for the next level, 2 beyond."""
    return 0 if lowest_open <= level else 1 if lowest_open == level + 1 else 2


def initiative_standings(questionnaire: Questionnaire, whatif: WhatIf, level: int,
                         plan: Plan) -> tuple[InitiativeStanding, ...]:
    """Every initiative that covers something this enterprise answered: most plan steps first, then by rise."""
    in_plan = {s.requirement_id: s.rise for s in plan.steps}
    open_of = {i.id: [r for r in i.requirements if whatif.ratings.get(r, 1.0) < 1.0 - EPSILON]
               for i in questionnaire.initiatives}
    horizons = _horizons(questionnaire, whatif, level, open_of)
    now = whatif.score()
    found = []
    for initiative in questionnaire.initiatives:
        assessed = tuple(r for r in initiative.requirements if r in whatif.ratings)
        if not assessed:
            continue  # trimmed, N/A or for the other industry type
        model = whatif.copy()
        for rid in open_of[initiative.id]:
            model.set(rid, 1.0)
        found.append(InitiativeStanding(
            initiative=initiative, requirements=assessed, open=tuple(open_of[initiative.id]),
            plan_steps=tuple(r for r in assessed if r in in_plan), rise=model.score() - now,
            horizon=horizons.get(initiative.id),
        ))
    order = {i.id: n for n, i in enumerate(questionnaire.initiatives)}

    def key(s: InitiativeStanding) -> tuple[int, float, int]:
        return -len(s.plan_steps), -round(s.rise, 12), order[s.initiative.id]

    return tuple(sorted(found, key=key))


def _horizons(questionnaire: Questionnaire, whatif: WhatIf, level: int,
              open_of: dict[str, list[str]]) -> dict[str, Horizon]:
    """Each open initiative's horizon: by its lowest open level; work above the current level also comes after
    the open initiatives it depends on (consolidation at or below the level is never postponed)."""
    if not questionnaire.horizons:
        return {}
    by_id: dict[str, Initiative] = {i.id: i for i in questionnaire.initiatives}
    last = len(questionnaire.horizons) - 1
    memo: dict[str, int] = {}

    def index(iid: str) -> int:
        if iid not in memo:
            own = horizon_index(min(whatif.requirements[r].level for r in open_of[iid]), level)
            after = [index(dep) + 1 for dep in by_id[iid].depends_on if open_of.get(dep)] if own else []
            memo[iid] = min(last, max([own, *after]))
        return memo[iid]

    return {iid: questionnaire.horizons[index(iid)] for iid, opened in open_of.items() if opened}
