"""The results page renders from the stored score rows (no scoring on a view) and draws its charts once per version."""

from __future__ import annotations

import re

import pytest

from maturity.domain.instrument import FullInstrument, QuickInstrument
from maturity.models import Assessment
from maturity.services.rescoring import rescore_onto
from tests.conftest import csrf_token, transaction
from tests.integration.test_web_assessment_flow import fill_from_demo, start, submit_quick

pytestmark = pytest.mark.db
CHARTS = re.compile(r'src="(data:image/svg\+xml;base64,[^"]+)"')


@pytest.fixture
def factory(make, auth):
    """An enterprise user, logged in; returns the enterprise ID."""
    eid = make.enterprise("示例机械", "discrete")
    make.user("boss@f.cn", "enterprise", enterprise_id=eid)
    auth.login("boss@f.cn")
    return eid


def no_scoring(monkeypatch):
    """Make every scoring raise: a view that scores fails loudly."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("the results page scored the answers again")
    monkeypatch.setattr(FullInstrument, "score", refuse)
    monkeypatch.setattr(QuickInstrument, "score", refuse)
    monkeypatch.setattr("maturity.domain.scoring.score", refuse)


def count_drawings(monkeypatch):
    """Count the charts drawn for the page (two per drawing: the heat map and the level bars)."""
    from maturity.web.assessments import results

    calls: list[int] = []
    for name in ("subdomain_chart_svg", "level_bars_svg"):
        real = getattr(results, name)
        monkeypatch.setattr(results, name, lambda *a, real=real: calls.append(1) or real(*a))
    return calls


def test_the_results_page_reads_the_stored_rows_and_draws_its_charts_once_per_version(client, factory, app,
                                                                                    monkeypatch):
    from maturity.reporting.chart_cache import charts_of_assessments

    charts_of_assessments.clear()
    aid = start(client, factory)
    fill_from_demo(app, aid)
    client.post(f"/assessments/{aid}/submit", data={"csrf_token": csrf_token(client, "/account")})
    no_scoring(monkeypatch)
    drawn = count_drawings(monkeypatch)
    first = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    assert "比第 3 级门槛高 0.03：2 项答案降级就会回到第 2 级" in first and "预测性维护" in first
    assert "累计提升路径" in first and "门槛" in first
    assert len(drawn) == 2  # the heat map and the level bars
    second = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    assert len(drawn) == 2 and CHARTS.findall(first) == CHARTS.findall(second)
    client.post("/lang/en", data={"csrf_token": csrf_token(client, "/account")})
    english = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    assert "Level 3: Integrated" in english and "How the level was worked out" in english and len(drawn) == 4

    monkeypatch.undo()  # re-scoring scores, of course
    with transaction(app) as s:
        assessment = s.get(Assessment, aid)
        assert rescore_onto(s, assessment, to_version=assessment.questionnaire_version).status == "rescored"
    drawn = count_drawings(monkeypatch)
    no_scoring(monkeypatch)
    third = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    assert len(drawn) == 2 and "Level 3: Integrated" in third  # a new score row: drawn again


def test_a_quick_check_result_renders_without_scoring(client, factory, app, monkeypatch):
    aid = submit_quick(client, factory)
    no_scoring(monkeypatch)
    html = client.get(f"/assessments/{aid}/result").get_data(as_text=True)
    assert "指示性" in html and 'src="data:image/svg+xml;base64,' in html


def test_the_report_of_a_submitted_assessment_is_built_from_the_stored_rows(client, factory, app, monkeypatch):
    aid = start(client, factory)
    fill_from_demo(app, aid)
    client.post(f"/assessments/{aid}/submit", data={"csrf_token": csrf_token(client, "/account")})
    no_scoring(monkeypatch)
    response = client.get(f"/api/v1/assessments/{aid}/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
