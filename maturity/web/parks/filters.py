"""The dashboard's filters, read from the query string and checked: a bad value is refused with what is accepted."""

from __future__ import annotations

from collections.abc import Mapping

from ...classifications import industry_codes
from ...domain.errors import MaturityError, Problem
from ...domain.ids import ascii_int
from ...domain.model import Text
from ...services.park_queries import SIZES, Filters


def _problem(name: str, given: str, accepted: str) -> Problem:
    return Problem(where=name, message=Text(zh=f"筛选条件 {name} 无效：{given!r}；可接受：{accepted}",
                                            en=f"invalid filter {name}: {given!r}; accepted: {accepted}"),
                   given=given, accepted=accepted)


def read_filters(args: Mapping[str, str]) -> Filters:
    """Filters from `?industry=&size=&city=&year=`; empty values mean no filter."""
    problems = []
    industry = (args.get("industry") or "").upper() or None
    if industry and industry not in industry_codes():
        problems.append(_problem("industry", industry, "C13–C43"))
    size = args.get("size") or None
    if size and size not in SIZES:
        problems.append(_problem("size", size, ", ".join(SIZES)))
    raw_year = args.get("year") or ""
    year = ascii_int(raw_year, 2000, 2100)  # "²" or Arabic-Indic digits are refused, not read as numbers
    if raw_year and year is None:
        problems.append(_problem("year", raw_year, "2000–2100"))
    if problems:
        raise MaturityError(problems)
    return Filters(industry=industry, size=size, city=(args.get("city") or None), year=year)


def read_level(args: Mapping[str, str]) -> int | None:
    """`?level=0..5` of an enterprise list, else None."""
    raw = args.get("level") or ""
    if not raw:
        return None
    if raw not in {"0", "1", "2", "3", "4", "5"}:
        raise MaturityError([_problem("level", raw, "0–5")])
    return int(raw)
