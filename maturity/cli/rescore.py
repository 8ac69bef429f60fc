"""`maturity rescore --to VERSION`: stored assessments re-scored onto another questionnaire version."""

from __future__ import annotations

import json

import click

from . import BadInput


@click.command("rescore")
@click.option("--to", "to_version", required=True, help="The questionnaire version to re-score onto, e.g. 1.1.0.")
@click.option("--assessment", "assessment_ids", type=int, multiple=True, help="An assessment ID (repeatable).")
@click.option("--all", "every", is_flag=True, help="Every submitted full assessment of the questionnaire.")
@click.option("--questionnaire", "questionnaire_id", default="gbt39116-2020", show_default=True)
@click.option(
    "--unanswered",
    type=click.Choice(["none", "respondent"]),
    default="none",
    show_default=True,
    help="New requirements: rate them not met, or leave them to the respondent in a new draft.",
)
@click.option("--dry-run", is_flag=True, help="Print the difference; change nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rescore_command(
    to_version: str,
    assessment_ids: tuple[int, ...],
    every: bool,
    questionnaire_id: str,
    unanswered: str,
    dry_run: bool,
    fmt: str,
) -> None:
    """Re-score submitted assessments onto VERSION, printing old and new S and level for each."""
    from ..services import rescoring
    from .admin import unit_of_work

    if every == bool(assessment_ids):
        raise BadInput("give either --all or one or more --assessment ID")
    with unit_of_work() as session:
        chosen = rescoring.submitted_full(session, questionnaire_id, None if every else list(assessment_ids))
        missing = sorted(set(assessment_ids) - {a.id for a in chosen})
        if missing:
            raise BadInput(f"no submitted full assessment of {questionnaire_id} with ID {', '.join(map(str, missing))}")
        outcomes = [
            rescoring.rescore_onto(session, a, to_version=to_version, unanswered=unanswered, dry_run=dry_run)
            for a in chosen
        ]
    if fmt == "json":
        click.echo(
            json.dumps(
                {"dry_run": dry_run, "to": to_version, "assessments": [o.as_json() for o in outcomes]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for outcome in outcomes:
        click.echo(text_line(outcome))


def text_line(outcome) -> str:  # type: ignore[no-untyped-def]
    """One assessment's difference as a readable block."""

    def figure(score: float | None, level: int | None) -> str:
        return "—" if score is None else f"S {score:.2f} level {level}"

    before, after = figure(outcome.old_score, outcome.old_level), figure(outcome.new_score, outcome.new_level)
    lines = [
        f"#{outcome.assessment_id} (enterprise {outcome.enterprise_id}) "
        f"{outcome.from_version} → {outcome.to_version}: {before} → {after} [{outcome.status}]"
    ]
    if outcome.new_requirements:
        lines.append(f"  new, unanswered ({len(outcome.new_requirements)}): {', '.join(outcome.new_requirements)}")
    if outcome.replaced:
        lines.append("  carried to a new ID: " + ", ".join(f"{old} → {new}" for new, old in outcome.replaced.items()))
    if outcome.dropped:
        lines.append(f"  answers kept but no longer scored: {', '.join(outcome.dropped)}")
    if outcome.draft_id:
        lines.append(f"  new draft #{outcome.draft_id} awaits the respondent")
    lines += [f"  problem: {p}" for p in outcome.problems]
    return "\n".join(lines)
