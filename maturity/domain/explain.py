"""The arithmetic behind a result, step by step, in Chinese and English."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .aggregate import EPSILON, LevelAggregate
from .model import LEVELS, Questionnaire, Text
from .result import ScoreResult, Step

# A reader must be able to redo every printed line by hand: weights are shown as exact fractions
# (2/19) and scores with as many decimals as it takes for the printed terms to give the printed result.
MAX_DECIMALS = 12


def fixed(value: float, digits: int = 2) -> str:
    """`value` rounded half-up to `digits` decimals, as a reader rounds by hand.

    Float noise is cut first (0.575 is stored as 0.57499999…), so 0.575 prints as 0.58, not 0.57.
    """
    exact = Decimal(repr(round(value, MAX_DECIMALS)))
    return format(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP), "f")


def fmt(value: float) -> str:
    """Two decimals, the precision every page and report shows."""
    return fixed(value, 2)


def plural(count: int, one: str, many: str) -> str:
    """`count` and the English words that agree with it ("1 sub-domain has", "3 sub-domains have")."""
    return f"{count} {one if count == 1 else many}"


def _exact(text: str) -> Fraction:
    """The value a printed number stands for, exactly."""
    if "/" in text:
        top, bottom = text.split("/")
        return Fraction(int(top), int(bottom))
    return Fraction(Decimal(text))


def _rounds_to(value: Fraction, printed: str) -> bool:
    """Whether `value`, rounded half-up to the printed decimals, reads as `printed`."""
    places = len(printed.split(".")[1]) if "." in printed else 0
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == Decimal(printed)


def weight_texts(weights: Sequence[float]) -> list[str]:
    """Weight shares as exact fractions where they are (2/19), else 4 decimals; either way they add up to 1."""
    total = sum(weights)
    shares = [w / total for w in weights]
    fractions = [Fraction(s).limit_denominator(999) for s in shares]
    if all(abs(float(f) - s) < 1e-12 for f, s in zip(fractions, shares, strict=True)) and sum(fractions) == 1:
        return [str(f) for f in fractions]
    texts = [f"{s:.4f}" for s in shares[:-1]]
    return [*texts, str(Decimal(1) - sum((Decimal(t) for t in texts), Decimal(0)))]


def sum_digits(values: Sequence[float], printed: str, weights: Sequence[str] | None = None) -> int | None:
    """The fewest decimals (at least 2) for `values` so that Σ weight × value, as printed, gives `printed`."""
    factors = [_exact(w) for w in weights] if weights else [Fraction(1)] * len(values)
    for digits in range(2, MAX_DECIMALS + 1):
        shown = sum((f * _exact(fixed(v, digits)) for f, v in zip(factors, values, strict=True)), Fraction(0))
        if _rounds_to(shown, printed):
            return digits
    return None


def level_digits(result: ScoreResult) -> int:
    """Decimals of the level scores: enough for the counted ones to add up to S as printed."""
    return sum_digits([result.level_scores[lvl] for lvl in result.counted_levels], fmt(result.score)) or MAX_DECIMALS


def weighted_sum_text(weights: Sequence[float], values: Sequence[float], result: float, digits: int) -> str:
    """"w×x + … = r" with exact weights, r printed to at least `digits` decimals, and x to as many as it takes.

    A repeating decimal can sit exactly on a rounding edge (3/4 × 0.4333… = 0.325): then r gets more decimals.
    """
    shares = weight_texts(weights)
    for result_digits in range(digits, MAX_DECIMALS + 1):
        shown = fixed(result, result_digits)
        places = sum_digits(values, shown, shares)
        if places is not None:
            break
    else:
        shown, places = fixed(result, MAX_DECIMALS), MAX_DECIMALS
    return " + ".join(f"{w}×{fixed(v, places)}" for w, v in zip(shares, values, strict=True)) + f" = {shown}"


def _level_step(questionnaire: Questionnaire, level: int, agg: LevelAggregate, digits: int) -> Step:
    name = questionnaire.level_name(level)
    if agg.element_scores:
        weights = [agg.element_weights[e] for e in agg.element_scores]
        parts = weighted_sum_text(weights, list(agg.element_scores.values()), agg.score, digits)
    else:
        parts = f"0 = {fixed(agg.score, digits)}"
    count = len(agg.subdomain_weights)
    return Step(
        kind="level_score",
        text=Text(
            zh=f"第{level}级（{name.zh}）：{count} 个子域在该级有适用要求，按要素加权平均 {parts}",
            en=f"Level {level} ({name.en}): {plural(count, 'sub-domain has', 'sub-domains have')} applicable "
            "requirements; "
            f"weighted mean over elements {parts}",
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
    digits = level_digits(result)
    terms = " + ".join(fixed(result.level_scores[lvl], digits) for lvl in result.counted_levels)
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
    digits = level_digits(result)
    steps = [_level_step(questionnaire, lvl, levels[lvl], digits) for lvl in LEVELS]
    steps += _gate_steps(result, questionnaire.scoring.gate)
    steps.append(_total_step(result))
    steps.append(_band_step(questionnaire, result))
    steps += _disclosure_steps(questionnaire, result)
    return tuple(steps)
