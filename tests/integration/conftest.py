"""Fixtures shared by the integration tests of the team's pages and API."""

from __future__ import annotations

import pytest

from maturity.models import Assessment, User
from maturity.services import assessments
from tests.conftest import team_with_draft, transaction

REQ = "production.operations.L1.01"  # the requirement the crew's respondents disagree on


@pytest.fixture
def crew(app, make):  # type: ignore[no-untyped-def]
    """Owner, respondents Ann and Bob, reviewer Rev; a full draft on which Ann and Bob disagree on REQ."""
    ids = team_with_draft(app, make)
    with transaction(app) as s:
        draft = s.get(Assessment, ids["a"])
        for who, rating in (("ann", "full"), ("bob", "partial")):
            assessments.save_answers(s, user=s.get(User, ids[who]), assessment=draft, answers={REQ: (rating, None)})
    return ids
