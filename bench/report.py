"""Benchmark the PDF report against floors measured in the same run.

Run: .venv/bin/python bench/report.py [--reports 100] [--demo seeds/demo/demo-discrete-l3.json]
Targets (issues 4 and 10):
- the default report (no appendix) ≤ 8× a one-line page rendered by the same machinery; with the appendix ≤ 15×;
- 2 processes ≥ 1.7× the reports per minute of one;
- `maturity report` as a whole process ≤ 3× a bare process that imports WeasyPrint and renders the one-line page;
- a report with every comment at the maximum length (appendix included) in under 30 s;
- RSS growth < 50 MB over 100 reports in one process.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing as mp
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

log = logging.getLogger("bench.report")
ROOT = Path(__file__).resolve().parent.parent
ONE_LINE = ('<html lang="zh-CN"><body style="font-family: \'Noto Sans CJK SC\'">'
            "智能制造能力成熟度自评估报告</body></html>")
_state: dict = {}


BARE = ("from weasyprint import HTML; HTML(string=" + repr(ONE_LINE) + ").write_pdf('{out}')")


def prepare(demo: str, comments: int = 0) -> None:
    """Score the demo answers once per process (the report, not the scoring, is measured).

    With `comments`, every answer carries a comment of that many characters.
    """
    from maturity.cli.score import score_raw
    raw = json.loads(Path(demo).read_text("utf-8"))
    if comments:
        text = ("设备联网数据采集说明，" * comments)[:comments]
        raw["answers"] = {rid: {"rating": v["rating"] if isinstance(v, dict) else v, "comment": text}
                          for rid, v in raw["answers"].items()}
    result, q, answers = score_raw(raw, missing="none")
    _state.update(result=result, q=q, answers=answers, enterprise=raw.get("enterprise"))


def one_report(_: int = 0, appendix: bool = False) -> int:
    """Render one report (default: without the appendix) in this process; returns its size."""
    from maturity.reporting.pdf import build_report
    s = _state
    return len(build_report(s["result"], s["q"], answers=s["answers"], enterprise=s["enterprise"], lang="zh",
                            generated_on=date(2025, 1, 1), appendix=appendix))


def with_appendix() -> int:
    """Render one report with the appendix."""
    return one_report(appendix=True)


def one_line() -> None:
    """Render a one-line Chinese page with the same machinery: the fixed cost of fonts and PDF writing."""
    from maturity.reporting.pdf import html_to_pdf
    html_to_pdf(ONE_LINE)


def median_seconds(fn, runs: int) -> float:
    return median_times(fn, runs)[0]


def median_times(fn, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (CPU time barely moves with the machine's load)."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def interleaved_medians(fns: dict[str, object], runs: int, floor_repeats: int = 3) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) of each function, measured in rounds that run every one of them in turn.

    The ratios compare the report with the floor under the same conditions: on a shared VM, speed drifts by
    ±15 % over tens of seconds, and measuring the floor only after the reports let that drift into the ratio.
    The floor takes a tenth of a report's time, so it runs `floor_repeats` times a round.
    """
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            for _ in range(floor_repeats if name == "floor" else 1):
                samples[name].append(median_times(fn, 1))
    return {name: (statistics.median(w for w, _c in got), statistics.median(c for _w, c in got))
            for name, got in samples.items()}


def rss_mb() -> float:
    """VmRSS of this process from /proc/self/status, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _worker_init(demo: str) -> None:
    prepare(demo)
    one_report()  # warm: fonts loaded, templates compiled


def _ready(_: int) -> None:
    time.sleep(0.5)  # keeps each worker busy once, so every worker has finished its warm-up


def throughput(processes: int, reports: int, demo: str) -> float:
    """Reports per minute with `processes` warm worker processes."""
    with mp.get_context("spawn").Pool(processes, initializer=_worker_init, initargs=(demo,)) as pool:
        pool.map(_ready, range(processes), chunksize=1)
        start = time.perf_counter()
        pool.map(one_report, range(reports), chunksize=1)
        elapsed = time.perf_counter() - start
    return reports / elapsed * 60


def process_seconds(command: list[str], runs: int) -> float:
    """Median wall time of a whole process."""
    def run() -> None:
        subprocess.run(command, check=True, capture_output=True)
    return median_seconds(run, runs)


def processes(demo: str, runs: int, out: Path) -> tuple[float, float]:
    """(`maturity report` of the demo as a process, a bare WeasyPrint process rendering the one-line page)."""
    exe = Path(sys.executable)
    report = process_seconds([str(exe.parent / "maturity"), "report", demo, "-o", str(out / "r.pdf"),
                              "--missing", "none"], runs)
    bare = process_seconds([str(exe), "-c", BARE.format(out=out / "bare.pdf")], runs)
    return report, bare


def main() -> None:
    """Print every figure of the report benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--demo", default=str(ROOT / "seeds" / "demo" / "demo-discrete-l3.json"))
    parser.add_argument("--reports", type=int, default=100, help="reports for the RSS run")
    parser.add_argument("--runs", type=int, default=9, help="rounds for each median (processes: runs for each)")
    parser.add_argument("--throughput-reports", type=int, default=12)
    args = parser.parse_args()
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False

    prepare(args.demo)
    one_report()
    with_appendix()
    one_line()
    medians = interleaved_medians({"floor": one_line, "default": one_report, "appendix": with_appendix}, args.runs)
    (floor, floor_cpu), (default, default_cpu), (full, full_cpu) = (
        medians["floor"], medians["default"], medians["appendix"])
    log.info("one-line Chinese page (floor):     %.3f s (CPU %.3f s)", floor, floor_cpu)
    log.info("default report (no appendix):      %.3f s = %.1f× the floor (target ≤ 8×); CPU %.3f s = %.1f×",
             default, default / floor, default_cpu, default_cpu / floor_cpu)
    log.info("report with the appendix:          %.3f s = %.1f× the floor (target ≤ 15×); CPU %.3f s = %.1f×",
             full, full / floor, full_cpu, full_cpu / floor_cpu)

    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        process, bare = processes(args.demo, args.runs, Path(tmp))
    log.info("`maturity report` process:         %.2f s; bare WeasyPrint process: %.2f s = %.1f× (target ≤ 3×)",
             process, bare, process / bare)

    from maturity.domain.limits import COMMENT_MAX_LENGTH
    prepare(args.demo, comments=COMMENT_MAX_LENGTH)
    start = time.perf_counter()
    size = with_appendix()
    log.info("every comment at %d characters:  %.1f s with the appendix, %d KB (target < 30 s)",
             COMMENT_MAX_LENGTH, time.perf_counter() - start, size // 1024)
    prepare(args.demo)

    one = throughput(1, args.throughput_reports, args.demo)
    two = throughput(2, args.throughput_reports, args.demo)
    log.info("reports per minute, 1 process:     %.1f", one)
    log.info("reports per minute, 2 processes:   %.1f (%.2f×, target ≥ 1.7×; %d CPUs)", two, two / one, mp.cpu_count())

    start_rss = rss_mb()
    marks = []
    for i in range(1, args.reports + 1):
        one_report()
        if i % max(1, args.reports // 4) == 0:
            marks.append(f"{i}: {rss_mb():.0f} MB")
    growth = rss_mb() - start_rss
    log.info("RSS over %d reports:              %.0f MB → %.0f MB (%s)", args.reports, start_rss, rss_mb(),
             ", ".join(marks))
    log.info("RSS growth:                        %.1f MB (target < 50 MB)", growth)


if __name__ == "__main__":
    main()
