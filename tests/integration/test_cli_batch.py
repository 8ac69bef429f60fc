"""The scripting contract of `maturity batch …`: option names, JSON keys, exit codes, Excel row numbers and column
letters; the round trip template → filled → validate → score; bulk PDF reports in a zip with a summary."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from maturity.cli import cli
from tests.interchange.conftest import DEMOS, WideSheet, demo, demo_row, key_of

PROBLEM_KEYS = {"file", "sheet", "row", "column", "field", "value", "message"}


@pytest.fixture()
def run():
    runner = CliRunner()

    def invoke(*args: Any):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def filled_from_cli_template(run, tmp_path: Path, rows: list[dict[str, Any]], lang: str = "zh") -> Path:
    """Generate the template with the CLI, then fill its rows as a consultant would."""
    template = tmp_path / "template.xlsx"
    # the demo answer sets were given to 1.0.0, so that is the template they fill
    assert run("batch", "template", "-o", template, "--lang", lang, "--version", "1.0.0").exit_code == 0
    book = CalamineWorkbook.from_path(str(template))
    grid = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    from maturity.interchange.questionnaire import resolve

    sheet = WideSheet.__new__(WideSheet)
    sheet.q, sheet.meta, sheet.header = resolve(None, "1.0.0"), grid[0], grid[1]
    sheet.keys = [key_of(sheet.q, h) for h in sheet.header]
    return sheet.write(tmp_path / "clients.xlsx", rows)


def three_clients(error: bool = True) -> list[dict[str, Any]]:
    rows = [demo_row(name) for name in DEMOS]
    if error:
        rows[1] = {**rows[1], "data.L2.01": "mostly"}
    return rows


def test_template_layouts_and_options(run, tmp_path: Path) -> None:
    result = run("batch", "template", "-o", tmp_path / "c.xlsx", "--layout", "client", "--questionnaire",
                 "gbt39116-2020", "--version", "1.0.0", "--industry", "process", "--lang", "en")
    assert result.exit_code == 0 and "client template for gbt39116-2020 1.0.0 (process)" in result.output
    assert CalamineWorkbook.from_path(str(tmp_path / "c.xlsx")).sheet_names[:2] == ["Profile", "Answers"]


@pytest.mark.parametrize(("args", "message"), [
    (["--version", "9.9"], "has no version '9.9'; published: 1.0.0, 1.1.0"),
    (["--questionnaire", "gbt39116-2020-quick"], "batch sheets take a full questionnaire, not a quick check"),
    (["--questionnaire", "nope"], "unknown questionnaire 'nope'"),
])
def test_template_refuses_unknown_questionnaires_with_exit_2(run, tmp_path: Path, args: list[str], message: str):
    result = run("batch", "template", "-o", tmp_path / "t.xlsx", "--lang", "en", *args)
    assert result.exit_code == 2 and message in result.output


def test_validate_json_contract_with_excel_row_and_column_letter(run, tmp_path: Path) -> None:
    path = filled_from_cli_template(run, tmp_path, three_clients())
    result = run("batch", "validate", path, "--format", "json", "--lang", "en")
    assert result.exit_code == 2
    doc = json.loads(result.output)
    assert set(doc) == {"rows", "valid", "problems"} and (doc["rows"], doc["valid"]) == (3, 2)
    [problem] = doc["problems"]
    assert set(problem) == PROBLEM_KEYS
    assert (problem["row"], problem["column"], problem["field"], problem["value"]) == (4, "AO", "data.L2.01", "mostly")
    assert problem["message"].startswith("invalid rating; accepted: full, largely, partial, none, na")


def test_validate_text_and_exit_0_when_every_row_is_valid(run, tmp_path: Path) -> None:
    path = filled_from_cli_template(run, tmp_path, three_clients(error=False))
    result = run("batch", "validate", path)
    assert result.exit_code == 0 and result.output.strip() == "共 3 行，有效 3 行，问题 0 处"
    bad = filled_from_cli_template(run, tmp_path, three_clients())
    text = run("batch", "validate", bad, "--lang", "en")
    assert text.exit_code == 2
    assert f"{bad}, sheet 企业评估, row 4, column AO (data.L2.01): invalid rating" in text.output


def test_score_json_contract_and_round_trip_against_maturity_score(run, tmp_path: Path) -> None:
    path = filled_from_cli_template(run, tmp_path, three_clients(error=False))
    out = tmp_path / "scores.json"
    result = run("batch", "score", path, "-o", out)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text("utf-8"))
    assert set(doc) == {"results", "problems"} and doc["problems"] == []
    for name, got in zip(DEMOS, doc["results"], strict=True):
        assert {"credit_code", "name", "score", "level", "level_name", "level_scores", "subdomains", "na_share",
                "trimmed"} <= set(got)
        assert set(got["level_scores"]) == {"1", "2", "3", "4", "5"}
        single = tmp_path / f"{name}.json"
        single.write_text(json.dumps(demo(name), ensure_ascii=False), "utf-8")
        expected = json.loads(run("score", single, "--format", "json").output)
        assert got["credit_code"] == demo(name)["enterprise"]["credit_code"]
        assert (got["score"], got["level"], got["level_scores"]) == (expected["score"], expected["level"],
                                                                     expected["level_scores"])
        assert got["trimmed"] == expected["trimmed"]
        for sub in expected["subdomains"]:
            assert got["subdomains"][sub["id"]] == sub["scores"]


def test_score_refuses_invalid_rows_with_exit_2_and_writes_nothing(run, tmp_path: Path) -> None:
    path = filled_from_cli_template(run, tmp_path, three_clients())
    out = tmp_path / "scores.json"
    result = run("batch", "score", path, "-o", out, "--lang", "en")
    assert result.exit_code == 2 and not out.exists()
    assert "row 4, column AO (data.L2.01): invalid rating" in result.output
    assert "add --skip-invalid" in result.output


def test_score_skip_invalid_scores_the_valid_rows_and_lists_the_problems(run, tmp_path: Path) -> None:
    path = filled_from_cli_template(run, tmp_path, three_clients())
    out, rejected = tmp_path / "scores.json", tmp_path / "rejected.xlsx"
    result = run("batch", "score", path, "-o", out, "--skip-invalid", "--rejected", rejected)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text("utf-8"))
    assert [r["row"] for r in doc["results"]] == [3, 5]
    assert [(p["row"], p["column"]) for p in doc["problems"]] == [(4, "AO")]
    rows = CalamineWorkbook.from_path(str(rejected)).get_sheet_by_index(0).to_python()
    assert len(rows) == 3 and "data.L2.01" in rows[2][0]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_score_writes_csv_and_xlsx(run, tmp_path: Path, suffix: str) -> None:
    path = filled_from_cli_template(run, tmp_path, three_clients(error=False))
    out = tmp_path / f"scores{suffix}"
    assert run("batch", "score", path, "-o", out).exit_code == 0
    text = out.read_bytes().decode("utf-8-sig") if suffix == ".csv" else ""
    assert (text.startswith("credit_code,name,score,level") if suffix == ".csv"
            else CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).height == 4)


def test_score_refuses_an_unknown_output_format(run, tmp_path: Path) -> None:
    path = filled_from_cli_template(run, tmp_path, three_clients(error=False))
    result = run("batch", "score", path, "-o", tmp_path / "scores.txt")
    assert result.exit_code == 2 and ".xlsx, .csv, .json" in result.output


def test_a_broken_file_exits_2_and_is_named(run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"\x00" * 64)
    result = run("batch", "validate", broken, "--format", "json", "--lang", "en")
    assert result.exit_code == 2
    [problem] = json.loads(result.output)["problems"]
    assert problem["file"] == str(broken) and "not a valid zip/xlsx file" in problem["message"]


def summary_rows(archive: zipfile.ZipFile) -> list[list[Any]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(archive.read("summary.xlsx")))
    return book.get_sheet_by_index(0).to_python()


def test_reports_one_pdf_per_enterprise_and_a_summary(run, tmp_path: Path) -> None:
    rows = three_clients()[:2]
    rows[0] = {**rows[0], "name": "示例/精密:机械*股份?公司"}
    path = filled_from_cli_template(run, tmp_path, rows)
    out = tmp_path / "reports.zip"
    result = run("batch", "reports", path, "-o", out, "--lang", "en", "--skip-invalid")
    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(out)
    code = rows[0]["credit_code"]
    assert sorted(archive.namelist()) == [f"{code}_示例_精密_机械_股份_公司_2025-03-31.pdf", "summary.xlsx"]
    assert archive.read(archive.namelist()[0]).startswith(b"%PDF")
    summary = summary_rows(archive)
    assert summary[1][0] == code and summary[1][8] == "done"
    assert summary[2][8] == "skipped: invalid" and "data.L2.01" in summary[2][9]


def test_reports_refuse_invalid_rows_without_skip_invalid(run, tmp_path: Path) -> None:
    path = filled_from_cli_template(run, tmp_path, three_clients())
    out = tmp_path / "reports.zip"
    result = run("batch", "reports", path, "-o", out)
    assert result.exit_code == 2 and not out.exists()


def test_a_failed_report_is_listed_and_does_not_stop_the_others(run, tmp_path: Path, monkeypatch) -> None:
    from maturity.reporting import pdf

    real = pdf.build_report
    broken = demo("demo-discrete-l3")["enterprise"]["credit_code"]

    def flaky(*args: Any, **kwargs: Any) -> bytes:
        if kwargs["enterprise"]["credit_code"] == broken:
            raise RuntimeError("font cache unreadable")
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf, "build_report", flaky)
    path = filled_from_cli_template(run, tmp_path, [demo_row("demo-discrete-l3"), demo_row("demo-discrete-l1")])
    out = tmp_path / "reports.zip"
    result = run("batch", "reports", path, "-o", out)
    assert result.exit_code == 1
    archive = zipfile.ZipFile(out)
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 1
    summary = summary_rows(archive)
    assert [row[8] for row in summary[1:]] == ["失败", "已生成"]
    assert summary[1][0] == broken and summary[1][9] == "RuntimeError: font cache unreadable"


def test_reports_with_a_pool_of_worker_processes(run, tmp_path: Path) -> None:
    path = filled_from_cli_template(run, tmp_path, [{**demo_row(n), "assessment_date": None} for n in DEMOS[1:]])
    out = tmp_path / "reports.zip"
    result = run("batch", "reports", path, "-o", out, "--workers", "2")
    assert result.exit_code == 0, result.output
    names = sorted(zipfile.ZipFile(out).namelist())
    today = dt.date.today().isoformat()
    assert names == sorted([f"{demo(n)['enterprise']['credit_code']}_{demo(n)['enterprise']['name']}_{today}.pdf"
                            for n in DEMOS[1:]] + ["summary.xlsx"])


def test_report_names_are_safe_on_every_file_system() -> None:
    from maturity.interchange.reports import report_name

    day = dt.date(2025, 3, 31)
    assert report_name("91320500MA1XK3P271", 'A<B>C:"D"/E\\F|G?H*I', day) == \
        "91320500MA1XK3P271_A_B_C__D__E_F_G_H_I_2025-03-31.pdf"
    assert report_name("X", "  trailing dots... ", day) == "X_trailing dots_2025-03-31.pdf"
    long = report_name("X", "苏州" * 200, day)
    assert len(long.encode("utf-8")) < 160 and long.endswith("_2025-03-31.pdf")
    assert report_name("X", "\x00\x1f", day) == "X___2025-03-31.pdf"


def test_reports_show_a_progress_bar_on_a_terminal(run, tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    path = filled_from_cli_template(run, tmp_path, [demo_row("demo-discrete-l1")])
    leader, follower = pty.openpty()
    command = [sys.executable, "-c", "from maturity.cli import main; main()",
               "batch", "reports", str(path), "-o", str(tmp_path / "r.zip"), "--lang", "en"]
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower, timeout=300,
                          check=False)
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    assert done.returncode == 0
    assert b"Rendering reports  [####################################]  100%" in screen
