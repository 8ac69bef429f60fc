"""The share of the score S backed by checked evidence, each requirement weighted as S weighs it.

S is built as the sum, over the levels it counts (upward until the first level under the gate, that one
included), of the level scores. A level score L is the weighted sum of the sub-domain means at that level,
the weight of sub-domain d being its share of L (`result.level_shares`: its weight among its sibling
sub-domains assessed at L, times its domain's among the domains, times its element's among the elements).
A sub-domain mean is the plain mean of the ratings of its applicable requirements answered at that level
(not applicable ones left out; an unanswered one in a draft counts as not met, 0).

Both steps are linear, so S splits exactly into one part per requirement r of sub-domain d at level L:

    contribution(r) = rating(r) × 1 / n(d, L) × share(d, L)      if S counts level L, else 0

where n(d, L) is the number of d's requirements answered at L. The contributions add up to S. The share
backed by checked evidence is the sum of the checked requirements' contributions over S (0 when S is 0).
So a checked requirement rated not met backs nothing, one in a sub-domain with few requirements or a heavy
weight backs more, and one at a level S does not count backs nothing, as it adds nothing to S.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping

from .answers import AnswerSet
from .model import Questionnaire
from .result import ScoreResult, level_shares


def contributions(questionnaire: Questionnaire, answers: AnswerSet, result: ScoreResult) -> dict[str, float]:
    """Each answered (not N/A) requirement's part of S (see the module's rule); they add up to S."""
    applicable = questionnaire.requirements_for(answers.industry, trimmed=frozenset(answers.trimmed))
    answered = [r for r in applicable if answers.ratings.get(r.id, 0.0) is not None]
    counts = Counter((r.level, r.subdomain) for r in answered)
    shares = {level: level_shares(result, level) for level in result.counted_levels}
    found: dict[str, float] = {}
    for req in answered:
        weight = shares[req.level].get(req.subdomain, 0.0) if req.level in shares else 0.0
        found[req.id] = (answers.ratings.get(req.id) or 0.0) * weight / counts[(req.level, req.subdomain)]
    return found


def backed_share(parts: Mapping[str, float], checked: Collection[str]) -> float:
    """The checked requirements' contributions over S, in [0, 1]; 0 when S is 0."""
    total = sum(parts.values())
    if total <= 0:
        return 0.0
    backed = sum(value for rid, value in parts.items() if rid in checked)
    return min(1.0, max(0.0, backed / total))  # float sums may land a hair outside
