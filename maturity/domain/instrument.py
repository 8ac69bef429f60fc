"""One protocol for the two kinds of questionnaire: the full one and the quick check.

Whether an assessment is a quick check is decided here, once: everything else asks its instrument
to parse, score, store or export, and never tests the variant itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .answers import AnswerSet, parse_answers
from .canonical import canonical_rating
from .model import Questionnaire, QuickCheck, Text
from .quick import canonical_level, parse_quick_answers, score_quick
from .result import ScoreResult
from .scoring import score
from .serialize import export_dict, export_quick_dict


class Instrument(Protocol):
    """What the services need of a questionnaire, whichever its variant."""

    @property
    def model(self) -> Questionnaire | QuickCheck: ...  # noqa: D102
    @property
    def id(self) -> str: ...  # noqa: D102
    @property
    def version(self) -> str: ...  # noqa: D102
    @property
    def variant(self) -> str: ...  # noqa: D102
    @property
    def title(self) -> Text: ...  # noqa: D102
    @property
    def base(self) -> Questionnaire: ...  # noqa: D102
    @property
    def indicative(self) -> bool: ...  # noqa: D102

    def parse(self, raw: Any, *, missing: str = "error") -> AnswerSet: ...  # noqa: D102
    def score(self, answers: AnswerSet) -> ScoreResult: ...  # noqa: D102
    def canonical(self, item_id: str, raw: Any) -> str: ...  # noqa: D102
    def items(self, industry: str, trimmed: frozenset[str] = frozenset()) -> tuple[str, ...]: ...  # noqa: D102
    def zero(self) -> Any: ...  # noqa: D102
    def export(self) -> dict[str, Any]: ...  # noqa: D102
    def fill_missing(self, raw: Mapping[str, Any]) -> dict[str, Any]: ...  # noqa: D102


@dataclass(frozen=True)
class _Common:
    model: Any

    @property
    def id(self) -> str:
        """The questionnaire's ID."""
        return str(self.model.id)

    @property
    def version(self) -> str:
        """The questionnaire's version."""
        return str(self.model.version)

    @property
    def variant(self) -> str:
        """ "full" or "quick"."""
        return str(self.model.variant)

    @property
    def title(self) -> Text:
        """The questionnaire's title."""
        return self.model.title  # type: ignore[no-any-return]

    def fill_missing(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """The document with every applicable unanswered item given the zero answer.

        Stored this way, a submitted assessment holds a complete answer set and re-scores like the
        original. Validates first, so an invalid document raises the same AnswerError as the CLI.
        """
        answer_set = self.parse(raw, missing="none")  # type: ignore[attr-defined]
        answers = dict(raw.get("answers") or {})
        for item in self.items(answer_set.industry, frozenset(answer_set.trimmed)):  # type: ignore[attr-defined]
            answers.setdefault(item, self.zero())  # type: ignore[attr-defined]
        return {**raw, "answers": answers}


@dataclass(frozen=True)
class FullInstrument(_Common):
    """The full questionnaire: one rating per requirement."""

    model: Questionnaire

    @property
    def base(self) -> Questionnaire:
        """The questionnaire itself."""
        return self.model

    @property
    def indicative(self) -> bool:
        """A full assessment's level is not indicative."""
        return False

    def parse(self, raw: Any, *, missing: str = "error") -> AnswerSet:
        """Validate a raw answers document; AnswerError names every problem."""
        return parse_answers(self.model, raw, missing=missing)

    def score(self, answers: AnswerSet) -> ScoreResult:
        """Score validated answers."""
        return score(self.model, answers)

    def canonical(self, item_id: str, raw: Any) -> str:
        """The rating's canonical ID (full, largely, partial, none, na) for storage."""
        return canonical_rating(raw, self.model.scoring)

    def items(self, industry: str, trimmed: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """The requirement IDs an enterprise of `industry` answers."""
        return tuple(r.id for r in self.model.requirements_for(industry, trimmed=trimmed))

    def zero(self) -> str:
        """The rating worth nothing ("none")."""
        return next(o.id for o in self.model.scoring.answer_scale if o.value == 0)

    def export(self) -> dict[str, Any]:
        """The questionnaire as the JSON contract of `questionnaire export`."""
        return export_dict(self.model)


@dataclass(frozen=True)
class QuickInstrument(_Common):
    """The quick check: one chosen level per sub-domain, scored as an indicative level."""

    model: QuickCheck

    @property
    def base(self) -> Questionnaire:
        """The full questionnaire the quick check scores through."""
        return self.model.base

    @property
    def indicative(self) -> bool:
        """A quick check only indicates a level."""
        return True

    def parse(self, raw: Any, *, missing: str = "error") -> AnswerSet:
        """Validate {"industry", "answers": {sub-domain: level}} and expand it to ratings."""
        return parse_quick_answers(self.model, raw, missing=missing)

    def score(self, answers: AnswerSet) -> ScoreResult:
        """Score expanded answers through the base questionnaire, flagged indicative."""
        return score_quick(self.model, answers)

    def canonical(self, item_id: str, raw: Any) -> str:
        """The chosen level as a string ("0"–"5")."""
        return canonical_level(raw)

    def items(self, industry: str, trimmed: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """The sub-domains an enterprise of `industry` answers."""
        subs = self.model.base.subdomain_index
        return tuple(
            q.subdomain
            for q in self.model.questions
            if q.subdomain not in trimmed and industry in subs[q.subdomain].industries
        )

    def zero(self) -> int:
        """Level 0: nothing of the sub-domain in place."""
        return 0

    def export(self) -> dict[str, Any]:
        """The quick check as the JSON contract of `questionnaire export`."""
        return export_quick_dict(self.model)


def instrument(model: Questionnaire | QuickCheck) -> FullInstrument | QuickInstrument:
    """The instrument of a loaded questionnaire or quick check."""
    if isinstance(model, QuickCheck):
        return QuickInstrument(model)
    return FullInstrument(model)
