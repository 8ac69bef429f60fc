"""`maturity tokens list|create|revoke`: a user's API tokens from the command line."""

from __future__ import annotations

import click

from .. import store
from ..models import ApiToken, User
from ..services.security import tokens
from . import BadInput
from .admin import unit_of_work


def _user(session, email: str) -> User:  # type: ignore[no-untyped-def]
    user = store.user_by_email(session=session, email=email)
    if user is None:
        raise BadInput(f"no user with e-mail {email}")
    return user


def _state(row: ApiToken) -> str:
    return "revoked" if row.revoked else ("active" if tokens.is_usable(row) else "expired")


def _when(moment) -> str:  # type: ignore[no-untyped-def]
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


@click.group("tokens")
def tokens_group() -> None:
    """API tokens: list, create (printed once), revoke."""


@tokens_group.command("list")
@click.option("--email", required=True, help="Whose tokens.")
def tokens_list(email: str) -> None:
    """List a user's tokens: ID, state, name, created, expires, last used (the secrets are never shown again)."""
    with unit_of_work() as session:
        for row in tokens.of_user(session, _user(session, email)):
            click.echo("\t".join([str(row.id), _state(row), row.name or "-", _when(row.created_at),
                                  _when(row.expires_at), _when(row.last_used_at)]))


@tokens_group.command("create")
@click.option("--email", required=True)
@click.option("--name", default=None, help="A label to recognise the token by.")
@click.option("--days", type=click.IntRange(1, tokens.MAX_DAYS), default=None,
              help="Expire after this many days (default: never).")
def tokens_create(email: str, name: str | None, days: int | None) -> None:
    """Create an API token for a user and print it (it is shown only this once)."""
    with unit_of_work() as session:
        click.echo(tokens.create(session, user=_user(session, email), name=name, days=days)[1])


@tokens_group.command("revoke")
@click.option("--email", required=True, help="The token's owner.")
@click.argument("token_id", type=click.IntRange(1, 2**31 - 1))
def tokens_revoke(email: str, token_id: int) -> None:
    """Revoke a token by its ID (from `maturity tokens list`); it answers 401 from then on."""
    with unit_of_work() as session:
        row = tokens.revoke(session, user=_user(session, email), token_id=token_id)
        click.echo(f"revoked {row.id} {row.name or ''}".rstrip())
