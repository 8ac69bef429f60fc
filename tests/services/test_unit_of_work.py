"""Each entry point owns one transaction: a refused use case leaves nothing behind (defect 1 of issue 7)."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from maturity.domain.errors import MaturityError, Refused
from maturity.models import Enterprise, User
from maturity.services import accounts, organisations
from maturity.services.security import login
from tests.conftest import PASSWORD, credit_code, csrf_token, transaction

pytestmark = pytest.mark.db


def count(app, model) -> int:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def test_a_refused_user_is_not_written_by_the_next_use_case(app):
    """A caller that catches the refusal and carries on (as a batch loop does) must not write the refused user."""
    with transaction(app) as s:
        with pytest.raises(Refused):
            accounts.create_user(s, email="c@x.cn", password=PASSWORD, role="consultant", park_id=1)
        organisations.create_park(s, name="Next use case")
    assert count(app, User) == 0


def test_a_registration_refused_after_its_enterprise_was_added_leaves_no_enterprise(app, make):
    make.user("taken@x.cn", "admin")
    profile = {"name": "F", "credit_code": credit_code(7), "industry_code": "C34", "industry_type": "discrete"}
    with pytest.raises(Refused), transaction(app) as s:
        accounts.register(s, email="taken@x.cn", password=PASSWORD, name=None, enterprise=profile)
    assert count(app, Enterprise) == 0


def test_a_savepoint_per_row_keeps_the_good_rows_of_a_batch(app):
    """How a batch import groups rows: one transaction, a savepoint each; a refused row rolls back alone."""
    rows = [("a@x.cn", "admin", None), ("b@x.cn", "consultant", 1), ("c@x.cn", "admin", None)]
    refused = []
    with transaction(app) as s:
        for email, role, park in rows:
            try:
                with s.begin_nested():
                    accounts.create_user(s, email=email, password=PASSWORD, role=role, park_id=park)
            except MaturityError as exc:
                refused.append((email, exc.problems[0].where))
    assert refused == [("b@x.cn", "park")]
    with transaction(app) as s:
        assert sorted(u.email for u in s.exec(select(User))) == ["a@x.cn", "c@x.cn"]


def test_a_refused_web_registration_followed_by_another_request_writes_nothing(app, client, make):
    make.user("boss@x.cn", "admin")
    form = {
        "email": "boss@x.cn",
        "password": PASSWORD,
        "password2": PASSWORD,
        "enterprise_name": "Leaky Ltd",
        "credit_code": credit_code(9),
        "industry_code": "C34",
        "industry_type": "discrete",
        "csrf_token": csrf_token(client, "/auth/register"),
    }
    response = client.post("/auth/register", data=form)
    assert response.status_code == 422
    assert client.get("/auth/login").status_code == 200  # a later request commits its own work
    assert count(app, Enterprise) == 0


def test_the_cli_refusal_exits_2_and_a_later_command_writes_only_its_own(runner, app):
    from maturity.cli import cli

    refused = runner.invoke(
        cli, ["users", "create", "--email", "c@x.cn", "--role", "consultant", "--park", "1", "--password", PASSWORD]
    )
    assert refused.exit_code == 2 and "park" in refused.output
    assert runner.invoke(cli, ["parks", "create", "--name", "P"]).exit_code == 0
    assert count(app, User) == 0


def test_unknown_e_mail_and_wrong_password_both_check_a_password_hash(app, make, monkeypatch):
    """Login takes the same time for an unknown e-mail as for a wrong password: both run one hash check."""
    make.user("known@x.cn", "admin")
    calls = []
    real = login.check_password_hash
    monkeypatch.setattr(login, "check_password_hash", lambda h, p: calls.append(h) or real(h, p))
    with transaction(app) as s:
        assert accounts.authenticate(s, email="nobody@x.cn", password="whatever-123") is None
        assert accounts.authenticate(s, email="known@x.cn", password="whatever-123") is None
    assert len(calls) == 2 and calls[0] != calls[1]
