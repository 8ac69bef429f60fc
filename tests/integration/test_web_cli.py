"""`maturity db upgrade`, `users/tokens/enterprises/parks create`, `seed --demo` against the test database."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect
from sqlmodel import select

from maturity import db
from maturity.cli import cli
from tests.conftest import credit_code, transaction

pytestmark = pytest.mark.db


def test_create_commands_print_ids_and_tokens(runner):
    park = runner.invoke(cli, ["parks", "create", "--name", "高新区"])
    assert park.exit_code == 0, park.output
    company = runner.invoke(
        cli,
        [
            "enterprises",
            "create",
            "--name",
            "E",
            "--credit-code",
            credit_code(7),
            "--industry",
            "C34",
            "--type",
            "discrete",
            "--park",
            park.output.strip(),
            "--region",
            "32",
        ],
    )
    assert company.exit_code == 0, company.output
    eid = company.output.strip()
    assert eid.isdigit()
    user = runner.invoke(
        cli,
        [
            "users",
            "create",
            "--email",
            "u@x.cn",
            "--role",
            "enterprise",
            "--enterprise",
            eid,
            "--password",
            "long-enough-1",
        ],
    )
    assert user.exit_code == 0, user.output
    token = runner.invoke(cli, ["tokens", "create", "--email", "u@x.cn"])
    assert token.exit_code == 0 and len(token.output.strip()) >= 40


def test_bad_input_is_refused_with_a_readable_message(runner):
    bad = runner.invoke(
        cli,
        [
            "enterprises",
            "create",
            "--name",
            "E",
            "--credit-code",
            "91350100M000100Y44",
            "--industry",
            "C34",
            "--type",
            "discrete",
        ],
    )
    assert bad.exit_code == 2 and "check digit" in bad.output
    wrong = runner.invoke(
        cli,
        [
            "enterprises",
            "create",
            "--name",
            "E",
            "--credit-code",
            credit_code(8),
            "--industry",
            "C99",
            "--type",
            "discrete",
        ],
    )
    assert wrong.exit_code == 2 and "C13–C43" in wrong.output
    nobody = runner.invoke(cli, ["tokens", "create", "--email", "nobody@x.cn"])
    assert nobody.exit_code == 2


def test_seed_demo_loads_enterprises_with_results_once(runner, app):
    first = runner.invoke(cli, ["seed", "--demo"])
    assert first.exit_code == 0, first.output
    assert "park@demo.local" in first.output and "consultant@demo.local" in first.output
    again = runner.invoke(cli, ["seed", "--demo"])
    assert again.exit_code == 0, again.output
    from maturity import store
    from maturity.demo import GENERATED
    from maturity.demo_park import credit_code as generated_code
    from maturity.models import Enterprise

    generated = {generated_code(n) for n in range(GENERATED)}
    with transaction(app) as s:
        companies = s.exec(select(Enterprise)).all()
        handwritten = [c for c in companies if c.credit_code not in generated]
        levels = sorted(
            a.level
            for c in handwritten
            for a in store.assessments_of(session=s, enterprise_id=c.id)
            if a.variant == "full"
        )
        years = {a.submitted_at.year for c in companies for a in store.assessments_of(session=s, enterprise_id=c.id)}
        park_ids = {c.park_id for c in companies}
    # The three hand-written enterprises keep their levels; the park holds at least 30 over two years, once.
    assert len(handwritten) == 3 and levels == [1, 2, 3]
    assert len(companies) == 3 + GENERATED >= 30 and len(park_ids) == 1 and len(years) == 2
    assert "region@demo.local" in first.output


def test_db_upgrade_creates_the_schema_and_commands_refuse_an_unmigrated_database(tmp_path):
    from click.testing import CliRunner

    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    runner = CliRunner(env={"MATURITY_DATABASE_URL": url, "MATURITY_SECRET_KEY": "x"})
    refused = runner.invoke(cli, ["parks", "create", "--name", "P"])
    assert refused.exit_code == 1 and "maturity db upgrade" in refused.output
    done = runner.invoke(cli, ["db", "upgrade"])
    assert done.exit_code == 0, done.output
    engine = create_engine(url)
    try:
        assert {"users", "enterprises", "assessments", "answers", "api_tokens"} <= set(
            inspect(engine).get_table_names()
        )
        assert db.schema_state(engine)[0] == db.schema_state(engine)[1]
    finally:
        engine.dispose()
    assert runner.invoke(cli, ["parks", "create", "--name", "P"]).output.strip() == "1"
