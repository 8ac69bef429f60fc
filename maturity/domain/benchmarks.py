"""National goals, published level distributions and programme tiers, and where a level stands against them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .model import Text


@dataclass(frozen=True)
class Source:
    """A document cited by title, issuer and date; links to it or to pages that report it."""

    id: str
    title: Text
    issuer: Text
    date: str | None
    status: str  # verified | reported | draft
    url: str | None
    reported_by: tuple[str, ...] = ()

    @property
    def links(self) -> tuple[str, ...]:
        """The document's own link first, then the pages that report it."""
        return ((self.url,) if self.url else ()) + self.reported_by


@dataclass(frozen=True)
class Goal:
    """A national goal: over `share` of a population at `min_level` or higher by `year`."""

    id: str
    min_level: int
    share: float
    scope: str  # all | key_industries | key_regions
    year: int
    population: Text
    text: Text
    status: str  # e.g. draft: from the April 2021 draft plan
    source: str  # a Source ID
    note: Text | None = None
    members: tuple[str, ...] | None = None  # key industries or regions by code; None: not published


@dataclass(frozen=True)
class Distribution:
    """A published distribution of maturity levels; shares keyed "1", "2", "3", "4+", "2+" as published."""

    id: str
    year: int
    scope: str  # national | region
    population: Text
    shares: Mapping[str, float]
    source: str
    date: str | None = None
    region: Text | None = None
    enterprises: int | None = None
    enterprises_more_than: bool = False
    bucket_1_includes_below: bool = False  # "1" means level 1 or below, as some sources publish it
    notes: Text | None = None
    region_code: str | None = None  # GB/T 2260 province code of a regional distribution
    status: str = "reported"


@dataclass(frozen=True)
class ProgrammeTier:
    """One rule of a smart-factory programme tier: the least maturity level its applicants need, where and when."""

    id: str
    name: Text
    min_level: int
    status: str  # verified | reported
    source: str  # a Source ID
    year: int
    region_code: str | None = None  # None: the national rule


@dataclass(frozen=True)
class Indicator:
    """A Made in China 2025 indicator with its target values by year."""

    id: str
    name: Text
    unit: str
    values: Mapping[int, float]
    source: str


@dataclass(frozen=True)
class ReferenceData:
    """Everything the seeds/ folder says about the outside world."""

    goals: tuple[Goal, ...]
    distributions: tuple[Distribution, ...]
    tiers: tuple[ProgrammeTier, ...]  # every rule of every tier
    indicators: tuple[Indicator, ...]
    industries: Mapping[str, tuple[Text, str]]  # code → (name, typical industry type)
    regions: Mapping[str, Text]  # GB/T 2260 code → name
    sources: Mapping[str, Source] = field(default_factory=dict)
    cities: Mapping[str, Text] = field(default_factory=dict)  # Chinese city name → names


def tiers_for(reference: ReferenceData, region: str | None) -> tuple[ProgrammeTier, ...]:
    """Each tier's rule that applies in `region`: the province's own, else the national one; the latest year."""
    chosen: dict[str, ProgrammeTier] = {}
    for rule in reference.tiers:
        if rule.region_code not in (None, region):
            continue
        held = chosen.get(rule.id)
        if held is None or (rule.region_code is not None, rule.year) > (held.region_code is not None, held.year):
            chosen[rule.id] = rule
    return tuple(chosen.values())


def bucket_floor(key: str) -> tuple[int, bool]:
    """The least level a share bucket holds, and whether it is open upward ("4+" → (4, True))."""
    return int(key.rstrip("+")), key.endswith("+")


