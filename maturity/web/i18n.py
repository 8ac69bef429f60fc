"""Language: the chosen locale (Chinese by default) and questionnaire text in that language."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, current_app, session
from flask_babel import format_datetime, get_locale

from ..domain.model import Text


def select_locale() -> str:
    """The language picked with the switch, else the default (zh_CN)."""
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return str(chosen)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def content_lang() -> str:
    """ "en" or "zh": which half of a questionnaire `Text` to show."""
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "zh"


def localise(text: Text | dict | None) -> str:
    """A `Text` (or {"zh", "en"} mapping) in the current language; empty for None."""
    if text is None:
        return ""
    if isinstance(text, dict):
        return str(text.get(content_lang()) or text.get("zh") or "")
    return text.get(content_lang())


def number(value: float | None, digits: int = 2) -> str:
    """A score with fixed decimals; a dash where there is nothing to assess."""
    return "—" if value is None else f"{value:.{digits}f}"


def percent(value: float | None) -> str:
    """A share as a whole percentage."""
    return "—" if value is None else f"{value:.0%}"


def _aware(value: datetime) -> datetime:
    """Timestamps come back naive from SQLite; they are stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def when(value: datetime | None) -> str:
    """Date and minute in the configured time zone (Asia/Shanghai by default)."""
    return "" if value is None else format_datetime(_aware(value), "yyyy-MM-dd HH:mm")


def day(value: datetime | None) -> str:
    """The date in the configured time zone."""
    return "" if value is None else format_datetime(_aware(value), "yyyy-MM-dd")


def place(region_code: str | None, city: str | None) -> str:
    """Province and city in the reader's language (seeds/regions.yaml); an unknown city stays as it was typed."""
    from ..reference import shipped_reference

    reference = shipped_reference()
    province = reference.regions.get(str(region_code or ""))
    known = reference.cities.get(str(city or ""))
    town = known.get(content_lang()) if known else (city or "")
    if content_lang() == "en":
        return ", ".join(p for p in (town, province.en if province else "") if p)
    return (province.zh if province else "") + town


def init_app(app: Flask) -> None:
    """Template helpers: `t(text)` for questionnaire text, number and percent filters."""
    from ..classifications import industries

    app.jinja_env.globals.update(
        t=localise,
        content_lang=content_lang,
        industry_name=lambda code: localise(industries().get(code, (None, ""))[0]),
        place=place,
        industry_codes=sorted(industries()),
    )
    app.jinja_env.filters.update(num=number, pct=percent, when=when, day=day)
