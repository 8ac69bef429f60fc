"""Benchmark bulk PDF reports as a job: reports per minute for N clients with 1 and 2 worker processes, and how much
each worker process grows over the batch. Figures are printed beside a floor measured in the same run (one report
rendered in this process: the rate one process could reach if the job cost nothing), never asserted.

Run: .venv/bin/python bench/bulk_reports.py [--clients 200] [--mode celery|pool] [--workers 1 2]
- celery (the default when Redis answers on 127.0.0.1:6379): `maturity worker --concurrency N` on a queue of its own;
- pool: no broker, the web process's own pool of N rendering processes.
Targets (issue 8 §5): 2 processes ≥ 1.7× the reports per minute of one; worker memory grows < 50 MB over the batch.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

log = logging.getLogger("bench.bulk_reports")
ROOT = Path(__file__).resolve().parent.parent
DEMOS = ("demo-discrete-l3", "demo-process-l2", "demo-discrete-l1")
REDIS = "redis://127.0.0.1:6379/0"


def redis_up() -> bool:
    """Whether Redis answers on 127.0.0.1:6379."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def workbook(path: Path, clients: int) -> None:
    """A wide workbook of `clients` enterprises (the demo answer sets in turn, each with its own credit code)."""
    import io
    import json

    import xlsxwriter
    from python_calamine import CalamineWorkbook

    from maturity.domain.answers import split_entry
    from maturity.domain.credit_code import check_digit
    from maturity.interchange.headers import classify
    from maturity.interchange.questionnaire import resolve
    from maturity.interchange.template import write_template

    q = resolve(None, "1.0.0")  # the demo answer sets were given to 1.0.0
    buffer = io.BytesIO()
    write_template(buffer, q, layout="wide", lang="zh")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_index(0).to_python(
        skip_empty_area=False)
    columns = [classify(q, h) for h in rows[1]]
    keys = [f"trimmed.{c.key}" if c.kind == "trim" else c.key if c.kind in ("profile", "requirement") else None
            for c in columns]
    docs = [json.loads((ROOT / "seeds" / "demo" / f"{d}.json").read_text("utf-8")) for d in DEMOS]
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("企业评估")
    sheet.write_row(0, 0, rows[0])
    sheet.write_row(1, 0, rows[1])
    for n in range(clients):
        doc, first17 = docs[n % len(docs)], f"91320500MB{n:07d}"
        e = doc["enterprise"]
        row = {"credit_code": first17 + check_digit(first17), "name": f"{e['name']}（{n + 1}）",
               "industry_code": e["industry_code"], "industry_type": "离散型" if doc["industry"] == "discrete" else
               "流程型", "region_code": e["region"], "city": e["city"], "assessment_date": "2025-03-31",
               **{rid: split_entry(v)[0] for rid, v in doc["answers"].items()},
               **{f"trimmed.{sid}": reason for sid, reason in doc.get("trimmed", {}).items()}}
        sheet.write_row(2 + n, 0, [row.get(k, "") if k else "" for k in keys])
    book.close()


class Bench:
    """A migrated SQLite database, a consultant, the upload, and a way to run a reports job to its end."""

    def __init__(self, folder: Path, clients: int):
        from maturity import db
        from maturity.services import accounts, uploads

        self.folder, self.url = folder, f"sqlite:///{folder / 'bench.sqlite'}"
        db.upgrade(self.url)
        self.engine = db.make_engine(self.url)
        path = folder / "clients.xlsx"
        workbook(path, clients)
        with db.transaction(self.engine) as s:
            user = accounts.create_user(s, email="bench@x.cn", password="bench-password", role="consultant")
            self.user_id = user.id
            self.upload_id = self._upload(s, user, path, uploads)
            self.warm_upload = self._upload(s, user, self._small(folder), uploads)

    def _upload(self, s: Any, user: Any, path: Path, uploads: Any) -> int:
        row, validation = uploads.store_upload(s, user=user, files=[(path.name, path.read_bytes())],
                                               jobs_dir=self.folder / "jobs")
        assert validation.ok, validation.to_json("en")["problems"][:3]
        return int(row.id)

    def _small(self, folder: Path) -> Path:
        path = folder / "warm-up.xlsx"
        workbook(path, 8)
        return path

    def run(self, upload_id: int, settings: Any) -> tuple[float, int]:
        """Queue a reports job on the upload, dispatch it, wait for its end: (seconds, reports done)."""
        from maturity import db
        from maturity.jobs import runner
        from maturity.models import Job, User

        with db.transaction(self.engine) as s:
            job = runner.enqueue(s, kind="reports", params={"upload": upload_id, "mode": "valid-only", "lang": "zh"},
                                 user=s.get(User, self.user_id))
            job_id = int(job.id or 0)
        start = time.perf_counter()
        runner.dispatch(job_id, settings)
        while True:
            with db.transaction(self.engine) as s:
                job = s.get(Job, job_id)
                status, done, failures = job.status, job.done, len(job.failures)
            if status in ("done", "failed"):
                break
            time.sleep(0.5)
        assert status == "done" and not failures, (status, failures)
        return time.perf_counter() - start, done


