"""The questionnaire model as frozen dataclasses: levels, elements, domains, sub-domains, requirements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

INDUSTRY_TYPES = ("discrete", "process")
LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Text:
    """A string in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """Return the text in `lang` ("zh" or "en"), Chinese for anything else."""
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class LevelInfo:
    """One maturity level with its names and characteristic."""

    level: int
    name: Text
    short: Text
    description: Text


@dataclass(frozen=True)
class Element:
    """A capability element (人员, 技术, 资源, 制造)."""

    id: str
    name: Text


@dataclass(frozen=True)
class Domain:
    """A capability domain, child of an element."""

    id: str
    element: str
    name: Text


@dataclass(frozen=True)
class Subdomain:
    """A capability sub-domain: the unit that requirements belong to and that may be trimmed."""

    id: str
    domain: str
    element: str
    name: Text
    industries: tuple[str, ...]
    trimmable: bool
    description: Text | None = None


@dataclass(frozen=True)
class Requirement:
    """One checkable requirement at one level of one sub-domain."""

    id: str
    level: int
    subdomain: str
    domain: str
    element: str
    text: Text
    evidence: tuple[Text, ...]
    industries: tuple[str, ...]
    na_allowed: bool
    references: tuple[str, ...] = ()

    def applies_to(self, industry: str) -> bool:
        """Whether this requirement is assessed for enterprises of `industry` type."""
        return industry in self.industries


@dataclass(frozen=True)
class RatingOption:
    """One step of the answer scale (e.g. full = 1.0)."""

    id: str
    value: float
    label: Text
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotApplicableRule:
    """How "not applicable" is written and how much of it is accepted."""

    id: str
    label: Text
    aliases: tuple[str, ...]
    max_share: float
    allowed_by_default: bool


@dataclass(frozen=True)
class WeightSet:
    """Configured weights by layer; an ID not listed weighs the sum of its children."""

    elements: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    domains: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    subdomains: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    def merged_with(self, override: WeightSet) -> WeightSet:
        """Return this set with `override`'s entries taking precedence, ID by ID."""
        return WeightSet(
            elements=MappingProxyType({**self.elements, **override.elements}),
            domains=MappingProxyType({**self.domains, **override.domains}),
            subdomains=MappingProxyType({**self.subdomains, **override.subdomains}),
        )


@dataclass(frozen=True)
class ScoringSettings:
    """Every number of the scoring method, read from the questionnaire file."""

    answer_scale: tuple[RatingOption, ...]
    not_applicable: NotApplicableRule
    gate: float
    bands: tuple[tuple[int, float], ...]  # (level, minimum S), ascending
    weights: Mapping[str, WeightSet]  # "default", "discrete", "process"

    def weights_for(self, industry: str) -> WeightSet:
        """The effective weight set for an industry type: default overridden by the industry's own."""
        base = self.weights.get("default", WeightSet())
        own = self.weights.get(industry)
        return base.merged_with(own) if own else base

    def band_minimum(self, level: int) -> float:
        """The least S that reaches `level`."""
        return dict(self.bands)[level]


@dataclass(frozen=True)
class VersionChanges:
    """How answers to the previous version carry over; an ID not mentioned carries over as it is."""

    replaces: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # new ID → old ID
    removed: tuple[str, ...] = ()
    reworded: tuple[str, ...] = ()
    notes: Text | None = None


@dataclass(frozen=True)
class Horizon:
    """A planning horizon for initiatives (e.g. 0–6 months)."""

    id: str
    name: Text


@dataclass(frozen=True)
class Initiative:
    """A named improvement initiative: the requirements it covers and the initiatives to do before it."""

    id: str
    name: Text
    description: Text
    requirements: tuple[str, ...]
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Questionnaire:
    """A full questionnaire: structure, requirements and scoring settings."""

    id: str
    version: str
    title: Text
    description: Text | None
    standard_model: str
    standard_method: str
    levels: tuple[LevelInfo, ...]
    below_level_1: Text
    elements: tuple[Element, ...]
    domains: tuple[Domain, ...]
    subdomains: tuple[Subdomain, ...]
    requirements: tuple[Requirement, ...]
    scoring: ScoringSettings
    variant: str = "full"
    previous: str | None = None  # the version this one revises
    changes: VersionChanges = field(default_factory=VersionChanges)
    initiatives: tuple[Initiative, ...] = ()
    horizons: tuple[Horizon, ...] = ()  # nearest first

    @cached_property
    def requirement_index(self) -> Mapping[str, Requirement]:
        """Requirements by ID."""
        return {r.id: r for r in self.requirements}

    @cached_property
    def subdomain_index(self) -> Mapping[str, Subdomain]:
        """Sub-domains by ID."""
        return {s.id: s for s in self.subdomains}

    def level_info(self, level: int) -> LevelInfo | None:
        """The level's names, or None for level 0 (not yet level 1)."""
        return next((info for info in self.levels if info.level == level), None)

    def level_name(self, level: int) -> Text:
        """The level's Chinese/English name; level 0 reads "not yet level 1"."""
        info = self.level_info(level)
        return info.name if info else self.below_level_1

    def requirements_for(self, industry: str, *, trimmed: frozenset[str] = frozenset()) -> tuple[Requirement, ...]:
        """The requirements assessed for `industry`, leaving out trimmed sub-domains."""
        subs = self.subdomain_index
        return tuple(
            r
            for r in self.requirements
            if r.applies_to(industry) and industry in subs[r.subdomain].industries and r.subdomain not in trimmed
        )


@dataclass(frozen=True)
class QuickOption:
    """One option of a quick-check question: the level it describes."""

    level: int
    text: Text


@dataclass(frozen=True)
class QuickQuestion:
    """One single-choice quick-check question about one sub-domain."""

    subdomain: str
    text: Text
    options: tuple[QuickOption, ...]


@dataclass(frozen=True)
class QuickCheck:
    """The quick-check variant: one question per sub-domain, scored through its base questionnaire."""

    id: str
    version: str
    title: Text
    description: Text | None
    notice: Text | None
    base: Questionnaire
    questions: tuple[QuickQuestion, ...]
    variant: str = "quick"
