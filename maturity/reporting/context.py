"""The report's view model: plain values the templates print, computed from a result and its questionnaire."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from maturity.domain.answers import AnswerSet
from maturity.domain.benchmarks import ReferenceData, benchmark
from maturity.domain.model import LEVELS, Questionnaire
from maturity.domain.result import NodeScore, ScoreResult
from maturity.domain.standing import SubdomainStanding, working_level
from maturity.domain.standing import strongest_weakest as rank_subdomains

from . import charts
from .executive import executive, level_text
from .labels import labels
from .roadmap import rating_label, road_view
from .sources import benchmark_view, sources_used


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
    """'The strongest sub-domain is …: at level 4 … 0.90; it clears the gate up to level 1, level 2 stands at …'."""
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


def place_name(reference: ReferenceData, region: str | None, city: str | None, lang: str) -> str | None:
    """Province and city from the seeds, in the reader's language; an unknown city is left out in English."""
    province = reference.regions.get(str(region or ""))
    known_city = reference.cities.get(str(city or ""))
    if lang == "en":
        parts = [p for p in (known_city.en if known_city else None, province.en if province else None) if p]
        return ", ".join(parts) or None
    text = (province.zh if province else str(region or "")) + (str(city) if city else "")
    return text or None


def enterprise_view(enterprise: Mapping[str, Any] | None, reference: ReferenceData, result: ScoreResult,
                    lang: str) -> dict[str, str | None]:
    """Enterprise facts for the cover; codes become names through the reference data; missing facts stay None."""
    e = dict(enterprise or {})
    name = (e.get("name_en") if lang == "en" else None) or e.get("name")
    industry = reference.industries.get(str(e.get("industry_code") or ""))
    return {
        "name": str(name) if name else None,
        "credit_code": str(e["credit_code"]) if e.get("credit_code") else None,
        "industry": f"{e['industry_code']} {industry[0].get(lang)}" if industry else
                    (str(e["industry_code"]) if e.get("industry_code") else None),
        "industry_type": labels(lang).get(result.industry, result.industry),
        "region": place_name(reference, e.get("region"), e.get("city"), lang),
        **team_view(e, lang),
    }


def team_view(e: Mapping[str, Any], lang: str) -> dict[str, str | None]:
    """Who answered, how their ratings were consolidated, and the share backed by checked evidence (if known)."""
    words = labels(lang)
    share = e.get("evidence_share")
    return {
        "respondents": "、".join(e["respondents"]) if lang == "zh" and e.get("respondents") else
                       ", ".join(e["respondents"]) if e.get("respondents") else None,
        "rule": _capitalised(words.get(f"rule_{e['rule']}")) if e.get("rule") else None,
        "evidence_share": _share(share) if isinstance(share, float) else None,
    }


def _capitalised(text: str | None) -> str | None:
    """A rule's name opens the cover's cell (it is written to stand inside a sentence)."""
    return text[:1].upper() + text[1:] if text else text


def _share(share: float) -> str:
    """A whole percentage, as the result page writes it: a share under half a percent is "<1%", not "0%"."""
    return "<1%" if 0 < share < 0.005 else f"{share * 100:.0f}%"


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


def answer_groups(result: ScoreResult, q: Questionnaire, answers: AnswerSet, lang: str) -> list[dict[str, Any]]:
    """Every assessed requirement by sub-domain, with its ID, rating label and comment (appendix only)."""
    groups: dict[str, dict[str, Any]] = {}
    for req in q.requirements_for(answers.industry, trimmed=frozenset(answers.trimmed)):
        group = groups.setdefault(req.subdomain, {"name": q.subdomain_index[req.subdomain].name.get(lang), "rows": []})
        group["rows"].append({"id": req.id, "level": req.level, "text": req.text.get(lang),
                              "rating": rating_label(q, answers.ratings.get(req.id, 0.0), lang),
                              "comment": answers.comments.get(req.id, "")})
    return list(groups.values())


def build_context(result: ScoreResult, questionnaire: Any, *, answers: AnswerSet, enterprise: Mapping[str, Any] | None,
                  reference: ReferenceData, lang: str, generated_on: date | datetime | str,
                  appendix: bool = False) -> dict[str, Any]:
    """Everything report.html prints, in `lang`; the full answer list only with `appendix`."""
    q = base_of(questionnaire)
    words = labels(lang)
    info = q.level_info(result.level)
    e = dict(enterprise or {})
    bench = benchmark(result.level, reference, region=e.get("region"), industry=e.get("industry_code"))
    road = road_view(result, q, answers, lang)
    return {
        "lang": "en" if lang == "en" else "zh", "html_lang": "en" if lang == "en" else "zh-CN", "t": words,
        "tab": "\t",  # between the columns of a list row (see .rows in report.css)
        "date": date_text(generated_on, lang),
        "questionnaire": {"id": result.questionnaire_id, "version": result.questionnaire_version,
                          "title": getattr(questionnaire, "title", q.title).get(lang)},
        "indicative": result.indicative,
        "enterprise": enterprise_view(enterprise, reference, result, lang),
        "level": {"n": result.level, "text": level_text(q, result.level, lang),
                  "short": info.short.get(lang) if info else None,
                  "meaning": info.description.get(lang) if info else
                  words["below_level_1_meaning"].format(min=num(q.scoring.band_minimum(1)))},
        "score": num(result.score),
        "executive": executive(result, q, bench, lang),
        "strong_weak": strongest_weakest(result, q, lang),
        "benchmark": benchmark_view(bench, reference, lang),
        "sources": sources_used(bench, reference, lang),
        # Images served from memory by the report's fetcher (pdf.CHARTS): as <img>, their hundreds of SVG nodes
        # skip the HTML parser and the HTML cascade that inline SVG goes through.
        "charts": {"subdomains": "generated/subdomains.svg", "levels": "generated/levels.svg"},
        "chart_files": {"subdomains.svg": charts.subdomain_chart_svg(result, q, lang, cell_text=False),
                        "levels.svg": charts.level_bars_svg(result, q, lang)},
        "heat": charts.heat_lines(result, q, lang),
        "gate": num(q.scoring.gate), "working_level": working_level(result),
        "steps": [s.text.get(lang) for s in result.explanation],
        "road": road,
        "na": words["na_share"].format(count=result.na_count, share=pct(result.na_share, 1),
                                       cap=pct(q.scoring.not_applicable.max_share)),
        "trimmed": [{"name": q.subdomain_index[sid].name.get(lang), "reason": reason}
                    for sid, reason in result.trimmed.items()],
        "appendix": appendix,
        "level_headers": [{"n": lvl, "name": q.level_name(lvl).get(lang)} for lvl in LEVELS],
        "level_scores": [num(result.level_scores[lvl]) for lvl in LEVELS],
        "counted": list(result.counted_levels),
        "rows": score_rows(result, lang) if appendix else [],
        "answer_groups": answer_groups(result, q, answers, lang) if appendix and not result.indicative else [],
        "quick_levels": road["quick"] if appendix else [],
    }
