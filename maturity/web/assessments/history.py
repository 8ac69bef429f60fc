"""An enterprise's assessment history: its own numbers 1, 2, 3… and changes against the same kind only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...models import Assessment


@dataclass(frozen=True)
class HistoryRow:
    """One assessment in the history, with the earlier submitted one of the same kind it is compared with."""

    number: int
    assessment: Assessment
    previous: Assessment | None = None
    previous_number: int | None = None

    @property
    def delta(self) -> float | None:
        """The change in S since `previous`, when both are scored."""
        if self.previous is None or self.previous.score is None or self.assessment.score is None:
            return None
        return self.assessment.score - self.previous.score


def numbers(assessments: Sequence[Assessment]) -> dict[int, int]:
    """Each assessment's number within its enterprise: 1 for the first one started.

    Derived by ordering rather than stored: IDs grow with creation, so the order is stable and needs no
    migration; a deleted draft leaves no gap because the numbers are counted afresh.
    """
    ordered = sorted(assessments, key=lambda a: a.id or 0)
    return {a.id or 0: n for n, a in enumerate(ordered, start=1)}


def kind(assessment: Assessment) -> tuple[str, str]:
    """What may be compared: the same variant of the same questionnaire (never a quick check with a full one)."""
    return assessment.variant, assessment.questionnaire_id


def history(assessments: Sequence[Assessment]) -> list[HistoryRow]:
    """The history, newest first; each submitted row is set against the last submitted one of its kind."""
    number = numbers(assessments)
    submitted = sorted(
        (a for a in assessments if a.status == "submitted"), key=lambda a: (a.submitted_at or a.started_at, a.id or 0)
    )
    last_of_kind: dict[tuple[str, str], Assessment] = {}
    previous: dict[int, Assessment] = {}
    for a in submitted:
        if kind(a) in last_of_kind:
            previous[a.id or 0] = last_of_kind[kind(a)]
        last_of_kind[kind(a)] = a
    rows = []
    for a in sorted(assessments, key=lambda a: a.id or 0, reverse=True):
        before = previous.get(a.id or 0)
        rows.append(HistoryRow(number[a.id or 0], a, before, number[before.id or 0] if before else None))
    return rows
