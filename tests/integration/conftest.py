"""Fixtures shared by the integration tests of the team's pages and API."""

from __future__ import annotations

import pytest

from maturity.models import Enterprise, User
from maturity.services import assessments
from tests.conftest import join_team, transaction

REQ = "production.operations.L1.01"  # the requirement the crew's respondents disagree on


@pytest.fixture
def crew(app, make):  # type: ignore[no-untyped-def]
    """Owner, respondents Ann and Bob, reviewer Rev; a full draft on which Ann and Bob disagree on REQ."""
    eid = make.enterprise("Team Works")
    ids = {"e": eid, "owner": make.user("owner@x.cn", "enterprise", enterprise_id=eid)}
    with transaction(app) as s:
        owner = s.get(User, ids["owner"])
        ids |= join_team(s, owner, eid, {"ann": "respondent", "bob": "respondent", "rev": "reviewer"})
        draft = assessments.start_assessment(s, user=owner, enterprise=s.get(Enterprise, eid), variant="full")
        ids["a"] = draft.id
        for who, rating in (("ann", "full"), ("bob", "partial")):
            assessments.save_answers(s, user=s.get(User, ids[who]), assessment=draft, answers={REQ: (rating, None)})
    return ids
