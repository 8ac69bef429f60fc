"""Schemathesis against docs/openapi.yaml through the Flask app (WSGI): no 500, every response as documented."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from maturity.models import User
from maturity.services import accounts
from tests.conftest import transaction

pytestmark = [pytest.mark.db, pytest.mark.slow]
SPEC = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


# No 500, and every answer as documented (status listed, content type, body schema, headers). Refusals of
# schema-valid but meaningless input (an enterprise that does not exist, unknown requirement IDs) are the
# API doing its job, so "positive data acceptance" is not asked for.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
EXAMPLES = 25  # per operation: bounded, so the whole document takes well under a few minutes


def _operations(app):  # type: ignore[no-untyped-def]
    loaded = schemathesis.openapi.from_path(SPEC)
    loaded.app = app
    return [result.ok() for result in loaded.get_all_operations()]


def test_the_api_conforms_to_its_document(app, make):
    eid = make.enterprise("Factory A")
    make.user("a@example.com", "enterprise", enterprise_id=eid)
    admin = make.user("admin@example.com", "admin")
    with transaction(app) as s:
        token = accounts.create_token(s, user=s.get(User, admin))
    headers = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    calls = []
    operations = _operations(app)
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):  # type: ignore[no-untyped-def]
            calls.append(case.call_and_validate(headers=headers, checks=CHECKS).status_code)

        try:
            check()
        except Exception as exc:  # noqa: BLE001  (every operation is tried; all failures are reported together)
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
    assert len(operations) >= 15 and len(calls) >= 5 * len(operations), (len(operations), len(calls))
    assert 500 not in calls
