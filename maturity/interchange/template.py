"""Templates generated from the questionnaire and its version: `wide` (one row per enterprise) and `client`
(one workbook per enterprise). Dropdowns for ratings, industry codes and types, long lists on a hidden sheet,
a frozen header, the version cells, instructions, and headers in both languages.
"""

from __future__ import annotations

from typing import IO, Any

from ..domain.model import INDUSTRY_TYPES, Questionnaire, Requirement, Subdomain, Text
from .fields import FIELD_INDEX, FIELDS, dropdown, trim_label
from .headers import CLIENT_HEADERS, META_LABELS, bilingual
from .instructions import instructions
from .xlsx import new_workbook, write_safe

LAYOUTS = ("wide", "client")
TEMPLATE_ROWS = 10_000  # rows of a wide template that carry the dropdowns
FIRST_DATA_ROW = 2  # 0-based: row 1 holds the version cells, row 2 the header
LONG_LISTS = ("industry_code", "region_code")  # over Excel's 255-character limit for a literal list
SHEET_NAMES = {
    "wide": Text("企业评估", "Assessments"), "profile": Text("企业信息", "Profile"), "answers": Text("评估", "Answers"),
    "instructions": Text("填写说明", "Instructions"), "requirements": Text("要求清单", "Requirements"),
}
LISTS_SHEET = "lists"


