"""The `maturity` command: thin click wrappers over the domain and the services.

Commands load their module only when called: scoring a file must not pay for importing SQLAlchemy,
Alembic or Flask, which only the administrative commands use.
"""

from __future__ import annotations

import importlib
import logging

import click

from ..domain.errors import MaturityError

EXIT_BAD_INPUT = 2

# command name → "module:attribute" under maturity.cli, in help order.
COMMANDS = {
    "questionnaire": "questionnaire:questionnaire",
    "score": "score:score_command",
    "report": "report:report_command",
    "rescore": "rescore:rescore_command",
    "batch": "batch:batch",
    "db": "admin:db_group",
    "users": "admin:users_group",
    "tokens": "tokens:tokens_group",
    "enterprises": "admin:enterprises_group",
    "parks": "admin:parks_group",
    "regions": "admin:regions_group",
    "park": "park:park_group",
    "seed": "admin:seed",
    "serve": "admin:serve",
    "worker": "jobs:worker",
    "jobs": "jobs:jobs_group",
}


class BadInput(click.ClickException):
    """Bad input: every problem on its own line, exit code 2."""

    exit_code = EXIT_BAD_INPUT


def fail_with(error: MaturityError, lang: str = "en") -> BadInput:
    """Turn any refusal into a click error listing every problem."""
    return BadInput("\n".join(error.render(lang)))


class LazyGroup(click.Group):
    """A group whose subcommands are imported when they are used (or listed in --help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, in the order of COMMANDS."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import the command's module and return the command, or None for an unknown name."""
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log at INFO level.")
def cli(verbose: bool) -> None:
    """Smart-manufacturing capability maturity self-assessment (GB/T 39116-2020 / GB/T 39117-2020)."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="maturity")
