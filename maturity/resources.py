"""Where the shipped data lives: questionnaires/, seeds/ and reports/ beside the package."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder `name` (questionnaires, seeds, reports) from the source tree or the installed wheel.

    `MATURITY_<NAME>_DIR` points elsewhere, e.g. at a consultant's own questionnaire folder.
    """
    override = os.environ.get(f"MATURITY_{name.upper()}_DIR")
    if override:
        return Path(override)
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cannot find the {name}/ folder next to {_PACKAGE}")
