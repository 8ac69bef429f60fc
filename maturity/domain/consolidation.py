"""Several respondents, one rating: the consolidation rules and what counts as a disagreement.

Ratings arrive as ranks on the answer scale (0 = the lowest step, e.g. not met; higher is better) or None
for "not applicable". Pure: no database, no web.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

DISAGREEMENT_STEPS = 2  # ratings this many steps apart (e.g. fully met and partially met) need the owner's word


class Rule(StrEnum):
    """How the ratings of several respondents become the one used for scoring."""

    ASSIGNED = "assigned"  # the sub-domain's assigned respondent, else the lowest
    LOWEST = "lowest"
    MEDIAN = "median"  # of an even count, the lower of the two middle ratings (the cautious one)


DEFAULT_RULE = Rule.ASSIGNED


def consolidate(
    ratings: Mapping[int, int | None], *, rule: str = DEFAULT_RULE, assigned: int | None = None
) -> int | None:
    """The rank used for scoring, from {respondent ID: rank or None (N/A)}; None when all said N/A.

    Raises ValueError for no ratings or an unknown rule.
    """
    if not ratings:
        raise ValueError("no ratings to consolidate")
    chosen = Rule(rule)
    if chosen is Rule.ASSIGNED and assigned is not None and assigned in ratings:
        return ratings[assigned]
    ranks = sorted(r for r in ratings.values() if r is not None)
    if not ranks:
        return None
    if chosen is Rule.MEDIAN:
        return ranks[(len(ranks) - 1) // 2]
    return ranks[0]


def disagrees(ratings: Mapping[int, int | None]) -> bool:
    """Whether the respondents disagree: ranks two or more steps apart, or N/A beside a rating."""
    values = list(ratings.values())
    if len(values) < 2:
        return False
    ranks = [r for r in values if r is not None]
    if len(ranks) != len(values):
        return bool(ranks)  # some said N/A, others rated it: a judgement the owner makes
    return max(ranks) - min(ranks) >= DISAGREEMENT_STEPS
