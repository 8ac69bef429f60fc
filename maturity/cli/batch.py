"""`maturity batch …`: templates, validation, scores and bulk PDF reports from consultants' spreadsheets.

A contract scripts rely on: keep the option names, the JSON keys and the exit codes (0 valid, 2 invalid
input). The spreadsheet machinery (numpy, calamine, XlsxWriter, WeasyPrint) is imported inside each
command so that `maturity` starts fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..domain.model import Text
from . import EXIT_BAD_INPUT, BadInput

LANG = click.Choice(["zh", "en"])
FILES = click.Path(exists=True, dir_okay=False, path_type=Path)
OUT = click.Path(dir_okay=False, path_type=Path)


@click.group("batch")
def batch() -> None:
    """Consultants' batch work: spreadsheet templates, validation, scores and PDF reports for many enterprises."""


@batch.command("template")
@click.option("-o", "--output", type=OUT, required=True, help="Where to write the template (.xlsx).")
@click.option("--layout", type=click.Choice(["wide", "client"]), default="wide", show_default=True,
              help="wide: one row per enterprise; client: one workbook per enterprise.")
@click.option("--questionnaire", "questionnaire_id", default=None, help="Questionnaire ID (default gbt39116-2020).")
@click.option("--version", "version", default=None, help="Questionnaire version (default: the newest).")
@click.option("--industry", type=click.Choice(["discrete", "process"]), default=None,
              help="Only the requirements of this industry type.")
@click.option("--lang", type=LANG, default="zh", show_default=True, help="Language of texts and dropdowns.")
def template_command(output: Path, layout: str, questionnaire_id: str | None, version: str | None,
                     industry: str | None, lang: str) -> None:
    """Write a spreadsheet template generated from the questionnaire."""
    from ..domain.errors import MaturityError
    from ..interchange.questionnaire import resolve
    from ..interchange.template import write_template

    if output.suffix.lower() != ".xlsx":
        raise click.BadParameter("the template is an .xlsx workbook", param_hint="-o")
    try:
        q = resolve(questionnaire_id, version)
    except MaturityError as exc:
        raise BadInput("\n".join(exc.render(lang))) from exc
    _writing(output, lambda: write_template(str(output), q, layout=layout, industry=industry, lang=lang))
    click.echo(f"{output}: {layout} template for {q.id} {q.version}" + (f" ({industry})" if industry else ""))


def _writing(output: Path, write: Any) -> None:
    """Run a writer, turning an unwritable output path into a clear error (exit 2)."""
    try:
        write()
    except OSError as exc:
        raise BadInput(f"{output}: cannot write: {exc.strerror or exc}") from exc


def _validate(files: tuple[Path, ...]) -> Any:
    from ..interchange.readers import path_files, read_uploads
    from ..interchange.validate import validate

    return validate(read_uploads(path_files(files)))


def _problem_lines(validation: Any, lang: str) -> list[str]:
    return [p.render(lang) for p in validation.problems]


def _counts(validation: Any, lang: str) -> str:
    rows, valid, problems = validation.rows, len(validation.valid), len(validation.problems)
    if lang == "en":
        return f"{rows} rows, {valid} valid, {problems} problems"
    return f"共 {rows} 行，有效 {valid} 行，问题 {problems} 处"


def _write_rejected(path: Path | None, validation: Any, lang: str, every_row: bool = False) -> None:
    if path is None:
        return
    from ..interchange.output import write_rejected

    rows = [r for r in validation.records if every_row or not r.valid]
    _writing(path, lambda: write_rejected(str(path), rows, lang))
    what = "rows, the invalid ones" if every_row else "rejected rows"
    click.echo(f"{path}: {len(rows)} {what} with an error column; fix them and upload the file again", err=True)


SKIP_HINT = Text("（加 --skip-invalid 则只处理有效行）", " (add --skip-invalid to use only the valid rows)")
REJECTED_HELP = "Also write the invalid rows, with an error column, to this .xlsx (fix it and upload it again)."


@batch.command("validate")
@click.argument("files", nargs=-1, required=True, type=FILES, metavar="FILE...")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.option("--lang", type=LANG, default="zh", show_default=True, help="Language of the messages.")
@click.option("--rejected", type=OUT, default=None, help=REJECTED_HELP)
@click.option("--returned", type=OUT, default=None,
              help="Also write every row to this .xlsx, with the error column filled for the invalid ones: fix it and "
                   "use it instead of the original.")
