"""Language: the chosen locale (Chinese by default) and questionnaire text in that language."""

from __future__ import annotations

from flask import Flask, current_app, session
from flask_babel import get_locale

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


def init_app(app: Flask) -> None:
    """Template helpers: `t(text)` for questionnaire text, number and percent filters."""
    from ..classifications import industries, regions

    app.jinja_env.globals.update(
        t=localise,
        content_lang=content_lang,
        industry_name=lambda code: localise(industries().get(code, (None, ""))[0]),
        region_name=lambda code: localise(regions().get(code)),
    )
    app.jinja_env.filters.update(num=number, pct=percent)
