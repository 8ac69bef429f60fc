"""Smaller API defects: quick-check answers with a comment, time zones in the output, `lang` enum."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from tests.hostile.test_hostile_input import DEMO, _send, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.db


def test_a_quick_check_answer_may_carry_a_comment(client, world):  # noqa: F811
    raw = json.loads((DEMO / "quick-example.json").read_text("utf-8"))
    raw.pop("enterprise", None)
    first = next(iter(raw["answers"]))
    raw["answers"][first] = {"rating": raw["answers"][first], "comment": "车间抽查"}
    response = _send(client, "POST", "/api/v1/assessments", {**raw, "enterprise_id": world["eid"]},
                     "application/json", world["token"])
    assert response.status_code == 201, response.get_json()


def test_times_carry_a_time_zone(client, world):  # noqa: F811
    raw = json.loads((DEMO / "quick-example.json").read_text("utf-8"))
    raw.pop("enterprise", None)
    created = _send(client, "POST", "/api/v1/assessments", {**raw, "enterprise_id": world["eid"]},
                    "application/json", world["token"]).get_json()
    body = _send(client, "GET", f"/api/v1/assessments/{created['id']}", None, "", world["token"]).get_json()
    for key in ("started_at", "submitted_at"):
        assert datetime.fromisoformat(body[key]).tzinfo is not None, body[key]
    listed = _send(client, "GET", f"/api/v1/assessments?enterprise_id={world['eid']}", None, "", world["token"])
    assert all(datetime.fromisoformat(a["started_at"]).tzinfo for a in listed.get_json()["assessments"])
