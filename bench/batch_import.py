"""Benchmark: validate and score a 10,000-enterprise `wide` workbook, beside python-calamine's raw read of the same
file in the same run, and the peak memory of each.

Run: .venv/bin/python bench/batch_import.py [--n 10000] [--repeat 3]
Targets (issue 8 §5): the whole import (read + validate + score) within 1.5x the raw read; peak memory < 500 MB.
The raw read is `CalamineWorkbook.from_path(...).get_sheet_by_index(0).to_python(skip_empty_area=False)`.
Times are the best of alternating runs (the machine is shared); memory is each run's peak resident set, measured
in a fresh process so that neither run inherits the other's heap.
"""

from __future__ import annotations

import argparse
import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import xlsxwriter
from python_calamine import CalamineWorkbook

from maturity.classifications import industries, regions
from maturity.domain.credit_code import check_digit
from maturity.interchange.headers import classify
from maturity.interchange.questionnaire import resolve
from maturity.interchange.readers import path_files, read_uploads
from maturity.interchange.scoring import score_records
from maturity.interchange.template import write_template
from maturity.interchange.validate import validate


def template_rows(q) -> tuple[list, list]:
    """The version row and the header row of the generated wide template."""
    buffer = io.BytesIO()
    write_template(buffer, q, layout="wide")
    grid = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_index(0).to_python()
    return grid[0], grid[1]


def _answer_columns(q, kinds: list, industry: str, trim: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per header column: whether it takes an answer, its level, and whether N/A is allowed."""
    index = q.requirement_index
    subs = q.subdomain_index
    answered, levels, na_ok = (np.zeros(len(kinds), bool), np.zeros(len(kinds), int), np.zeros(len(kinds), bool))
    for j, kind in enumerate(kinds):
        if kind.kind == "requirement":
            req = index[kind.key]
            answered[j] = req.applies_to(industry) and industry in subs[req.subdomain].industries \
                and req.subdomain != trim
            levels[j], na_ok[j] = req.level, req.na_allowed
    return answered, levels, na_ok


def generate(path: Path, n: int, seed: int = 1) -> None:
    """n enterprises as the dropdowns fill them; a tenth process type, some N/A, some trimming, 1 % with an error."""
    q = resolve()
    meta, header = template_rows(q)
    rng = np.random.default_rng(seed)
    labels = np.array([o.label.zh for o in q.scoring.answer_scale] + [q.scoring.not_applicable.label.zh, ""],
                      dtype=object)
    kinds = [classify(q, h) for h in header]
    shapes = {(ind, trim): _answer_columns(q, kinds, ind, trim)
              for ind in ("discrete", "process") for trim in (None, "logistics")}
    profile_cols = {k.key: j for j, k in enumerate(kinds) if k.kind == "profile"}
    trim_col = next(j for j, k in enumerate(kinds) if k.kind == "trim" and k.key == "logistics")
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("企业评估")
    sheet.write_row(0, 0, meta)
    sheet.write_row(1, 0, header)
    for i in range(n):
        industry = "process" if rng.random() < 0.1 else "discrete"
        trim = "logistics" if rng.random() < 0.05 else None
        answered, levels, na_ok = shapes[(industry, trim)]
        top = int(rng.integers(0, 6))
        # Levels up to `top` mostly met; above it anything; 2 % N/A where allowed; "" where no answer is due.
        pick = np.where(levels <= top, rng.integers(0, 2, len(kinds)), rng.integers(0, 4, len(kinds)))
        pick = np.where(na_ok & (rng.random(len(kinds)) < 0.02), 4, pick)
        row = labels[np.where(answered, pick, 5)].tolist()
        first17 = f"91320500MA{i:07d}"
        profile = {"credit_code": first17 + check_digit(first17), "name": f"示例企业{i:05d}有限公司",
                   "industry_code": "C34 通用设备制造业",
                   "industry_type": "流程型" if industry == "process" else "离散型",
                   "region_code": "32 江苏省", "city": "苏州市", "employees": int(rng.integers(20, 5000)),
                   "above_designated_size": "是", "revenue_band": "2000万元至4亿元", "assessment_date": "2025-03-31"}
        for key, j in profile_cols.items():
            row[j] = profile[key]
        if trim:
            row[trim_col] = "运输全部外包"
        if rng.random() < 0.01:
            row[int(np.flatnonzero(answered)[-1])] = "大体满足"  # an invalid rating: the problem path runs too
        sheet.write_row(i + 2, 0, row)
    book.close()


def raw_read(path: Path) -> int:
    """The floor: python-calamine reading every cell of the sheet into Python lists."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    return len(rows)


def import_pipeline(path: Path) -> tuple[int, int, int]:
    """What `maturity batch score --skip-invalid` does before writing: read, validate every cell, score."""
    validation = validate(read_uploads(path_files([path])))
    scores = score_records(validation.valid)
    return validation.rows, len(scores), len(validation.problems)


def result_rows(path: Path) -> float:
    """Seconds to turn every score into its JSON-contract dict (paid when results are written, not when scored)."""
    scores = score_records(validate(read_uploads(path_files([path]))).valid)
    start = time.perf_counter()
    rows = list(scores)
    assert len(rows) == len(scores)
    return time.perf_counter() - start


def warm() -> str:
    """What a process loads once (the CLI, a web worker or a job worker), not per upload: questionnaire, code lists."""
    industries(), regions()
    return resolve().version


def child(mode: str, path: Path) -> None:
    """Run one measurement in this (fresh) process and print its wall time, CPU time, peak memory and output."""
    if mode == "import":
        warm()  # timed apart, as "load"
    jobs = {"raw": lambda: raw_read(path), "import": lambda: import_pipeline(path), "load": warm}
    start, cpu = time.perf_counter(), time.process_time()
    out = jobs[mode]()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.3f} {cpu:.3f} {peak:.0f} {out}")


