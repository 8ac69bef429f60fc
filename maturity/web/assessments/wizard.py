"""The wizard's pages, built from the questionnaire: one per sub-domain (full) or per element (quick)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from ...domain.model import Questionnaire, QuickCheck, QuickQuestion, Requirement, Subdomain, Text


class Answer(Protocol):
    """What the wizard reads of a stored answer: a database row, or a trial answer kept in the session."""

    @property
    def rating(self) -> str | None:
        """The rating ID (quick check: the chosen level), None while unanswered."""

    @property
    def comment(self) -> str | None:
        """The respondent's note."""


@dataclass(frozen=True)
class Section:
    """One sub-domain on a page: its items (requirements or the quick question) and its trimming."""

    subdomain: Subdomain
    requirements: tuple[Requirement, ...] = ()
    question: QuickQuestion | None = None

    @property
    def item_ids(self) -> tuple[str, ...]:
        """What the answers table keys this section's answers by."""
        return (self.subdomain.id,) if self.question else tuple(r.id for r in self.requirements)


@dataclass(frozen=True)
class Page:
    """One wizard page."""

    key: str
    title: Text
    sections: tuple[Section, ...]

    def counts(self, answers: Mapping[str, Answer], trimmed: Mapping[str, str]) -> tuple[int, int]:
        """(answered, to answer) on this page, leaving out trimmed sub-domains."""
        ids = [i for s in self.sections if s.subdomain.id not in trimmed for i in s.item_ids]
        return sum(1 for i in ids if i in answers and answers[i].rating is not None), len(ids)


def pages_for(questionnaire: Questionnaire | QuickCheck, industry: str) -> tuple[Page, ...]:
    """The pages an enterprise of `industry` type answers, in questionnaire order."""
    if isinstance(questionnaire, QuickCheck):
        return _quick_pages(questionnaire, industry)
    pages = []
    for sub in questionnaire.subdomains:
        reqs = tuple(
            sorted(
                (r for r in questionnaire.requirements_for(industry) if r.subdomain == sub.id),
                key=lambda r: (r.level, r.id),
            )
        )
        if reqs and industry in sub.industries:
            pages.append(Page(key=sub.id, title=sub.name, sections=(Section(sub, requirements=reqs),)))
    return tuple(pages)


def _quick_pages(quick: QuickCheck, industry: str) -> tuple[Page, ...]:
    subs = quick.base.subdomain_index
    pages = []
    for element in quick.base.elements:
        sections = tuple(
            Section(subs[q.subdomain], question=q)
            for q in quick.questions
            if subs[q.subdomain].element == element.id and industry in subs[q.subdomain].industries
        )
        if sections:
            pages.append(Page(key=element.id, title=element.name, sections=sections))
    return tuple(pages)


def progress(
    pages: tuple[Page, ...], answers: Mapping[str, Answer], trimmed: Mapping[str, str]
) -> tuple[int, int]:
    """(answered, to answer) over the whole assessment."""
    done = total = 0
    for page in pages:
        d, t = page.counts(answers, trimmed)
        done, total = done + d, total + t
    return done, total
