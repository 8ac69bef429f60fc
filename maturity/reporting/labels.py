"""Every fixed word of the PDF report in Chinese and English, read from reports/labels.yaml (no gettext needed)."""

from __future__ import annotations

from functools import lru_cache

from maturity.resources import load_yaml, resource_dir


@lru_cache(maxsize=1)
def _all() -> dict[str, dict[str, str]]:
    raw = load_yaml((resource_dir("reports") / "labels.yaml").read_text("utf-8"))
    return {lang: {key: texts[lang] for key, texts in raw.items()} for lang in ("zh", "en")}


def labels(lang: str) -> dict[str, str]:
    """The label set of a language ("zh" for anything but "en")."""
    return _all()["en" if lang == "en" else "zh"]
