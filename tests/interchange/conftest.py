"""Fixtures for the spreadsheet tests: filled workbooks built from the generated template's own header rows."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from maturity.domain.answers import split_entry
from maturity.domain.credit_code import check_digit
from maturity.domain.model import Questionnaire
from maturity.interchange.headers import classify
from maturity.interchange.problems import column_letter
from maturity.interchange.questionnaire import resolve
from maturity.interchange.readers import path_files, read_uploads
from maturity.interchange.template import write_template
from maturity.interchange.validate import Validation, validate
from maturity.resources import resource_dir

DEMOS = ("demo-discrete-l3", "demo-process-l2", "demo-discrete-l1")
TYPE_ZH = {"discrete": "离散型", "process": "流程型"}


def credit_code(n: int) -> str:
    """A valid unified social credit code, different for each n."""
    first17 = f"91320500MA{n:07d}"
    return first17 + check_digit(first17)


def demo(name: str) -> dict[str, Any]:
    """A demo answers document shipped in seeds/demo."""
    return json.loads((resource_dir("seeds") / "demo" / f"{name}.json").read_text("utf-8"))


def demo_row(name: str) -> dict[str, Any]:
    """A demo document as a wide row: field key → cell value, as a consultant would type it."""
    doc = demo(name)
    e = doc["enterprise"]
    row: dict[str, Any] = {
        "credit_code": e["credit_code"], "name": e["name"], "industry_code": e["industry_code"],
        "industry_type": TYPE_ZH[doc["industry"]], "region_code": e["region"], "city": e["city"],
        "employees": e["employees"], "above_designated_size": "是", "revenue_band": e["revenue_band"],
        "assessment_date": "2025-03-31",
    }
    row.update({rid: split_entry(entry)[0] for rid, entry in doc["answers"].items()})
    row.update({f"trimmed.{sid}": reason for sid, reason in doc.get("trimmed", {}).items()})
    return row


def key_of(q: Questionnaire, header: Any) -> str | None:
    """The field key a header names, as rows use it."""
    column = classify(q, header)
    if column.kind == "trim":
        return f"trimmed.{column.key}"
    return column.key if column.kind in ("profile", "requirement") else None


class WideSheet:
    """The header rows of a generated wide template, and a way to write filled copies of it."""

    def __init__(self, q: Questionnaire, lang: str = "zh", industry: str | None = None):
        buffer = io.BytesIO()
        write_template(buffer, q, layout="wide", lang=lang, industry=industry)
        book = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        self.q, self.meta, self.header = q, rows[0], list(rows[1])
        self.keys = [key_of(q, h) for h in self.header]

    def letter(self, key: str) -> str:
        """The column letter of a field key in this header."""
        return column_letter(self.keys.index(key))

    def write(self, path: Path, rows: Iterable[dict[str, Any]], *, header: list[Any] | None = None,
              blank_rows_after_header: int = 0) -> Path:
        """A workbook with the version row, the header, then one row per dict (unknown keys ignored)."""
        header = header if header is not None else self.header
        keys = [key_of(self.q, h) for h in header]
        book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
        sheet = book.add_worksheet("企业评估")
        sheet.write_row(0, 0, self.meta)
        sheet.write_row(1, 0, header)
        for r, row in enumerate(rows, start=2 + blank_rows_after_header):
            for c, key in enumerate(keys):
                if key in row and row[key] is not None:
                    sheet.write(r, c, row[key])
        book.close()
        return path


@pytest.fixture(scope="session")
def q() -> Questionnaire:
    """The shipped full questionnaire in the version the demo answer sets were given to."""
    return resolve(None, demo("demo-discrete-l3")["questionnaire_version"])


@pytest.fixture(scope="session")
def wide(q: Questionnaire) -> WideSheet:
    """The header rows of the Chinese wide template."""
    return WideSheet(q)


def check(*paths: Path) -> Validation:
    """Read and validate local files as `maturity batch validate` does."""
    return validate(read_uploads(path_files(paths)))


def only(validation: Validation, code: str) -> list[dict[str, Any]]:
    """The problems of one kind, as JSON in both languages: [{"en": {...}, "zh": {...}}]."""
    return [{"en": p.to_json("en"), "zh": p.to_json("zh")} for p in validation.problems if p.code == code]
