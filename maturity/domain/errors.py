"""Typed domain errors; each problem names the offending ID or value and what is accepted."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located precisely (file, row, field or requirement ID)."""

    where: str
    message: Text
    code: str = "invalid"

    def render(self, lang: str = "en") -> str:
        """`where: message` in the chosen language."""
        return f"{self.where}: {self.message.get(lang)}" if self.where else self.message.get(lang)


class MaturityError(Exception):
    """Base class of every error the domain raises on bad input."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("; ".join(p.render("en") for p in self.problems))

    def render(self, lang: str = "en") -> list[str]:
        """Every problem as one line in `lang`."""
        return [p.render(lang) for p in self.problems]


class QuestionnaireError(MaturityError):
    """A questionnaire file is malformed or inconsistent."""


class AnswerError(MaturityError):
    """An answer set cannot be scored as given."""


class UnknownQuestionnaire(MaturityError):
    """No questionnaire has the requested ID."""


class ReferenceDataError(MaturityError):
    """A reference file under seeds/ is inconsistent (e.g. cites a source it does not list)."""
