"""`maturity questionnaire list | validate | export`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..domain.errors import QuestionnaireError
from ..domain.model import Questionnaire, QuickCheck
from ..questionnaires import Registry, entry_files, load_questionnaire_file, read_yaml, schema_problems, shipped
from ..resources import resource_dir
from . import BadInput, cli


@cli.group()
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


def _validate_one(path: Path) -> list[str]:
    """Problems of one file: a questionnaire pulls in its requirement files; others are schema-checked."""
    try:
        data = read_yaml(path)
        if isinstance(data, dict) and data.get("kind") == "questionnaire":
            load_questionnaire_file(path)
            return []
        if isinstance(data, dict) and data.get("kind") == "quickcheck":
            Registry(path.parent.parent)  # resolves the base questionnaire and its sub-domains
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


def export_dict(q: Questionnaire | QuickCheck) -> dict:
    """The questionnaire as the JSON contract of `questionnaire export`."""
    full = q.base if isinstance(q, QuickCheck) else q
    data = {
        "id": q.id,
        "version": q.version,
        "variant": q.variant,
        "title": {"zh": q.title.zh, "en": q.title.en},
        "levels": [
            {
                "level": lv.level,
                "name": {"zh": lv.name.zh, "en": lv.name.en},
                "short": {"zh": lv.short.zh, "en": lv.short.en},
            }
            for lv in full.levels
        ],
        "elements": [{"id": e.id, "name": {"zh": e.name.zh, "en": e.name.en}} for e in full.elements],
        "domains": [
            {"id": d.id, "element": d.element, "name": {"zh": d.name.zh, "en": d.name.en}} for d in full.domains
        ],
        "subdomains": [
            {
                "id": s.id,
                "element": s.element,
                "domain": s.domain,
                "trimmable": s.trimmable,
                "industries": list(s.industries),
                "name": {"zh": s.name.zh, "en": s.name.en},
            }
            for s in full.subdomains
        ],
        "requirements": [
            {
                "id": r.id,
                "level": r.level,
                "subdomain": r.subdomain,
                "domain": r.domain,
                "element": r.element,
                "industries": list(r.industries),
                "na_allowed": r.na_allowed,
                "text": {"zh": r.text.zh, "en": r.text.en},
                "evidence": [{"zh": e.zh, "en": e.en} for e in r.evidence],
            }
            for r in full.requirements
        ],
        "answer_scale": [
            {"id": o.id, "value": o.value, "label": {"zh": o.label.zh, "en": o.label.en}}
            for o in full.scoring.answer_scale
        ],
    }
    if isinstance(q, QuickCheck):
        data["base"] = full.id
        data["questions"] = [
            {
                "subdomain": qq.subdomain,
                "text": {"zh": qq.text.zh, "en": qq.text.en},
                "options": [{"level": o.level, "text": {"zh": o.text.zh, "en": o.text.en}} for o in qq.options],
            }
            for qq in q.questions
        ]
    return data


@questionnaire.command("export")
@click.option("--questionnaire", "questionnaire_id", default=None, help="Questionnaire ID (default: gbt39116-2020).")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def export(questionnaire_id: str | None, fmt: str) -> None:
    """Print a questionnaire as JSON: levels, sub-domains and every requirement."""
    from ..domain.errors import MaturityError
    from . import fail_with

    try:
        q = shipped().get(questionnaire_id)
    except MaturityError as exc:
        raise fail_with(exc) from exc
    click.echo(json.dumps(export_dict(q), ensure_ascii=False, indent=2))
