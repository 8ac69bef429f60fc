"""The road map: consolidation (what holds the level), the initiatives, and the cumulative path of S.

Internal requirement IDs never appear here (only in the appendix); requirements read as their text.
"""

from __future__ import annotations

from typing import Any

from maturity.domain.answers import AnswerSet
from maturity.domain.model import Questionnaire
from maturity.domain.result import ScoreResult

from .executive import margin_sentence, num, top_initiatives
from .labels import labels


def rating_label(q: Questionnaire, value: float | None, lang: str) -> str:
    """The answer-scale label of a rating value (not applicable for None)."""
    if value is None:
        return q.scoring.not_applicable.label.get(lang)
    option = min(q.scoring.answer_scale, key=lambda o: abs(o.value - value))
    return option.label.get(lang)


def _requirement(q: Questionnaire, rid: str, lang: str) -> dict[str, Any]:
    req = q.requirement_index[rid]
    return {"subdomain": q.subdomain_index[req.subdomain].name.get(lang), "text": req.text.get(lang),
            "level": req.level}


def consolidation_view(result: ScoreResult, q: Questionnaire, lang: str) -> dict[str, Any]:
    """The fragility sentence, the sub-domains under the gate and the requirements to raise there."""
    consolidation = result.consolidation
    if consolidation is None:
        return {"sentence": None, "under_gate": [], "raise": []}
    groups: dict[tuple[int, str], dict[str, Any]] = {}
    for u in consolidation.under_gate:
        groups[(u.level, u.subdomain)] = {"name": q.subdomain_index[u.subdomain].name.get(lang), "level": u.level,
                                          "mean": num(u.mean), "items": []}
    for item in consolidation.items:
        if item.kind == "raise" and (item.level, item.subdomain) in groups:
            groups[(item.level, item.subdomain)]["items"].append(
                {**_requirement(q, item.requirement_id, lang), "current": rating_label(q, item.rating, lang)})
    return {"sentence": margin_sentence(result, q, lang), "under_gate": list(groups.values())}


def path_rows(result: ScoreResult, q: Questionnaire, lang: str) -> list[dict[str, Any]]:
    """The plan as a cumulative path: each step's requirement, the rise it adds after the steps above, S after."""
    plan = result.plan
    if plan is None:
        return []
    return [{"n": i, **_requirement(q, step.requirement_id, lang), "current": rating_label(q, step.current, lang),
             "rise": f"+{step.rise:.3f}", "after": f"{step.score_after:.3f}"}
            for i, step in enumerate(plan.steps, start=1)]


def initiative_details(result: ScoreResult, q: Questionnaire, lang: str) -> list[dict[str, Any]]:
    """The top initiatives with the plan's requirements under each (texts only)."""
    found = []
    for item in top_initiatives(result, q, lang):
        steps = [] if result.indicative else [_requirement(q, rid, lang) for rid in item["plan_steps"]]
        found.append({**item, "requirements": steps})
    return found


def quick_subdomains(result: ScoreResult, q: Questionnaire, answers: AnswerSet, lang: str) -> list[dict[str, Any]]:
    """For a quick check: each sub-domain's chosen level and whether it lies below the next level."""
    words = labels(lang)
    target = result.plan.target_level if result.plan else None
    chosen: dict[str, int] = {}
    for req in q.requirements_for(answers.industry, trimmed=frozenset(answers.trimmed)):
        reached = answers.ratings.get(req.id) == 1.0
        chosen[req.subdomain] = max(chosen.get(req.subdomain, 0), req.level if reached else 0)
    return [{"name": q.subdomain_index[sid].name.get(lang),
             "level": words["level_n"].format(n=lvl) if lvl else words["level_0"],
             "below": target is not None and lvl < target}
            for sid, lvl in chosen.items()]


def road_view(result: ScoreResult, q: Questionnaire, answers: AnswerSet, lang: str) -> dict[str, Any]:
    """Everything the road-map chapter prints."""
    return {
        "consolidation": consolidation_view(result, q, lang),
        "initiatives": initiative_details(result, q, lang),
        "path": [] if result.indicative else path_rows(result, q, lang),
        "quick": quick_subdomains(result, q, answers, lang) if result.indicative else [],
        "target": result.plan.target_level if result.plan else None,
        "reachable": bool(result.plan and result.plan.reachable),
    }
