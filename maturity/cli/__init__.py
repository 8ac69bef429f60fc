"""The `maturity` command: thin click wrappers over the domain and the services."""

from __future__ import annotations

import importlib
import logging

import click

from ..domain.errors import MaturityError

# Each module registers its commands on `cli` when imported; the order is the help order.
COMMAND_MODULES = ("questionnaire", "score", "report", "batch", "web")

EXIT_BAD_INPUT = 2


class BadInput(click.ClickException):
    """Bad input: every problem on its own line, exit code 2."""

    exit_code = EXIT_BAD_INPUT


def fail_with(error: MaturityError, lang: str = "en") -> BadInput:
    """Turn a domain error into a click error listing every problem."""
    return BadInput("\n".join(error.render(lang)))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log at INFO level.")
def cli(verbose: bool) -> None:
    """Smart-manufacturing capability maturity self-assessment (GB/T 39116-2020 / GB/T 39117-2020)."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}")


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="maturity")
