"""Every check of issue 8 §1 on a wide workbook: the problem's location (Excel row, column letter, field), the
value, and the message in Chinese and in English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from maturity.domain.answers import rating_lookup

from .conftest import WideSheet, check, credit_code, demo_row, only

NOT_NA = "strategy.L1.01"  # na_allowed: false
NA_OK = "strategy.L3.01"  # na_allowed: true


def edit(**changes: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda row: {**row, **changes}


# (case, base demo, change, problem code, field, value as JSON, words of the zh message, words of the en message)
CELL_CASES = [
    ("credit code checksum", "demo-discrete-l3", edit(credit_code="91320500MA1XK3P272"), "invalid_credit_code",
     "credit_code", "91320500MA1XK3P272", "校验码错误：第 18 位应为 1", "check digit mismatch: the 18th character"),
    ("credit code length", "demo-discrete-l3", edit(credit_code="9132050"), "invalid_credit_code", "credit_code",
     "9132050", "应为 18 位，实为 7 位", "has 18 characters, not 7"),
    ("credit code typed as a number", "demo-discrete-l3", edit(credit_code=913205001234567890.0),
     "invalid_credit_code", "credit_code", 913205001234567890.0, "存为数字", "stored as a number"),
    ("unknown industry code", "demo-discrete-l3", edit(industry_code="C99"), "invalid_industry_code",
     "industry_code", "C99", "未知的行业代码；应为 GB/T 4754-2017 制造业大类 C13–C43",
     "unknown industry code; expected a GB/T 4754-2017 manufacturing division C13–C43"),
    ("industry type", "demo-discrete-l3", edit(industry_type="半流程"), "invalid_industry_type", "industry_type",
     "半流程", "行业类型无效；可接受：discrete / 离散型、process / 流程型",
     "invalid industry type; accepted: discrete / 离散型, process / 流程型"),
    ("province", "demo-discrete-l3", edit(region_code="99"), "invalid_region_code", "region_code", "99",
     "未知的省份", "unknown province; expected a two-digit GB/T 2260 code"),
    ("employees", "demo-discrete-l3", edit(employees="很多"), "invalid_employees", "employees", "很多",
     "从业人数应为 0 到", "employees must be a whole number"),
    ("yes/no", "demo-discrete-l3", edit(above_designated_size="maybe"), "invalid_above_designated_size",
     "above_designated_size", "maybe", "应为 是 / 否", "expected yes / no"),
    ("revenue band", "demo-discrete-l3", edit(revenue_band="一千万"), "invalid_revenue_band", "revenue_band", "一千万",
     "营业收入区间无效；可接受：2000万元以下", "invalid revenue band; accepted: Under 20 million yuan"),
    ("date", "demo-discrete-l3", edit(assessment_date="31.03.25"), "invalid_assessment_date", "assessment_date",
     "31.03.25", "日期无效；应为 2025-03-31", "invalid date; expected a date such as 2025-03-31"),
    ("future date", "demo-discrete-l3", edit(assessment_date=(dt.date.today() + dt.timedelta(days=3)).isoformat()),
     "invalid_assessment_date", "assessment_date", (dt.date.today() + dt.timedelta(days=3)).isoformat(),
     "不能晚于今天", "cannot be in the future"),
    ("required field empty", "demo-discrete-l3", edit(name=None), "required", "name", None,
     "必填；企业名称", "required; Enterprise name"),
    ("invalid rating", "demo-discrete-l3", edit(**{"data.L2.01": "mostly"}), "invalid_rating", "data.L2.01",
     "mostly", "评分无效；可接受：full, largely, partial, none, na", "invalid rating; accepted: full, largely"),
    ("N/A where not allowed", "demo-discrete-l3", edit(**{NOT_NA: "不适用"}), "na_not_allowed", NOT_NA, "不适用",
     "该要求不允许选择“不适用”", "this requirement may not be rated not applicable"),
    ("requirement of the other industry type", "demo-process-l2", edit(**{"design.product.L1.01": "full"}),
     "wrong_industry", "design.product.L1.01", "full", "该要求不适用于流程型企业",
     "this requirement does not apply to process manufacturers"),
    ("answer in a trimmed sub-domain", "demo-process-l2", edit(**{"logistics.L1.01": "full"}), "trimmed",
     "logistics.L1.01", "full", "子域 logistics 已裁剪", "sub-domain logistics is trimmed"),
    ("trimming without a reason", "demo-discrete-l3",
     lambda row: {**{k: v for k, v in row.items() if not k.startswith("logistics.")}, "trimmed.logistics": "是"},
     "trimming", "trimmed.logistics", "是", "裁剪需说明理由", "trimming needs a reason"),
    ("trimming a sub-domain the type does not have", "demo-process-l2",
     edit(**{"trimmed.design.product": "不设计产品"}),
     "trimming", "trimmed.design.product", "不设计产品", "该子域不可裁剪；可裁剪的子域：design.process",
     "this sub-domain may not be trimmed; trimmable sub-domains: design.process"),
    ("one missing answer", "demo-discrete-l3", edit(**{"data.L2.01": None}), "missing", "data.L2.01", None,
     "缺少答案；请填写评分", "no answer; give a rating"),
]


@pytest.mark.parametrize(("case", "base", "change", "code", "field", "value", "zh", "en"), CELL_CASES,
                         ids=[c[0] for c in CELL_CASES])
def test_each_cell_check_names_row_column_value_and_what_is_accepted(
        tmp_path: Path, wide: WideSheet, case: str, base: str, change: Callable, code: str, field: str, value: Any,
        zh: str, en: str) -> None:
    path = wide.write(tmp_path / "clients.xlsx", [demo_row("demo-discrete-l1"), change(demo_row(base))])
    validation = check(path)
    found = only(validation, code)
    assert len(found) == 1, validation.to_json("en")["problems"]
    assert found[0]["en"] == {"file": str(path), "sheet": "企业评估", "row": 4, "column": wide.letter(field),
                              "field": field, "value": value, "message": found[0]["en"]["message"]}
    assert en in found[0]["en"]["message"]
    assert zh in found[0]["zh"]["message"]
    assert validation.rows == 2 and len(validation.valid) == 1


def test_a_not_applicable_share_over_the_cap_is_named_on_the_row(tmp_path: Path, wide: WideSheet, q) -> None:
    row = demo_row("demo-discrete-l3")
    allowed = [r.id for r in q.requirements_for("discrete") if r.na_allowed]
    row.update({rid: "na" for rid in allowed[:100]})
    validation = check(wide.write(tmp_path / "na.xlsx", [row]))
    [problem] = only(validation, "na_share")
    assert problem["en"]["row"] == 3 and problem["en"]["column"] is None and problem["en"]["field"] == "answers"
    assert "exceeds the cap of 30%" in problem["en"]["message"]
    assert "超过上限 30%" in problem["zh"]["message"]


def test_within_the_cap_na_is_accepted_where_allowed(tmp_path: Path, wide: WideSheet) -> None:
    validation = check(wide.write(tmp_path / "na.xlsx", [{**demo_row("demo-discrete-l3"), NA_OK: "不适用"}]))
    assert validation.ok, validation.to_json("en")


def test_many_missing_answers_are_one_problem_for_the_row(tmp_path: Path, wide: WideSheet) -> None:
    row = {k: v for k, v in demo_row("demo-discrete-l3").items() if not k.startswith("data.")}
    validation = check(wide.write(tmp_path / "gaps.xlsx", [row]))
    [problem] = only(validation, "missing")
    assert problem["en"]["row"] == 3 and problem["en"]["column"] is None
    assert "requirements have no answer: data.L1.01, data.L1.02" in problem["en"]["message"]
    assert "项要求的答案：data.L1.01" in problem["zh"]["message"]


def test_duplicate_enterprises_are_all_flagged_and_name_each_other(tmp_path: Path, wide: WideSheet) -> None:
    row = demo_row("demo-discrete-l3")
    path = wide.write(tmp_path / "dup.xlsx", [row, demo_row("demo-discrete-l1"), row])
    found = only(check(path), "duplicate_enterprise")
    assert [(p["en"]["row"], p["en"]["column"]) for p in found] == [(3, "A"), (5, "A")]
    assert f"also at {path}, sheet 企业评估, row 5" in found[0]["en"]["message"]
    assert "同一企业在本次上传中重复出现" in found[1]["zh"]["message"] and "第 3 行" in found[1]["zh"]["message"]


def test_duplicates_are_found_across_files(tmp_path: Path, wide: WideSheet) -> None:
    row = demo_row("demo-discrete-l3")
    first, second = wide.write(tmp_path / "a.xlsx", [row]), wide.write(tmp_path / "b.xlsx", [row])
    found = only(check(first, second), "duplicate_enterprise")
    assert [p["en"]["file"] for p in found] == [str(first), str(second)]


def test_unknown_requirement_column_blocks_the_sheet(tmp_path: Path, wide: WideSheet) -> None:
    header = [*wide.header, "data.L9.99"]
    validation = check(wide.write(tmp_path / "unknown.xlsx", [demo_row("demo-discrete-l3")], header=header))
    [problem] = only(validation, "unknown_column")
    where = (problem["en"]["row"], problem["en"]["column"], problem["en"]["value"])
    assert where == (2, wide_letter(header), "data.L9.99")
    assert "unknown requirement ID (not in questionnaire gbt39116-2020 1.0.0)" in problem["en"]["message"]
    assert "未知的要求 ID" in problem["zh"]["message"]
    assert validation.rows == 1 and validation.valid == []


def wide_letter(header: list[Any]) -> str:
    from maturity.interchange.problems import column_letter

    return column_letter(len(header) - 1)


def test_duplicated_requirement_column_blocks_the_sheet(tmp_path: Path, wide: WideSheet) -> None:
    header = [*wide.header, "data.L2.01"]
    validation = check(wide.write(tmp_path / "twice.xlsx", [demo_row("demo-discrete-l3")], header=header))
    [problem] = only(validation, "duplicate_column")
    assert (problem["en"]["row"], problem["en"]["column"], problem["en"]["field"]) == (2, wide_letter(header),
                                                                                        "data.L2.01")
    assert "repeats an earlier one" in problem["en"]["message"] and "重复" in problem["zh"]["message"]
    assert validation.valid == []


def test_a_missing_required_column_is_named(tmp_path: Path, wide: WideSheet) -> None:
    header = [h for h, k in zip(wide.header, wide.keys, strict=True) if k != "name"]
    validation = check(wide.write(tmp_path / "noname.xlsx", [demo_row("demo-discrete-l3")], header=header))
    [problem] = only(validation, "missing_column")
    assert problem["en"]["field"] == "name" and problem["en"]["row"] == 2
    assert "the required column 'Enterprise name' is missing" in problem["en"]["message"]
    assert "缺少必填列“企业名称”" in problem["zh"]["message"]


def test_trimming_a_sub_domain_that_may_never_be_trimmed(tmp_path: Path, wide: WideSheet) -> None:
    header = [*wide.header, "trim.strategy"]
    row = {**demo_row("demo-discrete-l3"), "trimmed.strategy": "不需要"}
    [problem] = only(check(wide.write(tmp_path / "t.xlsx", [row], header=header)), "trimming")
    assert problem["en"]["field"] == "trimmed.strategy" and problem["en"]["column"] == wide_letter(header)
    assert "this sub-domain may not be trimmed" in problem["en"]["message"]


SPELLINGS = [*rating_lookup(__import__("maturity.interchange.questionnaire", fromlist=["resolve"]).resolve().scoring),
             "Fully met", "N/A", "FULL", " 部分满足 ", 1, 0.8, 0.5, 0, 1.0]


@pytest.mark.parametrize("spelling", SPELLINGS, ids=[repr(s) for s in SPELLINGS])
def test_every_rating_spelling_the_cli_accepts_is_accepted(tmp_path: Path, wide: WideSheet, spelling: Any) -> None:
    row = {**demo_row("demo-discrete-l3"), NA_OK: spelling}
    validation = check(wide.write(tmp_path / "spelling.xlsx", [row]))
    assert validation.ok, validation.to_json("en")


def test_one_pass_names_every_problem_of_every_row_and_file(tmp_path: Path, wide: WideSheet) -> None:
    bad1 = {**demo_row("demo-discrete-l3"), "credit_code": "123", "data.L2.01": "mostly"}
    bad2 = {**demo_row("demo-discrete-l1"), "credit_code": credit_code(7), "industry_code": "X1", NOT_NA: "na"}
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    validation = check(wide.write(tmp_path / "many.xlsx", [bad1, bad2]), broken)
    codes = [(p.file.split("/")[-1], p.row, p.code) for p in validation.problems]
    assert codes == [("broken.xlsx", None, "file"), ("many.xlsx", 3, "invalid_credit_code"),
                     ("many.xlsx", 3, "invalid_rating"), ("many.xlsx", 4, "invalid_industry_code"),
                     ("many.xlsx", 4, "na_not_allowed")]


def test_valid_only_or_all_or_nothing(tmp_path: Path, wide: WideSheet) -> None:
    good, bad = demo_row("demo-discrete-l3"), {**demo_row("demo-discrete-l1"), "data.L2.01": "?"}
    mixed = check(wide.write(tmp_path / "mixed.xlsx", [good, bad]))
    assert [r.credit_code for r in mixed.accepted("valid-only")] == [good["credit_code"]]
    assert mixed.accepted("all-or-nothing") == []
    clean = check(wide.write(tmp_path / "clean.xlsx", [good, demo_row("demo-discrete-l1")]))
    assert len(clean.accepted("all-or-nothing")) == 2


@pytest.mark.parametrize("field", ["name", "city"])
def test_a_nul_byte_in_a_text_cell_is_named_not_stored(tmp_path: Path, wide: WideSheet, field: str) -> None:
    """A CSV (which can carry a NUL, unlike a workbook) is refused cell by cell, never stored as is."""
    import csv

    base = wide
    row = {**demo_row("demo-discrete-l3"), field: "Fac\x00tory"}
    path = tmp_path / "nul.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(base.meta)
        writer.writerow(base.header)
        writer.writerow(["" if row.get(k) is None else row[k] for k in base.keys])
    [problem] = [p for p in check(path).problems if p.field == field]
    assert "NUL" in problem.to_json("en")["message"] and "空字符" in problem.to_json("zh")["message"]
