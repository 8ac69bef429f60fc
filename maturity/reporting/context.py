"""The report's view model: plain values the templates print, computed from a result and its questionnaire."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from maturity.domain.answers import AnswerSet
from maturity.domain.benchmarks import Benchmark, ReferenceData, benchmark
from maturity.domain.model import LEVELS, Questionnaire
from maturity.domain.result import NodeScore, ScoreResult
from maturity.domain.standing import SubdomainStanding
from maturity.domain.standing import strongest_weakest as rank_subdomains

from . import charts
from .labels import labels


def pct(value: float | None, digits: int = 0) -> str | None:
    """A fraction as a percentage ('42 %' style without the space in Chinese)."""
    return None if value is None else f"{value * 100:.{digits}f}%"


def num(value: float | None) -> str | None:
    """Two decimals, like every figure of the results page."""
    return None if value is None else f"{value:.2f}"


def base_of(questionnaire: Any) -> Questionnaire:
    """The full questionnaire behind a quick check (or the questionnaire itself)."""
    return getattr(questionnaire, "base", questionnaire)


def date_text(generated_on: date | datetime | str, lang: str) -> str:
    """The report date as 2025年1月2日 / 2 January 2025."""
    if isinstance(generated_on, str):
        return generated_on
    if lang == "en":
        return f"{generated_on.day} {generated_on:%B} {generated_on.year}"
    return f"{generated_on.year}年{generated_on.month}月{generated_on.day}日"


def standing_sentence(standing: SubdomainStanding, q: Questionnaire, key: str, lang: str) -> str:
    """"The strongest sub-domain is …: at level 4 … 0.90; it clears the gate up to level 1, level 2 stands at …"."""
    words = labels(lang)
    gate = num(q.scoring.gate)
    detail = words["sub_at_level"].format(n=standing.level, mean=num(standing.mean))
    under = standing.first_under
    if standing.cleared is None and under is not None:
        if under[0] == standing.level:
            detail += words["sub_first_here"].format(gate=gate)
        else:
            detail += words["sub_first_under"].format(n=under[0], value=num(under[1]), gate=gate)
    elif under is not None and under[0] == standing.level:
        detail += words["sub_cleared_below"].format(n=standing.cleared, gate=gate)
    elif under is not None:
        detail += words["sub_cleared_until"].format(n=standing.cleared, gate=gate, next=under[0],
                                                     value=num(under[1]))
    else:
        detail += words["sub_cleared_all"].format(gate=gate)
    name = q.subdomain_index[standing.subdomain].name.get(lang)
    return words[key].format(name=name, detail=detail)


def strongest_weakest(result: ScoreResult, q: Questionnaire, lang: str) -> tuple[str, str] | None:
    """One sentence each on the strongest and the weakest sub-domain (rule: maturity.domain.standing)."""
    found = rank_subdomains(result, q.scoring.gate)
    if found is None:
        return None
    return (standing_sentence(found[0], q, "strongest", lang), standing_sentence(found[1], q, "weakest", lang))


def level_heading(q: Questionnaire, level: int, lang: str) -> str:
    """'第3级' / 'Level 3', or 'not yet level 1'."""
    words = labels(lang)
    return words["level_n"].format(n=level) if level else words["level_0"]


def enterprise_view(enterprise: Mapping[str, Any] | None, reference: ReferenceData, result: ScoreResult,
                    lang: str) -> dict[str, str | None]:
    """Enterprise facts for the cover; codes become names through the reference data."""
    e = dict(enterprise or {})
    name = (e.get("name_en") if lang == "en" else None) or e.get("name")
    industry = reference.industries.get(str(e.get("industry_code") or ""))
    region = reference.regions.get(str(e.get("region") or ""))
    region_text = region.get(lang) if region else (str(e["region"]) if e.get("region") else None)
    if region_text and e.get("city"):
        region_text = f"{region_text} {e['city']}" if lang == "en" else f"{region_text}{e['city']}"
    return {
        "name": str(name) if name else None,
        "credit_code": str(e["credit_code"]) if e.get("credit_code") else None,
        "industry": f"{e['industry_code']} {industry[0].get(lang)}" if industry else
                    (str(e["industry_code"]) if e.get("industry_code") else None),
        "industry_type": labels(lang).get(result.industry, result.industry),
        "region": region_text,
    }


def benchmark_view(bench: Benchmark, tiers: tuple, q: Questionnaire, lang: str) -> dict[str, Any]:
    """Goals, distributions and tiers as rows of text."""
    words = labels(lang)
    goals = [{
        "text": s.goal.text.get(lang), "population": s.goal.population.get(lang),
        "status": words["goal_status_draft"] if s.goal.status == "draft" else s.goal.status,
        "counts": s.counts_towards,
        "standing": words["goal_counts"] if s.counts_towards else words["goal_not_counts"].format(n=s.goal.min_level),
        "note": s.goal.note.get(lang) if s.goal.note else None, "source": s.goal.source,
    } for s in bench.goals]
    dists = []
    for s in bench.distributions:
        d = s.distribution
        population = d.population.get(lang)
        count = None
        if d.enterprises:
            count = f"{d.enterprises:,}"
            count = words["more_than"].format(n=count) if d.enterprises_more_than else count
        shares = " · ".join(f"{_bucket(k, lang)} {pct(v, 1 if round(v * 100, 1) % 1 else 0)}"
                            for k, v in d.shares.items())
        if d.region:
            population = f"{d.region.get(lang)} · {population}" if lang == "en" else population
        dists.append({"year": d.date or str(d.year), "population": population,
                      "enterprises": count or words["unknown"],
                      "shares": shares, "at_or_above": pct(s.at_or_above, 1) or words["unknown"],
                      "above": pct(s.above, 1) or words["unknown"], "source": d.source,
                      "notes": d.notes.get(lang) if d.notes else None})
    tier_rows = [{"name": t.name.get(lang),
              "min_level": level_heading(q, t.min_level, lang) + ("+" if lang == "en" else "及以上"),
              "status": words["tier_verified"] if t.status == "verified" else words["tier_likely"],
              "qualifies": bench.level >= t.min_level, "source": t.source,
              "note": t.note.get(lang) if t.note else None}
             for t in sorted(tiers, key=lambda t: t.min_level)]
    return {"goals": goals, "distributions": dists, "tiers": tier_rows}


def _bucket(key: str, lang: str) -> str:
    if lang == "en":
        return f"L{key}"
    return f"{key.rstrip('+')}级" + ("及以上" if key.endswith("+") else "")


def score_rows(result: ScoreResult, lang: str) -> list[dict[str, Any]]:
    """Element → domain → sub-domain rows in questionnaire order, with their score at each level."""
    def row(node: NodeScore, depth: int) -> dict[str, Any]:
        return {"name": node.name.get(lang), "depth": depth, "trimmed": node.id in result.trimmed,
                "scores": [num(node.scores.get(level)) for level in LEVELS]}
    rows = []
    for element in result.elements:
        rows.append(row(element, 0))
        for domain in (d for d in result.domains if d.parent == element.id):
            rows.append(row(domain, 1))
            subs = [s for s in result.subdomains if s.parent == domain.id]
            if len(subs) == 1 and subs[0].name == domain.name:
                continue  # a domain with one same-named sub-domain: one row says it all
            rows.extend(row(s, 2) for s in subs)
    return rows


def rating_label(q: Questionnaire, value: float | None, lang: str) -> str:
    """The answer-scale label of a rating value (not applicable for None)."""
    if value is None:
        return q.scoring.not_applicable.label.get(lang)
    option = min(q.scoring.answer_scale, key=lambda o: abs(o.value - value))
    return option.label.get(lang)


def gap_groups(result: ScoreResult, q: Questionnaire, lang: str) -> list[dict[str, Any]]:
    """Gaps grouped by sub-domain, groups ordered by their largest rise, gaps by rise within a group."""
    groups: dict[str, dict[str, Any]] = {}
    for gap in result.gaps:
        req = q.requirement_index[gap.requirement_id]
        group = groups.setdefault(gap.subdomain, {
            "name": q.subdomain_index[gap.subdomain].name.get(lang), "gaps": []})
        group["gaps"].append({
            "id": gap.requirement_id, "level": gap.level, "text": req.text.get(lang),
            "current": rating_label(q, gap.current, lang), "rise": f"+{gap.rise:.3f}",
            "evidence": [e.get(lang) for e in req.evidence]})
    return list(groups.values())


def answer_groups(result: ScoreResult, q: Questionnaire, answers: AnswerSet, lang: str) -> list[dict[str, Any]]:
    """Every assessed requirement by sub-domain, with its rating label and comment."""
    groups: dict[str, dict[str, Any]] = {}
    for req in q.requirements_for(answers.industry, trimmed=frozenset(answers.trimmed)):
        group = groups.setdefault(req.subdomain, {"name": q.subdomain_index[req.subdomain].name.get(lang), "rows": []})
        group["rows"].append({"id": req.id, "level": req.level, "text": req.text.get(lang),
                              "rating": rating_label(q, answers.ratings.get(req.id, 0.0), lang),
                              "comment": answers.comments.get(req.id, "")})
    return list(groups.values())


def quick_levels(result: ScoreResult, q: Questionnaire, answers: AnswerSet, lang: str) -> list[dict[str, str]]:
    """For a quick check, the level chosen per sub-domain, read back from the expanded ratings."""
    chosen: dict[str, int] = {}
    for req in q.requirements_for(answers.industry, trimmed=frozenset(answers.trimmed)):
        if answers.ratings.get(req.id) == 1.0:
            chosen[req.subdomain] = max(chosen.get(req.subdomain, 0), req.level)
        else:
            chosen.setdefault(req.subdomain, 0)
    return [{"name": q.subdomain_index[sid].name.get(lang),
             "level": (f"{level_heading(q, lvl, lang)} {q.level_name(lvl).get(lang)}"
                       if lvl else labels(lang)["level_0"])}
            for sid, lvl in chosen.items()]


def build_context(result: ScoreResult, questionnaire: Any, *, answers: AnswerSet, enterprise: Mapping[str, Any] | None,
                  reference: ReferenceData, lang: str, generated_on: date | datetime | str) -> dict[str, Any]:
    """Everything report.html prints, in `lang`."""
    q = base_of(questionnaire)
    words = labels(lang)
    info = q.level_info(result.level)
    next_info = q.level_info(result.next_level) if result.next_level else None
    gate = q.scoring.gate
    return {
        "lang": "en" if lang == "en" else "zh", "html_lang": "en" if lang == "en" else "zh-CN", "t": words,
        "date": date_text(generated_on, lang),
        "questionnaire": {"id": result.questionnaire_id, "version": result.questionnaire_version,
                          "title": getattr(questionnaire, "title", q.title).get(lang)},
        "indicative": result.indicative,
        "enterprise": enterprise_view(enterprise, reference, result, lang),
        "level": {"n": result.level, "heading": level_heading(q, result.level, lang),
                  "zh": result.level_name.zh, "en": result.level_name.en,
                  "short": info.short.get(lang) if info else None,
                  "meaning": info.description.get(lang) if info else
                  words["below_level_1_meaning"].format(min=num(q.scoring.band_minimum(1)))},
        "score": num(result.score),
        "next": words["to_next"].format(n=result.next_level, name=next_info.name.get(lang),
                                        min=num(result.next_level_min_score), shortfall=num(result.shortfall))
        if next_info else words["at_top"],
        "strong_weak": strongest_weakest(result, q, lang),
        "benchmark": benchmark_view(benchmark(result.level, reference), reference.tiers, q, lang),
        "charts": {"subdomains": charts.presentation_attributes(charts.subdomain_chart_svg(result, q, lang)),
                   "levels": charts.presentation_attributes(charts.level_bars_svg(result, q, lang))},
        "gate": num(gate),
        "level_headers": [{"n": lvl, "name": q.level_name(lvl).get(lang)} for lvl in LEVELS],
        "level_scores": [num(result.level_scores[lvl]) for lvl in LEVELS],
        "counted": list(result.counted_levels),
        "rows": score_rows(result, lang),
        "steps": [s.text.get(lang) for s in result.explanation],
        "gap_groups": gap_groups(result, q, lang),
        "answer_groups": [] if result.indicative else answer_groups(result, q, answers, lang),
        "quick_levels": quick_levels(result, q, answers, lang) if result.indicative else [],
        "na": words["na_share"].format(count=result.na_count, share=pct(result.na_share, 1),
                                       cap=pct(q.scoring.not_applicable.max_share)),
        "trimmed": [{"name": q.subdomain_index[sid].name.get(lang), "reason": reason}
                    for sid, reason in result.trimmed.items()],
    }
