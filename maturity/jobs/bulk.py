"""The consultants' jobs on an upload: bulk PDF reports, and imports (optionally followed by the clients' reports).

Parameters: `upload` (a batch upload's ID), `mode` (valid-only or all-or-nothing), `lang`; an import also takes
`consultant` (the user's ID), `park_id` and `reports` (whether to render the imported clients' reports).
An import writes results.xlsx and results.json (every row: what became of it, and its scores); reports are
rendered in parts by long-lived worker processes (parts.py) into reports.zip with summary.xlsx.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..domain.enums import JobStatus
from ..domain.model import Text
from ..interchange.output import error_text, write_results
from ..interchange.problems import CellProblem
from ..interchange.records import Record
from ..interchange.reports import task_for
from ..interchange.scoring import score_records
from ..interchange.summary import status_row, summary_prefix
from ..interchange.validate import Validation
from ..models import Enterprise, User
from ..models_consult import BatchUpload
from ..services import imports
from ..services.uploads import chosen_records, read_upload
from .parts import plan_reports
from .runner import CONTINUES, JobContext, finish, handler

RESULTS = "results.xlsx"
IMPORT_CHUNK = 100  # rows per transaction in valid-only mode: progress shows, and a crash loses little
OUTCOME = {imports.CREATED: Text("已导入", "imported"), imports.EXISTING: Text("此前已导入，未重复", "imported before"),
           imports.REFUSED: Text("未导入", "not imported")}
ALL_OR_NOTHING = Text("未导入：其他行被拒绝（全部或全不）", "not imported: other rows were refused (all or nothing)")
EXTRA_COLUMNS = (("outcome", Text("导入结果", "Import")), ("outcome_message", Text("说明", "Details")),
                 ("assessment_id", Text("评估编号", "Assessment ID")))


def _validation(context: JobContext) -> Validation:
    assert context.settings is not None
    with context.unit_of_work() as session:
        upload = session.get(BatchUpload, int(context.params["upload"]))
        assert upload is not None  # checked when the job was created; uploads are never deleted, only their files
    return read_upload(upload, context.settings.jobs_dir)


def _skipped_rows(records: Sequence[Record], lang: str) -> list[list[Any]]:
    return [status_row(summary_prefix(r), "skipped", lang, None, error_text(r, lang)) for r in records]


@handler("reports")
def reports_job(context: JobContext) -> str:
    """One PDF per chosen record of the upload, and summary.xlsx, into reports.zip."""
    lang = context.params.get("lang", "zh")
    validation = _validation(context)
    records = chosen_records(validation, context.params.get("mode", "valid-only"))
    tasks = [{**task_for(r, lang), "summary": summary_prefix(r)} for r in records]
    skipped = _skipped_rows([r for r in validation.records if not r.valid], lang)
    return plan_reports(context, tasks, skipped, lang)


@handler("import")
def import_job(context: JobContext) -> str:
    """Import the chosen records for the consultant; then, if asked, the imported clients' reports."""
    params, lang = context.params, context.params.get("lang", "zh")
    validation = _validation(context)
    records = chosen_records(validation, params.get("mode", "valid-only"))
    context.progress(0, len(records) * (2 if params.get("reports") else 1))
    outcomes = _import(context, records, all_or_nothing=params.get("mode") == "all-or-nothing")
    _write_results(context, validation, outcomes, lang)
    refused = [o for o in outcomes if o.status == imports.REFUSED]
    if refused and params.get("mode") == "all-or-nothing":
        n = sum(1 for o in refused if o.message is not ALL_OR_NOTHING)
        message = Text(f"“全部或全不”：{n} 行无法导入，因此未导入任何一行；详见结果工作簿",
                       f"all or nothing: {n} rows could not be imported, so none was; see the results workbook")
        finish(context.engine, context.job_id, JobStatus.FAILED, output=RESULTS, message=message.get(lang))
        return CONTINUES  # ended here, with its message in the consultant's language
    if not params.get("reports"):
        return RESULTS
    kept = [o for o in outcomes if o.status != imports.REFUSED]
    tasks = _client_tasks(context, kept, lang)
    skipped = _skipped_rows([r for r in validation.records if not r.valid], lang)
    skipped += [status_row(summary_prefix(o.record), "skipped", lang, None, o.message.get(lang) if o.message else "")
                for o in refused]
    return plan_reports(context, tasks, skipped, lang, done_before=len(records))


class _RolledBack(Exception):
    """Leaves an all-or-nothing import's transaction so that it rolls back."""


def _import(context: JobContext, records: list[Record], *, all_or_nothing: bool) -> list[imports.RowOutcome]:
    """Import in chunks of rows, each a transaction with a savepoint per row; all or nothing: one transaction."""
    params, lang = context.params, context.params.get("lang", "zh")
    chunk = len(records) if all_or_nothing else IMPORT_CHUNK
    outcomes: list[imports.RowOutcome] = []
    for start in range(0, len(records), max(chunk, 1)):
        done: list[imports.RowOutcome] = []
        try:
            with context.unit_of_work() as session:
                consultant = session.get(User, int(params["consultant"]))
                assert consultant is not None
                done = imports.import_records(session, consultant=consultant, records=records[start : start + chunk],
                                              upload_id=int(params["upload"]), park_id=params.get("park_id"))
                if all_or_nothing and any(o.status == imports.REFUSED for o in done):
                    raise _RolledBack  # nothing of an all-or-nothing import is kept when one row is refused
        except _RolledBack:
            for o in done:
                if o.status != imports.REFUSED:
                    o.status, o.assessment_id, o.message = imports.REFUSED, None, ALL_OR_NOTHING
        outcomes += done
        for o in done:
            if o.status == imports.REFUSED and o.message is not ALL_OR_NOTHING:
                sheet, row = o.record.location
                place = CellProblem(file=o.record.file, sheet=sheet, row=row, message=ALL_OR_NOTHING, code="")
                where = place.where(lang)
                context.fail_item(where, o.message.get(lang) if o.message else "")
        context.progress(len(outcomes))
    return outcomes


def _write_results(context: JobContext, validation: Validation, outcomes: list[imports.RowOutcome],
                   lang: str) -> None:
    """results.xlsx and results.json: each chosen row's scores and what the import did with it."""
    results = list(score_records([o.record for o in outcomes]))
    for result, o in zip(results, outcomes, strict=True):
        result.update(outcome=OUTCOME[o.status].get(lang), outcome_code=o.status, assessment_id=o.assessment_id,
                      enterprise_id=o.enterprise_id, outcome_message=o.message.get(lang) if o.message else None)
    q = outcomes[0].record.sheet.questionnaire if outcomes else None
    write_results(str(context.folder / RESULTS), ".xlsx", results, validation.problems, q, lang, EXTRA_COLUMNS)
    write_results(str(context.folder / "results.json"), ".json", results, validation.problems, q, lang)


def _client_tasks(context: JobContext, kept: list[imports.RowOutcome], lang: str) -> list[dict[str, Any]]:
    """Report tasks of the imported rows, naming each client as the database knows it."""
    with context.unit_of_work() as session:
        known = {o.enterprise_id: session.get(Enterprise, o.enterprise_id) for o in kept}
    tasks = []
    for o in kept:
        task = {**task_for(o.record, lang), "summary": summary_prefix(o.record)}
        company = known[o.enterprise_id]
        if company is not None:
            task["enterprise"] = {**task["enterprise"], "name": company.name, "credit_code": company.credit_code,
                                  "industry_code": company.industry_code, "region": company.region_code,
                                  "city": company.city}
        tasks.append(task)
    return tasks
