"""The park workbook (XlsxWriter): the aggregates as the dashboard shows them, and the enterprise ledger (台账).

Every text cell is written as a string, never as a formula: a name such as "=HYPERLINK(...)" or "+86…" from
a roster stays text (formula injection), and hidden counts read "< 5" as on the page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from .park import view
from .park_labels import words

RISKY = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> str:
    """A text cell that Excel will not read as a formula: a leading =, +, -, @ gets an apostrophe-like guard."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(RISKY) else text


def workbook(stats: dict[str, Any], ledger: Sequence[dict[str, Any]] | None, lang: str) -> bytes:
    """The xlsx bytes: sheet 1 the aggregates, sheet 2 the ledger of enterprises that agreed to share (when given)."""
    import xlsxwriter

    w = words(lang)
    model = view(stats, lang)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(w["aggregates"][:31])
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 8, 12)
    row = _headline(sheet, stats, model, w, bold)
    for block in model["breakdowns"]:
        if not block["rows"]:
            continue
        row += 1
        sheet.write_string(row, 0, block["title"], bold)
        row += 1
        for col, head in enumerate([w["assessed_short"], *(f"L{lvl}" for lvl in range(6)), "≥ L2"], start=1):
            sheet.write_string(row, col, head, bold)
        for line in block["rows"]:
            row += 1
            sheet.write_string(row, 0, safe_text(line["label"]))
            for col, cell in enumerate([line["assessed"], *line["levels"]], start=1):
                _count(sheet, row, col, cell)
            sheet.write_string(row, 8, line["share"])
    row += 2
    sheet.write_string(row, 0, model["suppression_note"])
    if ledger is not None:
        _ledger(book.add_worksheet(w["ledger"][:31]), ledger, w, bold)
    book.close()
    return buffer.getvalue()


def _count(sheet: Any, row: int, col: int, cell: dict[str, Any]) -> None:
    """A number where it is shown, the "< 5" / "·" text where it is hidden."""
    if cell["value"] is None:
        sheet.write_string(row, col, cell["text"])
    else:
        sheet.write_number(row, col, cell["value"])


def _headline(sheet: Any, stats: dict[str, Any], model: dict[str, Any], w: dict[str, str], bold: Any) -> int:
    """The scope, coverage, goals and distribution; returns the last row written."""
    sheet.write_string(0, 0, safe_text(stats["scope"]["name"]), bold)
    facts = [(w["roster"], stats["roster"]), (w["assessed"], stats["assessed"]), (w["coverage"], model["coverage"])]
    for i, (label, value) in enumerate(facts, start=1):
        sheet.write_string(i, 0, label)
        sheet.write(i, 1, value if value is not None else "—")
    row = len(facts) + 1
    for goal in model["goals"]:
        row += 1
        sheet.write_string(row, 0, goal["title"])
        sheet.write_string(row, 1, goal["share"])
        sheet.write_string(row, 2, f"{w['target']} > {goal['target']}")
        sheet.write_string(row, 3, goal["line"])
    row += 2
    sheet.write_string(row, 0, w["distribution"], bold)
    for line in model["distribution"]["rows"]:
        row += 1
        sheet.write_string(row, 0, line["label"])
        _count(sheet, row, 1, line["count"])
        sheet.write_string(row, 2, line["share"])
    return row + 1


def _ledger(sheet: Any, ledger: Sequence[dict[str, Any]], w: dict[str, str], bold: Any) -> None:
    """One row per enterprise: credit code, name, industry, size, latest level, S, date (as bureaus keep it)."""
    heads = [w["credit_code"], w["name"], w["industry"], w["size"], w["latest_level"], w["score"], w["date"]]
    for col, head in enumerate(heads):
        sheet.write_string(0, col, head, bold)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 6, 14)
    for row, item in enumerate(ledger, start=1):
        for col, key in enumerate(("credit_code", "name", "industry", "size")):
            sheet.write_string(row, col, safe_text(item.get(key)))
        for col, key in ((4, "level"), (5, "score")):
            value = item.get(key)
            if value is None:
                sheet.write_string(row, col, "—")
            else:
                sheet.write_number(row, col, value)
        sheet.write_string(row, 6, safe_text(item.get("date")))
