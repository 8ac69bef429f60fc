"""`maturity park stats|report|roster import`: a park's figures, PDF report and roster from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


@click.group("park")
def park_group() -> None:
    """A park's statistics, report and roster."""


def _filters(year: int | None, industry: str | None, size: str | None, city: str | None) -> Any:
    from ..services.park_queries import Filters

    return Filters(industry=industry, size=size, city=city, year=year)


def _min_cell(value: int | None) -> int:
    """--min-cell, else the configured PARK_MIN_CELL (the app is built only to read its settings)."""
    from .admin import configured_app

    if value is not None:
        return value
    app = configured_app()
    app.extensions["maturity.engine"].dispose()  # no pooled connection outlives the read
    return int(app.config["PARK_MIN_CELL"])


@park_group.command("stats")
@click.option("--park", "park_id", type=int, required=True)
@click.option("--year", type=int, help="Only results of this year (each enterprise's latest in it).")
@click.option("--industry", help="GB/T 4754 division, e.g. C34.")
@click.option("--size", type=click.Choice(["above", "below", "lt20m", "20m_400m", "ge400m"]))
@click.option("--city")
@click.option("--min-cell", type=click.IntRange(1), help="Hide counts below this (default: PARK_MIN_CELL, 5).")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def stats_command(park_id: int, year: int | None, industry: str | None, size: str | None, city: str | None,
                  min_cell: int | None, fmt: str, lang: str) -> None:
    """Print a park's statistics: the API's JSON, or a short text summary."""
    from ..services import parks
    from .admin import unit_of_work

    threshold = _min_cell(min_cell)
    with unit_of_work() as session:
        stats = parks.statistics(session, parks.park_scope(session, None, park_id),
                                 _filters(year, industry, size, city), min_cell=threshold)
    if fmt == "json":
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    from ..reporting.park import summary_lines

    for line in summary_lines(stats, lang):
        click.echo(line)


@park_group.command("report")
@click.option("--park", "park_id", type=int, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--year", type=int)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--min-cell", type=click.IntRange(1))
def report_command(park_id: int, output: Path, year: int | None, lang: str, min_cell: int | None) -> None:
    """Write the park's PDF report (headline, distribution, breakdowns, transitions, weakest capabilities)."""
    from ..services import parks
    from .admin import unit_of_work

    threshold = _min_cell(min_cell)
    with unit_of_work() as session:
        stats = parks.statistics(session, parks.park_scope(session, None, park_id), _filters(year, None, None, None),
                                 min_cell=threshold)
    from ..reporting.park import park_pdf

    output.write_bytes(park_pdf(stats, lang))
    click.echo(f"{output} ({output.stat().st_size // 1024} KB)")


@park_group.group("roster")
def roster_group() -> None:
    """The park's roster (名录)."""


@roster_group.command("import")
@click.option("--park", "park_id", type=int, required=True)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True)
def roster_import(park_id: int, file: Path, lang: str) -> None:
    """Replace the park's roster with FILE (xlsx or csv); nothing is stored when any row is invalid."""
    from ..domain.errors import MaturityError
    from ..interchange.roster import read_roster
    from ..services import parks, roster
    from . import fail_with
    from .admin import unit_of_work

    try:
        rows = read_roster(file.read_bytes(), file.name)
    except MaturityError as exc:
        raise fail_with(exc, lang) from exc
    with unit_of_work() as session:
        parks.park_scope(session, None, park_id)
        change = roster.replace_roster(session, park_id=park_id, rows=[r.values for r in rows], user=None)
    click.echo(json.dumps({"rows": len(rows), **change.as_json()}))
