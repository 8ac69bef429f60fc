"""The arithmetic behind a result, step by step, in Chinese and English."""

from __future__ import annotations

from collections.abc import Mapping

from .aggregate import EPSILON, LevelAggregate
from .model import LEVELS, Questionnaire, Text
from .result import ScoreResult, Step


def fmt(value: float) -> str:
    """Two decimals, the precision every page and report shows."""
    return f"{value:.2f}"


def plural(count: int, one: str, many: str) -> str:
    """`count` and the English words that agree with it ("1 sub-domain has", "3 sub-domains have")."""
    return f"{count} {one if count == 1 else many}"


def _level_step(questionnaire: Questionnaire, level: int, agg: LevelAggregate) -> Step:
    name = questionnaire.level_name(level)
    parts = (
        " + ".join(
            f"{fmt(agg.element_weights[e] / sum(agg.element_weights.values()))}×{fmt(score)}"
            for e, score in agg.element_scores.items()
        )
        if agg.element_scores
        else "0"
    )
    count = len(agg.subdomain_weights)
    return Step(
        kind="level_score",
        text=Text(
            zh=f"第{level}级（{name.zh}）：{count} 个子域在该级有适用要求，按要素加权平均 {parts} = {fmt(agg.score)}",
            en=f"Level {level} ({name.en}): {plural(count, 'sub-domain has', 'sub-domains have')} applicable "
            "requirements; "
            f"weighted mean over elements {parts} = {fmt(agg.score)}",
        ),
        values={"level": level, "score": agg.score, "subdomains": count, "elements": dict(agg.element_scores)},
    )


def _gate_steps(result: ScoreResult, gate: float) -> list[Step]:
    steps = []
    for level in result.counted_levels:
        value = result.level_scores[level]
        if value < gate - EPSILON:
            above = f"，第{level + 1}级及以上不再计入" if level < max(LEVELS) else ""
            above_en = f"; levels {level + 1} and above are not counted" if level < max(LEVELS) else ""
            steps.append(
                Step(
                    "gate",
                    Text(
                        zh=f"第{level}级得分 {fmt(value)} < 门槛 {fmt(gate)}：本级得分仍计入{above}",
                        en=f"Level {level} scored {fmt(value)} < the gate of {fmt(gate)}: "
                        f"its own score still counts{above_en}",
                    ),
                    {"level": level, "score": value, "gate": gate, "passed": False},
                )
            )
        elif level < max(LEVELS):
            steps.append(
                Step(
                    "gate",
                    Text(
                        zh=f"第{level}级得分 {fmt(value)} ≥ 门槛 {fmt(gate)}：继续计入第{level + 1}级",
                        en=f"Level {level} scored {fmt(value)} ≥ the gate of {fmt(gate)}: level {level + 1} is counted",
                    ),
                    {"level": level, "score": value, "gate": gate, "passed": True},
                )
            )
    return steps


def _total_step(result: ScoreResult) -> Step:
    terms = " + ".join(fmt(result.level_scores[lvl]) for lvl in result.counted_levels)
    return Step(
        "total",
        Text(
            zh=f"总分 S = {terms} = {fmt(result.score)}",
            en=f"Total S = {terms} = {fmt(result.score)}",
        ),
        {"terms": [result.level_scores[lvl] for lvl in result.counted_levels], "score": result.score},
    )


def _band_step(questionnaire: Questionnaire, result: ScoreResult) -> Step:
    bands = dict(questionnaire.scoring.bands)
    name = result.level_name
    if result.level == 0:
        low = bands[1]
        return Step(
            "band",
            Text(
                zh=f"S = {fmt(result.score)} < {fmt(low)}：{name.zh}",
                en=f"S = {fmt(result.score)} < {fmt(low)}: {name.en}",
            ),
            {"level": 0, "min": None, "max": low},
        )
    low = bands[result.level]
    high = bands.get(result.level + 1)
    interval = f"[{fmt(low)}, {fmt(high)})" if high is not None else f"[{fmt(low)}, {len(LEVELS)}]"
    return Step(
        "band",
        Text(
            zh=f"S = {fmt(result.score)} 落在 {interval} 区间：第{result.level}级（{name.zh}）",
            en=f"S = {fmt(result.score)} lies in {interval}: level {result.level} ({name.en})",
        ),
        {"level": result.level, "min": low, "max": high},
    )


def _disclosure_steps(questionnaire: Questionnaire, result: ScoreResult) -> list[Step]:
    steps = []
    if result.na_count:
        steps.append(
            Step(
                "not_applicable",
                Text(
                    zh=f"{result.na_count} 项要求（占 {result.na_share:.0%}）选择“不适用”，已从各级分母中剔除",
                    en=f"{plural(result.na_count, 'requirement', 'requirements')} ({result.na_share:.0%}) "
                    f"{'was' if result.na_count == 1 else 'were'} rated not applicable "
                    "and left out of every denominator",
                ),
                {"count": result.na_count, "share": result.na_share},
            )
        )
    if result.trimmed:
        names = [questionnaire.subdomain_index[sid].name for sid in result.trimmed]
        steps.append(
            Step(
                "trimmed",
                Text(
                    zh=f"已裁剪子域：{'、'.join(n.zh for n in names)}；其余子域的权重已重新归一化",
                    en=f"Trimmed sub-domains: {', '.join(n.en for n in names)}; "
                    "the weights of the rest were renormalised",
                ),
                {"subdomains": list(result.trimmed)},
            )
        )
    if result.indicative:
        steps.append(
            Step(
                "indicative",
                Text(
                    zh="快速自测：每个子域按所选等级折算为要求评分，结果仅为指示性等级",
                    en="Quick check: each sub-domain's chosen level is converted to requirement ratings; "
                    "the result is an indicative level only",
                ),
                {},
            )
        )
    return steps


def explain(
    questionnaire: Questionnaire, result: ScoreResult, levels: Mapping[int, LevelAggregate]
) -> tuple[Step, ...]:
    """The explanation trace of a result: level scores, the gate, the total, the band, disclosures."""
    steps = [_level_step(questionnaire, lvl, levels[lvl]) for lvl in LEVELS]
    steps += _gate_steps(result, questionnaire.scoring.gate)
    steps.append(_total_step(result))
    steps.append(_band_step(questionnaire, result))
    steps += _disclosure_steps(questionnaire, result)
    return tuple(steps)
