"""A result as plain JSON-ready data: the contract the CLI, the API and scripts share."""

from __future__ import annotations

from typing import Any

from .model import Questionnaire, QuickCheck, Text
from .result import Consolidation, NodeScore, Plan, ScoreResult

RESULT_FORMAT_VERSION = 1


def _num(value: float | None, digits: int | None = 4) -> float | None:
    """Four decimals: exact enough to re-derive every figure, short enough to read (None: as computed)."""
    return value if value is None or digits is None else round(value, digits)


def _text(value: Text) -> dict[str, str]:
    return {"zh": value.zh, "en": value.en}


def _node(node: NodeScore, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": node.id,
        "name": _text(node.name),
        "scores": {str(level): _num(value) for level, value in node.scores.items()},
        "weights": {str(level): _num(value) for level, value in node.weights.items()},
    }
    if node.parent:
        data["parent"] = node.parent
    return {**data, **(extra or {})}


def plan_to_dict(plan: Plan | None, digits: int | None = 4) -> dict[str, Any] | None:
    """The plan: target level, the steps with the cumulative S after each, whether the target is reached."""
    if plan is None:
        return None
    return {
        "target_level": plan.target_level,
        "steps": [
            {"id": s.requirement_id, "level": s.level, "subdomain": s.subdomain, "current": s.current,
             "rise": _num(s.rise, digits), "score_after": _num(s.score_after, digits)}
            for s in plan.steps
        ],
        "score_after": _num(plan.score_after, digits),
        "reachable": plan.reachable,
    }


def consolidation_to_dict(consolidation: Consolidation | None) -> dict[str, Any]:
    """The consolidation list (requirements to raise or hold), the fragility and the sub-domains under the gate."""
    if consolidation is None:
        return {"consolidate": [], "fragility": None, "under_gate": []}
    fragility = consolidation.fragility
    return {
        "consolidate": [
            {"id": c.requirement_id, "level": c.level, "rating": c.rating, "subdomain": c.subdomain, "kind": c.kind}
            for c in consolidation.items
        ],
        "fragility": None if fragility is None else {
            "answers": fragility.answers, "level": fragility.level,
            "gate_margin": _num(fragility.gate_margin), "example": list(fragility.example),
        },
        "under_gate": [{"subdomain": u.subdomain, "level": u.level, "mean": _num(u.mean)}
                       for u in consolidation.under_gate],
    }


def initiatives_to_dict(result: ScoreResult, digits: int | None = 4) -> list[dict[str, Any]]:
    """Each initiative: the requirements it covers, those still open, those in the plan, its rise and horizon."""
    return [
        {"id": s.initiative.id, "name": _text(s.initiative.name), "requirements": list(s.requirements),
         "open": list(s.open), "plan_steps": list(s.plan_steps), "rise": _num(s.rise, digits),
         "horizon": None if s.horizon is None else {"id": s.horizon.id, "name": _text(s.horizon.name)}}
        for s in result.initiatives
    ]