def rss_mb(pid: int) -> float:
    """VmRSS of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    """The direct children of a process (Celery's pool processes under the worker)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(p) for p in text]
    return found


def measure(bench: Bench, workers: int, mode: str) -> tuple[float, list[float]]:
    """Reports per minute of the big job with `workers` processes, and each process's RSS growth over it."""
    from maturity.jobs import parts, runner

    base = {"database_url": bench.url, "jobs_dir": bench.folder / "jobs", "part_size": 5, "render_processes": workers}
    if mode == "celery":
        queue = f"bench-{uuid.uuid4().hex[:8]}"
        env = {**os.environ, "MATURITY_DATABASE_URL": bench.url, "MATURITY_SECRET_KEY": "bench",
               "MATURITY_BROKER_URL": REDIS, "MATURITY_JOB_QUEUE": queue, "MATURITY_JOB_PART_SIZE": "5",
               "MATURITY_JOBS_DIR": str(bench.folder / "jobs")}
        worker = subprocess.Popen([sys.executable, "-m", "maturity.cli", "worker", "--concurrency", str(workers),
                                   "--loglevel", "WARNING"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        settings = runner.JobSettings(**base, broker_url=REDIS, queue=queue)
        pids = lambda: children(worker.pid)  # noqa: E731
    else:
        settings = runner.JobSettings(**base)
        pids = lambda: [p.pid for p in parts.render_pool(workers)._processes.values()]  # type: ignore[union-attr]  # noqa: E731
    try:
        bench.run(bench.warm_upload, settings)  # every process has started, loaded its fonts and rendered
        before = {pid: rss_mb(pid) for pid in pids()}
        seconds, done = bench.run(bench.upload_id, settings)
        growth = [rss_mb(pid) - mb for pid, mb in before.items()]
        return done / seconds * 60, growth
    finally:
        if mode == "celery":
            worker.terminate()
            worker.wait(timeout=60)
        else:
            parts.render_pool(workers).shutdown(wait=True)
            parts._pool = None


def floor_seconds(runs: int = 3) -> float:
    """One report rendered in this process, fonts loaded: the median of `runs` (the floor of one process's rate)."""
    import json
    from types import MappingProxyType

    from maturity.cli.score import score_raw
    from maturity.reporting.pdf import build_report

    raw = json.loads((ROOT / "seeds" / "demo" / f"{DEMOS[0]}.json").read_text("utf-8"))
    result, q, answers = score_raw(raw, missing="none")
    enterprise = MappingProxyType(raw["enterprise"])
    build_report(result, q, answers=answers, enterprise=dict(enterprise), lang="zh", generated_on=date(2025, 3, 31))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build_report(result, q, answers=answers, enterprise=dict(enterprise), lang="zh",
                     generated_on=date(2025, 3, 31))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the bulk-report figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--mode", choices=["celery", "pool"], default="celery" if redis_up() else "pool")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    for noisy in ("maturity", "weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench(Path(tmp), args.clients)
        floor = floor_seconds()
        log.info("%d clients, mode %s, %d CPUs, load average %.1f", args.clients, args.mode, os.cpu_count() or 0,
                 os.getloadavg()[0])
        log.info("floor: one report in this process %.2f s = %.0f reports per minute for one process",
                 floor, 60 / floor)
        rates = {}
        for workers in args.workers:
            rate, growth = measure(bench, workers, args.mode)
            rates[workers] = rate
            log.info("%d worker process%s: %.1f reports per minute (%.0f%% of the floor's rate × %d); RSS growth per "
                     "process over the batch: %s MB (target < 50 MB)", workers, "es" if workers > 1 else "", rate,
                     100 * rate / (60 / floor * workers), workers, ", ".join(f"{g:.1f}" for g in growth))
        if 1 in rates and 2 in rates:
            log.info("2 processes / 1 process: %.2f× (target ≥ 1.7×)", rates[2] / rates[1])


if __name__ == "__main__":
    main()
