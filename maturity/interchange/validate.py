"""One pass over an upload that names every problem: file, sheet, Excel row, column, value and what is accepted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..domain.errors import UnknownQuestionnaire
from ..domain.model import Text
from .blocks import Block, file_blocks
from .fields import _YES, FIELD_INDEX, FIELDS, MAX_REASON, as_text, fold, is_empty
from .headers import classify
from .problems import CellProblem
from .questionnaire import resolve
from .ratings import EMPTY, check_ratings, rating_array
from .readers import Upload
from .records import Record, Sheet

MODES = ("valid-only", "all-or-nothing")
_BARE_TRIM = _YES | {"x", "裁剪", "trim", "trimmed", "已裁剪"}


@dataclass
class Validation:
    """Every record read and every problem found; records are in upload order."""

    records: list[Record] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    unread_rows: int = 0  # rows of sheets whose questionnaire is unknown: counted, not checked

    @property
    def rows(self) -> int:
        """Enterprise rows (or client workbooks) found."""
        return len(self.records) + self.unread_rows

    @property
    def valid(self) -> list[Record]:
        """The records without any problem."""
        return [r for r in self.records if r.valid]

    @property
    def ok(self) -> bool:
        """Whether everything was read and every record is valid."""
        return not self.problems and self.rows > 0

    def accepted(self, mode: str) -> list[Record]:
        """What to import or score: the valid records, or (all-or-nothing) every record only when all are valid."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        return self.valid if mode == "valid-only" else (list(self.records) if self.ok else [])

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        """{"rows", "valid", "problems": [{"file", "sheet", "row", "column", "field", "value", "message"}]}."""
        return {"rows": self.rows, "valid": len(self.valid), "problems": [p.to_json(lang) for p in self.problems]}


def validate(upload: Upload) -> Validation:
    """Check every block of every file; problems come in file order, then by row and column."""
    result = Validation()
    for name, message in upload.refused:
        result.problems.append(CellProblem(file=name, message=message, code="file"))
    for name, grids in upload.grids:
        blocks, missing = file_blocks(grids)
        if missing:
            result.problems.append(CellProblem(file=name, message=missing, code="no_header"))
        for block in blocks:
            _check_block(block, result)
    _check_duplicates(result.records)
    if result.rows == 0 and not result.problems:
        result.problems.append(CellProblem(file=", ".join(n for n, _ in upload.grids) or "-", code="empty",
                                           message=Text("没有找到任何企业数据行", "no enterprise rows found")))
    for record in result.records:
        result.problems.extend(sorted(record.problems, key=_order))
    return result


def _order(problem: CellProblem) -> tuple:
    return (problem.sheet or "", problem.row or 0, len(problem.column or ""), problem.column or "")


def _check_block(block: Block, result: Validation) -> None:
    try:
        questionnaire = resolve(block.meta.get("questionnaire"), block.meta.get("version"))
    except UnknownQuestionnaire as exc:
        result.unread_rows += len(block.codes)
        result.problems.extend(CellProblem(file=block.file, sheet=block.sheet, field=p.where, message=p.message,
                                           code="questionnaire") for p in exc.problems)
        return
    sheet = Sheet(block, questionnaire)
    _map_columns(sheet)
    result.problems.extend(sheet.header_problems)
    records = [Record(sheet, i) for i in range(len(block.codes))]
    empty = np.array([is_empty(v) for v in block.values], dtype=bool)
    _check_profiles(sheet, records, empty)
    _check_trimming(sheet, records, empty)
    _check_answers(sheet, records)
    result.records.extend(records)


