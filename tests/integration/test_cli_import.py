"""`maturity batch import`: clients created and linked, assessments stored on their behalf with file and row,
nothing twice, a savepoint per row, all or nothing without --skip-invalid; and the consultant's whole round trip
from the command line: template → three clients, one wrong → returned workbook fixed → import → zip of PDFs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from sqlmodel import col, select

from maturity.cli import cli
from maturity.models import Assessment, AssessmentScore, ConsultantClient, Enterprise, User
from maturity.models_consult import ProxyEntry
from maturity.services import organisations
from tests.conftest import transaction
from tests.integration.test_cli_batch import filled_from_cli_template, three_clients
from tests.interchange.conftest import DEMOS, demo

pytestmark = pytest.mark.db
CONSULTANT = "advisor@x.cn"


@pytest.fixture
def run(runner):  # type: ignore[no-untyped-def]
    def invoke(*args: Any):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def consultant(make) -> int:  # type: ignore[no-untyped-def]
    return make.user(CONSULTANT, "consultant")


def counts(app) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        return tuple(len(s.exec(select(t)).all()) for t in (Enterprise, Assessment, ProxyEntry))  # type: ignore[return-value]


def test_import_creates_the_clients_and_stores_submitted_assessments_with_their_source(app, run, tmp_path, consultant):
    path = filled_from_cli_template(run, tmp_path, three_clients(error=False))
    result = run("batch", "import", path, "--consultant", CONSULTANT, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert (doc["rows"], doc["imported"], doc["existing"], doc["refused"]) == (3, 3, 0, 0)
    assert [(r["row"], r["outcome"], r["enterprise_created"]) for r in doc["results"]] == [
        (3, "created", True), (4, "created", True), (5, "created", True)]
    scores = json.loads(run("batch", "score", path, "-o", tmp_path / "s.json").output and
                        (tmp_path / "s.json").read_text("utf-8"))["results"]
    with transaction(app) as s:
        for name, got, score in zip(DEMOS, doc["results"], scores, strict=True):
            company = s.get(Enterprise, got["enterprise_id"])
            assert company.credit_code == demo(name)["enterprise"]["credit_code"]
            assert s.get(ConsultantClient, (consultant, company.id)) is not None
            assessment = s.get(Assessment, got["assessment_id"])
            assert (assessment.status, assessment.started_by, assessment.submitted_by) == (
                "submitted", consultant, consultant)
            assert round(assessment.score, 4) == score["score"] and assessment.level == score["level"]
            assert assessment.submitted_at.date().isoformat() == "2025-03-31"
            entry = s.get(ProxyEntry, assessment.id)
            assert (entry.entered_by, entry.file, entry.sheet, entry.row) == (consultant, str(path), "企业评估",
                                                                              got["row"])
            assert len(entry.import_key) == 64
            row = s.exec(select(AssessmentScore).where(AssessmentScore.assessment_id == assessment.id)).one()
            assert row.assessed_year == 2025


def test_importing_the_same_file_again_creates_nothing_twice(app, run, tmp_path, consultant):
    path = filled_from_cli_template(run, tmp_path, three_clients(error=False))
    assert run("batch", "import", path, "--consultant", CONSULTANT).exit_code == 0
    before = counts(app)
    again = run("batch", "import", path, "--consultant", CONSULTANT, "--lang", "en")
    assert again.exit_code == 0
    assert "0 imported, 3 imported before, 0 refused" in again.output
    assert "row 3: imported before (assessment 1); nothing added" in again.output
    assert counts(app) == before == (3, 3, 3)


def test_invalid_rows_stop_the_import_unless_skip_invalid(app, run, tmp_path, consultant):
    path = filled_from_cli_template(run, tmp_path, three_clients())
    refused = run("batch", "import", path, "--consultant", CONSULTANT, "--lang", "en")
    assert refused.exit_code == 2 and "row 4, column AO (data.L2.01): invalid rating" in refused.output
    assert counts(app) == (0, 0, 0)
    partial = run("batch", "import", path, "--consultant", CONSULTANT, "--skip-invalid", "--format", "json")
    doc = json.loads(partial.stdout)
    assert partial.exit_code == 0 and doc["imported"] == 2 and [p["row"] for p in doc["problems"]] == [4]
    assert counts(app) == (2, 2, 2)


def register_first_demo_enterprise(app, k: int = 0) -> int:  # type: ignore[no-untyped-def]
    e = demo(DEMOS[k])["enterprise"]
    with transaction(app) as s:
        return organisations.create_enterprise(s, data={
            "name": "Someone else's", "credit_code": e["credit_code"], "industry_code": "C34",
            "industry_type": "discrete"}).id


@pytest.mark.parametrize("k", [0, 2])
def test_an_enterprise_registered_by_others_is_refused_and_rolls_the_rest_back(app, run, tmp_path, consultant, k):
    theirs = register_first_demo_enterprise(app, k)
    path = filled_from_cli_template(run, tmp_path, three_clients(error=False))
    result = run("batch", "import", path, "--consultant", CONSULTANT, "--lang", "en")
    assert result.exit_code == 2
    assert f"row {3 + k}: not imported: credit_code: the credit code" in result.output
    assert "is registered by someone else and the enterprise is not your client" in result.output
    assert "1 refused, so nothing was imported; add --skip-invalid to import the other 2" in result.output
    assert counts(app) == (1, 0, 0)
    kept = run("batch", "import", path, "--consultant", CONSULTANT, "--skip-invalid", "--format", "json")
    doc = json.loads(kept.stdout)
    assert [r["outcome"] for r in doc["results"]].count("created") == 2
    assert doc["results"][k]["outcome"] == "refused"
    with transaction(app) as s:
        assert s.get(ConsultantClient, (consultant, theirs)) is None
        assert s.exec(select(Assessment).where(Assessment.enterprise_id == theirs)).all() == []


def test_a_client_already_linked_is_assessed_not_created_and_its_type_must_match(app, run, tmp_path, consultant):
    theirs = register_first_demo_enterprise(app)
    with transaction(app) as s:
        organisations.link_consultant(s, consultant=s.get(User, consultant), enterprise=s.get(Enterprise, theirs))
    rows = three_clients(error=False)
    path = filled_from_cli_template(run, tmp_path, rows)
    doc = json.loads(run("batch", "import", path, "--consultant", CONSULTANT, "--format", "json").output)
    assert doc["results"][0]["enterprise_id"] == theirs and not doc["results"][0]["enterprise_created"]
    with transaction(app) as s:
        s.get(Enterprise, theirs).industry_type = "process"
    rows[0] = {**rows[0], "assessment_date": "2025-04-30"}
    changed = filled_from_cli_template(run, tmp_path, rows)
    result = run("batch", "import", changed, "--consultant", CONSULTANT, "--skip-invalid", "--lang", "en")
    assert "row 3: not imported: industry: the answers' industry type differs from the enterprise's" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--consultant", "nobody@x.cn"], "consultant: no user with e-mail nobody@x.cn"),
    (["--consultant", "boss@x.cn"], "boss@x.cn is not a consultant"),
    (["--consultant", CONSULTANT, "--park", "99"], "park: park 99 does not exist"),
])
def test_the_consultant_and_park_must_exist(app, run, tmp_path, consultant, make, args, message):
    make.user("boss@x.cn", "admin")
    path = filled_from_cli_template(run, tmp_path, three_clients(error=False))
    result = run("batch", "import", path, *args, "--lang", "en")
    assert result.exit_code == 2 and message in result.output
    assert counts(app) == (0, 0, 0)


def test_created_enterprises_join_the_given_park(app, run, tmp_path, consultant, make):
    park = make.park("Suzhou Industrial Park")
    path = filled_from_cli_template(run, tmp_path, three_clients(error=False))
    assert run("batch", "import", path, "--consultant", CONSULTANT, "--park", park).exit_code == 0
    with transaction(app) as s:
        assert {e.park_id for e in s.exec(select(Enterprise)).all()} == {park}


def fix_returned(path: Path) -> None:
    """Do what the error column asks: rate the requirement it names with a rating it accepts."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[2]]
    column = next(k for k, h in enumerate(header, start=1) if h and str(h).startswith("data.L2.01"))
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, 1).value:  # the error column
            assert "data.L2.01" in sheet.cell(row, 1).value
            sheet.cell(row, column).value = "大部分满足"
            sheet.cell(row, 1).value = None
    book.save(path)


