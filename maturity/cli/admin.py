"""Administration: `db upgrade`, `users`, `enterprises`, `parks`, `seed --demo`, `serve`."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from sqlmodel import Session

from .. import db
from ..domain.errors import MaturityError
from ..models import ROLES
from ..resources import resource_dir
from ..services import accounts, audit, organisations
from ..services.evidence_store import StoreSettingError
from . import fail_with


def configured_app(check_schema: bool = True) -> Any:
    """The web app's configuration (defaults, instance file, MATURITY_* environment) and engine."""
    from ..web import create_app

    try:
        return create_app(None if check_schema else {"SCHEMA_CHECK": False})
    except (db.SchemaNotCurrent, StoreSettingError) as exc:
        raise click.ClickException(str(exc)) from exc


def _operator() -> str:
    """Who runs a command, as the audit log's "from where": the system account and the host."""
    try:
        return f"{getpass.getuser()}@{socket.gethostname()}"[:64]
    except (KeyError, OSError):  # no passwd entry for the uid (containers): the host alone
        return socket.gethostname()[:64]


@contextmanager
def unit_of_work(check_schema: bool = True) -> Iterator[Session]:
    """One transaction for one command: committed when it succeeds, rolled back on any refusal."""
    engine = configured_app(check_schema).extensions["maturity.engine"]
    try:
        with audit.origin(audit.Origin("cli", address=_operator())), db.transaction(engine) as session:
            yield session
    except MaturityError as exc:
        raise fail_with(exc) from exc
    finally:
        engine.dispose()


@click.group("db")
def db_group() -> None:
    """The database schema."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def db_upgrade(revision: str) -> None:
    """Create or migrate the database (MATURITY_DATABASE_URL, else SQLite in the instance folder)."""
    app = configured_app(check_schema=False)
    engine = app.extensions["maturity.engine"]
    engine.dispose()
    db.upgrade(db.database_url(app.config, app.instance_path), revision)
    click.echo(f"Database at {revision}: {engine.url.render_as_string(hide_password=True)}")


@click.group("users")
def users_group() -> None:
    """User accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--enterprise", "enterprise_id", type=int, help="The enterprise of an enterprise user.")
@click.option("--park", "park_id", type=int, help="The park of a park administrator.")
@click.option("--region", "region_code", help="The region (province or city code) of a regional administrator.")
@click.option("--password", required=True, prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default=None)
def users_create(
    email: str, role: str, enterprise_id: int | None, park_id: int | None, region_code: str | None, password: str,
    name: str | None,
) -> None:
    """Create a user; prints the new user's ID."""
    with unit_of_work() as session:
        user = accounts.create_user(
            session,
            email=email,
            password=password,
            role=role,
            name=name,
            enterprise_id=enterprise_id,
            park_id=park_id,
            region_code=region_code,
        )
        audit.record(session, None, "user.create", target=user, detail={"email": user.email, "role": user.role})
        click.echo(user.id)


@users_group.command("unlock")
@click.argument("email")
def users_unlock(email: str) -> None:
    """Unlock an account locked after too many failed log-ins."""
    from ..services.security import lockout

    with unit_of_work() as session:
        click.echo(f"unlocked {lockout.unlock(session, email=email).email}")


@users_group.command("reset-2fa")
@click.argument("email")
def users_reset_second_factor(email: str) -> None:
    """Remove a user's second factor and recovery codes (staff set it up again at their next log-in)."""
    from ..services.security import second_factor

    with unit_of_work() as session:
        click.echo(f"second factor reset for {second_factor.reset(session, email=email).email}")


@click.group("enterprises")
def enterprises_group() -> None:
    """Enterprises."""


@enterprises_group.command("create")
@click.option("--name", required=True)
@click.option("--credit-code", required=True, help="18-character unified social credit code (GB 32100).")
@click.option("--industry", required=True, help="GB/T 4754-2017 division, C13–C43.")
@click.option("--type", "industry_type", required=True, type=click.Choice(["discrete", "process"]))
@click.option("--park", "park_id", type=int)
@click.option("--region", help="GB/T 2260 province code, e.g. 32.")
@click.option("--city")
@click.option("--above-designated-size/--below-designated-size", default=False,
              help="Above designated size (规上): yearly revenue of 20 million yuan or more.")
@click.option("--employees", type=click.IntRange(0))
@click.option("--revenue-band", type=click.Choice(["lt20m", "20m_400m", "ge400m"]),
              help="Yearly revenue: < 20 million, 20–400 million, ≥ 400 million yuan.")
def enterprises_create(
    name: str,
    credit_code: str,
    industry: str,
    industry_type: str,
    park_id: int | None,
    region: str | None,
    city: str | None,
    above_designated_size: bool,
    employees: int | None,
    revenue_band: str | None,
) -> None:
    """Create an enterprise; prints its ID."""
    with unit_of_work() as session:
        company = organisations.create_enterprise(
            session,
            data={
                "name": name,
                "credit_code": credit_code,
                "industry_code": industry,
                "industry_type": industry_type,
                "park_id": park_id,
                "region_code": region,
                "city": city,
                "above_designated_size": above_designated_size,
                "employees": employees,
                "revenue_band": revenue_band,
            },
        )
        click.echo(company.id)


@click.group("parks")
def parks_group() -> None:
    """Industrial parks."""


@parks_group.command("create")
@click.option("--name", required=True)
@click.option("--region", help="The region's code (created with `maturity regions create`, or a province code).")
def parks_create(name: str, region: str | None) -> None:
    """Create a park; prints its ID."""
    with unit_of_work() as session:
        click.echo(organisations.create_park(session, name=name, region_code=region).id)


@click.group("regions")
def regions_group() -> None:
    """Regions (a province or a city) that group parks for regional administrators."""


@regions_group.command("create")
@click.option("--code", required=True, help="GB/T 2260 code: 2 digits for a province (32), 4 for a city (3205).")
@click.option("--name", help="The region's name (a province's defaults to its official name).")
def regions_create(code: str, name: str | None) -> None:
    """Create a region; prints its code."""
    with unit_of_work() as session:
        click.echo(organisations.create_region(session, code=code, name=name).code)


@click.command("seed")
@click.option("--demo", is_flag=True, required=True, help="Load the demo park, users and enterprises.")
@click.option("--password", default="demo-password", show_default=True, help="Password of every demo user.")
def seed(demo: bool, password: str) -> None:
    """Load demo data (a park, its admin, a consultant, enterprises with results); print the log-ins."""
    from ..demo import load_demo

    with unit_of_work() as session:
        for role, email in load_demo(session, password=password, folder=resource_dir("seeds") / "demo"):
            click.echo(f"{role:<12} {email:<28} {password}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option("--threads", default=1, show_default=True, type=int)
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the web app with gunicorn. Over plain http set MATURITY_SESSION_COOKIE_SECURE=false."""
    from gunicorn.app.base import BaseApplication

    from ..web import create_app

    try:
        app = create_app()  # fail here, once, with a readable message on an unmigrated database or bad store
    except (db.SchemaNotCurrent, StoreSettingError) as exc:
        raise click.ClickException(str(exc)) from exc
    app.extensions["maturity.engine"].dispose()  # no pooled connection may cross the fork into workers

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "accesslog": "-",
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):  # type: ignore[no-untyped-def]
            return app

    click.echo(f"Serving on http://{host}:{port} with {workers} workers")
    Server().run()
