"""What holds the current level: how few lost answers would drop it, which sub-domains sit under the gate,
and which requirements to keep or raise first. The gap list only looks upward; this looks down.
"""

from __future__ import annotations

from collections.abc import Mapping

from .aggregate import EPSILON, total_score
from .result import Consolidation, ConsolidationItem, Fragility, UnderGate
from .whatif import WhatIf


def consolidate(whatif: WhatIf, level: int, means: Mapping[int, Mapping[str, float]]) -> Consolidation:
    """The fragility of `level`, the sub-domains under the gate at or below it, and the items to hold or raise."""
    gate = whatif.scoring.gate
    under = [
        UnderGate(sid, lvl, mean)
        for lvl in range(1, level + 1)
        for sid, mean in sorted(means[lvl].items(), key=lambda kv: whatif.order[kv[0]])
        if mean < gate - EPSILON
    ]
    weak = {(u.level, u.subdomain) for u in under}
    raise_items = [
        ConsolidationItem(rid, req.level, req.subdomain, whatif.ratings[rid], "raise")
        for rid, req in sorted(whatif.requirements.items(), key=lambda kv: whatif.sort_key(kv[0]))
        if (req.level, req.subdomain) in weak and whatif.ratings[rid] < 1.0 - EPSILON
    ]
    fragility, hold = fragility_of(whatif, level)
    hold_items = [
        ConsolidationItem(rid, whatif.requirements[rid].level, whatif.requirements[rid].subdomain,
                          whatif.ratings[rid], "hold")
        for rid in hold
    ]
    return Consolidation(fragility=fragility, under_gate=tuple(under), items=tuple(raise_items + hold_items))


def _fall(whatif: WhatIf, rid: str) -> float:
    """How much the requirement's level score drops if it is lowered to not met."""
    return whatif.slope(rid) * whatif.ratings[rid]


def _losses(whatif: WhatIf, ids: list[str]) -> list[str]:
    """Met requirements, largest fall first (ties in questionnaire order)."""
    met = [rid for rid in ids if _fall(whatif, rid) > EPSILON]
    return sorted(met, key=lambda rid: (-round(_fall(whatif, rid), 12), whatif.sort_key(rid)))


def fragility_of(whatif: WhatIf, level: int) -> tuple[Fragility | None, list[str]]:
    """The fewest answers whose loss drops `level`, and the requirements whose loss would do it soonest.

    Either one level at or below the current one falls under the gate (exact per level: the level score is
    linear, so the largest falls first is optimal), or S falls under the band without any gate failing.
    """
    if level == 0:
        return None, []
    gate = whatif.scoring.gate
    routes: list[tuple[int, int, Fragility, list[str]]] = []
    for j in range(level, 0, -1):
        ranked = _losses(whatif, [rid for rid, r in whatif.requirements.items() if r.level == j])
        room, taken = whatif.level_scores[j] - (gate - EPSILON), 0.0
        for k, rid in enumerate(ranked, start=1):
            taken += _fall(whatif, rid)
            if taken > room:
                cutoff = _fall(whatif, rid) - EPSILON
                hold = [r for r in ranked if _fall(whatif, r) >= cutoff]
                routes.append((k, level - j, Fragility(k, j, whatif.level_scores[j] - gate, tuple(ranked[:k])), hold))
                break
    fewest = min((r[0] for r in routes), default=None)
    score_route = _score_route(whatif, level, fewest)
    if score_route is not None:
        routes.append((len(score_route), level + 1, Fragility(len(score_route), None, None, tuple(score_route)),
                       score_route))
    if not routes:
        return None, []
    _k, _order, fragility, hold = min(routes, key=lambda r: (r[0], r[1]))
    return fragility, hold


def _score_route(whatif: WhatIf, level: int, fewest: int | None) -> list[str] | None:
    """Lower the answers with the largest falls (counted levels only) until the level drops.

    Skipped when it cannot beat `fewest`: it needs at least margin / largest fall answers.
    """
    model = whatif.copy()
    counted = set(total_score(model.level_scores, model.scoring.gate)[1])
    ranked = _losses(model, [rid for rid, r in model.requirements.items() if r.level in counted])
    margin = model.score() - model.scoring.band_minimum(level)
    if not ranked or (fewest is not None and margin / _fall(model, ranked[0]) >= fewest):
        return None
    chosen = []
    for rid in ranked:
        model.set(rid, 0.0)
        chosen.append(rid)
        if model.level() < level:
            return chosen
    return None
