"""Where the shipped data lives: questionnaires/, seeds/ and reports/ beside the package."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader parses the questionnaire about ten times faster than the pure-Python one; same results.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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


def load_yaml(text: str) -> Any:
    """Parse YAML safely, with libyaml when it is available."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