def test_the_consultants_round_trip_from_the_command_line(app, run, tmp_path, consultant):
    path = filled_from_cli_template(run, tmp_path, three_clients())
    returned = tmp_path / "returned.xlsx"
    checked = run("batch", "validate", path, "--returned", returned, "--lang", "en")
    assert checked.exit_code == 2 and "row 4, column AO (data.L2.01): invalid rating" in checked.output
    rows = CalamineWorkbook.from_path(str(returned)).get_sheet_by_index(0).to_python()
    assert len(rows) == 5 and [bool(r[0]) for r in rows[2:]] == [False, True, False]
    fix_returned(returned)
    assert run("batch", "validate", returned).exit_code == 0
    imported = json.loads(run("batch", "import", returned, "--consultant", CONSULTANT, "--format", "json").output)
    assert imported["imported"] == 3
    assert json.loads(run("batch", "import", returned, "--consultant", CONSULTANT, "--format", "json")
                      .output)["existing"] == 3
    out = tmp_path / "reports.zip"
    assert run("batch", "reports", returned, "-o", out).exit_code == 0
    names = zipfile.ZipFile(out).namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == 3 and "summary.xlsx" in names
    with transaction(app) as s:
        codes = set(s.exec(select(Enterprise.credit_code).where(col(Enterprise.id).in_(
            [r["enterprise_id"] for r in imported["results"]]))).all())
    assert {n.split("_")[0] for n in names if n.endswith(".pdf")} == codes