def _map_columns(sheet: Sheet) -> None:
    """Which column holds which field; duplicated and unknown requirement columns block the sheet."""
    block, q = sheet.block, sheet.questionnaire
    answers_sheet = block.record_cells[0][0] if block.layout == "client" else None
    for j, header in enumerate(block.headers):
        column = classify(q, header)
        kind = column.kind
        if kind == "other" and answers_sheet is not None and block.header_cells[j][0] == answers_sheet:
            kind = "unknown_requirement"  # every ID cell of a client answers sheet must name a requirement
        if kind == "unknown_requirement":
            sheet.header_problems.append(sheet.at_column(j, _unknown_requirement(q), "unknown_column", None))
            continue
        if kind == "other":
            continue
        taken = {"profile": sheet.profile_cols, "trim": sheet.trim_cols}.get(kind)
        if column.key in (taken if taken is not None else sheet.req_ids):
            sheet.header_problems.append(sheet.at_column(j, _duplicate_column(), "duplicate_column", column.key))
        elif taken is not None:
            taken[column.key] = j
        else:
            sheet.req_ids.append(column.key)
            sheet.req_cols.append(j)
    _require_columns(sheet)
    sheet.blocked = bool(sheet.header_problems)


def _unknown_requirement(q: Any) -> Text:
    return Text(f"未知的要求 ID（问卷 {q.id} {q.version} 中没有）；请核对模板版本，或删除/更正此列",
                f"unknown requirement ID (not in questionnaire {q.id} {q.version}); check the template's version, "
                "or remove or correct this column")


def _duplicate_column() -> Text:
    return Text("此列与前面的列重复；每个字段和要求只能有一列，请删除其中一列",
                "this column repeats an earlier one; each field and requirement takes one column, remove one")


def _require_columns(sheet: Sheet) -> None:
    """A missing required profile column, or no requirement column at all, blocks the sheet."""
    block = sheet.block
    row = block.header_cells[0][1] if block.header_cells else None
    where = CellProblem(file=block.file, sheet=block.sheet, row=row, message=Text("", ""), code="missing_column")
    for f in FIELDS:
        if f.required and f.key not in sheet.profile_cols:
            sheet.header_problems.append(_replace(where, f.key, Text(
                f"缺少必填列“{f.label.zh}”；表头应含 {f.label.zh} 或 {f.label.en}",
                f"the required column '{f.label.en}' is missing; the header needs {f.label.en} or {f.label.zh}")))
    if not sheet.req_ids:
        sheet.header_problems.append(_replace(where, "answers", Text(
            "没有任何要求列；表头应含要求 ID（如 data.L2.01），请从模板开始填写",
            "no requirement column; the header needs requirement IDs (e.g. data.L2.01): start from the template")))


def _replace(problem: CellProblem, field_key: str, message: Text) -> CellProblem:
    return CellProblem(**{**problem.__dict__, "field": field_key, "message": message})


def _check_profiles(sheet: Sheet, records: list[Record], empty: np.ndarray) -> None:
    """Parse the profile columns: each distinct value once, then each record's cell by lookup."""
    block = sheet.block
    for key, j in sheet.profile_cols.items():
        f = FIELD_INDEX[key]
        column = block.codes[:, j].tolist()
        parsed = {code: f.parse(block.values[code]) for code in set(column) if not empty[code]}
        for record, code in zip(records, column, strict=True):
            if empty[code]:
                if f.required:
                    record.problems.append(sheet.at_cell(record.index, j, Text(
                        f"必填；{f.label.zh}应为：{f.help.zh}", f"required; {f.label.en}: {f.help.en}"), "required",
                        key))
                continue
            value, message = parsed[code]
            if message is not None:
                record.problems.append(sheet.at_cell(record.index, j, message, "invalid_" + key, key))
            else:
                record.profile[key] = value


def _check_trimming(sheet: Sheet, records: list[Record], empty: np.ndarray) -> None:
    """Trimming only of sub-domains that allow it for the record's industry type, and always with a reason."""
    if not sheet.trim_cols:
        return
    cols = list(sheet.trim_cols.values())
    filled = ~empty[sheet.block.codes[:, cols]]
    for i in np.flatnonzero(filled.any(axis=1)).tolist():
        for (sid, j), given in zip(sheet.trim_cols.items(), filled[i].tolist(), strict=True):
            if given:
                _trim_one(records[i], sid, j)


