"""Shared fixtures: a migrated database per test (SQLite, and PostgreSQL when configured), the app, clients.

Set MATURITY_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run every
database test on PostgreSQL too; each test session creates and drops its own database there.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import create_engine, make_url, text

PG_URL = os.environ.get("MATURITY_TEST_DATABASE_URL")
# Staff log in without a second factor in tests that are not about it (every app, also the e2e servers, reads
# MATURITY_* from the environment); tests of the second factor set SECOND_FACTOR_ROLES themselves.
os.environ.setdefault("MATURITY_SECOND_FACTOR_ROLES", "[]")
os.environ.setdefault("MATURITY_REGISTRATION_CONFIRM_BY_EMAIL", "false")  # its own tests switch it on
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]
PASSWORD = "correct-horse-9"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes() -> Iterator[str]:
    """Hash test users' passwords with 1,000 rounds of PBKDF2, not the product's scrypt (0.1 s each, and the
    suite creates and logs in thousands of users); yields the product's own method."""
    from maturity.services.security import passwords

    shipped = passwords.HASH_METHOD
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "HASH_METHOD", "pbkdf2:sha256:1000")
        yield shipped


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once keeps the suite fast)."""
    from maturity import db

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database of this test session's own, migrated, dropped at the end."""
    from maturity import db

    assert PG_URL
    name = f"maturity_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        db.upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _truncate(url: str) -> None:
    from sqlmodel import SQLModel

    import maturity.models  # noqa: F401

    engine = create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database: a fresh SQLite copy, or the session's PostgreSQL database emptied."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("pg_database")
    _truncate(url)
    yield url
    _truncate(url)


@pytest.fixture
def app_config(db_url: str, tmp_path: Path) -> dict[str, Any]:
    """The settings every test app gets; tests may change them before `app` is built."""
    return {
        "TESTING": True,
        "DATABASE_URL": db_url,
        "SECRET_KEY": "test-secret",
        "SESSION_COOKIE_SECURE": False,
        "LOGIN_RATE_LIMIT": "5 per minute",
    }


class SessionTemplates(BytecodeCache):
    """Compiled templates kept for the whole test session, shared by the apps of every test (each builds its own,
    and compiling the templates again for each was a sixth of a web test's time). Jinja checks each entry against
    its template's source, and every test app has the same Jinja settings."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Jinja's hook: fill the bucket when the template was compiled before."""
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Jinja's hook: keep a freshly compiled template."""
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = SessionTemplates()


