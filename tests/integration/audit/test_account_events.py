"""Account and team changes are audited: passwords, second factor, API tokens, invitations and requests to join."""

from __future__ import annotations

import pyotp
import pytest

from maturity.models import Enterprise, User
from maturity.services import team
from maturity.services.security import passwords, second_factor, tokens
from tests.conftest import PASSWORD, transaction
from tests.integration.audit.test_audit_log import events

pytestmark = pytest.mark.db


def test_password_second_factor_and_token_changes_are_recorded_never_their_secrets(app, make):
    uid = make.user("boss@x.cn", "enterprise", enterprise_id=make.enterprise())
    with transaction(app) as s:
        user = s.get(User, uid)
        passwords.change_password(s, user, current=PASSWORD, new="a-much-longer-pass-phrase-7")
        secret = second_factor.new_secret()
        second_factor.enrol(s, user, secret=secret, code=pyotp.TOTP(secret).now())
        row, raw = tokens.create(s, user=user, name="nightly", days=30)
        tokens.revoke(s, user=user, token_id=row.id or 0)
    actions = [e.action for e in events(app) if e.actor_id == uid]
    assert actions == ["user.password", "user.totp.enrol", "token.create", "token.revoke"]
    stored = repr([(e.detail, e.target_id) for e in events(app)])
    assert "a-much-longer-pass-phrase-7" not in stored and raw not in stored and secret not in stored


def test_invitations_and_requests_to_join_are_recorded_with_the_enterprise_and_role(app, make):
    eid = make.enterprise()
    owner_id = make.user("owner@x.cn", "enterprise", enterprise_id=eid)
    asker_id = make.user("asker@x.cn", "enterprise", enterprise_id=make.enterprise("Elsewhere"))
    with transaction(app) as s:
        owner = s.get(User, owner_id)
        invite, _ = team.invite(s, owner=owner, enterprise_id=eid, role="reviewer", email="rev@x.cn")
        team.revoke_invite(s, owner=owner, invite_id=invite.id or 0)
    with transaction(app) as s:
        credit = s.get(Enterprise, eid).credit_code
        request = team.request_to_join(s, user=s.get(User, asker_id), credit_code=credit)
        team.decide(s, owner=s.get(User, owner_id), request_id=request.id or 0, approve=True, role="respondent")
    by_action = {e.action: e for e in events(app)}
    assert by_action["member.invite"].detail == {"enterprise_id": eid, "role": "reviewer", "email": "rev@x.cn"}
    assert by_action["member.invite.revoke"].actor_id == owner_id
    assert by_action["join.request"].actor_id == asker_id and by_action["join.request"].detail == {"enterprise_id": eid}
    approved = by_action["join.approve"]
    assert approved.actor_id == owner_id and approved.detail == {"enterprise_id": eid, "user_id": asker_id,
                                                                  "role": "respondent"}