def measure(mode: str, path: Path) -> tuple[float, float, float, str]:
    """(wall s, CPU s, peak RSS MB, output) of one run in a fresh interpreter."""
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(path)], capture_output=True, text=True,
                          check=True).stdout.split(maxsplit=3)
    return float(done[0]), float(done[1]), float(done[2]), done[3].strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wide.xlsx"
        start = time.perf_counter()
        generate(path, args.n)
        print(f"generated {args.n:,} enterprises × {len(template_rows(resolve())[1])} columns: "
              f"{path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")
        runs: dict[str, list[tuple[float, float, float, str]]] = {"raw": [], "import": []}
        for _ in range(args.repeat):  # alternate, so both see the same machine load
            for mode in runs:
                runs[mode].append(measure(mode, path))
        raw, imported = (min(r[0] for r in runs[m]) for m in runs)
        raw_cpu, imported_cpu = (min(r[1] for r in runs[m]) for m in runs)
        raw_peak, import_peak = (max(r[2] for r in runs[m]) for m in runs)
        rows, scored, problems = runs["import"][0][3].strip("()").split(", ")
        print(f"raw calamine read (floor): {raw:.2f} s wall, {raw_cpu:.2f} s CPU, peak RSS {raw_peak:.0f} MB")
        print(f"read + validate + score:   {imported:.2f} s wall, {imported_cpu:.2f} s CPU, "
              f"peak RSS {import_peak:.0f} MB ({rows} rows, {scored} scored, {problems} problems)")
        print(f"ratio to the raw read: {imported / raw:.2f}x wall, {imported_cpu / raw_cpu:.2f}x CPU (target <= 1.5x); "
              f"peak memory {import_peak:.0f} MB (target < 500 MB)")
        print(f"apart: loading the questionnaire and code lists, once per process, {measure('load', path)[0]:.2f} s")
        print(f"then writing: building the {scored} result rows (JSON contract dicts) takes {result_rows(path):.2f} s")

if __name__ == "__main__":
    main()
