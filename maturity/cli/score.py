"""`maturity score ANSWERS.json`: score one answer set, as JSON or a readable summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..domain.errors import MaturityError
from ..domain.instrument import instrument
from ..domain.model import Questionnaire
from ..domain.result import ScoreResult
from ..domain.serialize import result_to_dict
from ..questionnaires import shipped
from . import BadInput

LANG = click.Choice(["zh", "en"])
MISSING = click.Choice(["error", "none"])
MISSING_HINT = {
    "zh": "（或使用 --missing none 将未回答的项记为不满足）",
    "en": "(or pass --missing none to rate what is unanswered as not met)",
}


def read_answers_file(path: Path) -> dict[str, Any]:
    """Read an ANSWERS.json file, turning unreadable or malformed JSON into a located error."""
    try:
        raw = json.loads(path.read_text("utf-8"))
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path}:{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}") from exc
    if not isinstance(raw, dict):
        raise BadInput(f"{path}: expected a JSON object with 'industry' and 'answers'")
    return raw


def score_raw(raw: dict[str, Any], *, missing: str = "error") -> tuple[ScoreResult, Questionnaire, Any]:
    """Score a raw answers document with the questionnaire (and version) it names; (result, base, answers)."""
    inst = instrument(shipped().get(raw.get("questionnaire"), raw.get("questionnaire_version")))
    answers = inst.parse(raw, missing=missing)
    return inst.score(answers), inst.base, answers


def load_and_score(path: Path, *, missing: str, lang: str) -> tuple[ScoreResult, Questionnaire, Any, dict[str, Any]]:
    """Read and score ANSWERS.json; any problem becomes a BadInput (exit 2) naming every offending ID."""
    raw = read_answers_file(path)
    try:
        result, q, answers = score_raw(raw, missing=missing)
    except MaturityError as exc:
        lines = exc.render(lang)
        if any(p.code == "missing" for p in exc.problems):
            lines.append(MISSING_HINT[lang])  # the domain's message leaves the remedy to its caller
        raise BadInput("\n".join(lines)) from exc
    return result, q, answers, raw


def text_summary(result: ScoreResult, q: Questionnaire, lang: str, *, top_gaps: int = 10) -> str:
    """A readable summary: level, S, the arithmetic and the largest gaps."""
    zh = lang == "zh"
    name = result.level_name.get(lang)
    lines = [
        (f"成熟度等级：{result.level} 级（{name}）" if zh else f"Maturity level: {result.level} ({name})")
        + ("　【指示性结果】" if zh and result.indicative else " [indicative]" if result.indicative else ""),
        (f"总分 S = {result.score:.2f}" if zh else f"Score S = {result.score:.2f}"),
        "",
        "计算过程：" if zh else "How the score adds up:",
        *(f"  - {step.text.get(lang)}" for step in result.explanation),
    ]
    if result.next_level:
        lines += [
            "",
            (
                f"距第 {result.next_level} 级还差 {result.shortfall:.2f} 分，提升最大的差距项："
                if zh
                else f"{result.shortfall:.2f} short of level {result.next_level}; largest gaps:"
            ),
        ]
        index = q.requirement_index
        for gap in result.gaps[:top_gaps]:
            lines.append(f"  +{gap.rise:.3f}  {gap.requirement_id}  {index[gap.requirement_id].text.get(lang)}")
    return "\n".join(lines)


@click.command("score")
@click.argument("answers_file", metavar="ANSWERS.json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.option("--lang", type=LANG, default="zh", show_default=True, help="Language of texts and messages.")
@click.option(
    "--missing",
    type=MISSING,
    default="error",
    show_default=True,
    help="error: refuse unanswered requirements; none: rate them not met.",
)
def score_command(answers_file: Path, fmt: str, lang: str, missing: str) -> None:
    """Score ANSWERS.json ({"questionnaire", "industry", "answers": {requirement ID: rating}})."""
    result, q, _answers, _raw = load_and_score(answers_file, missing=missing, lang=lang)
    if fmt == "json":
        click.echo(json.dumps(result_to_dict(result, q, lang), ensure_ascii=False, indent=2))
    else:
        click.echo(text_summary(result, q, lang))
