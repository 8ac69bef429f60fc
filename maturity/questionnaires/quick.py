"""Quick-check files: one question per sub-domain of a base questionnaire."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import QuestionnaireError
from ..domain.model import Questionnaire, QuickCheck, QuickOption, QuickQuestion
from .reading import duplicate_ids, load_valid, problem_at, text


def load_quickcheck_file(path: Path, base: Questionnaire) -> QuickCheck:
    """Load a quick check and tie each question to a sub-domain of its base questionnaire."""
    path = Path(path)
    data = load_valid(path)
    problems = []
    if data["base"] != base.id:
        problems.append(problem_at(f"{path}: base", f"base {data['base']!r} does not match {base.id!r}"))
    subs = base.subdomain_index
    for i, q in enumerate(data["questions"]):
        where = f"{path}: questions/{i}"
        if q["subdomain"] not in subs:
            problems.append(problem_at(where, f"unknown sub-domain {q['subdomain']!r}; known: {', '.join(subs)}"))
        for dup in duplicate_ids(str(o["level"]) for o in q["options"]):
            problems.append(problem_at(where, f"two options describe level {dup}"))
    for dup in duplicate_ids(q["subdomain"] for q in data["questions"]):
        problems.append(problem_at(f"{path}: questions", f"sub-domain {dup!r} is asked twice"))
    if missing := [s for s in subs if s not in {q["subdomain"] for q in data["questions"]}]:
        problems.append(problem_at(f"{path}: questions", f"no question for sub-domains: {', '.join(missing)}"))
    if problems:
        raise QuestionnaireError(problems)
    return QuickCheck(
        id=data["id"],
        version=data["version"],
        title=text(data["title"]),
        description=text(data["description"]) if "description" in data else None,
        notice=text(data["notice"]) if "notice" in data else None,
        base=base,
        questions=tuple(
            QuickQuestion(
                q["subdomain"], text(q["text"]), tuple(QuickOption(o["level"], text(o["text"])) for o in q["options"])
            )
            for q in data["questions"]
        ),
    )
