"""Load the reference data in seeds/ (national goals, distributions, tiers, industries, regions)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .domain.benchmarks import Distribution, Goal, Indicator, ProgrammeTier, ReferenceData
from .domain.model import Text
from .resources import resource_dir


def _text(raw: dict[str, str]) -> Text:
    return Text(zh=raw["zh"], en=raw["en"])


def _optional_text(raw: dict[str, str] | None) -> Text | None:
    return _text(raw) if raw else None


def _read(root: Path, name: str) -> dict[str, Any]:
    return yaml.safe_load((root / name).read_text("utf-8"))


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
    )


def _tier(raw: dict[str, Any]) -> ProgrammeTier:
    return ProgrammeTier(
        id=raw["id"],
        name=_text(raw["name"]),
        min_level=int(raw["min_level"]),
        status=raw["status"],
        source=raw.get("source"),
        note=_optional_text(raw.get("note")),
    )


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
    regions = _read(root, "regions.yaml")["regions"]
    return ReferenceData(
        goals=tuple(_goal(g) for g in goals["goals"]),
        distributions=tuple(_distribution(d) for d in dists["distributions"]),
        tiers=tuple(_tier(t) for t in goals.get("programme_tiers", ())),
        indicators=tuple(_indicator(i) for i in goals.get("indicators", ())),
        industries=MappingProxyType({i["code"]: (_text(i["name"]), i["typical_type"]) for i in industries}),
        regions=MappingProxyType({str(r["code"]): _text(r["name"]) for r in regions}),
    )


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
