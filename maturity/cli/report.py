"""`maturity report ANSWERS.json -o report.pdf`: the PDF report of one answer set."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from .score import LANG, MISSING, load_and_score


@click.command("report")
@click.argument("answers_file", metavar="ANSWERS.json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="Where to write the PDF.",
)
@click.option("--lang", type=LANG, default="zh", show_default=True, help="Language of the report and messages.")
@click.option("--enterprise-name", default=None, help="Enterprise name on the cover (overrides the file's).")
@click.option("--missing", type=MISSING, default="error", show_default=True,
              help="error: refuse unanswered requirements; none: rate them not met.")
@click.option("--appendix", is_flag=True, help="Add the appendix: detailed scores and every answer with its comment.")
def report_command(answers_file: Path, output: Path, lang: str, enterprise_name: str | None, missing: str,
                   appendix: bool) -> None:
    """Write the PDF report of ANSWERS.json (the `maturity score` format, optionally with an "enterprise" object)."""
    result, q, answers, raw = load_and_score(answers_file, missing=missing, lang=lang)
    from ..reporting.pdf import build_report  # WeasyPrint loads only for this command

    given = raw.get("enterprise")
    enterprise: dict = given if isinstance(given, dict) else {}
    if enterprise_name:
        enterprise = {**enterprise, "name": enterprise_name, "name_en": enterprise_name}
    pdf = build_report(result, q, answers=answers, enterprise=enterprise, lang=lang, generated_on=date.today(),
                       appendix=appendix)
    output.write_bytes(pdf)
    click.echo(
        f"{output}: {len(pdf) // 1024} KB, level {result.level} ({result.level_name.get(lang)}), S = {result.score:.2f}"
    )