def result_to_dict(result: ScoreResult, questionnaire: Questionnaire, lang: str = "zh", *,
                   exact: bool = False) -> dict[str, Any]:
    """Every figure of a result; texts in both languages, the explanation in `lang`.

    `exact` keeps the rises of gaps, plan and initiatives as computed: the stored snapshot, from which
    pages and reports print them again (`restore.restore_result`), must round like a fresh scoring.
    """
    digits = None if exact else 4
    index = questionnaire.requirement_index
    subs = questionnaire.subdomain_index
    return {
        "format_version": RESULT_FORMAT_VERSION,
        "questionnaire": result.questionnaire_id,
        "questionnaire_version": result.questionnaire_version,
        "indicative": result.indicative,
        "industry": result.industry,
        "score": _num(result.score),
        "level": result.level,
        "level_name": _text(result.level_name),
        "level_scores": {str(level): _num(value) for level, value in result.level_scores.items()},
        "counted_levels": list(result.counted_levels),
        "next_level": result.next_level,
        "next_level_min_score": result.next_level_min_score,
        "shortfall": _num(result.shortfall),
        "margin": _num(result.margin),
        "elements": [_node(n) for n in result.elements],
        "domains": [_node(n) for n in result.domains],
        "subdomains": [
            _node(n, {"element": subs[n.id].element, "trimmed": n.id in result.trimmed}) for n in result.subdomains
        ],
        "not_applicable": {"count": result.na_count, "of": result.applicable_count, "share": _num(result.na_share)},
        "trimmed": dict(result.trimmed),
        "gaps": [
            {
                "requirement": g.requirement_id,
                "level": g.level,
                "subdomain": g.subdomain,
                "current": g.current,
                "rise": _num(g.rise, digits),
                "level_score_rise": _num(g.level_score_rise, digits),
                "text": _text(index[g.requirement_id].text),
                "evidence": [_text(e) for e in index[g.requirement_id].evidence],
            }
            for g in result.gaps
        ],
        "plan": plan_to_dict(result.plan, digits),
        "initiatives": initiatives_to_dict(result, digits),
        **consolidation_to_dict(result.consolidation),
        "explanation": [{"kind": s.kind, "text": s.text.get(lang)} for s in result.explanation],
    }


def export_dict(q: Questionnaire) -> dict[str, Any]:
    """A full questionnaire as the JSON contract of `questionnaire export`."""
    return {**_identity(q), **_structure(q)}


def export_quick_dict(quick: QuickCheck) -> dict[str, Any]:
    """A quick check as `questionnaire export` prints it: its base's structure, plus its questions."""
    return {
        **_identity(quick),
        **_structure(quick.base),
        "base": quick.base.id,
        "base_version": quick.base.version,
        "questions": [
            {
                "subdomain": qq.subdomain,
                "text": {"zh": qq.text.zh, "en": qq.text.en},
                "options": [{"level": o.level, "text": {"zh": o.text.zh, "en": o.text.en}} for o in qq.options],
            }
            for qq in quick.questions
        ],
    }


def _identity(q: Questionnaire | QuickCheck) -> dict[str, Any]:
    return {"id": q.id, "version": q.version, "variant": q.variant, "title": {"zh": q.title.zh, "en": q.title.en}}


def _structure(full: Questionnaire) -> dict[str, Any]:
    """Levels, elements, domains, sub-domains, requirements and the answer scale."""
    return {
        "levels": [
            {
                "level": lv.level,
                "name": {"zh": lv.name.zh, "en": lv.name.en},
                "short": {"zh": lv.short.zh, "en": lv.short.en},
            }
            for lv in full.levels
        ],
        "elements": [{"id": e.id, "name": {"zh": e.name.zh, "en": e.name.en}} for e in full.elements],
        "domains": [
            {"id": d.id, "element": d.element, "name": {"zh": d.name.zh, "en": d.name.en}} for d in full.domains
        ],
        "subdomains": [
            {
                "id": s.id,
                "element": s.element,
                "domain": s.domain,
                "trimmable": s.trimmable,
                "industries": list(s.industries),
                "name": {"zh": s.name.zh, "en": s.name.en},
            }
            for s in full.subdomains
        ],
        "requirements": [
            {
                "id": r.id,
                "level": r.level,
                "subdomain": r.subdomain,
                "domain": r.domain,
                "element": r.element,
                "industries": list(r.industries),
                "na_allowed": r.na_allowed,
                "text": {"zh": r.text.zh, "en": r.text.en},
                "evidence": [{"zh": e.zh, "en": e.en} for e in r.evidence],
            }
            for r in full.requirements
        ],
        "answer_scale": [
            {"id": o.id, "value": o.value, "label": {"zh": o.label.zh, "en": o.label.en}}
            for o in full.scoring.answer_scale
        ],
    }
