"""Load the reference data in seeds/ (national goals, distributions, tiers, industries, regions)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .domain.benchmarks import Distribution, Goal, Indicator, ProgrammeTier, ReferenceData, Source
from .domain.errors import Problem, ReferenceDataError
from .domain.model import Text
from .resources import load_yaml, resource_dir


def _text(raw: dict[str, str]) -> Text:
    return Text(zh=raw["zh"], en=raw["en"])


def _optional_text(raw: dict[str, str] | None) -> Text | None:
    return _text(raw) if raw else None


def _read(root: Path, name: str) -> dict[str, Any]:
    return load_yaml((root / name).read_text("utf-8"))


def _goal(raw: dict[str, Any]) -> Goal:
    return Goal(
        id=raw["id"],
        min_level=int(raw["min_level"]),
        share=float(raw["share"]),
        scope=raw["scope"],
        year=int(raw["year"]),
        population=_text(raw["population"]),
        text=_text(raw["text"]),
        status=raw["status"],
        source=raw["source"],
        note=_optional_text(raw.get("note")),
        members=tuple(map(str, raw["members"])) if raw.get("members") is not None else None,
    )


def _source(raw: dict[str, Any]) -> Source:
    return Source(
        id=raw["id"],
        title=_text(raw["title"]),
        issuer=_text(raw["issuer"]),
        date=raw.get("date"),
        status=raw["status"],
        url=raw.get("url"),
        reported_by=tuple(raw.get("reported_by") or ()),
    )


def _distribution(raw: dict[str, Any]) -> Distribution:
    return Distribution(
        id=raw["id"],
        year=int(raw["year"]),
        scope=raw["scope"],
        population=_text(raw["population"]),
        shares=MappingProxyType({str(k): float(v) for k, v in raw["shares"].items()}),
        source=raw["source"],
        date=raw.get("date"),
        region=_optional_text(raw.get("region")),
        enterprises=raw.get("enterprises"),
        enterprises_more_than=raw.get("enterprises_qualifier") == "more_than",
        bucket_1_includes_below=raw.get("bucket_1") == "at_or_below",
        notes=_optional_text(raw.get("notes")),
        region_code=str(raw["region_code"]) if raw.get("region_code") else None,
        status=raw.get("status", "reported"),
    )


def _tiers(goals: dict[str, Any]) -> tuple[ProgrammeTier, ...]:
    names = {t["id"]: _text(t["name"]) for t in goals.get("programme_tiers", ())}
    rules = []
    for i, rule in enumerate(goals.get("tier_rules", ())):
        if rule["tier"] not in names:
            raise ReferenceDataError([Problem(f"national_goals.yaml: tier_rules/{i}", Text(
                zh=f"未知的层级 {rule['tier']!r}", en=f"unknown tier {rule['tier']!r}; known: {', '.join(names)}"))])
        rules.append(ProgrammeTier(
            id=rule["tier"], name=names[rule["tier"]], min_level=int(rule["min_level"]), status=rule["status"],
            source=rule["source"], year=int(rule["year"]),
            region_code=str(rule["region"]) if rule.get("region") else None,
        ))
    return tuple(rules)


def _check_sources(reference: ReferenceData) -> None:
    """Every goal, tier rule and indicator names a document listed in sources.yaml."""
    cited = [(f"goals/{g.id}", g.source) for g in reference.goals]
    cited += [(f"tier_rules/{t.id}/{t.year}", t.source) for t in reference.tiers]
    cited += [(f"indicators/{i.id}", i.source) for i in reference.indicators]
    missing = [
        Problem(f"national_goals.yaml: {where}", Text(zh=f"来源 {sid!r} 未在 sources.yaml 中列出",
                                                      en=f"source {sid!r} is not listed in sources.yaml"))
        for where, sid in cited if sid not in reference.sources
    ]
    if missing:
        raise ReferenceDataError(missing)


def _indicator(raw: dict[str, Any]) -> Indicator:
    return Indicator(
        id=raw["id"],
        name=_text(raw["name"]),
        unit=raw["unit"],
        values=MappingProxyType({int(k): float(v) for k, v in raw["values"].items()}),
        source=raw["source"],
    )


def load_reference(root: Path | None = None) -> ReferenceData:
    """Read every reference file of a seeds folder into domain objects."""
    root = root or resource_dir("seeds")
    goals = _read(root, "national_goals.yaml")
    dists = _read(root, "level_distributions.yaml")
    industries = _read(root, "industries.yaml")["industries"]
    places = _read(root, "regions.yaml")
    reference = ReferenceData(
        goals=tuple(_goal(g) for g in goals["goals"]),
        distributions=tuple(_distribution(d) for d in dists["distributions"]),
        tiers=_tiers(goals),
        indicators=tuple(_indicator(i) for i in goals.get("indicators", ())),
        industries=MappingProxyType({i["code"]: (_text(i["name"]), i["typical_type"]) for i in industries}),
        regions=MappingProxyType({str(r["code"]): _text(r["name"]) for r in places["regions"]}),
        sources=MappingProxyType({s["id"]: _source(s) for s in _read(root, "sources.yaml")["sources"]}),
        cities=MappingProxyType({c["name"]["zh"]: _text(c["name"]) for c in places.get("cities", ())}),
    )
    _check_sources(reference)
    return reference


@lru_cache(maxsize=1)
def shipped_reference() -> ReferenceData:
    """The shipped reference data, loaded once per process."""
    return load_reference()


@lru_cache(maxsize=1)
def key_areas() -> dict[str, dict[str, dict[str, Any]]]:
    """{"industries"|"regions": {code: entry with status, source, note}} from seeds/key_areas.yaml."""
    raw = _read(resource_dir("seeds"), "key_areas.yaml")
    return {
        "industries": {str(e["code"]): e for e in raw.get("key_industries") or ()},
        "regions": {str(e["code"]): e for e in raw.get("key_regions") or ()},
    }
