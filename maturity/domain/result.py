"""What a scoring returns: everything a results page or a report needs, and nothing it must recompute."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import Horizon, Initiative, Text


@dataclass(frozen=True)
class NodeScore:
    """Scores of one element, domain or sub-domain at each level (None where it has nothing to assess)."""

    id: str
    layer: str  # "element" | "domain" | "subdomain"
    parent: str | None
    name: Text
    scores: Mapping[int, float | None]
    weights: Mapping[int, float]  # weight used at each level, relative to its siblings


@dataclass(frozen=True)
class Gap:
    """An unmet requirement and the rise in S that fully meeting it would bring."""

    requirement_id: str
    level: int
    subdomain: str
    current: float
    rise: float  # increase of S if the requirement were fully met
    level_score_rise: float  # increase of its level's score


@dataclass(frozen=True)
class Step:
    """One step of the arithmetic, in words and in numbers."""

    kind: str  # level_score | gate | total | band | not_applicable | trimmed | indicative
    text: Text
    values: Mapping[str, object]


@dataclass(frozen=True)
class PlanStep:
    """One requirement of the plan, the rise in S it brings after the steps before it, and S after it."""

    requirement_id: str
    level: int
    subdomain: str
    current: float
    rise: float
    score_after: float


@dataclass(frozen=True)
class Plan:
    """The fewest unmet requirements (chosen greedily by rise, re-scored after each pick) that reach the next level."""

    target_level: int | None  # None at level 5: nothing to reach
    steps: tuple[PlanStep, ...]
    score_after: float
    reachable: bool  # False when even the greedy path cannot reach the target (e.g. every weight is zero)


@dataclass(frozen=True)
class ConsolidationItem:
    """A requirement at or below the current level to keep ("hold") or to raise ("raise")."""

    requirement_id: str
    level: int
    subdomain: str
    rating: float
    kind: str  # hold: fully or partly met, its loss counts towards dropping the level; raise: under the gate


@dataclass(frozen=True)
class UnderGate:
    """A sub-domain whose mean at a level at or below the current level is under the gate."""

    subdomain: str
    level: int
    mean: float


@dataclass(frozen=True)
class Fragility:
    """How little it takes to lose the current level: the fewest answers lowered to not met that drop it."""

    answers: int
    level: int | None  # the level whose gate would fail; None when S would simply fall under the band
    gate_margin: float | None  # that level's score minus the gate
    example: tuple[str, ...]  # one such set of requirements


@dataclass(frozen=True)
class Consolidation:
    """What holds the current level: its fragility, the sub-domains under the gate, and the requirements to keep."""

    fragility: Fragility | None
    under_gate: tuple[UnderGate, ...]
    items: tuple[ConsolidationItem, ...]


@dataclass(frozen=True)
class InitiativeStanding:
    """One initiative for one enterprise: what it covers and leaves open, its share of the plan, rise and horizon."""

    initiative: Initiative
    requirements: tuple[str, ...]  # the requirements it covers that this enterprise answered (not N/A)
    open: tuple[str, ...]  # of those, not fully met
    plan_steps: tuple[str, ...]  # of those, in the plan
    rise: float  # rise in S if every open one were fully met
    horizon: Horizon | None  # None when nothing is open


@dataclass(frozen=True)
class ScoreResult:
    """A scored assessment: S, level, level scores, every layer's scores, gaps and the explanation."""

    questionnaire_id: str
    questionnaire_version: str
    industry: str
    indicative: bool
    score: float
    level: int
    level_name: Text
    level_scores: Mapping[int, float]
    counted_levels: tuple[int, ...]
    elements: tuple[NodeScore, ...]
    domains: tuple[NodeScore, ...]
    subdomains: tuple[NodeScore, ...]
    applicable_count: int
    na_count: int
    trimmed: Mapping[str, str]
    gaps: tuple[Gap, ...]
    next_level: int | None
    next_level_min_score: float | None
    explanation: tuple[Step, ...]
    band_min_score: float = 0.0  # the least S of the current level's band (0 below level 1)
    plan: Plan | None = None
    consolidation: Consolidation | None = None
    initiatives: tuple[InitiativeStanding, ...] = ()

    @property
    def margin(self) -> float:
        """S minus the least S of the current level: how far S may fall before the level drops."""
        return self.score - self.band_min_score

    @property
    def na_share(self) -> float:
        """Share of applicable requirements answered not applicable."""
        return self.na_count / self.applicable_count if self.applicable_count else 0.0

    @property
    def shortfall(self) -> float:
        """How much S must still rise to reach the next level (0 at level 5)."""
        if self.next_level_min_score is None:
            return 0.0
        return max(0.0, self.next_level_min_score - self.score)


def level_shares(result: ScoreResult, level: int) -> dict[str, float]:
    """Each sub-domain's share of one level score: its weight among the siblings assessed at that level,
    times its domain's and its element's; the shares of a level add up to 1."""
    nodes = [n for n in (*result.subdomains, *result.domains, *result.elements) if n.scores.get(level) is not None]
    totals: dict[str | None, float] = {}
    for node in nodes:
        totals[node.parent] = totals.get(node.parent, 0.0) + node.weights.get(level, 0.0)
    relative = {
        n.id: (n.weights.get(level, 0.0) / totals[n.parent] if totals[n.parent] else 0.0) for n in nodes
    }
    parent = {n.id: n.parent for n in nodes}

    def share(node_id: str | None) -> float:
        return 1.0 if node_id is None else relative.get(node_id, 0.0) * share(parent.get(node_id))

    return {n.id: share(n.id) for n in result.subdomains if n.id in relative}
