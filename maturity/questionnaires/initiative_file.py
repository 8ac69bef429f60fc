"""Load a questionnaire's `initiatives` file: schema first, then the references a schema cannot check."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ..domain.errors import Problem, QuestionnaireError
from ..domain.model import Horizon, Initiative, Questionnaire, Text


def _problem(where: str, en: str, zh: str) -> Problem:
    return Problem(where=where, message=Text(zh=zh, en=en), code="questionnaire")


def _resolve(pattern: str, questionnaire: Questionnaire) -> list[str]:
    """A requirement ID, or `<sub-domain>.L<n>` for all of that sub-domain's requirements at level n."""
    if pattern in questionnaire.requirement_index:
        return [pattern]
    sid, _, level = pattern.rpartition(".L")
    return [r.id for r in questionnaire.requirements if r.subdomain == sid and str(r.level) == level]


def _cycle(graph: dict[str, tuple[str, ...]]) -> list[str] | None:
    """One dependency cycle, if any (depth-first search)."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt in graph and not state.get(nxt) and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in graph:
        if not state.get(node) and (found := visit(node)):
            return found
    return None


def _coverage(path: Path, data: dict[str, Any], questionnaire: Questionnaire) -> list[Problem]:
    """Every pattern resolves, dependencies are known, and every requirement is in exactly one initiative."""
    problems: list[Problem] = []
    owner: dict[str, list[str]] = {}
    ids = [i["id"] for i in data["initiatives"]]
    for i, raw in enumerate(data["initiatives"]):
        where = f"{path}: initiatives/{i} ({raw['id']})"
        for pattern in raw["covers"]:
            found = _resolve(pattern, questionnaire)
            # `<sub-domain>.L<n>` may match nothing (a sub-domain without requirements at that level);
            # a requirement ID or a sub-domain must exist.
            sid, _, level = pattern.rpartition(".L")
            if not found and (not level.isdigit() or sid not in questionnaire.subdomain_index):
                problems.append(_problem(f"{where}: covers", f"{pattern!r} matches no requirement",
                                         f"{pattern!r} 未匹配任何要求"))
            for rid in found:
                owner.setdefault(rid, []).append(raw["id"])
        problems += [_problem(f"{where}: depends_on", f"unknown initiative {dep!r}", f"未知的举措 {dep!r}")
                     for dep in raw.get("depends_on", ()) if dep not in ids]
    problems += [_problem(f"{path}: {rid}", f"covered by more than one initiative: {', '.join(o)}",
                          f"被多个举措覆盖：{', '.join(o)}") for rid, o in owner.items() if len(o) > 1]
    if uncovered := [r.id for r in questionnaire.requirements if r.id not in owner]:
        problems.append(_problem(f"{path}: initiatives", f"requirements in no initiative: {', '.join(uncovered)}",
                                 f"以下要求不属于任何举措：{', '.join(uncovered)}"))
    return problems


def check_initiatives(path: Path, data: dict[str, Any], questionnaire: Questionnaire) -> list[Problem]:
    """IDs unique, every pattern matches, every requirement in exactly one initiative, dependencies known, no cycle."""
    problems = []
    if data["questionnaire"] != questionnaire.id:
        problems.append(_problem(f"{path}: questionnaire", f"expected {questionnaire.id!r}",
                                 f"应为 {questionnaire.id!r}"))
    ids = [i["id"] for i in data["initiatives"]]
    problems += [_problem(f"{path}: initiatives", f"duplicate initiative ID {d!r}", f"举措 ID {d!r} 重复")
                 for d, n in Counter(ids).items() if n > 1]
    problems += _coverage(path, data, questionnaire)
    if cycle := _cycle({i["id"]: tuple(i.get("depends_on", ())) for i in data["initiatives"]}):
        problems.append(_problem(f"{path}: initiatives", f"dependency cycle: {' → '.join(cycle)}",
                                 f"依赖关系成环：{' → '.join(cycle)}"))
    return problems


def initiatives_from(path: Path, data: dict[str, Any], questionnaire: Questionnaire
                     ) -> tuple[tuple[Initiative, ...], tuple[Horizon, ...]]:
    """The initiatives and horizons of a schema-valid file; QuestionnaireError naming every problem otherwise."""
    problems = check_initiatives(path, data, questionnaire)
    if problems:
        raise QuestionnaireError(problems)
    initiatives = tuple(
        Initiative(
            id=raw["id"],
            name=Text(**raw["name"]),
            description=Text(**raw["description"]),
            requirements=tuple(rid for pattern in raw["covers"] for rid in _resolve(pattern, questionnaire)),
            depends_on=tuple(raw.get("depends_on", ())),
        )
        for raw in data["initiatives"]
    )
    return initiatives, tuple(Horizon(h["id"], Text(**h["name"])) for h in data["horizons"])
