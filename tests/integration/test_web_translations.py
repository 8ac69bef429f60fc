"""Every UI string is in the Chinese catalogue, and the committed .mo files say what their .po files say."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[2] / "maturity"
CATALOGUES = PACKAGE / "translations"
METHODS = [("web/**.py", "python"), ("web/templates/**.html", "jinja2")]  # as translations/babel.cfg


def catalogue(lang: str, kind: str = "po"):
    with open(CATALOGUES / lang / "LC_MESSAGES" / f"messages.{kind}", "rb") as f:
        return read_po(f, locale=lang) if kind == "po" else read_mo(f)


def test_every_ui_string_has_its_chinese():
    zh = catalogue("zh")
    untranslated = []
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), METHODS, keywords={**DEFAULT_KEYWORDS, "_l": None}
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        entry = zh.get(msgid)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (entry and entry.string,)
        if entry is None or entry.fuzzy or not all(strings):
            untranslated.append(f"{filename}: {msgid}")
    assert untranslated == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_compiled_catalogue_matches_its_source(lang):
    po, mo = catalogue(lang), catalogue(lang, "mo")
    for message in po:
        translated = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and all(translated):
            compiled = mo.get(message.id)
            assert compiled is not None and tuple(translated) == (
                tuple(compiled.string) if isinstance(compiled.string, list | tuple) else (compiled.string,)
            ), message.id
