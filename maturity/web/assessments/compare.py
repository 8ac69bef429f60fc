"""What rose and what fell between two stored result snapshots (the JSON contract of result_to_dict)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

THRESHOLD = 0.005  # changes smaller than the snapshot's rounding are noise


@dataclass(frozen=True)
class Change:
    """One sub-domain's level score before and after."""

    subdomain: str
    name: dict[str, str]
    level: int
    before: float
    after: float

    @property
    def delta(self) -> float:
        """After minus before."""
        return self.after - self.before


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[list[Change], list[Change]]:
    """(rose, fell) per sub-domain and level, largest change first."""
    old = {n["id"]: n for n in before.get("subdomains", [])}
    found: list[Change] = []
    for node in after.get("subdomains", []):
        prior = old.get(node["id"])
        if prior is None:
            continue
        for level, value in node["scores"].items():
            was = prior["scores"].get(level)
            if value is not None and was is not None and abs(value - was) >= THRESHOLD:
                found.append(Change(node["id"], node["name"], int(level), was, value))
    rose = sorted((c for c in found if c.delta > 0), key=lambda c: -c.delta)
    fell = sorted((c for c in found if c.delta < 0), key=lambda c: c.delta)
    return rose, fell


def level_score_changes(
    before: dict[str, Any], after: dict[str, Any]
) -> list[tuple[int, float | None, float | None]]:
    """(level, before, after) of the level scores."""
    levels = sorted({*before.get("level_scores", {}), *after.get("level_scores", {})}, key=int)
    return [
        (int(lv), before.get("level_scores", {}).get(lv), after.get("level_scores", {}).get(lv))
        for lv in levels
    ]
