"""Templates generated from the questionnaire: layouts, version cells, bilingual headers, dropdowns (long lists on a
hidden sheet), frozen header, instructions; and a filled client workbook read back and scored."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from maturity.domain.answers import parse_answers, split_entry
from maturity.domain.scoring import score
from maturity.interchange.scoring import score_records
from maturity.interchange.template import write_template

from .conftest import check, demo, key_of


def template(q: Any, **options: Any) -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, q, **options)
    return buffer.getvalue()


def sheets(data: bytes) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def sheet_xml(data: bytes, n: int) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(f"xl/worksheets/sheet{n}.xml").decode("utf-8")


def validations(xml: str) -> list[tuple[str, str]]:
    """(cell range, first formula) of each data-validation rule."""
    return re.findall(r'<dataValidation [^>]*sqref="([^"]+)"[^>]*>.*?<formula1>([^<]*)</formula1>', xml)


def test_wide_template_carries_version_cells_and_bilingual_headers(q) -> None:
    rows = sheets(template(q))["企业评估"]
    assert rows[0][:6] == ["问卷\nQuestionnaire", "gbt39116-2020", "版本\nVersion", "1.0.0", "格式\nLayout", "wide"]
    header = rows[1]
    assert header[:2] == ["* 统一社会信用代码\nUnified social credit code", "* 企业名称\nEnterprise name"]
    assert [h for h in header if h in q.requirement_index] == [r.id for r in q.requirements]
    assert "裁剪理由：物流\nTrimming reason: Logistics" in header
    assert "裁剪理由：组织战略\nTrimming reason: Organisational strategy" not in header  # not trimmable
    english = sheets(template(q, lang="en"))["Assessments"][1]
    assert english[0] == "* Unified social credit code\n统一社会信用代码"


def test_wide_template_for_one_industry_type(q) -> None:
    header = sheets(template(q, industry="process"))["企业评估"][1]
    assert not any(str(h).startswith("design.product") for h in header)
    assert [h for h in header if h in q.requirement_index] == [r.id for r in q.requirements_for("process")]


def test_dropdowns_long_lists_on_a_hidden_sheet_and_a_frozen_header(q) -> None:
    data = template(q)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    visibility = {m.name: m.visible for m in book.sheets_metadata}
    assert visibility["lists"] == SheetVisibleEnum.Hidden
    lists = sheets(data)["lists"]
    assert lists[0][0] == "C13 农副食品加工业" and len([r for r in lists if r[0]]) == 31
    xml = sheet_xml(data, 1)
    assert '<pane xSplit="2" ySplit="2" topLeftCell="C3" activePane="bottomRight" state="frozen"/>' in xml
    rules = dict(validations(xml))
    assert rules["C3:C10002"] == "lists!$A$1:$A$31"  # industry codes: too long for a literal list
    assert rules["D3:D10002"] == '"离散型,流程型"'
    header = sheets(data)["企业评估"][1]
    col = lambda rid: xlsxwriter.utility.xl_col_to_name(header.index(rid))  # noqa: E731
    assert rules[f"{col('strategy.L1.01')}3:{col('strategy.L1.01')}10002"] == '"全部满足,大部分满足,部分满足,不满足"'
    assert rules[f"{col('strategy.L3.01')}3:{col('strategy.L3.01')}10002"] == \
        '"全部满足,大部分满足,部分满足,不满足,不适用"'  # N/A offered only where allowed
    assert "rating of L1" not in xml


def test_instructions_and_requirements_sheets(q) -> None:
    data = sheets(template(q, lang="en"))
    text = "\n".join(str(r[0]) for r in data["Instructions"])
    assert "version 1.0.0" in text and "at most 30% of the" in text and "does not replace a formal" in text
    reqs = data["Requirements"]
    assert reqs[1][:3] == [q.requirements[0].id, "Organisational strategy", 1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_client_template_has_a_profile_sheet_and_one_row_per_requirement(q, lang: str) -> None:
    data = sheets(template(q, layout="client", industry="process", lang=lang))
    profile, answers = list(data.values())[:2]
    assert profile[0][5] == "client"
    assert profile[2][0].startswith("* 统一社会信用代码" if lang == "zh" else "* Unified social credit code")
    assert profile[5][1] == ("流程型" if lang == "zh" else "process")  # --industry fills the type
    ids = [r[0] for r in answers[2:]]
    assert ids == [r.id for r in q.requirements_for("process")]
    first = q.requirements_for("process")[0]
    assert answers[2][3] == first.text.get(lang)


def fill_client(q: Any, name: str, path: Path) -> Path:
    """Fill a generated client template as a client would: profile values in column B, ratings and comments."""
    doc = demo(name)
    data = sheets(template(q, layout="client", industry=doc["industry"]))
    profile, answers = data["企业信息"], data["评估"]
    e = doc["enterprise"]
    values = {"credit_code": e["credit_code"], "name": e["name"], "industry_code": e["industry_code"],
              "region_code": e["region"], "city": e["city"], "above_designated_size": "否"}
    values.update({f"trimmed.{sid}": reason for sid, reason in doc.get("trimmed", {}).items()})
    book = xlsxwriter.Workbook(str(path))
    for title, rows in (("企业信息", profile), ("评估", answers)):
        sheet = book.add_worksheet(title)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
            key = key_of(q, row[0])
            if title == "企业信息" and r >= 2 and key in values:
                sheet.write(r, 1, values[key])
            if title == "评估" and r >= 2 and row[0] in doc["answers"]:
                rating, comment = split_entry(doc["answers"][row[0]])
                sheet.write(r, 5, rating)
                sheet.write(r, 6, comment)
    book.close()
    return path


def test_a_filled_client_workbook_is_read_validated_and_scored(tmp_path: Path, q) -> None:
    validation = check(fill_client(q, "demo-process-l2", tmp_path / "client.xlsx"))
    assert validation.ok, validation.to_json("en")
    [record] = validation.valid
    assert record.trimmed == demo("demo-process-l2")["trimmed"]
    assert record.answer_set().comments["data.L2.01"].startswith("关键工序数据由 MES")
    [result] = score_records([record])
    expected = score(q, parse_answers(q, demo("demo-process-l2")))
    assert (result["score"], result["level"]) == (round(expected.score, 4), expected.level)


def test_client_workbook_problems_point_at_the_cell(tmp_path: Path, q) -> None:
    path = fill_client(q, "demo-process-l2", tmp_path / "client.xlsx")
    rows = sheets(path.read_bytes())
    book = xlsxwriter.Workbook(str(tmp_path / "bad.xlsx"))
    for title, data in rows.items():
        if title == "lists":
            continue
        sheet = book.add_worksheet(title)
        for r, row in enumerate(data):
            sheet.write_row(r, 0, ["mostly" if title == "评估" and r == 4 and c == 5 else v for c, v in enumerate(row)])
    book.close()
    [problem] = check(tmp_path / "bad.xlsx").to_json("en")["problems"]
    assert (problem["sheet"], problem["row"], problem["column"], problem["value"]) == ("评估", 5, "F", "mostly")
    assert problem["field"] == rows["评估"][4][0]