def validate_command(files: tuple[Path, ...], fmt: str, lang: str, rejected: Path | None,
                     returned: Path | None) -> None:
    """Check .xlsx, .csv or .zip files; every problem with its file, sheet, row and column. Exit 2 if any."""
    validation = _validate(files)
    _write_rejected(returned, validation, lang, every_row=True)
    if fmt == "json":
        click.echo(json.dumps(validation.to_json(lang), ensure_ascii=False, indent=2))
    else:
        for line in _problem_lines(validation, lang):
            click.echo(line)
        click.echo(_counts(validation, lang))
    _write_rejected(rejected, validation, lang)
    if not validation.ok:
        sys.exit(EXIT_BAD_INPUT)


def _accepted(validation: Any, skip_invalid: bool, lang: str) -> list[Any]:
    """The records to work on; without --skip-invalid any problem stops the command (exit 2, nothing written)."""
    if not validation.ok and not skip_invalid:
        hint = SKIP_HINT.get(lang)
        raise BadInput("\n".join([*_problem_lines(validation, lang), _counts(validation, lang) + hint]))
    records = validation.accepted("valid-only")
    if not records:
        raise BadInput("\n".join([*_problem_lines(validation, lang), _counts(validation, lang)]))
    if not validation.ok:
        click.echo(_counts(validation, lang), err=True)
    return records


@batch.command("score")
@click.argument("files", nargs=-1, required=True, type=FILES, metavar="FILE...")
@click.option("-o", "--output", type=OUT, required=True, help="OUT.xlsx, OUT.csv or OUT.json.")
@click.option("--skip-invalid", is_flag=True, help="Score the valid rows and list the problems of the others.")
@click.option("--lang", type=LANG, default="zh", show_default=True, help="Language of level names and messages.")
@click.option("--rejected", type=OUT, default=None, help=REJECTED_HELP)
def score_command(files: tuple[Path, ...], output: Path, skip_invalid: bool, lang: str, rejected: Path | None) -> None:
    """Score every enterprise of the files: S, level, level scores, sub-domain scores, N/A share, trimming."""
    from ..interchange.output import OUTPUT_FORMATS, write_results
    from ..interchange.scoring import score_records

    suffix = output.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise click.BadParameter(f"the output is one of {', '.join(OUTPUT_FORMATS)}", param_hint="-o")
    validation = _validate(files)
    _write_rejected(rejected, validation, lang)
    records = _accepted(validation, skip_invalid, lang)
    results = score_records(records)
    q = records[0].sheet.questionnaire
    _writing(output, lambda: write_results(str(output), suffix, results, validation.problems, q, lang))
    click.echo(f"{output}: {len(results)} results" + (f", {len(validation.problems)} problems" if validation.problems
                                                       else ""))


@batch.command("reports")
@click.argument("files", nargs=-1, required=True, type=FILES, metavar="FILE...")
@click.option("-o", "--output", type=OUT, required=True, help="OUT.zip: one PDF per enterprise and summary.xlsx.")
@click.option("--lang", type=LANG, default="zh", show_default=True, help="Language of the reports.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes rendering reports (each loads its fonts once).")
@click.option("--skip-invalid", is_flag=True, help="Report on the valid rows; the summary lists the others.")
def reports_command(files: tuple[Path, ...], output: Path, lang: str, workers: int, skip_invalid: bool) -> None:
    """Write one PDF report per enterprise, named <credit code>_<name>_<date>.pdf, and summary.xlsx, into a zip."""
    from ..interchange.reports import write_reports_zip

    if output.suffix.lower() != ".zip":
        raise click.BadParameter("the output is a .zip", param_hint="-o")
    if not output.parent.is_dir():
        raise BadInput(f"{output}: folder {output.parent} does not exist")
    validation = _validate(files)
    records = _accepted(validation, skip_invalid, lang)
    skipped = [r for r in validation.records if not r.valid]
    label = "生成报告" if lang != "en" else "Rendering reports"
    with click.progressbar(length=len(records), label=label, file=sys.stderr) as bar:
        outcomes = write_reports_zip(output, records, skipped, lang=lang, workers=workers, progress=bar.update)
    failed = [o for o in outcomes if o.error]
    click.echo(f"{output}: {len(outcomes) - len(failed)} reports, {len(failed)} failed, {len(skipped)} skipped; "
               "summary.xlsx lists each one")
    for outcome in failed:
        click.echo(f"  {outcome.file_name}: {outcome.error}", err=True)
    if failed:
        sys.exit(1)


