"""Reading one questionnaire file: YAML (libyaml when available), then the one JSON Schema, with every
problem located by file and path."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..domain.errors import Problem, QuestionnaireError
from ..domain.model import Text
from ..resources import load_yaml, resource_dir


def problem_at(where: str, en: str, zh: str | None = None) -> Problem:
    """A problem located in a questionnaire file."""
    return Problem(where=where, message=Text(zh=zh or en, en=en), code="questionnaire")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The one JSON Schema every questionnaire file follows."""
    return json.loads((resource_dir("questionnaires") / "schema" / "questionnaire.schema.json").read_text("utf-8"))


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning syntax errors into a located problem."""
    try:
        return load_yaml(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise QuestionnaireError(
            [
                problem_at(
                    where,
                    f"invalid YAML: {getattr(exc, 'problem', exc)}",
                    f"YAML 语法错误：{getattr(exc, 'problem', exc)}",
                )
            ]
        ) from exc
    except OSError as exc:
        raise QuestionnaireError([problem_at(str(path), f"cannot read file: {exc.strerror}")]) from exc


def schema_problems(path: Path, data: Any) -> list[Problem]:
    """Every schema violation of one file, located by JSON path, with what is expected."""
    import jsonschema  # only when files are validated, not when a cached registry is used

    validator = jsonschema.Draft202012Validator(schema())
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        error = _most_relevant(error)
        location = "/".join(str(p) for p in error.absolute_path) or "(top)"
        problems.append(problem_at(f"{path}: {location}", error.message, f"不符合模式：{error.message}"))
    return problems


def _most_relevant(error: Any) -> Any:
    """For the top-level oneOf, the deepest error of the branch matching the file's `kind`, not all three."""
    if error.validator == "oneOf" and error.context:
        kind = error.instance.get("kind") if isinstance(error.instance, dict) else None
        relevant = [e for e in error.context if kind and _branch_kind(e) == kind] or list(error.context)
        return max(relevant, key=lambda e: len(e.absolute_path))
    return error


def _branch_kind(error: Any) -> str | None:
    ref = {0: "questionnaire", 1: "requirements", 2: "quickcheck", 3: "initiatives"}
    path = list(error.relative_schema_path)
    return ref.get(path[0]) if path and isinstance(path[0], int) else None


def load_valid(path: Path) -> dict[str, Any]:
    """Read one YAML file and refuse it unless it follows the schema."""
    data = read_yaml(path)
    problems = schema_problems(path, data)
    if problems:
        raise QuestionnaireError(problems)
    return data


def text(raw: dict[str, str]) -> Text:
    """A {zh, en} mapping as Text."""
    return Text(zh=raw["zh"], en=raw["en"])


def duplicate_ids(ids: Iterable[str]) -> list[str]:
    """The IDs that occur more than once."""
    return sorted(i for i, n in Counter(ids).items() if n > 1)
