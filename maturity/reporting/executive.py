"""The executive summary: where the enterprise stands, how safe that is, and what to do next.

Shared by page 2 of the PDF report and the top of the results page; plain strings in the reader's language.
"""

from __future__ import annotations

from typing import Any

from maturity.domain.benchmarks import Benchmark, DistributionStanding, GoalStanding, bucket_floor, share_at_or_above
from maturity.domain.model import Questionnaire
from maturity.domain.result import ScoreResult

from .labels import labels

MAX_INITIATIVES = 5
MIN_INITIATIVES = 3


def num(value: float | None) -> str:
    """Two decimals."""
    return "—" if value is None else f"{value:.2f}"


def pct(value: float, lang: str) -> str:
    """A share as a percentage, one decimal where the source gives one."""
    digits = 1 if round(value * 100, 1) % 1 else 0
    # a no-break space in English: "42 %" never splits at the end of a line
    return f"{value * 100:.{digits}f}%" if lang != "en" else f"{value * 100:.{digits}f}\u00a0%"


def level_text(q: Questionnaire, level: int, lang: str) -> str:
    """'第 3 级（集成级）' / 'Level 3 (Integrated)', one language only; level 0 reads 'not yet level 1'."""
    words = labels(lang)
    if level == 0:
        return words["level_0"]
    return words["level_named"].format(n=level, name=q.level_name(level).get(lang))


def margin_sentence(result: ScoreResult, q: Questionnaire, lang: str) -> str:
    """How far the level is from dropping: the band margin and the fewest answers that would lose it."""
    words = labels(lang)
    fragility = result.consolidation.fragility if result.consolidation else None
    if result.indicative and result.level:  # a quick check cannot tell which answers hold the level
        return words["margin_band"].format(margin=num(result.margin), n=result.level, min=num(result.band_min_score))
    if result.level == 0 or fragility is None:
        return words["margin_level_0"].format(score=num(result.score), min=num(q.scoring.band_minimum(1)),
                                              short=num(result.shortfall))
    base = words["margin_band"].format(margin=num(result.margin), n=result.level, min=num(result.band_min_score))
    if fragility.level is not None:
        return base + words["margin_gate"].format(j=fragility.level, gm=num(fragility.gate_margin),
                                                  gate=num(q.scoring.gate), k=fragility.answers,
                                                  lower=result.level - 1)
    return base + words["margin_score"].format(k=fragility.answers, lower=result.level - 1)


def headline(result: ScoreResult, q: Questionnaire, lang: str) -> str:
    """'Level 3, 0.03 above the level-3 gate: 2 answers from level 2.'"""
    words = labels(lang)
    fragility = result.consolidation.fragility if result.consolidation else None
    if fragility is None or fragility.level is None or result.indicative:
        return words["headline_plain"].format(level=level_text(q, result.level, lang), score=num(result.score))
    answers = words["answers_one" if fragility.answers == 1 else "answers_n"].format(k=fragility.answers)
    return words["headline_gate"].format(level=level_text(q, result.level, lang), gm=num(fragility.gate_margin),
                                         j=fragility.level, answers=answers, lower=result.level - 1)


def position_sentence(standing: DistributionStanding, level: int, lang: str) -> str | None:
    """One sentence placing the level in one published distribution, or None where the buckets cannot tell."""
    words = labels(lang)
    d = standing.distribution
    population = d.population.get(lang)
    if lang == "en" and population[1:2].islower():
        population = population[0].lower() + population[1:]  # mid-sentence
    when = (d.date or str(d.year)) if lang == "en" else (f"截至 {d.date}" if d.date else f"{d.year} 年")
    if level and standing.at_or_above is not None:
        return words["position_above"].format(share=pct(1 - standing.at_or_above, lang), population=population,
                                              year=when)
    if level and level < 5 and standing.above is not None:
        return words["position_higher"].format(n=level + 1, share=pct(standing.above, lang), population=population,
                                               year=when)
    floors = sorted({bucket_floor(k)[0] for k in d.shares if bucket_floor(k)[0] <= level}, reverse=True)
    for floor in floors:
        share = share_at_or_above(d, floor)
        if share is not None:
            return words["position_alike"].format(n=floor, share=pct(share, lang), population=population, year=when)
    return None


def goal_line(standing: GoalStanding, lang: str) -> dict[str, str]:
    """A goal's short text and whether this level counts towards it (✓), not yet (○) or cannot be told (?)."""
    words = labels(lang)
    goal = standing.goal
    if standing.counts_towards is True:
        mark, status = "✓", words["goal_counts"]
    elif standing.counts_towards is False:
        mark, status = "○", words["goal_not_counts"].format(n=goal.min_level)
    else:
        mark, status = "?", words[f"goal_{standing.reason}_{goal.scope}"]
    return {"mark": mark, "text": goal.text.get(lang), "status": status}


def top_initiatives(result: ScoreResult, q: Questionnaire, lang: str) -> list[dict[str, Any]]:
    """The 3–5 initiatives that hold most of the plan, with horizon, plan steps and combined rise."""
    words = labels(lang)
    with_steps = [s for s in result.initiatives if s.plan_steps]
    chosen = with_steps[:MAX_INITIATIVES]
    if len(chosen) < MIN_INITIATIVES:
        chosen += [s for s in result.initiatives if s.open and s not in chosen][: MIN_INITIATIVES - len(chosen)]
    return [{
        "id": s.initiative.id, "name": s.initiative.name.get(lang), "description": s.initiative.description.get(lang),
        "horizon": s.horizon.name.get(lang) if s.horizon else "",
        # a quick check's requirement ratings are inferred: no requirement counts for it
        "steps": "" if result.indicative else words["initiative_steps"].format(n=len(s.plan_steps), open=len(s.open)),
        "rise": f"+{s.rise:.2f}", "plan_steps": list(s.plan_steps),
    } for s in chosen]


def next_sentence(result: ScoreResult, q: Questionnaire, lang: str) -> str:
    """What it takes to reach the next level, from the plan (quick checks: only the direction)."""
    words = labels(lang)
    plan = result.plan
    if plan is None or plan.target_level is None:
        return words["at_top"]
    target, minimum = plan.target_level, num(q.scoring.band_minimum(plan.target_level))
    if result.indicative:
        below = sum(1 for s in result.subdomains if s.scores.get(target) not in (None, 1.0)
                    and s.id not in result.trimmed)
        return words["next_quick"].format(n=target, min=minimum, subs=below)
    if not plan.reachable:
        return words["next_unreachable"].format(n=target, min=minimum)
    at_target = sum(1 for s in plan.steps if s.level == target)
    open_at_target = sum(1 for g in result.gaps if g.level == target)
    below = len(plan.steps) - at_target
    text = words["next_plan"].format(n=target, min=minimum, k=at_target, of=open_at_target)
    if below:
        text += words["next_plan_below"].format(k=below)
    return text + words["next_plan_end"].format(s=num(plan.score_after))


def executive(result: ScoreResult, q: Questionnaire, bench: Benchmark, lang: str) -> dict[str, Any]:
    """Everything the executive page (and the top of the results page) prints."""
    return {
        "headline": headline(result, q, lang),
        "margin": margin_sentence(result, q, lang),
        "position": [s for d in bench.distributions if (s := position_sentence(d, result.level, lang))],
        "goals": [goal_line(g, lang) for g in bench.goals],
        "initiatives": top_initiatives(result, q, lang),
        "next": next_sentence(result, q, lang),
    }
