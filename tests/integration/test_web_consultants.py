"""The consultant's pages through the web app: client list, adding a client without logging out, entries on a
client's behalf shown as such, the take-over link, the portfolio, and the batch page from upload to downloads."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from python_calamine import CalamineWorkbook
from sqlmodel import select

from maturity.models import ConsultantClient, Enterprise, User
from maturity.models_consult import ProxyEntry
from tests.conftest import AuthActions, credit_code, csrf_token, transaction
from tests.integration.test_consult_jobs import clients_workbook

pytestmark = pytest.mark.db


@pytest.fixture
def world(app, make):  # type: ignore[no-untyped-def]
    a, b = make.enterprise("Alpha Works"), make.enterprise("Beta Process", industry_type="process")
    return {"a": a, "b": b, "advisor": make.user("advisor@x.cn", "consultant", clients=(a, b)),
            "boss": make.user("boss@x.cn", "enterprise", enterprise_id=a)}


def english(client) -> None:  # type: ignore[no-untyped-def]
    client.post("/lang/en", data={"csrf_token": csrf_token(client, "/account"), "next": "/"})


def test_the_consultant_lands_on_the_client_list_with_filters(client, auth, world):
    auth.login("advisor@x.cn")
    english(client)
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/clients")
    html = client.get("/clients").get_data(as_text=True)
    assert "Alpha Works" in html and "Beta Process" in html and "2 clients" in html
    filtered = client.get("/clients?type=process&q=beta").get_data(as_text=True)
    assert "Beta Process" in filtered and "Alpha Works" not in filtered and "1 client" in filtered
    assert "No client matches these filters." in client.get("/clients?status=submitted").get_data(as_text=True)


def test_other_roles_may_not_open_the_consultants_pages(client, auth, world):
    auth.login("boss@x.cn")
    for path in ("/clients", "/clients/new", "/portfolio", "/batch"):
        assert client.get(path).status_code == 403
    assert client.get("/batch", follow_redirects=False).status_code == 403
    AuthActions(client).logout()
    assert client.get("/clients").status_code == 302  # to the log-in page


def profile(n: int, **extra: str) -> dict[str, str]:
    return {"enterprise_name": "Gamma Foundry", "credit_code": credit_code(n), "industry_code": "C33",
            "industry_type": "discrete", "region_code": "", "city": "", "employees": "", "revenue_band": "", **extra}


def test_adding_a_client_checks_like_registration_and_keeps_the_consultant_logged_in(app, client, auth, world):
    auth.login("advisor@x.cn")
    english(client)
    token = csrf_token(client, "/clients/new")
    bad = client.post("/clients/new", data={**profile(50, credit_code="91320500000000001X"), "csrf_token": token})
    assert bad.status_code == 422
    assert "check digit" in bad.get_data(as_text=True)
    taken = client.post("/clients/new", data={**profile(1), "csrf_token": token})  # Alpha Works has code 1
    assert taken.status_code == 422 and "already registered" in taken.get_data(as_text=True)
    made = client.post("/clients/new", data={**profile(50), "csrf_token": token})
    assert made.status_code == 302
    assert "Gamma Foundry is now one of your clients." in client.get(made.headers["Location"]).get_data(as_text=True)
    assert client.get("/account").status_code == 200  # still logged in as the consultant
    with transaction(app) as s:
        gamma = s.exec(select(Enterprise).where(Enterprise.name == "Gamma Foundry")).one()
        assert s.get(ConsultantClient, (world["advisor"], gamma.id)) is not None


def start_full(client, enterprise_id: int) -> str:  # type: ignore[no-untyped-def]
    token = csrf_token(client, f"/enterprises/{enterprise_id}")
    response = client.post(f"/enterprises/{enterprise_id}/assessments", data={"variant": "full", "csrf_token": token})
    return response.headers["Location"]


def test_a_proxy_entry_is_shown_to_the_client_who_may_continue_it_only_after_taking_over(app, client, world):
    consultant, boss = AuthActions(client), app.test_client()
    consultant.login("advisor@x.cn")
    english(client)
    draft_url = start_full(client, world["a"])
    page = client.get(client.get(draft_url).headers["Location"]).get_data(as_text=True)
    assert "You are entering this assessment on behalf of Alpha Works" in page
    AuthActions(boss).login("boss@x.cn")
    english(boss)
    mine = boss.get(f"/enterprises/{world['a']}").get_data(as_text=True)
    assert "entered by your consultant" in mine and "Your consultant is entering it" in mine
    refused = boss.get(boss.get(draft_url).headers["Location"])
    assert refused.status_code == 403 and "only that consultant may change it" in refused.get_data(as_text=True)
    link = client.post(f"/clients/{world['a']}/invite",
                       data={"csrf_token": csrf_token(client, f"/enterprises/{world['a']}")}).get_data(as_text=True)
    url = re.search(r'id="invite-link" value="http://localhost(/invite/[^"]+)"', link).group(1)
    staff = app.test_client()
    form = staff.get(url)
    assert form.status_code == 200 and "Alpha Works" in form.get_data(as_text=True)
    taken = staff.post(url, data={"email": "staff@alpha.cn", "password": "correct-horse-9",
                                  "password2": "correct-horse-9", "csrf_token": csrf_token(staff, url)})
    assert taken.status_code == 302
    assert staff.get(staff.get(draft_url).headers["Location"]).status_code == 200
    assert staff.get(url).status_code == 404  # used once
    with transaction(app) as s:
        assert s.exec(select(User).where(User.email == "staff@alpha.cn")).one().enterprise_id == world["a"]
        assert s.exec(select(ProxyEntry)).one().handed_over_at is not None


def test_the_portfolio_shows_levels_and_changes(app, client, auth, world):
    from tests.services.test_consultants import submit

    submit(app, world, "demo-discrete-l1.json", "2024-01-10")
    submit(app, world, "demo-discrete-l3.json", "2025-01-10")
    auth.login("advisor@x.cn")
    english(client)
    html = client.get("/portfolio").get_data(as_text=True)
    assert "2 clients" in html and "1 client not assessed yet" in html
    assert "+" in html and "level 1 → 3" in html and "first assessment" not in html


def upload_file(client, content: bytes, name: str = "clients.xlsx"):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/batch")
    return client.post("/batch/uploads", data={"csrf_token": token, "files": [(io.BytesIO(content), name)]},
                       content_type="multipart/form-data")


def wait_done(client, job_id: int) -> dict:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").get_json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(job)


def test_the_batch_page_from_upload_to_the_downloads(app, client, auth, world, tmp_path):
    auth.login("advisor@x.cn")
    english(client)
    home = client.get("/batch").get_data(as_text=True)
    assert "/batch/template?layout=wide&amp;lang=zh" in home and "js/" not in home
    template = client.get("/batch/template?layout=wide&lang=en")
    assert template.status_code == 200 and CalamineWorkbook.from_filelike(io.BytesIO(template.data)).sheet_names
    report_url = upload_file(client, clients_workbook(tmp_path, error=True)).headers["Location"]
    report = client.get(report_url).get_data(as_text=True)
    assert "3 rows · 2 valid · 1 problem" in report
    assert "invalid rating; accepted: full, largely" in report and "<td data-label=\"Row\">4</td>" in report
    returned = client.get(report_url + "/rejected.xlsx?rows=all")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(returned.data)).get_sheet_by_index(0).to_python()
    assert len(rows) == 5 and "data.L2.01" in rows[3][0]
    token = csrf_token(client, report_url)
    refused = client.post(report_url + "/jobs", data={"csrf_token": token, "mode": "all-or-nothing", "kind": "import",
                                                      "lang": "en", "reports": "y", "park_id": ""})
    assert refused.status_code == 302 and refused.headers["Location"].endswith(report_url)
    assert "all or nothing: the upload has 1 problems" in client.get(report_url).get_data(as_text=True)
    started = client.post(report_url + "/jobs", data={"csrf_token": token, "mode": "valid-only", "kind": "import",
                                                      "lang": "en", "reports": "y", "park_id": ""})
    job_url = started.headers["Location"]
    page = client.get(job_url).get_data(as_text=True)
    assert 'src="/static/js/job-progress.js"' in page and "<progress" in page
    job = wait_done(client, int(job_url.rsplit("/", 1)[1]))
    assert job["status"] == "done", job
    done = client.get(job_url).get_data(as_text=True)
    assert "Results workbook" in done and "Zip of the PDF reports" in done
    with client.get(job["files"]["reports.zip"]) as archive:
        assert len([n for n in zipfile.ZipFile(io.BytesIO(archive.data)).namelist() if n.endswith(".pdf")]) == 2
    with transaction(app) as s:
        entry = s.exec(select(ProxyEntry)).first()
    result = client.get(f"/assessments/{entry.assessment_id}/result").get_data(as_text=True)
    assert "You entered this assessment on the client's behalf" in result
    assert "Imported from clients.xlsx, row 3." in result
    assert "submitted 2025-03-31 12:00" in result  # the file's assessment date, at noon China time


def test_a_batch_upload_may_exceed_the_ordinary_request_limit_up_to_its_own(app, client, auth, world):
    from werkzeug.datastructures import FileStorage, MultiDict
    from werkzeug.test import encode_multipart  # in memory: the test client spools big bodies to an unclosed file

    auth.login("advisor@x.cn")
    big = b"x" * (3 * 1024 * 1024)  # over MAX_CONTENT_LENGTH (2 MiB), under the batch limit
    assert app.config["MAX_CONTENT_LENGTH"] < len(big) < app.config["BATCH_UPLOAD_MAX_BYTES"]

    def post(content: bytes):  # type: ignore[no-untyped-def]
        fields = MultiDict([("csrf_token", csrf_token(client, "/batch")),
                            ("files", FileStorage(io.BytesIO(content), "big.csv"))])
        boundary, body = encode_multipart(fields)
        return client.post("/batch/uploads", data=body, content_type=f"multipart/form-data; boundary={boundary}")

    accepted = post(big)
    assert accepted.status_code == 302 and "/batch/uploads/" in accepted.headers["Location"]
    # Smaller than werkzeug's spooling size: a body cut off while spooled to disk leaves its temporary file open.
    app.config["BATCH_UPLOAD_MAX_BYTES"] = 100 * 1024
    assert post(big[: 200 * 1024]).status_code == 413
