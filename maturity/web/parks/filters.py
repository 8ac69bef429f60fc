"""The dashboard's filters, read from the query string and checked: a bad value is refused with what is accepted."""

from __future__ import annotations

from collections.abc import Mapping

from werkzeug.datastructures import MultiDict

from ...classifications import industry_codes
from ...domain.errors import MaturityError, Problem
from ...domain.ids import ascii_int
from ...domain.model import Text
from ...services.park_queries import SIZES, Filters
from ...services.park_selection import Selection

LEVEL_TEXT = ("0", "1", "2", "3", "4", "5")


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


def _level(args: MultiDict[str, str], name: str, problems: list[Problem]) -> int | None:
    raw = args.get(name) or ""
    if raw and raw not in LEVEL_TEXT:
        problems.append(_problem(name, raw, "0–5"))
    return int(raw) if raw in LEVEL_TEXT else None


def _year(args: MultiDict[str, str], name: str, problems: list[Problem]) -> int | None:
    raw = args.get(name) or ""
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None
    if raw and year is None:
        problems.append(_problem(name, raw, "2000–2100"))
    return year


def read_selection(args: MultiDict[str, str]) -> Selection:
    """What an enterprise list is narrowed to besides the filters: `?level=` (repeatable), `min_level=`,
    `assessed=1`, `scale=above|below`, `key_industries=1`, `from_year=&from_level=&to_year=&to_level=`,
    `unmet=<requirement>`, `roster=1`."""
    problems: list[Problem] = []
    bad = [raw for raw in args.getlist("level") if raw not in LEVEL_TEXT]
    problems += [_problem("level", raw, "0–5") for raw in bad]
    levels = tuple(sorted({int(raw) for raw in args.getlist("level") if raw in LEVEL_TEXT}))
    unmet = args.get("unmet") or None
    if unmet is not None and (len(unmet) > 80 or not unmet.replace(".", "").replace("_", "").isalnum()):
        problems.append(_problem("unmet", unmet[:80], "a requirement ID such as data.L3.01"))
    scale = args.get("scale") or None
    if scale not in (None, "above", "below"):
        problems.append(_problem("scale", str(scale), "above, below"))
        scale = None
    flags = {name: args.get(name) in ("1", "true") for name in ("assessed", "key_industries", "roster")}
    selection = Selection(levels=levels, scale=scale, min_level=_level(args, "min_level", problems), unmet=unmet,
                          from_year=_year(args, "from_year", problems), from_level=_level(args, "from_level", problems),
                          to_year=_year(args, "to_year", problems), to_level=_level(args, "to_level", problems),
                          **flags)
    if (selection.from_year is None) != (selection.to_year is None):
        problems.append(_problem("to_year" if selection.to_year is None else "from_year", "", "a year (both of them)"))
    if problems:
        raise MaturityError(problems)
    return selection
