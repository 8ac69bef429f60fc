"""One error family: every refusal carries the problems it found, each located and explained.

The web answers an HTML page, the API JSON `{"errors": [...]}`, the CLI exit code 2; all three read
the same problems, so a message is written once, in Chinese and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located precisely (file, row, field or requirement ID)."""

    where: str
    message: Text
    code: str = "invalid"
    given: Any = None
    accepted: str | None = None

    def render(self, lang: str = "en") -> str:
        """`where: message` in the chosen language."""
        return f"{self.where}: {self.message.get(lang)}" if self.where else self.message.get(lang)

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        """The API's error entry: where, message, and what was given and accepted when known."""
        entry: dict[str, Any] = {"where": self.where, "message": self.render(lang), "code": self.code}
        if self.given is not None:
            entry["given"] = self.given if isinstance(self.given, str | int | float | bool) else repr(self.given)
        if self.accepted is not None:
            entry["accepted"] = self.accepted
        return entry


class MaturityError(Exception):
    """Base class of every refusal: bad input, unknown objects, actions not allowed."""

    status = 422  # what an HTTP answer uses; 404 / 403 for the subclasses that mean so

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("; ".join(p.render("en") for p in self.problems))

    @classmethod
    def one(cls, zh: str, en: str, where: str = "", code: str = "invalid", **extra: Any) -> MaturityError:
        """An error with a single problem."""
        return cls([Problem(where=where, message=Text(zh=zh, en=en), code=code, **extra)])

    def render(self, lang: str = "en") -> list[str]:
        """Every problem as one line in `lang`."""
        return [p.render(lang) for p in self.problems]

    @property
    def field(self) -> str:
        """The field the first problem is about ("" when none)."""
        return self.problems[0].where if self.problems else ""

    @property
    def text(self) -> Text:
        """The first problem's message."""
        return self.problems[0].message if self.problems else Text(zh="请求无效", en="invalid request")


class QuestionnaireError(MaturityError):
    """A questionnaire file is malformed or inconsistent."""


class AnswerError(MaturityError):
    """An answer set cannot be scored as given."""


class UnknownQuestionnaire(MaturityError):
    """No questionnaire has the requested ID and version (bad input where a document names it)."""


class Refused(MaturityError):
    """A use case refused as asked (invalid profile, wrong role); the input cannot be used."""


class NotFound(MaturityError):
    """The object does not exist, or the user may not know it does."""

    status = 404


class Forbidden(MaturityError):
    """The user may see the object but not do this to it."""

    status = 403


class ReferenceDataError(MaturityError):
    """A reference file under seeds/ is inconsistent (e.g. cites a source it does not list)."""
