"""Roster files: each problem names the file, the Excel row and column with its header, the value, what is accepted."""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from maturity.domain.errors import Refused
from maturity.interchange.roster import column_letter, read_roster
from tests.conftest import credit_code

HEADER = ["统一社会信用代码", "企业名称", "行业代码", "是否规上", "从业人数", "营业收入档次"]


def xlsx(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def test_column_letters_follow_excel():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_a_valid_workbook_reads_with_excel_row_numbers_kept_across_blank_rows():
    rows = read_roster(xlsx([HEADER, [credit_code(1), "甲公司", "C34", "是", 120, "2000万元至4亿元"], [],
                             [credit_code(2), "乙公司", "38", "否", None, None]]), "名录.xlsx")
    assert [r.row for r in rows] == [2, 4]
    assert rows[0].values == {"credit_code": credit_code(1), "name": "甲公司", "industry_code": "C34",
                              "above_designated_size": True, "employees": 120, "revenue_band": "20m_400m"}
    assert rows[1].values["industry_code"] == "C38" and rows[1].values["above_designated_size"] is False


def test_every_bad_cell_is_reported_and_nothing_is_read():
    data = xlsx([HEADER, [credit_code(1), "甲", "C34", "是"],
                 ["91320500MA1XK3P270", "", "C99", "也许", "很多", "中等"],
                 [credit_code(1), "重复", "C34", "否"]])
    with pytest.raises(Refused) as caught:
        read_roster(data, "roster.xlsx")
    zh = caught.value.render("zh")
    en = caught.value.render("en")
    wheres = [p.where for p in caught.value.problems]
    assert wheres == ["roster.xlsx!A3", "roster.xlsx!B3", "roster.xlsx!C3", "roster.xlsx!D3", "roster.xlsx!E3",
                      "roster.xlsx!F3", "roster.xlsx!A4"]
    # The consultant import's wording: row, column letter with the field's name, what is accepted.
    assert "第 3 行，C 列（行业代码" in zh[2] and "C13–C43" in zh[2]
    assert "row 3, column D (Above designated size)" in en[3] and "yes / no" in en[3]
    assert caught.value.problems[2].given == "C99" and caught.value.problems[3].given == "也许"
    assert "check digit" in en[0]
    assert "repeats row 2" in en[6]


def test_a_missing_column_is_named_with_the_headers_accepted():
    with pytest.raises(Refused) as caught:
        read_roster(xlsx([["统一社会信用代码", "企业名称"], [credit_code(1), "甲"]]), "r.xlsx")
    en = " ".join(caught.value.render("en"))
    assert "Industry code" in en and "Above designated size" in en


def test_csv_from_chinese_excel_in_gb18030_and_utf8():
    text = ",".join(HEADER) + f"\n{credit_code(3)},丙公司,C26,是,,4亿元以上\n"
    for encoding in ("gb18030", "utf-8-sig"):
        rows = read_roster(text.encode(encoding), "r.csv")
        assert rows[0].values["name"] == "丙公司" and rows[0].values["revenue_band"] == "ge400m"


def test_other_files_are_refused_with_what_is_accepted():
    with pytest.raises(Refused) as caught:
        read_roster(b"%PDF", "roster.pdf")
    assert ".xlsx" in caught.value.render("en")[0]
    with pytest.raises(Refused) as broken:
        read_roster(b"not a zip", "roster.xlsx")
    assert "not a valid zip/xlsx" in broken.value.render("en")[0]


def test_the_roster_speaks_with_the_consultant_imports_messages():
    from maturity.interchange.fields import FIELD_INDEX

    with pytest.raises(Refused) as caught:
        read_roster(xlsx([HEADER, [credit_code(1), "甲", "C34", "是", "很多", "中等"]]), "r.xlsx")
    employees = FIELD_INDEX["employees"].parse("很多")[1]
    band = FIELD_INDEX["revenue_band"].parse("中等")[1]
    assert employees and band
    en = caught.value.render("en")
    assert en[0].endswith(employees.en) and en[1].endswith(band.en)
    with pytest.raises(Refused) as old:
        read_roster(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "roster.xlsx")  # an .xls saved under .xlsx
    assert "save it as an unprotected .xlsx" in old.value.render("en")[0]