OUTCOME_WORDS = {
    "created": Text("已导入为评估 {a}", "imported as assessment {a}"),
    "existing": Text("此前已导入（评估 {a}），未重复导入", "imported before (assessment {a}); nothing added"),
    "refused": Text("未导入：{m}", "not imported: {m}"),
}


@batch.command("import")
@click.argument("files", nargs=-1, required=True, type=FILES, metavar="FILE...")
@click.option("--consultant", "email", required=True, help="E-mail of the consultant the clients belong to.")
@click.option("--park", "park_id", type=int, default=None, help="Park of the enterprises the import creates.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows and list the problems of the others.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.option("--lang", type=LANG, default="zh", show_default=True, help="Language of the messages.")
def import_command(files: tuple[Path, ...], email: str, park_id: int | None, skip_invalid: bool, fmt: str,
                   lang: str) -> None:
    """Store each enterprise as a client's submitted assessment entered by the consultant; never twice."""
    from ..domain.errors import MaturityError
    from ..services import imports
    from .admin import unit_of_work

    validation = _validate(files)
    records = _accepted(validation, skip_invalid, lang)
    try:
        with unit_of_work() as session:
            consultant = imports.consultant_by_email(session, email)
            outcomes = imports.import_records(session, consultant=consultant, records=records, park_id=park_id)
            refused = [o for o in outcomes if o.status == imports.REFUSED]
            if refused and not skip_invalid:  # all or nothing: leaving the block by an error rolls every row back
                raise BadInput("\n".join([*_outcome_lines(refused, lang), _import_counts(outcomes, lang, True)]))
    except MaturityError as exc:
        raise BadInput("\n".join(exc.render(lang))) from exc
    if fmt == "json":
        click.echo(json.dumps(_import_json(validation, outcomes, lang), ensure_ascii=False, indent=2))
    else:
        for line in [*_problem_lines(validation, lang), *_outcome_lines(outcomes, lang)]:
            click.echo(line)
        click.echo(_import_counts(outcomes, lang))


def _outcome_lines(outcomes: list[Any], lang: str) -> list[str]:
    from ..interchange.problems import CellProblem

    lines = []
    for o in outcomes:
        sheet, row = o.record.location
        where = CellProblem(file=o.record.file, sheet=sheet, row=row, message=Text("", ""), code="").where(lang)
        text = OUTCOME_WORDS[o.status].get(lang).format(a=o.assessment_id, m=o.message.get(lang) if o.message else "")
        lines.append(f"{where}{'：' if lang != 'en' else ': '}{text}")
    return lines


def _import_counts(outcomes: list[Any], lang: str, rolled_back: bool = False) -> str:
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in OUTCOME_WORDS}
    if rolled_back:
        others = counts["created"] + counts["existing"]
        if lang == "en":
            return (f"{counts['refused']} refused, so nothing was imported; add --skip-invalid to import the "
                    f"other {others}")
        return f"拒绝 {counts['refused']} 行，因此未导入任何数据；加 --skip-invalid 则导入其余 {others} 行"
    if lang == "en":
        return f"{counts['created']} imported, {counts['existing']} imported before, {counts['refused']} refused"
    return f"导入 {counts['created']} 行，此前已导入 {counts['existing']} 行，拒绝 {counts['refused']} 行"


def _import_json(validation: Any, outcomes: list[Any], lang: str) -> dict[str, Any]:
    return {
        "rows": validation.rows,
        "imported": sum(1 for o in outcomes if o.status == "created"),
        "existing": sum(1 for o in outcomes if o.status == "existing"),
        "refused": sum(1 for o in outcomes if o.status == "refused"),
        "results": [o.to_json(lang) for o in outcomes],
        "problems": [p.to_json(lang) for p in validation.problems],
    }
