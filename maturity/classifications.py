"""Code lists for enterprise profiles: GB/T 4754-2017 manufacturing divisions and GB/T 2260 provinces."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .domain.model import Text
from .resources import load_yaml, resource_dir


@lru_cache(maxsize=4)
def _seed(name: str) -> dict[str, Any]:
    return load_yaml((resource_dir("seeds") / name).read_text("utf-8"))


@lru_cache(maxsize=1)
def industries() -> dict[str, tuple[Text, str]]:
    """Division code (C13–C43) → (name, typical industry type)."""
    return {
        row["code"]: (Text(**row["name"]), row.get("typical_type", "discrete"))
        for row in _seed("industries.yaml")["industries"]
    }


def industry_codes() -> frozenset[str]:
    """The accepted division codes."""
    return frozenset(industries())


@lru_cache(maxsize=1)
def regions() -> dict[str, Text]:
    """Province code (GB/T 2260, two digits) → name."""
    return {str(row["code"]): Text(**row["name"]) for row in _seed("regions.yaml")["regions"]}


def region_codes() -> frozenset[str]:
    """The accepted province codes."""
    return frozenset(regions())
