"""`maturity questionnaire list | validate | export`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..domain.errors import QuestionnaireError
from ..domain.instrument import instrument
from ..questionnaires import Registry, entry_files, load_questionnaire_file, read_yaml, schema_problems, shipped
from ..resources import resource_dir
from . import BadInput


@click.group("questionnaire")
def questionnaire() -> None:
    """List, validate and export questionnaires."""


@questionnaire.command("list")
def list_questionnaires() -> None:
    """Print the ID, version, variant and title of every shipped questionnaire."""
    for q in shipped().all():
        click.echo(f"{q.id}\t{q.version}\t{q.variant}\t{q.title.zh} / {q.title.en}")


def _files_to_check(path: Path) -> list[Path]:
    if path.is_dir():
        found = entry_files(path) or sorted(path.glob("*.yaml"))
        return found
    return [path]


def _questionnaires_root(path: Path) -> Path:
    """The folder holding `<id>/<version>/` (or `<id>/`) folders, for a quick check's file."""
    return path.parents[2] if path.parent.name[:1].isdigit() else path.parents[1]


def _validate_one(path: Path) -> list[str]:
    """Problems of one file: a questionnaire pulls in its requirement files; others are schema-checked."""
    try:
        data = read_yaml(path)
        if isinstance(data, dict) and data.get("kind") == "questionnaire":
            load_questionnaire_file(path)
            return []
        if isinstance(data, dict) and data.get("kind") == "quickcheck":
            Registry(_questionnaires_root(path))  # resolves the base questionnaire and its sub-domains
            return []
        return [p.render("en") for p in schema_problems(path, data)]
    except QuestionnaireError as exc:
        return exc.render("en")


@questionnaire.command("validate")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
def validate(path: Path | None) -> None:
    """Validate shipped questionnaires, or the file or folder at PATH; exit 2 on any error."""
    files = _files_to_check(path) if path else entry_files(resource_dir("questionnaires"))
    if not files:
        raise BadInput(f"{path}: no questionnaire files (*.yaml) found")
    problems = []
    for file in files:
        found = _validate_one(file)
        problems += found
        click.echo(f"{'FAIL' if found else 'ok'}\t{file}")
    if problems:
        raise BadInput("\n".join(problems))


@questionnaire.command("export")
@click.option("--questionnaire", "questionnaire_id", default=None, help="Questionnaire ID (default: gbt39116-2020).")
@click.option("--version", "version", default=None, help="Version (default: the newest).")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def export(questionnaire_id: str | None, version: str | None, fmt: str) -> None:
    """Print a questionnaire as JSON: levels, sub-domains and every requirement."""
    from ..domain.errors import MaturityError
    from . import fail_with

    try:
        q = shipped().get(questionnaire_id, version)
    except MaturityError as exc:
        raise fail_with(exc) from exc
    click.echo(json.dumps(instrument(q).export(), ensure_ascii=False, indent=2))
