"""The batch operations over the JSON API v1: template, upload with its validation report, rejected rows, jobs on
an upload, their progress, results and zip; every refusal in the `errors` shape."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook
from sqlmodel import select

from maturity.models import Assessment, User
from maturity.services import accounts
from tests.conftest import transaction
from tests.integration.test_consult_jobs import clients_workbook

pytestmark = pytest.mark.db


def token_for(app, email: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        user = s.exec(select(User).where(User.email == email)).one()
        return {"Authorization": f"Bearer {accounts.create_token(s, user=user)}"}


@pytest.fixture
def advisor(app, make) -> dict[str, str]:  # type: ignore[no-untyped-def]
    make.user("advisor@x.cn", "consultant")
    return token_for(app, "advisor@x.cn")


def upload(client, headers: dict[str, str], *files: tuple[str, bytes], query: str = "?lang=en"):  # type: ignore[no-untyped-def]
    data = {"file": [(io.BytesIO(content), name) for name, content in files]}
    return client.post(f"/api/v1/batch/uploads{query}", data=data, headers=headers, content_type="multipart/form-data")


def test_the_template_comes_from_the_questionnaire(client, advisor):
    response = client.get("/api/v1/batch/template?layout=client&lang=en&industry=process&version=1.0.0",
                          headers=advisor)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith("gbt39116-2020-1.0.0-client-process-en.xlsx")
    assert CalamineWorkbook.from_filelike(io.BytesIO(response.data)).sheet_names[:2] == ["Profile", "Answers"]
    bad = client.get("/api/v1/batch/template?layout=tall&lang=en", headers=advisor)
    assert bad.status_code == 422
    assert bad.get_json()["errors"][0]["where"] == "layout"
    assert bad.get_json()["errors"][0]["message"] == "layout: layout must be wide or client"


def test_an_upload_answers_its_validation_report_with_excel_locations(client, advisor, tmp_path):
    response = upload(client, advisor, ("clients.xlsx", clients_workbook(tmp_path, error=True)))
    assert response.status_code == 201
    doc = response.get_json()
    assert (doc["rows"], doc["valid"], [f["name"] for f in doc["files"]]) == (3, 2, ["clients.xlsx"])
    [problem] = doc["problems"]
    assert (problem["file"], problem["sheet"], problem["row"], problem["column"], problem["field"], problem["value"]) \
        == ("clients.xlsx", "企业评估", 4, "AO", "data.L2.01", "mostly")
    assert problem["message"].startswith("invalid rating; accepted: full, largely")
    again = client.get(response.headers["Location"] + "?lang=zh", headers=advisor).get_json()
    assert again["problems"][0]["message"].startswith("评分无效")
    rejected = client.get(doc["rejected"] + "?lang=en", headers=advisor)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(rejected.data)).get_sheet_by_index(0).to_python()
    assert len(rows) == 3 and "data.L2.01" in rows[2][0]
    returned = client.get(doc["rejected"] + "?rows=all", headers=advisor)
    assert len(CalamineWorkbook.from_filelike(io.BytesIO(returned.data)).get_sheet_by_index(0).to_python()) == 5


@pytest.mark.parametrize(("files", "where", "message"), [
    ((), "files", "choose at least one file (.xlsx, .csv or .zip)"),
])
def test_an_upload_without_files_is_refused(client, advisor, files, where, message):
    response = upload(client, advisor, *files)
    assert response.status_code == 422
    assert response.get_json() == {"errors": [{"where": where, "message": f"{where}: {message}", "code": "no_file"}]}


def test_a_broken_file_is_a_problem_of_the_report_not_an_error(client, advisor):
    doc = upload(client, advisor, ("notes.txt", b"hello")).get_json()
    assert (doc["rows"], doc["valid"]) == (0, 0)
    assert doc["problems"][0]["file"] == "notes.txt" and "unsupported file type" in doc["problems"][0]["message"]


def test_only_consultants_upload_and_only_the_uploader_sees_an_upload(app, client, advisor, make, tmp_path):
    make.enterprise("Factory")
    make.user("boss@x.cn", "enterprise", enterprise_id=1)
    refused = upload(client, token_for(app, "boss@x.cn"), ("c.xlsx", clients_workbook(tmp_path)))
    assert refused.status_code == 403 and refused.get_json()["errors"][0]["where"] == "role"
    location = upload(client, advisor, ("c.xlsx", clients_workbook(tmp_path))).headers["Location"]
    make.user("other@x.cn", "consultant")
    assert client.get(location, headers=token_for(app, "other@x.cn")).status_code == 404
    assert client.get(location).status_code == 401


def test_an_oversized_upload_answers_413_in_the_errors_shape(app, client, advisor, tmp_path):
    app.config["BATCH_UPLOAD_MAX_BYTES"] = 1000
    response = upload(client, advisor, ("c.xlsx", clients_workbook(tmp_path)))
    assert response.status_code == 413 and response.get_json()["errors"][0]["message"] == \
        "the request body is too large"


@pytest.mark.parametrize(("body", "where"), [
    ({"kind": "nonsense"}, "kind"),
    ({"mode": "some"}, "mode"),
    ({"mode": "all-or-nothing"}, "mode"),
    ({"reports": "yes"}, "reports"),
    ({"park_id": "x"}, "park_id"),
    ({"park_id": 42}, "park"),
])
def test_a_job_request_is_checked_before_anything_is_queued(client, advisor, tmp_path, body, where):
    doc = upload(client, advisor, ("c.xlsx", clients_workbook(tmp_path, error=True))).get_json()
    response = client.post(doc["jobs"] + "?lang=en", json=body, headers=advisor)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["errors"][0]["where"] == where


def poll(client, headers: dict[str, str], url: str, seconds: float = 240) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = client.get(url, headers=headers).get_json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.3)
    raise AssertionError(body)


def test_an_import_job_over_the_api_with_results_and_the_zip(app, client, advisor, tmp_path: Path):
    doc = upload(client, advisor, ("c.xlsx", clients_workbook(tmp_path, error=True))).get_json()
    response = client.post(doc["jobs"], json={"kind": "import", "mode": "valid-only", "lang": "en"}, headers=advisor)
    assert response.status_code == 202 and response.get_json()["status"] == "queued"
    job = poll(client, advisor, response.headers["Location"])
    assert (job["status"], job["done"], job["total"], job["kind"]) == ("done", 4, 4, "import")
    assert set(job["files"]) == {"results.xlsx", "results.json", "reports.zip", "summary.xlsx"}
    with client.get(job["files"]["results.json"], headers=advisor) as download:
        results = json.loads(download.data)
    assert [(r["row"], r["outcome_code"]) for r in results["results"]] == [(3, "created"), (5, "created")]
    assert [p["row"] for p in results["problems"]] == [4]
    with client.get(job["output"], headers=advisor) as archive:
        assert archive.status_code == 200
        names = zipfile.ZipFile(io.BytesIO(archive.data)).namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == 2
    assert client.get(f"/api/v1/jobs/{job['id']}/files/plan.json", headers=advisor).status_code == 404
    with transaction(app) as s:
        assert len(s.exec(select(Assessment)).all()) == 2
