"""Build hook: ship questionnaires/, seeds/ and reports/ inside the wheel as maturity/_data/.

Everything else is declared in pyproject.toml. `maturity.resources.resource_dir` finds these
folders beside the package in a source checkout and under maturity/_data/ in an installed wheel.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("questionnaires", "seeds", "reports")


class BuildPyWithData(build_py):
    """Copy the top-level data folders into the built package."""

    def run(self) -> None:
        super().run()
        for name in DATA_FOLDERS:
            target = Path(self.build_lib) / "maturity" / "_data" / name
            shutil.copytree(name, target, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithData})
