"""Questionnaire files: YAML → JSON Schema → referential checks → frozen domain model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..domain.errors import Problem, QuestionnaireError
from ..domain.model import (
    LEVELS,
    Domain,
    Element,
    LevelInfo,
    NotApplicableRule,
    Questionnaire,
    RatingOption,
    Requirement,
    ScoringSettings,
    Subdomain,
    Text,
    VersionChanges,
    WeightSet,
)
from .initiative_file import initiatives_from
from .reading import duplicate_ids, load_valid, problem_at, read_yaml, schema, schema_problems, text

__all__ = ["load_questionnaire_file", "problem_at", "read_yaml", "schema", "schema_problems", "text"]


def _scoring(raw: dict[str, Any]) -> ScoringSettings:
    na = raw["not_applicable"]
    weights = {
        name: WeightSet(
            **{layer: MappingProxyType(dict(ws.get(layer, {}))) for layer in ("elements", "domains", "subdomains")}
        )
        for name, ws in raw["weights"].items()
    }
    return ScoringSettings(
        answer_scale=tuple(
            RatingOption(o["id"], float(o["value"]), text(o["label"]), tuple(map(str, o.get("aliases", ()))))
            for o in raw["answer_scale"]
        ),
        not_applicable=NotApplicableRule(
            na["id"],
            text(na["label"]),
            tuple(map(str, na.get("aliases", ()))),
            float(na["max_share"]),
            bool(na.get("allowed_by_default", True)),
        ),
        gate=float(raw["gate"]),
        bands=tuple(sorted((b["level"], float(b["min_score"])) for b in raw["bands"])),
        weights=MappingProxyType(weights),
    )


def _requirements(
    path: Path, data: dict[str, Any], subdomains: dict[str, Subdomain], na_default: bool
) -> tuple[list[Requirement], list[Problem]]:
    """Requirements of one `requirements` file, checked against the sub-domain it names."""
    sid = data["subdomain"]
    sub = subdomains.get(sid)
    if sub is None:
        return [], [problem_at(f"{path}: subdomain", f"unknown sub-domain {sid!r}; known: {', '.join(subdomains)}")]
    reqs, problems = [], []
    for i, raw in enumerate(data["requirements"]):
        where = f"{path}: requirements/{i} ({raw['id']})"
        expected_prefix = f"{sid}.L{raw['level']}."
        if not raw["id"].startswith(expected_prefix):
            problems.append(problem_at(where, f"ID must start with {expected_prefix!r} (sub-domain and level)"))
        industries = tuple(raw.get("industries", sub.industries))
        if stray := set(industries) - set(sub.industries):
            problems.append(
                problem_at(where, f"industries {sorted(stray)} are outside the sub-domain's {list(sub.industries)}")
            )
        if len(raw["evidence"]["zh"]) != len(raw["evidence"]["en"]):
            problems.append(problem_at(where, "evidence needs as many zh items as en items"))
        reqs.append(
            Requirement(
                id=raw["id"],
                level=raw["level"],
                subdomain=sid,
                domain=sub.domain,
                element=sub.element,
                text=text(raw["text"]),
                evidence=tuple(
                    Text(zh=z, en=e) for z, e in zip(raw["evidence"]["zh"], raw["evidence"]["en"], strict=False)
                ),
                industries=industries,
                na_allowed=bool(raw.get("na_allowed", na_default)),
                references=tuple(raw.get("references", ())),
            )
        )
    return reqs, problems


def _structure(
    path: Path, data: dict[str, Any]
) -> tuple[list[Element], list[Domain], dict[str, Subdomain], list[Problem]]:
    """Elements, domains and sub-domains, with uniqueness and parent references checked."""
    problems = []
    elements = [Element(e["id"], text(e["name"])) for e in data["elements"]]
    element_ids = {e.id for e in elements}
    domains = [Domain(d["id"], d["element"], text(d["name"])) for d in data["domains"]]
    domain_element = {d.id: d.element for d in domains}
    for layer, ids in (
        ("elements", [e.id for e in elements]),
        ("domains", [d.id for d in domains]),
        ("subdomains", [s["id"] for s in data["subdomains"]]),
    ):
        for dup in duplicate_ids(ids):
            problems.append(problem_at(f"{path}: {layer}", f"duplicate ID {dup!r}"))
    for d in domains:
        if d.element not in element_ids:
            problems.append(
                problem_at(f"{path}: domains/{d.id}", f"unknown element {d.element!r}; known: {sorted(element_ids)}")
            )
    subdomains = {}
    for s in data["subdomains"]:
        if s["domain"] not in domain_element:
            problems.append(
                problem_at(
                    f"{path}: subdomains/{s['id']}", f"unknown domain {s['domain']!r}; known: {sorted(domain_element)}"
                )
            )
            continue
        subdomains[s["id"]] = Subdomain(
            id=s["id"],
            domain=s["domain"],
            element=domain_element[s["domain"]],
            name=text(s["name"]),
            industries=tuple(s["industries"]),
            trimmable=bool(s["trimmable"]),
            description=text(s["description"]) if "description" in s else None,
        )
    return elements, domains, subdomains, problems


def _check_scoring(path: Path, scoring: ScoringSettings, elements, domains, subdomains) -> list[Problem]:
    """Weights ≥ 0 on known IDs, distinct bands for levels 1–5 rising with the level, a usable answer scale."""
    problems = []
    known = {"elements": {e.id for e in elements}, "domains": {d.id for d in domains}, "subdomains": set(subdomains)}
    for name, ws in scoring.weights.items():
        for layer in ("elements", "domains", "subdomains"):
            for node, weight in getattr(ws, layer).items():
                where = f"{path}: scoring/weights/{name}/{layer}/{node}"
                if node not in known[layer]:
                    problems.append(problem_at(where, f"unknown ID; known {layer}: {sorted(known[layer])}"))
                if weight < 0:
                    problems.append(problem_at(where, f"weight {weight} is negative; weights must be ≥ 0"))
    levels = [lvl for lvl, _ in scoring.bands]
    if sorted(levels) != list(LEVELS):
        problems.append(problem_at(f"{path}: scoring/bands", f"bands must cover levels 1–5 once each, got {levels}"))
    minima = [m for _, m in scoring.bands]
    if minima != sorted(minima) or len(set(minima)) != len(minima):
        problems.append(problem_at(f"{path}: scoring/bands", f"band minima must rise with the level, got {minima}"))
    ids = [o.id for o in scoring.answer_scale] + [scoring.not_applicable.id]
    for dup in duplicate_ids(ids):
        problems.append(problem_at(f"{path}: scoring/answer_scale", f"duplicate rating ID {dup!r}"))
    if not any(abs(o.value - 1.0) < 1e-9 for o in scoring.answer_scale):
        problems.append(problem_at(f"{path}: scoring/answer_scale", "the scale needs a rating worth 1 (fully met)"))
    return problems


def _coverage_problems(path: Path, reqs: list[Requirement], subdomains: dict[str, Subdomain]) -> list[Problem]:
    """Unique requirement IDs, every level 1–5 populated for each industry type."""
    problems = [problem_at(f"{path}", f"duplicate requirement ID {dup!r}") for dup in duplicate_ids(r.id for r in reqs)]
    industries = sorted({i for s in subdomains.values() for i in s.industries})
    for industry in industries:
        for level in LEVELS:
            if not any(r.level == level and industry in r.industries for r in reqs):
                problems.append(problem_at(f"{path}", f"level {level} has no requirement for {industry} manufacturers"))
    covered = {r.subdomain for r in reqs}
    for sid in subdomains:
        if sid not in covered:
            problems.append(problem_at(f"{path}: subdomains/{sid}", "sub-domain has no requirements"))
    return problems


def load_questionnaire_file(path: Path) -> Questionnaire:
    """Load a full questionnaire from its `questionnaire.yaml` and the requirement files it lists."""
    path = Path(path)
    data = load_valid(path)
    if data["kind"] != "questionnaire":
        raise QuestionnaireError([problem_at(str(path), f"expected kind 'questionnaire', found {data['kind']!r}")])
    elements, domains, subdomains, problems = _structure(path, data)
    scoring = _scoring(data["scoring"])
    problems += _check_scoring(path, scoring, elements, domains, subdomains)
    reqs: list[Requirement] = []
    for rel in data["requirement_files"]:
        req_path = path.parent / rel
        try:
            req_data = load_valid(req_path)
        except QuestionnaireError as exc:
            problems += exc.problems
            continue
        if req_data["kind"] != "requirements":
            problems.append(problem_at(str(req_path), f"expected kind 'requirements', found {req_data['kind']!r}"))
            continue
        more, more_problems = _requirements(req_path, req_data, subdomains, scoring.not_applicable.allowed_by_default)
        reqs += more
        problems += more_problems
    if not problems:  # coverage is only meaningful once every file has loaded
        problems += _coverage_problems(path, reqs, subdomains)
    if problems:
        raise QuestionnaireError(problems)
    order = {sid: i for i, sid in enumerate(subdomains)}
    reqs.sort(key=lambda r: (order[r.subdomain], r.level, r.id))
    questionnaire = Questionnaire(
        id=data["id"],
        version=data["version"],
        title=text(data["title"]),
        description=text(data["description"]) if "description" in data else None,
        standard_model=data["standard"]["model"],
        standard_method=data["standard"]["method"],
        levels=tuple(
            LevelInfo(lv["level"], text(lv["name"]), text(lv["short"]), text(lv["description"]))
            for lv in sorted(data["levels"], key=lambda lv: lv["level"])
        ),
        below_level_1=text(data.get("below_level_1", {"zh": "未达一级", "en": "Not yet level 1"})),
        elements=tuple(elements),
        domains=tuple(domains),
        subdomains=tuple(subdomains.values()),
        requirements=tuple(reqs),
        scoring=scoring,
        previous=data.get("previous"),
        changes=_changes(data.get("changes") or {}),
    )
    if "initiative_file" not in data:
        return questionnaire
    initiatives_path = path.parent / data["initiative_file"]
    initiatives, horizons = initiatives_from(initiatives_path, load_valid(initiatives_path), questionnaire)
    return replace(questionnaire, initiatives=initiatives, horizons=horizons)


def _changes(raw: dict[str, Any]) -> VersionChanges:
    """The `changes` block of a version: how answers to the previous version carry over."""
    return VersionChanges(
        replaces=MappingProxyType(dict(raw.get("replaces") or {})),
        removed=tuple(raw.get("removed") or ()),
        reworded=tuple(raw.get("reworded") or ()),
        notes=text(raw["notes"]) if "notes" in raw else None,
    )
