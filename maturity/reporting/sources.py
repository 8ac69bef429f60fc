"""The benchmark chapter and the list of sources: goals, distributions and tier rules, each cited by document
title, issuer and date with its status and clickable links; never by an internal file name."""

from __future__ import annotations

from typing import Any

from maturity.domain.benchmarks import Benchmark, ReferenceData, Source

from .executive import goal_line, pct
from .labels import labels


def citation(source: Source, lang: str) -> str:
    """'《…》，工业和信息化部，2021-04' / 'Title, issuer, 2021-04'."""
    parts = [source.title.get(lang), source.issuer.get(lang)] + ([source.date] if source.date else [])
    return ("，" if lang != "en" else ", ").join(parts)


def short_citation(source: Source, lang: str) -> str:
    """Issuer and date only, where a table has no room for the title (the source list gives it in full)."""
    parts = [source.issuer.get(lang)] + ([source.date] if source.date else [])
    return ("，" if lang != "en" else ", ").join(parts)


def status_text(status: str, lang: str) -> str:
    """What the status of a figure means, in words."""
    return labels(lang)[f"status_{status}"]


def source_entry(source: Source, lang: str) -> dict[str, Any]:
    """A source as the report lists it: citation, status and links."""
    return {"id": source.id, "citation": citation(source, lang), "status": status_text(source.status, lang),
            "links": list(source.links)}


def _bucket(key: str, lang: str) -> str:
    if lang == "en":
        return f"L{key}"
    return f"{key.rstrip('+')}级" + ("及以上" if key.endswith("+") else "")


def benchmark_view(bench: Benchmark, reference: ReferenceData, lang: str) -> dict[str, Any]:
    """Goals, distributions and tier rules as rows of text, each with its citation and status."""
    words = labels(lang)
    goals = [{**goal_line(s, lang), "status_label": words["goal_status_draft"] if s.goal.status == "draft"
              else status_text(s.goal.status, lang), "note": s.goal.note.get(lang) if s.goal.note else None,
              "source": citation(reference.sources[s.goal.source], lang)} for s in bench.goals]
    dists = []
    for s in bench.distributions:
        d = s.distribution
        count = f"{d.enterprises:,}" if d.enterprises else None
        if count and d.enterprises_more_than:
            count = words["more_than"].format(n=count)
        population = d.population.get(lang)
        if d.region and lang == "en" and d.region.en not in population:
            population = f"{d.region.en}: {population}"
        dists.append({"year": d.date or str(d.year), "population": population, "enterprises": count or words["unknown"],
                      "shares": " · ".join(f"{_bucket(k, lang)}\u00a0{pct(v, lang)}" for k, v in d.shares.items()),
                      "at_or_above": pct(s.at_or_above, lang) if s.at_or_above is not None else words["unknown"],
                      "notes": d.notes.get(lang) if d.notes else None, "link": d.source,
                      "status": status_text(d.status, lang)})
    tiers = []
    for t in sorted([*bench.tiers_qualified, *([bench.next_tier] if bench.next_tier else [])],
                    key=lambda t: t.min_level):
        region = reference.regions.get(t.region_code) if t.region_code else None
        tiers.append({"name": t.name.get(lang), "min_level": words["level_or_higher"].format(n=t.min_level),
                      "qualifies": bench.level >= t.min_level,
                      "scope": region.get(lang) if region else words["national"],
                      "source": short_citation(reference.sources[t.source], lang),
                      "status": status_text(t.status, lang)})
    return {"goals": goals, "distributions": dists, "tiers": tiers}


def sources_used(bench: Benchmark, reference: ReferenceData, lang: str) -> list[dict[str, Any]]:
    """Every document the report cites, in the order first cited."""
    ids: list[str] = []
    for sid in [g.goal.source for g in bench.goals] + [t.source for t in (*bench.tiers_qualified,
                                                                          *([bench.next_tier] if bench.next_tier
                                                                            else []))]:
        if sid not in ids:
            ids.append(sid)
    entries = [source_entry(reference.sources[sid], lang) for sid in ids]
    cesi = reference.sources.get("cesi_self_diagnosis")
    if cesi is not None and bench.distributions:
        entries.append({**source_entry(cesi, lang), "links": [s.distribution.source for s in bench.distributions]})
    return entries
