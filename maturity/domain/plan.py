"""The plan that adds up: the fewest unmet requirements, picked greedily by rise and re-scored after each pick,
that reach the next level.

Single-item rises (the gap list) do not add: meeting several requirements can let the gate count a whole
further level, so the plan re-scores after every pick and reports the cumulative S.
"""

from __future__ import annotations

from .aggregate import EPSILON
from .model import LEVELS
from .result import Plan, PlanStep
from .whatif import WhatIf

# Rises closer than this are ties (float noise between equal-weight requirements).
TIE = 1e-12


def make_plan(whatif: WhatIf, level: int) -> Plan:
    """Greedy by rise from the current answers until the next level is reached (or no pick raises S)."""
    model = whatif.copy()
    if level >= max(LEVELS):
        return Plan(target_level=None, steps=(), score_after=model.score(), reachable=True)
    target = level + 1
    queues = _queues(model)
    steps: list[PlanStep] = []
    while model.level() < target:
        current = model.score()
        best = _best_pick(model, queues, current)
        if best is None:
            break
        rid, after = best
        req = model.requirements[rid]
        steps.append(PlanStep(rid, req.level, req.subdomain, model.ratings[rid], after - current, after))
        model.set(rid, 1.0)
        queues[req.level].pop(0)
    return Plan(target_level=target, steps=tuple(steps), score_after=model.score(),
                reachable=model.level() >= target)


def _gain(model: WhatIf, rid: str) -> float:
    """How much fully meeting `rid` raises its level score."""
    return model.slope(rid) * (1.0 - model.ratings[rid])


def _queues(model: WhatIf) -> dict[int, list[str]]:
    """Per level, the open requirements by the rise of their level score, largest first, ties in order.

    S only grows with any one level score, so the best pick of a level is always the head of its queue, and a
    pick never changes another requirement's gain (its slope is fixed and its own rating is unchanged).
    """
    queues: dict[int, list[str]] = {level: [] for level in LEVELS}
    for rid, value in model.ratings.items():
        if value < 1.0 - EPSILON:
            queues[model.requirements[rid].level].append(rid)
    for queue in queues.values():
        queue.sort(key=lambda rid: (-round(_gain(model, rid), 12), model.sort_key(rid)))
    return queues


def _best_pick(model: WhatIf, queues: dict[int, list[str]], current: float) -> tuple[str, float] | None:
    """The queue head whose full fulfilment raises S most (lowest level among ties), with S after it."""
    best: tuple[str, float] | None = None
    for level in LEVELS:
        if not queues[level]:
            continue
        rid = queues[level][0]
        after = model.score(model.scores_if(rid, 1.0))
        if after > current + TIE and (best is None or after > best[1] + TIE):
            best = (rid, after)
    return best
