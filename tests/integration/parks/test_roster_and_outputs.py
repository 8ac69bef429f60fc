"""Roster upload (web and CLI), coverage against it, the park PDF and workbook, and the set-up commands."""

from __future__ import annotations

import io
import json

import pytest
from python_calamine import CalamineWorkbook
from sqlmodel import select

from maturity.cli import cli
from maturity.models import Enterprise, RosterEntry
from tests.conftest import AuthActions, credit_code, csrf_token, transaction
from tests.unit.test_roster_reader import HEADER, xlsx

pytestmark = pytest.mark.db


def park_codes(app, park_id):
    with transaction(app) as s:
        return [e.credit_code for e in s.exec(select(Enterprise).where(Enterprise.park_id == park_id))]


def upload(client, park_id, data, name):
    token = csrf_token(client, f"/parks/{park_id}/roster")
    return client.post(f"/parks/{park_id}/roster", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_uploading_a_roster_sets_coverage(app, world):
    codes = park_codes(app, world["park_a"])
    rows = [HEADER] + [[c, f"企业{i}", "C34", "是"] for i, c in enumerate(codes)]
    rows += [[credit_code(900 + i), f"未评估{i}", "C38", "是"] for i in range(6)]
    client = app.test_client()
    AuthActions(client).login("pa@x.cn")
    assert upload(client, world["park_a"], xlsx(rows), "名录.xlsx").status_code == 302
    stats = client.get(f"/api/v1/parks/{world['park_a']}/stats").get_json()
    assessed_on_roster = stats["roster_assessed"]
    assert stats["roster"] == len(codes) + 6
    assert stats["coverage"] == assessed_on_roster / stats["roster"]
    assert 0 < assessed_on_roster <= len(codes)
    lower, share = stats["share_l2_plus_roster_lower_bound"], stats["share_l2_plus"]
    assert (lower is None) == (share is None) and (share is None or lower <= share)


def test_a_bad_upload_saves_nothing_and_names_each_row(app, world):
    client = app.test_client()
    AuthActions(client).login("pa@x.cn")
    response = upload(client, world["park_a"], xlsx([HEADER, [credit_code(1), "甲", "C99", "是"]]), "r.xlsx")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "r.xlsx!C2" in html and "C13–C43" in html
    with transaction(app) as s:
        assert s.exec(select(RosterEntry)).first() is None


def test_cli_roster_import_and_stats(app, world, runner, tmp_path):
    path = tmp_path / "roster.csv"
    codes = park_codes(app, world["park_a"])
    path.write_text(",".join(HEADER) + "\n" + "".join(f"{c},企业,C34,是,,\n" for c in codes), encoding="gb18030")
    done = runner.invoke(cli, ["park", "roster", "import", "--park", str(world["park_a"]), str(path)])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["added"] == len(codes)
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(HEADER) + f"\n{codes[0]},企业,C34,maybe,,\n", encoding="utf-8")
    refused = runner.invoke(cli, ["park", "roster", "import", "--park", str(world["park_a"]), str(bad)])
    assert refused.exit_code == 2 and "bad.csv!D2" in refused.output and "maybe" in refused.output
    stats = runner.invoke(cli, ["park", "stats", "--park", str(world["park_a"]), "--format", "json"])
    assert stats.exit_code == 0, stats.output
    parsed = json.loads(stats.output)
    assert parsed["roster"] == len(codes) and parsed["min_cell"] == 5
    text = runner.invoke(cli, ["park", "stats", "--park", str(world["park_a"]), "--lang", "en", "--year", "2024"])
    assert text.exit_code == 0 and "Coverage" in text.output and "Level distribution" in text.output
    missing = runner.invoke(cli, ["park", "stats", "--park", "999"])
    assert missing.exit_code == 2 and "999" in missing.output


def test_the_park_pdf_report_from_web_and_cli(app, world, runner, tmp_path):
    import subprocess

    out = tmp_path / "park.pdf"
    made = runner.invoke(cli, ["park", "report", "--park", str(world["park_a"]), "-o", str(out), "--lang", "en"])
    assert made.exit_code == 0, made.output
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for words in ("Distance to the plan's goals", "Level distribution", "By industry", "Moves between levels",
                  "Weakest capabilities", "Method", "National 2022"):
        assert words in text, words
    client = app.test_client()
    AuthActions(client).login("r32@x.cn")
    response = client.get(f"/parks/{world['park_a']}/report.pdf?lang=zh")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_the_workbook_holds_aggregates_and_only_shared_enterprises_as_text(app, world):
    sharing_id = next(eid for eid, e in world["enterprises"].items() if e["shares"] and e["park"] == world["park_a"])
    with transaction(app) as s:
        company = s.get(Enterprise, sharing_id)
        company.name = '=HYPERLINK("http://evil.example","x")'
        s.add(company)
    client = app.test_client()
    AuthActions(client).login("pa@x.cn")
    response = client.get(f"/parks/{world['park_a']}/export.xlsx")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.data))
    ledger = book.get_sheet_by_index(1).to_python()
    shared = {e["email"] for e in world["enterprises"].values() if e["shares"] and e["park"] == world["park_a"]}
    assert len(ledger) - 1 == len(shared)
    names = [row[1] for row in ledger[1:]]
    assert all(not str(n).startswith("=") for n in names)
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in names  # kept, as text
    assert b"<f>" not in response.data  # no formula anywhere in the workbook
    aggregates = book.get_sheet_by_index(0).to_python()
    assert aggregates[0][0] == "Park A"


def test_set_up_commands(runner):
    region = runner.invoke(cli, ["regions", "create", "--code", "4403", "--name", "深圳市"])
    assert region.exit_code == 0 and region.output.strip() == "4403"
    bad = runner.invoke(cli, ["regions", "create", "--code", "3x"])
    assert bad.exit_code == 2 and "GB/T 2260" in bad.output
    park = runner.invoke(cli, ["parks", "create", "--name", "高新区", "--region", "4403"])
    assert park.exit_code == 0, park.output
    unknown = runner.invoke(cli, ["parks", "create", "--name", "X", "--region", "4499"])
    assert unknown.exit_code == 2 and "regions create" in unknown.output
    company = runner.invoke(cli, ["enterprises", "create", "--name", "E", "--credit-code", credit_code(5),
                                  "--industry", "C34", "--type", "discrete", "--park", park.output.strip(),
                                  "--above-designated-size", "--employees", "320", "--revenue-band", "20m_400m"])
    assert company.exit_code == 0, company.output
    admin = runner.invoke(cli, ["users", "create", "--email", "bureau@x.cn", "--role", "region_admin",
                                "--region", "44", "--password", "long-enough-1"])
    assert admin.exit_code == 2 and "region 44 does not exist" in admin.output
    assert runner.invoke(cli, ["regions", "create", "--code", "44"]).exit_code == 0
    admin = runner.invoke(cli, ["users", "create", "--email", "bureau@x.cn", "--role", "region_admin",
                                "--region", "44", "--password", "long-enough-1"])
    assert admin.exit_code == 0, admin.output
    stats = runner.invoke(cli, ["park", "stats", "--park", park.output.strip(), "--format", "json"])
    assert json.loads(stats.output)["enterprises"] == 1