def text_height(text: str, width: int, lang: str) -> float:
    """Points for a row whose wrapped text fills a column `width` characters wide (a CJK character is two)."""
    per_line = width / 2 if lang != "en" else width * 1.1
    return 15.0 * max(1, min(8, -(-len(text) // int(per_line))))


def requirements_of(q: Questionnaire, industry: str | None) -> list[Requirement]:
    """The requirements a template asks: all of them, or those of one industry type."""
    return [r for r in q.requirements if industry is None or r in q.requirements_for(industry)]


def trimmable_of(q: Questionnaire, industry: str | None) -> list[Subdomain]:
    """The sub-domains a template offers to trim."""
    return [s for s in q.subdomains if s.trimmable and (industry is None or industry in s.industries)]


class TemplateWriter:
    """One template being written: formats, the hidden lists sheet, and the dropdown rules."""

    def __init__(self, target: str | IO[bytes], q: Questionnaire, lang: str):
        self.book, self.q, self.lang = new_workbook(target), q, lang
        book = self.book
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7",
                                       "border": 1})
        self.required = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#FCE4D6",
                                         "border": 1})
        self.meta = book.add_format({"bold": True, "text_wrap": True, "font_color": "#1F4E79"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.text = book.add_format({"num_format": "@"})  # credit codes stay text: 18 digits would lose precision
        # Dropdowns name their source range on the hidden sheet, which is written last (see lists()).
        self.sources = {key: f"={LISTS_SHEET}!${chr(65 + col)}$1:${chr(65 + col)}${len(dropdown(key, lang))}"
                        for col, key in enumerate(LONG_LISTS)}

    def name(self, key: str) -> str:
        """A sheet's name in the template's language."""
        return SHEET_NAMES[key].get(self.lang)

    def version_cells(self, sheet: Any, layout: str) -> None:
        """Row 1: questionnaire, version and layout, each label followed by its value."""
        values = {"questionnaire": self.q.id, "version": self.q.version, "layout": layout}
        for k, (key, label) in enumerate(META_LABELS.items()):
            sheet.write_string(0, 2 * k, bilingual(label, self.lang), self.meta)
            sheet.write_string(0, 2 * k + 1, values[key], self.meta)
        hint = Text("填写前请阅读“填写说明”工作表；请勿修改第 1、2 行",
                    "Read the Instructions sheet first; do not change rows 1 and 2")
        sheet.write_string(0, 2 * len(META_LABELS), hint.get(self.lang))
        sheet.set_row(0, 32)

    def lists(self) -> None:
        """The hidden sheet holding lists too long for a dropdown's own text."""
        sheet = self.book.add_worksheet(LISTS_SHEET)
        for col, key in enumerate(LONG_LISTS):
            for row, item in enumerate(dropdown(key, self.lang)):
                sheet.write_string(row, col, item)
        sheet.hide()

    def rule(self, key: str) -> dict[str, Any] | None:
        """The data-validation rule of a profile field (a warning only: other accepted spellings stay allowed)."""
        field = FIELD_INDEX.get(key)
        if field is None:
            return None  # trimming reasons are free text
        # Excel caps the title at 32 characters and the message at 255.
        base = {"error_type": "warning", "error_title": field.label.get(self.lang)[:32],
                "error_message": field.help.get(self.lang)[:255]}
        if key in self.sources:
            return {**base, "validate": "list", "source": self.sources[key]}
        if dropdown(key, self.lang):
            return {**base, "validate": "list", "source": dropdown(key, self.lang)}
        if key == "employees":
            return {**base, "validate": "integer", "criteria": ">=", "value": 0}
        return None

    def rating_rule(self, req: Requirement) -> dict[str, Any]:
        """Rating dropdown; not applicable is offered only where the requirement allows it."""
        scoring = self.q.scoring
        options = [o.label.get(self.lang) for o in scoring.answer_scale]
        if req.na_allowed:
            options.append(scoring.not_applicable.label.get(self.lang))
        return {"validate": "list", "source": options, "error_type": "warning", "error_title": req.id,
                "error_message": Text("请从列表选择；也接受 full/largely/partial/none/na 和 1、0.8、0.5、0",
                                      "Pick from the list; full/largely/partial/none/na and 1, 0.8, 0.5, 0 also work"
                                      ).get(self.lang)}

    def close(self) -> None:
        """Finish the workbook (XlsxWriter writes the file now)."""
        self.book.close()


def write_template(target: str | IO[bytes], q: Questionnaire, *, layout: str = "wide", industry: str | None = None,
                   lang: str = "zh") -> None:
    """Write a template for `q` (a path or a binary buffer)."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    if industry is not None and industry not in INDUSTRY_TYPES:
        raise ValueError(f"industry must be one of {INDUSTRY_TYPES}")
    w = TemplateWriter(target, q, lang)
    if layout == "wide":
        wide_sheet(w, industry)[0].activate()
    else:
        _client(w, industry)
    instructions(w, layout, industry)
    _requirements_sheet(w, industry)
    w.lists()
    w.close()


def wide_columns(q: Questionnaire, industry: str | None, lang: str) -> list[tuple[str, str, bool]]:
    """(key, header, required) of every wide column: profile, requirement IDs, then trimming columns."""
    cols = [(f.key, f.header(lang), f.required) for f in FIELDS]
    cols += [(r.id, r.id, False) for r in requirements_of(q, industry)]
    cols += [(f"trimmed.{s.id}", bilingual(trim_label(s.name), lang), False) for s in trimmable_of(q, industry)]
    return cols


def wide_sheet(w: TemplateWriter, industry: str | None, *, name: str | None = None, first_col: int = 0,
               rows: int = TEMPLATE_ROWS) -> tuple[Any, dict[str, int]]:
    """The wide sheet: version cells, header, dropdowns; returns it and the column of each key."""
    sheet = w.book.add_worksheet(name or w.name("wide"))
    w.version_cells(sheet, "wide")
    last = FIRST_DATA_ROW + rows - 1
    index = w.q.requirement_index
    columns = {}
    for col, (key, header, required) in enumerate(wide_columns(w.q, industry, w.lang), start=first_col):
        columns[key] = col
        sheet.write_string(1, col, header, w.required if required else w.header)
        rule = w.rating_rule(index[key]) if key in index else w.rule(key)
        if rule:
            sheet.data_validation(FIRST_DATA_ROW, col, last, col, rule)
        if key in index:
            sheet.write_comment(1, col, f"L{index[key].level} · {index[key].text.get(w.lang)}",
                                {"x_scale": 2, "y_scale": 1.5})
        fmt = {"credit_code": w.text, "assessment_date": w.date}.get(key)
        sheet.set_column(col, col, 14 if key in index else 22, fmt)
    sheet.set_row(1, 62)  # two languages, wrapped: XlsxWriter cannot autofit, so leave room
    sheet.freeze_panes(FIRST_DATA_ROW, first_col + 2)
    return sheet, columns


def _client(w: TemplateWriter, industry: str | None) -> None:
    profile = w.book.add_worksheet(w.name("profile"))
    w.version_cells(profile, "client")
    for col, key in enumerate(("field", "value", "accepted")):
        profile.write_string(1, col, bilingual(CLIENT_HEADERS[key], w.lang), w.header)
    profile.set_row(1, 30)
    row = FIRST_DATA_ROW
    for f in FIELDS:
        profile.set_row(row, 30)  # label in two languages
        profile.write_string(row, 0, f.header(w.lang), w.required if f.required else w.wrap)
        profile.write_string(row, 2, f.help.get(w.lang), w.wrap)
        rule = w.rule(f.key)
        if rule:
            profile.data_validation(row, 1, row, 1, rule)
        if industry and f.key == "industry_type":
            write_safe(profile, row, 1, dropdown("industry_type", w.lang)[INDUSTRY_TYPES.index(industry)])
        row += 1
    for sub in trimmable_of(w.q, industry):
        profile.set_row(row, 30)
        profile.write_string(row, 0, bilingual(trim_label(sub.name), w.lang), w.wrap)
        row += 1
    profile.set_column(0, 0, 34)
    profile.set_column(1, 1, 40, w.text)
    profile.set_column(2, 2, 40)
    profile.freeze_panes(FIRST_DATA_ROW, 0)
    profile.activate()
    _client_answers(w, industry)


def _client_answers(w: TemplateWriter, industry: str | None) -> None:
    sheet = w.book.add_worksheet(w.name("answers"))
    w.version_cells(sheet, "client")
    keys = ("requirement", "subdomain", "level", "text", "evidence", "rating", "comment")
    for col, key in enumerate(keys):
        sheet.write_string(1, col, bilingual(CLIENT_HEADERS[key], w.lang), w.header)
    sheet.set_row(1, 30)
    subs = w.q.subdomain_index
    for row, req in enumerate(requirements_of(w.q, industry), start=FIRST_DATA_ROW):
        sheet.set_row(row, text_height(req.text.get(w.lang), 60, w.lang))
        evidence = "；".join(e.get(w.lang) for e in req.evidence) if w.lang != "en" else \
            "; ".join(e.get(w.lang) for e in req.evidence)
        for col, value in enumerate((req.id, subs[req.subdomain].name.get(w.lang), req.level, req.text.get(w.lang),
                                     evidence)):
            write_safe(sheet, row, col, value, w.wrap)
        sheet.data_validation(row, 5, row, 5, w.rating_rule(req))
    for col, width in enumerate((24, 16, 6, 60, 40, 14, 30)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(FIRST_DATA_ROW, 1)


def _requirements_sheet(w: TemplateWriter, industry: str | None) -> None:
    """A reference list of the requirements (no rating column, so it is never read as answers)."""
    sheet = w.book.add_worksheet(w.name("requirements"))
    heads = ("requirement", "subdomain", "level", "text", "evidence")
    for col, key in enumerate(heads):
        sheet.write_string(0, col, bilingual(CLIENT_HEADERS[key], w.lang), w.header)
    na = Text("可选“不适用”", "not applicable allowed")
    sheet.write_string(0, len(heads), na.get(w.lang), w.header)
    sheet.set_row(0, 30)
    subs = w.q.subdomain_index
    for row, req in enumerate(requirements_of(w.q, industry), start=1):
        sheet.set_row(row, text_height(req.text.get(w.lang), 60, w.lang))
        values = (req.id, subs[req.subdomain].name.get(w.lang), req.level, req.text.get(w.lang),
                  " / ".join(e.get(w.lang) for e in req.evidence), "✓" if req.na_allowed else "")
        for col, value in enumerate(values):
            write_safe(sheet, row, col, value, w.wrap)
    for col, width in enumerate((24, 16, 6, 60, 40, 10)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 1)
