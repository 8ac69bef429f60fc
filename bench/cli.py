"""How fast the command line answers: `maturity score FILE` and `maturity questionnaire list`, beside a
bare interpreter importing numpy, PyYAML and jsonschema, measured in the same run.

Target (issue 7): `maturity score FILE` within 2x of that floor. Run: `.venv/bin/python bench/cli.py`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RUNS = 15


def median_seconds(command: list[str]) -> float:
    """Median wall time of `command` over RUNS runs, after one warm-up run (fills the questionnaire cache)."""
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print each command's median beside the floor."""
    floor = median_seconds([sys.executable, "-c", "import numpy, yaml, jsonschema"])
    cases = {
        "maturity score FILE": [str(BIN / "maturity"), "score", "seeds/demo/demo-discrete-l3.json"],
        "maturity score FILE --format json": [
            str(BIN / "maturity"),
            "score",
            "seeds/demo/demo-discrete-l3.json",
            "--format",
            "json",
        ],
        "maturity questionnaire list": [str(BIN / "maturity"), "questionnaire", "list"],
    }
    print(f"floor  python -c 'import numpy, yaml, jsonschema': {floor * 1000:7.1f} ms (median of {RUNS})")
    for name, command in cases.items():
        seconds = median_seconds(command)
        print(f"{name:<36} {seconds * 1000:7.1f} ms = {seconds / floor:4.2f}x the floor (target <= 2x)")


if __name__ == "__main__":
    main()