@pytest.fixture
def app(app_config: dict[str, Any], tmp_path: Path) -> Iterator[Flask]:
    """The app on a migrated test database."""
    from maturity.web import create_app

    application = create_app(app_config)
    application.instance_path = str(tmp_path / "instance")
    application.jinja_env.bytecode_cache = TEMPLATES
    yield application
    application.extensions["maturity.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser without cookies."""
    return app.test_client()


@pytest.fixture
def runner(db_url: str) -> CliRunner:
    """Runs `maturity` commands against the test database."""
    return CliRunner(env={"MATURITY_DATABASE_URL": db_url, "MATURITY_SECRET_KEY": "test-secret"})


def csrf_token(client: FlaskClient, path: str = "/auth/login") -> str:
    """The CSRF token of the client's session, read from a page's form."""
    found = TOKEN.search(client.get(path).get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


class AuthActions:
    """Log a client in and out through the real forms."""

    def __init__(self, client: FlaskClient):
        self.client = client

    def login(self, email: str, password: str = PASSWORD, client: FlaskClient | None = None) -> Any:
        """Post the log-in form; returns the response."""
        browser = client or self.client
        return browser.post(
            "/auth/login", data={"email": email, "password": password, "csrf_token": csrf_token(browser)}
        )

    def logout(self) -> Any:
        """Post the log-out form."""
        return self.client.post("/auth/logout", data={"csrf_token": csrf_token(self.client, "/account")})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Log-in helper for `client`."""
    return AuthActions(client)


def credit_code(n: int) -> str:
    """A valid unified social credit code, different for each n."""
    from maturity.domain.credit_code import check_digit

    first17 = f"913205000000{n:05d}"
    return first17 + check_digit(first17)


def join_team(session: Any, owner: Any, enterprise_id: int, roles: dict[str, str]) -> dict[str, int]:
    """Colleagues who join the owner's team by invitation link: {name: role} → {name: user id}; NAME@x.cn."""
    from maturity.services import team

    ids = {}
    for name, role in roles.items():
        _invite, token = team.invite(session, owner=owner, enterprise_id=enterprise_id, role=role)
        user = team.accept(session, token=token, email=f"{name}@x.cn", password=PASSWORD, name=name.title())
        ids[name] = user.id
    return ids


def team_with_draft(app: Flask, make: Any) -> dict[str, int]:
    """Enterprise "Team Works": owner, respondents Ann and Bob, reviewer Rev, and a full draft ("a")."""
    from maturity.models import Enterprise, User
    from maturity.services import assessments

    eid = make.enterprise("Team Works")
    ids = {"e": eid, "owner": make.user("owner@x.cn", "enterprise", enterprise_id=eid)}
    with transaction(app) as s:
        owner = s.get(User, ids["owner"])
        ids |= join_team(s, owner, eid, {"ann": "respondent", "bob": "respondent", "rev": "reviewer"})
        ids["a"] = assessments.start_assessment(s, user=owner, enterprise=s.get(Enterprise, eid), variant="full").id
    return ids


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"  # the smallest file that is a PDF by its content


def transaction(app: Flask) -> Any:
    """A unit of work on the app's database, committed when the block ends (as a CLI command does)."""
    from maturity import db

    return db.transaction(app.extensions["maturity.engine"])


class Maker:
    """Creates users, parks and enterprises straight through the services layer, one transaction each."""

    def __init__(self, app: Flask):
        self.app = app
        self.count = 0

    def park(self, name: str = "Park") -> int:
        from maturity.services import organisations

        with transaction(self.app) as session:
            return organisations.create_park(session, name=name).id or 0

    def enterprise(self, name: str = "Factory", industry_type: str = "discrete", park_id: int | None = None) -> int:
        from maturity.services import organisations

        self.count += 1
        profile = {
            "name": name,
            "credit_code": credit_code(self.count),
            "industry_code": "C34",
            "industry_type": industry_type,
            "park_id": park_id,
        }
        with transaction(self.app) as session:
            return organisations.create_enterprise(session, data=profile).id or 0

    def user(
        self,
        email: str,
        role: str,
        *,
        enterprise_id: int | None = None,
        park_id: int | None = None,
        region: str | None = None,
        clients: tuple[int, ...] = (),
    ) -> int:
        from maturity.models import Enterprise
        from maturity.services import accounts, organisations

        with transaction(self.app) as session:
            user = accounts.create_user(
                session, email=email, password=PASSWORD, role=role, enterprise_id=enterprise_id, park_id=park_id,
                region_code=region,
            )
            for eid in clients:
                organisations.link_consultant(session, consultant=user, enterprise=session.get(Enterprise, eid))
            return user.id or 0


@pytest.fixture
def make(app: Flask) -> Maker:
    """Factory for users, parks and enterprises."""
    return Maker(app)


DEMO = Path(__file__).resolve().parents[1] / "seeds" / "demo"


def demo_page_answers(name: str, version: str) -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
    """A demo answer set (given to 1.0.0) as the wizard would save it into a draft of `version`:
    answers carried by requirement ID, the requirements new since then answered fully met; and the trimming."""
    import json

    from maturity.domain.versioning import map_answers
    from maturity.questionnaires import shipped

    doc = json.loads((DEMO / name).read_text("utf-8"))
    chain = shipped().chain(doc["questionnaire"], doc["questionnaire_version"], version)
    mapping = map_answers(doc["answers"], chain, doc["industry"], doc.get("trimmed") or {})
    answers = {
        rid: ((v["rating"], v.get("comment")) if isinstance(v, dict) else (str(v), None))
        for rid, v in {**mapping.answers, **dict.fromkeys(mapping.new, "full")}.items()
    }
    return answers, mapping.trimmed


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3 endpoint over HTTP on 127.0.0.1 (moto's server on a free port): no internet, no mocks in-process."""
    import socket

    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A fresh bucket and the settings that store evidence in it; credentials only in the environment, as
    in production (boto3's chain), with the machine's ~/.aws files kept out."""
    import boto3

    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"), ("AWS_CONFIG_FILE", "/nonexistent")):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    bucket = f"evidence-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    return {
        "EVIDENCE_STORE": "s3",
        "EVIDENCE_S3_BUCKET": bucket,
        "EVIDENCE_S3_PREFIX": "maturity/evidence",
        "EVIDENCE_S3_ENDPOINT_URL": s3_endpoint,
        "EVIDENCE_S3_REGION": "us-east-1",
    }


def s3_objects(settings: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{object name: its head (content type, disposition)} of every object in the settings' bucket."""
    import boto3

    client = boto3.client("s3", endpoint_url=settings["EVIDENCE_S3_ENDPOINT_URL"], region_name="us-east-1")
    listed = client.list_objects_v2(Bucket=settings["EVIDENCE_S3_BUCKET"]).get("Contents", [])
    return {o["Key"]: client.head_object(Bucket=settings["EVIDENCE_S3_BUCKET"], Key=o["Key"]) for o in listed}
