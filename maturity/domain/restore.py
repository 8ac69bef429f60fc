"""A stored result read back without scoring: the figures from stored sub-domain means, the lists from the snapshot.

The sub-domain means per level are what the score rows keep at full precision; every figure above them (level
scores, S, level, element and domain scores, the explanation) is the same arithmetic `score` applies. Gaps,
plan, consolidation and initiatives need the answers and many what-if questions, so they come from the JSON
snapshot written with the rows (`serialize.result_to_dict`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .model import LEVELS, Questionnaire
from .result import (
    Consolidation,
    ConsolidationItem,
    Fragility,
    Gap,
    InitiativeStanding,
    Plan,
    PlanStep,
    ScoreResult,
    UnderGate,
)
from .scoring import aggregate_levels, from_means, with_explanation

# The snapshot keys a restorable result needs (older snapshots lack the plan and what came with it).
NEEDED = ("industry", "not_applicable", "trimmed", "gaps", "plan", "initiatives", "consolidate", "under_gate")


def restorable(snapshot: Mapping[str, Any] | None) -> bool:
    """Whether a snapshot holds everything `restore_result` reads."""
    return bool(snapshot) and all(key in snapshot for key in NEEDED)  # type: ignore[operator]


def restore_result(
    questionnaire: Questionnaire,
    means: Mapping[int, Mapping[str, float]],
    snapshot: Mapping[str, Any],
    *,
    result_id: tuple[str, str],
    indicative: bool,
) -> ScoreResult:
    """The result `score` gave, from stored means per level and the snapshot of the same scoring."""
    industry = str(snapshot["industry"])
    means = {level: dict(means.get(level, {})) for level in LEVELS}
    levels = aggregate_levels(questionnaire, industry, means)
    na = snapshot["not_applicable"]
    result = from_means(questionnaire, industry, means, levels, indicative=indicative, result_id=result_id,
                        counts=(int(na["of"]), int(na["count"])), trimmed=dict(snapshot["trimmed"]))
    result = replace(result, gaps=tuple(_gap(g) for g in snapshot["gaps"]), plan=_plan(snapshot["plan"]),
                     consolidation=_consolidation(snapshot, result, means, questionnaire.scoring.gate),
                     initiatives=_initiatives(questionnaire, snapshot["initiatives"]))
    return with_explanation(questionnaire, result, levels)


def _gap(g: Mapping[str, Any]) -> Gap:
    return Gap(g["requirement"], g["level"], g["subdomain"], g["current"], g["rise"], g["level_score_rise"])


def _plan(p: Mapping[str, Any] | None) -> Plan | None:
    if p is None:
        return None
    steps = tuple(PlanStep(s["id"], s["level"], s["subdomain"], s["current"], s["rise"], s["score_after"])
                  for s in p["steps"])
    return Plan(p["target_level"], steps, p["score_after"], p["reachable"])


def _consolidation(snapshot: Mapping[str, Any], result: ScoreResult, means: Mapping[int, Mapping[str, float]],
                   gate: float) -> Consolidation:
    """The stored lists, with the gate margin and the means taken at full precision from the figures."""
    f = snapshot.get("fragility")
    fragility = None if f is None else Fragility(
        f["answers"], f["level"], None if f["level"] is None else result.level_scores[f["level"]] - gate,
        tuple(f["example"]))
    return Consolidation(
        fragility=fragility,
        under_gate=tuple(UnderGate(u["subdomain"], u["level"], means[u["level"]][u["subdomain"]])
                         for u in snapshot["under_gate"]),
        items=tuple(ConsolidationItem(c["id"], c["level"], c["subdomain"], c["rating"], c["kind"])
                    for c in snapshot["consolidate"]),
    )


def _initiatives(questionnaire: Questionnaire, stored: list[Mapping[str, Any]]) -> tuple[InitiativeStanding, ...]:
    """Initiatives by ID from the questionnaire (their names and horizons are its data, not the snapshot's)."""
    known = {i.id: i for i in questionnaire.initiatives}
    horizons = {h.id: h for h in questionnaire.horizons}
    return tuple(
        InitiativeStanding(
            initiative=known[s["id"]], requirements=tuple(s["requirements"]), open=tuple(s["open"]),
            plan_steps=tuple(s["plan_steps"]), rise=s["rise"],
            horizon=horizons[s["horizon"]["id"]] if s["horizon"] else None,
        )
        for s in stored
        if s["id"] in known
    )