def _trim_one(record: Record, sid: str, j: int) -> None:
    sheet = record.sheet
    sub, reason, industry = sheet.questionnaire.subdomain_index[sid], as_text(sheet.block.value(record.index, j)), \
        record.industry
    trimmable = sorted(s.id for s in sheet.questionnaire.subdomains
                       if s.trimmable and (industry is None or industry in s.industries))
    message = None
    if not sub.trimmable or (industry is not None and industry not in sub.industries):
        message = Text(f"该子域不可裁剪；可裁剪的子域：{', '.join(trimmable)}",
                       f"this sub-domain may not be trimmed; trimmable sub-domains: {', '.join(trimmable)}")
    elif fold(reason) in _BARE_TRIM:
        message = Text("裁剪需说明理由：请写明该子域为何不适用（如“运输全部外包”），而不只是“是”",
                       "trimming needs a reason: say why the sub-domain does not apply "
                       "(e.g. 'transport fully outsourced'), not just 'yes'")
    elif len(reason) > MAX_REASON:
        message = Text(f"裁剪理由过长；最多 {MAX_REASON} 字",
                       f"the reason is too long; at most {MAX_REASON} characters")
    if message:
        record.problems.append(sheet.at_cell(record.index, j, message, "trimming", f"trimmed.{sid}"))
    else:
        record.trimmed[sid] = reason


def _check_answers(sheet: Sheet, records: list[Record]) -> None:
    """Rate every answer cell at once; requirements with no column count as empty cells."""
    q = sheet.questionnaire
    present = sheet.block.codes[:, sheet.req_cols] if sheet.req_cols else np.zeros((len(records), 0), dtype=int)
    ratings = rating_array(q, sheet.block.values, present)
    present_ids = set(sheet.req_ids)
    absent = [r.id for r in q.requirements if r.id not in present_ids]
    sheet.req_ids.extend(absent)
    sheet.ratings = np.hstack([ratings, np.full((len(records), len(absent)), EMPTY)])
    issues = check_ratings(q, sheet.req_ids, sheet.ratings, [r.industry for r in records],
                           [frozenset(r.trimmed) for r in records])
    n_present = len(sheet.req_cols)
    for issue in issues:
        record = records[issue.row]
        if issue.column is None:
            record.problems.append(sheet.at_record(issue.row, issue.message, issue.code))
        elif issue.column < n_present:
            j = sheet.req_cols[issue.column]
            record.problems.append(sheet.at_cell(issue.row, j, issue.message, issue.code, sheet.req_ids[issue.column]))
        else:
            rid = sheet.req_ids[issue.column]
            record.problems.append(sheet.at_record(issue.row, Text(
                f"缺少答案：表中没有要求 {rid} 的列", f"no answer: the sheet has no column for requirement {rid}"),
                "missing", rid))


def _check_duplicates(records: Iterable[Record]) -> None:
    """The same enterprise twice in one upload: every occurrence is flagged and names the others."""
    seen: dict[str, list[Record]] = {}
    for record in records:
        if record.credit_code:
            seen.setdefault(record.credit_code, []).append(record)
    for group in (g for g in seen.values() if len(g) > 1):
        for record in group:
            others = [o for o in group if o is not record]
            zh = "、".join(_place(o, "zh") for o in others)
            en = "; ".join(_place(o, "en") for o in others)
            j = record.sheet.profile_cols["credit_code"]
            record.problems.append(record.sheet.at_cell(record.index, j, Text(
                f"同一企业在本次上传中重复出现（另见 {zh}）；每家企业只保留一行",
                f"the same enterprise appears more than once in this upload (also at {en}); "
                "keep one row per enterprise"),
                "duplicate_enterprise", "credit_code"))


def _place(record: Record, lang: str) -> str:
    sheet, row = record.location
    return CellProblem(file=record.file, sheet=sheet, row=row, message=Text("", ""), code="").where(lang)