def share_at_or_above(distribution: Distribution, level: int) -> float | None:
    """Share of the distribution's enterprises at `level` or higher; None where the buckets cannot tell."""
    if level <= 0 or not distribution.shares:
        return None  # level-0 enterprises are folded into the "1" bucket or not published
    floors = [bucket_floor(key) for key in distribution.shares]
    if min(floor for floor, _ in floors) > level:
        return None  # e.g. only "2+" published: the share at level 1 itself is unknown
    if any(open_up and floor < level for floor, open_up in floors):
        return None  # e.g. "2+" asked about level 3: the bucket straddles the level
    if level == 1 and distribution.bucket_1_includes_below:
        return None  # the "1" bucket also holds enterprises not yet at level 1
    return sum(share for key, share in distribution.shares.items() if bucket_floor(key)[0] >= level)


@dataclass(frozen=True)
class GoalStanding:
    """Whether an enterprise's level counts towards a goal: None when the goal's scope cannot be told."""

    goal: Goal
    counts_towards: bool | None
    reason: str = "level"  # level | scope_unpublished | outside_scope


def goal_standing(goal: Goal, level: int, *, region: str | None, industry: str | None) -> GoalStanding:
    """A key-industry or key-region goal counts an enterprise only if its industry or region is a key one."""
    if goal.scope in ("key_industries", "key_regions"):
        if goal.members is None:
            return GoalStanding(goal, None, "scope_unpublished")
        code = industry if goal.scope == "key_industries" else region
        if code not in goal.members:
            return GoalStanding(goal, None, "outside_scope")
    return GoalStanding(goal, level >= goal.min_level)


@dataclass(frozen=True)
class DistributionStanding:
    """Share of a published population at the enterprise's level or higher, and strictly higher."""

    distribution: Distribution
    at_or_above: float | None
    above: float | None


@dataclass(frozen=True)
class Benchmark:
    """An enterprise's level against the goals, the distributions and the programme tiers."""

    level: int
    goals: tuple[GoalStanding, ...]
    distributions: tuple[DistributionStanding, ...]
    tiers_qualified: tuple[ProgrammeTier, ...]
    next_tier: ProgrammeTier | None


def benchmark(
    level: int, reference: ReferenceData, *, region: str | None = None, industry: str | None = None
) -> Benchmark:
    """Place one enterprise's level against the goals, the distributions of its own scope (national and its
    province where one is published, in date order) and the tier rules that apply where it is."""
    tiers = sorted(tiers_for(reference, region), key=lambda t: t.min_level)
    own = [d for d in reference.distributions if d.scope == "national" or (region and d.region_code == region)]
    return Benchmark(
        level=level,
        goals=tuple(goal_standing(g, level, region=region, industry=industry) for g in reference.goals),
        distributions=tuple(
            DistributionStanding(
                d, share_at_or_above(d, level) if level else None, share_at_or_above(d, level + 1) if level < 5 else 0.0
            )
            for d in sorted(own, key=lambda d: (d.year, d.date or "", d.scope != "national"))
        ),
        tiers_qualified=tuple(t for t in tiers if level >= t.min_level),
        next_tier=next((t for t in tiers if level < t.min_level), None),
    )


@dataclass(frozen=True)
class GoalAttainment:
    """A group of enterprises against one goal: the share at the goal's level and whether it beats the goal."""

    goal: Goal
    count: int
    reaching: int

    @property
    def share(self) -> float:
        """Share of the group at the goal's level or higher (0 for an empty group)."""
        return self.reaching / self.count if self.count else 0.0

    @property
    def met(self) -> bool:
        """The goals say "over": the share must exceed the target."""
        return self.count > 0 and self.share > self.goal.share


def level_distribution(levels: Iterable[int]) -> dict[int, int]:
    """How many enterprises sit at each level 0–5."""
    counts = dict.fromkeys(range(6), 0)
    for level in levels:
        counts[level] += 1
    return counts


def goal_attainment(levels: Iterable[int], goal: Goal) -> GoalAttainment:
    """The share of a group of enterprises at the goal's level or higher, against the goal."""
    levels = list(levels)
    return GoalAttainment(goal, len(levels), sum(1 for lvl in levels if lvl >= goal.min_level))
