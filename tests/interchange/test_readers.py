"""Reading uploads: Excel's row numbers kept, CSV encodings, several files, and archives checked from outside."""

from __future__ import annotations

import csv
import io
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from maturity.interchange.archive import Limits
from maturity.interchange.readers import read_uploads
from maturity.interchange.validate import validate

from .conftest import WideSheet, check, credit_code, demo_row, key_of, only


def refused(validation: Any) -> list[dict[str, Any]]:
    return only(validation, "file")


def csv_bytes(wide: WideSheet, rows: list[dict[str, Any]], encoding: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(wide.meta)
    writer.writerow(wide.header)
    for row in rows:
        writer.writerow(["" if row.get(k) is None else row.get(k) for k in wide.keys])
    return buffer.getvalue().encode(encoding)


def test_excel_row_numbers_survive_blank_rows(tmp_path: Path, wide: WideSheet) -> None:
    row = {**demo_row("demo-discrete-l3"), "data.L2.01": "mostly"}
    validation = check(wide.write(tmp_path / "gaps.xlsx", [row], blank_rows_after_header=4))
    [problem] = only(validation, "invalid_rating")
    assert problem["en"]["row"] == 7  # rows 3-6 are empty; Excel shows the answer on row 7
    assert validation.rows == 1  # empty rows are not enterprises


def test_excel_column_letters_survive_empty_leading_columns(tmp_path: Path, wide: WideSheet) -> None:
    path = tmp_path / "shifted.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("data")
    sheet.write_row(3, 2, wide.meta)  # nothing in rows 1-3 nor in columns A-B
    sheet.write_row(4, 2, wide.header)
    row = {**demo_row("demo-discrete-l3"), "employees": "many"}
    for c, key in enumerate(wide.keys):
        if row.get(key) is not None:
            sheet.write(5, 2 + c, row[key])
    book.close()
    [problem] = only(check(path), "invalid_employees")
    assert (problem["en"]["row"], problem["en"]["column"]) == (6, "I")  # employees is the 7th column, from C


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_in_utf8_with_or_without_bom_and_in_gb18030(tmp_path: Path, wide: WideSheet, encoding: str) -> None:
    good = demo_row("demo-discrete-l3")
    bad = {**demo_row("demo-discrete-l1"), "data.L2.01": "大体满足"}
    if encoding == "gb18030":
        good["name"] = "𠀀示例精密机械"  # outside GBK: only GB18030 (or UTF-8) can hold it
    path = tmp_path / "clients.csv"
    path.write_bytes(csv_bytes(wide, [good, bad], encoding))
    validation = check(path)
    assert validation.rows == 2 and [r.profile["name"] for r in validation.valid] == [good["name"]]
    [problem] = only(validation, "invalid_rating")
    assert problem["en"] == {**problem["en"], "file": str(path), "sheet": None, "row": 4,
                             "column": wide.letter("data.L2.01"), "value": "大体满足"}


def test_csv_in_another_encoding_is_refused_with_the_accepted_ones(tmp_path: Path, wide: WideSheet) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes(csv_bytes(wide, [demo_row("demo-discrete-l3")], "utf-16"))
    [problem] = refused(check(path))
    assert "accepted: UTF-8 (with or without BOM) and GB18030/GBK" in problem["en"]["message"]
    assert "无法识别文件编码" in problem["zh"]["message"]


def test_several_files_at_once(tmp_path: Path, wide: WideSheet) -> None:
    first = wide.write(tmp_path / "a.xlsx", [demo_row("demo-discrete-l3")])
    second = tmp_path / "b.csv"
    second.write_bytes(csv_bytes(wide, [demo_row("demo-process-l2"), demo_row("demo-discrete-l1")], "gb18030"))
    validation = check(first, second)
    assert validation.ok and validation.rows == 3
    assert [r.file for r in validation.records] == [str(first), str(second), str(second)]


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_workbooks_and_csv_files(tmp_path: Path, wide: WideSheet) -> None:
    book = wide.write(tmp_path / "a.xlsx", [demo_row("demo-discrete-l3")]).read_bytes()
    text = csv_bytes(wide, [{**demo_row("demo-process-l2"), "data.L2.01": "?"}], "utf-8-sig")
    upload = tmp_path / "upload.zip"
    upload.write_bytes(zip_of({"a.xlsx": book, "csv/b.csv": text, "__MACOSX/._a.xlsx": b"x", "notes.txt": b"hi"}))
    validation = check(upload)
    assert validation.rows == 2 and len(validation.valid) == 1
    [bad] = only(validation, "invalid_rating")
    assert bad["en"]["file"] == f"{upload}/csv/b.csv" and bad["en"]["row"] == 3
    [txt] = refused(validation)
    assert txt["en"]["file"] == f"{upload}/notes.txt" and "accepted are .xlsx and .csv" in txt["en"]["message"]


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    upload = tmp_path / "bomb.zip"
    upload.write_bytes(zip_of({"huge.csv": b"0" * (40 * 1024 * 1024)}))
    assert upload.stat().st_size < 200_000
    [problem] = refused(check(upload))
    assert "abnormal compression ratio" in problem["en"]["message"] and "zip bomb" in problem["en"]["message"]
    assert "疑似压缩炸弹" in problem["zh"]["message"]


def test_an_archive_over_the_unpacked_size_limit_is_refused(tmp_path: Path, wide: WideSheet) -> None:
    text = csv_bytes(wide, [demo_row("demo-discrete-l3")], "utf-8")
    limits = Limits(max_unpacked_bytes=len(text) + 10)
    validation = validate(read_uploads([("two.zip", zip_of({"a.csv": text, "b.csv": text}))], limits))
    [problem] = refused(validation)
    assert "over the limit of" in problem["en"]["message"] and "超过上限" in problem["zh"]["message"]


def test_too_many_members_are_refused(wide: WideSheet) -> None:
    text = csv_bytes(wide, [], "utf-8")
    upload = zip_of({f"{n}.csv": text for n in range(5)})
    [problem] = refused(validate(read_uploads([("many.zip", upload)], Limits(max_members=4))))
    assert "too many members (5); at most 4" in problem["en"]["message"]


@pytest.mark.parametrize("name", ["../evil.csv", "/etc/evil.csv", "a/../../evil.csv", "C:\\evil.csv"])
def test_paths_outside_the_archive_refuse_it_whole(tmp_path: Path, wide: WideSheet, name: str) -> None:
    upload = tmp_path / "trick.zip"
    upload.write_bytes(zip_of({"good.csv": csv_bytes(wide, [demo_row("demo-discrete-l3")], "utf-8"), name: b"x"}))
    validation = check(upload)
    [problem] = refused(validation)
    assert "points outside the archive; the archive is refused" in problem["en"]["message"]
    assert "指向包外" in problem["zh"]["message"]
    assert validation.rows == 0  # not even the good member is read


def test_a_symbolic_link_in_the_archive_refuses_it(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link.csv")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    upload = tmp_path / "link.zip"
    upload.write_bytes(buffer.getvalue())
    [problem] = refused(check(upload))
    assert "is a symbolic link" in problem["en"]["message"]


def test_a_workbook_is_checked_as_an_archive_too(tmp_path: Path) -> None:
    path = tmp_path / "evil.xlsx"
    path.write_bytes(zip_of({"[Content_Types].xml": b"<x/>", "../../outside.xml": b"<x/>"}))
    [problem] = refused(check(path))
    assert "points outside the archive" in problem["en"]["message"]


@pytest.mark.parametrize(("name", "data", "en", "zh"), [
    ("broken.xlsx", b"this is not a workbook", "not a valid zip/xlsx file", "不是有效的 zip/xlsx 文件"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "an .xls or a password-protected workbook",
     "加密的工作簿"),
    ("zip-not-xlsx.xlsx", zip_of({"a.txt": b"hello"}), "cannot read the workbook", "无法读取工作簿"),
    ("notes.txt", b"hello", "unsupported file type; accepted: .xlsx, .csv, or a .zip of them", "不支持的文件类型"),
    ("broken.zip", b"PK\x03\x04garbage", "not a valid zip/xlsx file", "不是有效的 zip/xlsx 文件"),
])
def test_a_broken_file_is_named_and_the_others_still_read(tmp_path: Path, wide: WideSheet, name: str, data: bytes,
                                                          en: str, zh: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    good = wide.write(tmp_path / "good.xlsx", [demo_row("demo-discrete-l3")])
    validation = check(bad, good)
    [problem] = refused(validation)
    assert problem["en"]["file"] == str(bad)
    assert en in problem["en"]["message"] and zh in problem["zh"]["message"]
    assert len(validation.valid) == 1 and not validation.ok


def test_a_truncated_workbook_is_a_problem_not_a_crash(tmp_path: Path, wide: WideSheet) -> None:
    data = wide.write(tmp_path / "full.xlsx", [demo_row("demo-discrete-l3")]).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    [problem] = refused(check(cut))
    assert problem["en"]["file"] == str(cut)


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    from maturity.interchange.readers import path_files

    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 2048)
    validation = validate(read_uploads(path_files([path], Limits(max_file_bytes=1024))))
    [problem] = refused(validation)
    assert "over the limit of" in problem["en"]["message"]


def test_no_template_header_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", "utf-8")
    [problem] = only(check(path), "no_header")
    assert "a wide sheet needs a 'Unified social credit code' column" in problem["en"]["message"]
    assert "统一社会信用代码" in problem["zh"]["message"]


def test_header_spellings_in_either_language_or_as_keys(tmp_path: Path, wide: WideSheet, q) -> None:
    header = ["credit_code" if key_of(q, h) == "credit_code" else "Enterprise name" if key_of(q, h) == "name"
              else "行业类型" if key_of(q, h) == "industry_type" else h for h in wide.header]
    row = {**demo_row("demo-discrete-l3"), "credit_code": credit_code(1)}
    assert check(wide.write(tmp_path / "keys.xlsx", [row], header=header)).ok


def test_a_file_inside_a_zip_over_the_per_file_limit_is_refused_alone(wide: WideSheet) -> None:
    small = csv_bytes(wide, [demo_row("demo-discrete-l3")], "utf-8")
    big = csv_bytes(wide, [demo_row("demo-discrete-l1")] * 3, "utf-8")
    limits = Limits(max_file_bytes=len(small) + 100)
    validation = validate(read_uploads([("two.zip", zip_of({"small.csv": small, "big.csv": big}))], limits))
    [problem] = refused(validation)
    assert problem["en"]["file"] == "two.zip/big.csv" and "over the per-file limit" in problem["en"]["message"]
    assert validation.rows == 1 and len(validation.valid) == 1
