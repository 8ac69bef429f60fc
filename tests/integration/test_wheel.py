"""The one build file gives a wheel that works on its own: the commands run from a fresh venv."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def run(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def test_the_wheel_installs_into_a_fresh_venv_and_its_commands_work(tmp_path):
    built = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        tmp_path,
        ROOT,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("maturity-*.whl")
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv, cwd=tmp_path).returncode == 0
    installed = run(
        venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp_path
    )
    assert installed.returncode == 0, installed.stderr
    # The dependencies come from the test environment; the package itself only from the wheel.
    site = run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path)
    Path(site.stdout.strip(), "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = run(venv / "bin" / "python", "-c", "import maturity; print(maturity.__file__)", cwd=tmp_path)
    assert str(venv) in where.stdout, where.stdout + where.stderr
    listed = run(venv / "bin" / "maturity", "questionnaire", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "gbt39116-2020\t1.1.0" in listed.stdout and "gbt39116-2020\t1.0.0" in listed.stdout
    pdf = tmp_path / "report.pdf"
    report = run(
        venv / "bin" / "maturity", "report", ROOT / "seeds" / "demo" / "demo-discrete-l1.json", "-o", pdf, cwd=tmp_path
    )
    assert report.returncode == 0, report.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
