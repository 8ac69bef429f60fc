"""Checked sheets and their records: what validation found, and the answers of each valid record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

import numpy as np

from ..domain.answers import AnswerSet
from ..domain.model import Questionnaire, Text
from .blocks import Block
from .problems import CellProblem, column_letter


@dataclass
class Sheet:
    """A block checked against its questionnaire: which column holds what, and the parsed ratings."""

    block: Block
    questionnaire: Questionnaire
    profile_cols: dict[str, int] = field(default_factory=dict)
    trim_cols: dict[str, int] = field(default_factory=dict)
    req_ids: list[str] = field(default_factory=list)  # ratings columns: those in the sheet, then absent ones
    req_cols: list[int] = field(default_factory=list)  # block column of each requirement present in the sheet
    ratings: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    header_problems: list[CellProblem] = field(default_factory=list)
    blocked: bool = False  # header problems make every record of the sheet invalid

    @cached_property
    def position(self) -> dict[str, int]:
        """Requirement ID → column of `ratings` (read once validation has laid the columns out)."""
        return {rid: k for k, rid in enumerate(self.req_ids)}

    def at_column(self, j: int, message: Text, code: str, field_key: str | None) -> CellProblem:
        """A problem with a header (or client field label) cell."""
        sheet, row, col = self.block.header_cells[j]
        return CellProblem(file=self.block.file, sheet=sheet, row=row, column=column_letter(col),
                           header=str(self.block.headers[j]), field=field_key, value=self.block.headers[j],
                           message=message, code=code)

    def at_cell(self, i: int, j: int, message: Text, code: str, field_key: str | None) -> CellProblem:
        """A problem with record i's value in block column j."""
        sheet, row, col = self.block.cell(i, j)
        return CellProblem(file=self.block.file, sheet=sheet, row=row, column=column_letter(col),
                           header=str(self.block.headers[j]), field=field_key, value=self.block.value(i, j),
                           message=message, code=code)

    def at_record(self, i: int, message: Text, code: str, field_key: str | None = "answers") -> CellProblem:
        """A problem with record i as a whole (its row, no single column)."""
        sheet, row = self.block.record_cells[i]
        return CellProblem(file=self.block.file, sheet=sheet, row=row, field=field_key, message=message, code=code)


@dataclass
class Record:
    """One enterprise of an upload: its parsed profile, trimming, and problems."""

    sheet: Sheet
    index: int  # row of the block
    profile: dict[str, Any] = field(default_factory=dict)
    trimmed: dict[str, str] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """No problem of its own and none in its sheet's header."""
        return not self.problems and not self.sheet.blocked

    @property
    def industry(self) -> str | None:
        """discrete, process, or None when the type is missing or invalid."""
        return self.profile.get("industry_type")

    @property
    def credit_code(self) -> str | None:
        """The normalised credit code, when it passed its check."""
        return self.profile.get("credit_code")

    @property
    def file(self) -> str:
        """The file the record was read from."""
        return self.sheet.block.file

    @property
    def location(self) -> tuple[str | None, int | None]:
        """The sheet and Excel row (None for a client workbook) the record was read from."""
        return self.sheet.block.record_cells[self.index]

    @property
    def assessment_date(self) -> dt.date:
        """The assessment date given, or today."""
        return self.profile.get("assessment_date") or dt.date.today()

    def all_problems(self) -> list[CellProblem]:
        """Its own problems, then those of its sheet's header that make it invalid."""
        return [*self.problems, *(self.sheet.header_problems if self.sheet.blocked else [])]

    def ratings(self) -> dict[str, float | None]:
        """Requirement ID → rating (None = not applicable) for every requirement that applies to this record."""
        row = self.sheet.ratings[self.index]
        position = self.sheet.position
        applicable = self.sheet.questionnaire.requirements_for(str(self.industry), trimmed=frozenset(self.trimmed))
        out: dict[str, float | None] = {}
        for req in applicable:
            value = float(row[position[req.id]])
            out[req.id] = None if np.isnan(value) else value
        return out

    def comments(self) -> dict[str, str]:
        """Requirement ID → comment (the client layout's comment column)."""
        known = self.sheet.questionnaire.requirement_index
        return {k: v for k, v in self.sheet.block.comments.items() if k in known}

    def answer_set(self) -> AnswerSet:
        """The record's answers as the domain scores them (valid records only)."""
        return AnswerSet(industry=str(self.industry), ratings=MappingProxyType(self.ratings()),
                         comments=MappingProxyType(self.comments()), trimmed=MappingProxyType(dict(self.trimmed)))

    def by_field(self) -> dict[str, Any]:
        """Raw values keyed as a wide template's columns: profile keys, trimmed.<sub-domain>, requirement IDs."""
        sheet, i = self.sheet, self.index
        out = {key: sheet.block.value(i, j) for key, j in sheet.profile_cols.items()}
        out.update({f"trimmed.{sid}": sheet.block.value(i, j) for sid, j in sheet.trim_cols.items()})
        out.update({rid: sheet.block.value(i, j) for rid, j in zip(sheet.req_ids, sheet.req_cols, strict=False)})
        return out
