"""Single reports render in a bounded number of slots with a time limit: a busy server answers 503 with
Retry-After at once, and /healthz stays responsive."""

from __future__ import annotations

import threading
import time

import pytest

from tests.hostile.test_hostile_input import _quick, _send, assert_errors_shape, world  # noqa: F401

pytestmark = pytest.mark.db


@pytest.fixture
def app_config(app_config):
    return {**app_config, "REPORT_SLOTS": 1, "REPORT_TIME_LIMIT": 8}


def _submitted(client, world) -> int:  # noqa: F811
    created = _send(client, "POST", "/api/v1/assessments", _quick(world["eid"]), "application/json", world["token"])
    assert created.status_code == 201
    return int(created.get_json()["id"])


def test_a_second_report_is_refused_while_the_only_slot_renders(app, client, world, monkeypatch):  # noqa: F811
    from maturity.reporting import pdf

    aid = _submitted(client, world)
    release, started = threading.Event(), threading.Event()

    def slow(*_args, **_kwargs):
        started.set()
        release.wait(10)
        return b"%PDF-slow"

    monkeypatch.setattr(pdf, "build_report", slow)
    first: dict = {}
    thread = threading.Thread(target=lambda: first.setdefault(
        "r", _send(app.test_client(), "GET", f"/api/v1/assessments/{aid}/report.pdf", None, "", world["token"])))
    thread.start()
    assert started.wait(5)
    began = time.monotonic()
    second = _send(client, "GET", f"/api/v1/assessments/{aid}/report.pdf", None, "", world["token"])
    assert second.status_code == 503 and int(second.headers["Retry-After"]) > 0
    assert_errors_shape(second)
    assert client.get("/healthz").status_code == 200
    assert time.monotonic() - began < 5  # at once, not after the render (held for up to 10 s)
    release.set()
    thread.join(10)
    assert first["r"].status_code == 200 and first["r"].data == b"%PDF-slow"


def test_a_report_over_its_time_limit_answers_503(app, client, world, monkeypatch):  # noqa: F811
    from maturity.reporting import pdf

    aid = _submitted(client, world)
    app.config["REPORT_TIME_LIMIT"] = 1
    release = threading.Event()
    monkeypatch.setattr(pdf, "build_report", lambda *a, **k: release.wait(10) and b"")
    began = time.monotonic()
    response = _send(client, "GET", f"/api/v1/assessments/{aid}/report.pdf", None, "", world["token"])
    release.set()
    assert response.status_code == 503 and time.monotonic() - began < 6
    assert_errors_shape(response)
