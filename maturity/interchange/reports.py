"""Bulk PDF reports: one per valid record, rendered in long-lived worker processes, written into one zip.

Each worker loads the questionnaire, the reference data, the fonts and the stylesheet once (at start-up)
and then renders report after report. A report that fails is recorded with its error; the others go on.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .records import Record

SUMMARY_NAME = "summary.xlsx"
IN_FLIGHT_PER_WORKER = 2  # queued beside the one being rendered: workers never wait, memory stays bounded
MAX_NAME_BYTES = 120  # of the enterprise-name part: leaves room for code, date and folders on every system


def report_name(credit_code: str, name: str, day: dt.date) -> str:
    """`<credit code>_<name>_<date>.pdf`, safe on Windows, macOS and Linux (reserved characters and names,
    control characters, trailing dots and spaces, length in bytes)."""
    from pathvalidate import sanitize_filename

    safe_name = sanitize_filename(unicodedata.normalize("NFC", " ".join(name.split())), replacement_text="_",
                                  platform="universal", max_len=MAX_NAME_BYTES) or "_"
    return f"{credit_code}_{safe_name}_{day.isoformat()}.pdf"


def task_for(record: Record, lang: str) -> dict[str, Any]:
    """What a worker needs to render one report, as plain picklable data."""
    q, profile = record.sheet.questionnaire, record.profile
    return {
        "questionnaire": (q.id, q.version), "industry": record.industry, "ratings": record.ratings(),
        "trimmed": dict(record.trimmed), "comments": record.comments(),
        "enterprise": {"name": profile.get("name"), "credit_code": record.credit_code,
                       "industry_code": profile.get("industry_code"), "region": profile.get("region_code"),
                       "city": profile.get("city")},
        "date": record.assessment_date.isoformat(), "lang": lang,
        "file_name": report_name(str(record.credit_code), str(profile.get("name") or ""), record.assessment_date),
    }


@dataclass
class Outcome:
    """How one report went: the PDF (or the error), with the figures the summary lists."""

    file_name: str
    pdf: bytes | None = None
    error: str | None = None
    level: int | None = None
    score: float | None = None


def init_worker() -> None:
    """Start-up of a worker process: load the questionnaires, reference data, fonts and stylesheet once."""
    from ..questionnaires import shipped
    from ..reference import shipped_reference
    from ..reporting.pdf import warm_up

    shipped()
    shipped_reference()
    warm_up()


def render(task: dict[str, Any]) -> Outcome:
    """Score and render one report; any failure becomes the outcome's error instead of an exception."""
    try:
        from types import MappingProxyType

        from ..domain.answers import AnswerSet
        from ..domain.scoring import score
        from ..reporting.pdf import build_report
        from .questionnaire import resolve

        q = resolve(*task["questionnaire"])
        answers = AnswerSet(industry=task["industry"], ratings=MappingProxyType(task["ratings"]),
                            comments=MappingProxyType(task["comments"]), trimmed=MappingProxyType(task["trimmed"]))
        result = score(q, answers)
        pdf = build_report(result, q, answers=answers, enterprise=task["enterprise"], lang=task["lang"],
                           generated_on=dt.date.fromisoformat(task["date"]))
        return Outcome(task["file_name"], pdf=pdf, level=result.level, score=result.score)
    except Exception as exc:  # noqa: BLE001 - one broken report must not stop the batch; the summary names it
        return Outcome(task["file_name"], error=f"{type(exc).__name__}: {exc}")


def _in_process(tasks: Iterator[dict[str, Any]]) -> Iterator[tuple[int, Outcome]]:
    for k, task in enumerate(tasks):
        yield k, render(task)


def _pooled(tasks: Iterator[dict[str, Any]], workers: int) -> Iterator[tuple[int, Outcome]]:
    """Outcomes as workers finish them; a dead worker fails its reports, not the batch.

    Only a few tasks per worker are in flight at once, so that thousands of reports never sit in memory as
    pickled tasks or finished PDFs.
    """
    # spawn: a clean interpreter per worker (no inherited threads or locks from the parent).
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=init_worker) as pool:
        pending: dict[Future, tuple[int, str]] = {}
        numbered = enumerate(tasks)
        while True:
            for k, task in islice(numbered, IN_FLIGHT_PER_WORKER * workers - len(pending)):
                try:
                    pending[pool.submit(render, task)] = (k, task["file_name"])
                except BrokenProcessPool as exc:  # a worker died earlier: the rest are listed as failed
                    yield k, Outcome(task["file_name"], error=f"worker process died: {exc}")
            if not pending:
                return
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                k, file_name = pending.pop(future)
                try:
                    yield k, future.result()
                except BrokenProcessPool as exc:
                    yield k, Outcome(file_name, error=f"worker process died: {exc}")


def render_all(tasks: Iterator[dict[str, Any]], count: int, workers: int = 1) -> Iterator[tuple[int, Outcome]]:
    """(task index, outcome) for each of `count` tasks, in completion order; workers > 1 uses a process pool."""
    if workers <= 1 or count <= 1:
        return _in_process(tasks)
    return _pooled(tasks, min(workers, count))


def write_reports_zip(output: Path, records: Sequence[Record], skipped: Sequence[Record], *, lang: str = "zh",
                      workers: int = 1, progress: Callable[[int], None] | None = None) -> list[Outcome]:
    """Write one PDF per record and summary.xlsx into `output` (atomically); returns every outcome in record order."""
    from .summary import write_summary

    tasks = (task_for(r, lang) for r in records)  # built as workers take them
    outcomes: list[Outcome | None] = [None] * len(records)
    handle, temp = tempfile.mkstemp(prefix=".reports-", suffix=".zip", dir=output.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temp, "w") as archive:
            for k, outcome in render_all(tasks, len(records), workers):
                if outcome.pdf is not None:
                    archive.writestr(outcome.file_name, outcome.pdf, compress_type=zipfile.ZIP_STORED)
                    outcome.pdf = None  # written: do not keep every PDF in memory
                outcomes[k] = outcome
                if progress:
                    progress(1)
            done = [o for o in outcomes if o is not None]
            summary = io.BytesIO()
            write_summary(summary, records, done, skipped, lang)
            archive.writestr(SUMMARY_NAME, summary.getvalue(), compress_type=zipfile.ZIP_DEFLATED)
        os.replace(temp, output)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return done

