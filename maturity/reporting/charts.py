"""Charts of a result as inline SVG: shared by the results page and the PDF report.

The SVG is written directly: a few dozen rectangles, lines and text elements, with presentation attributes
and no clip paths, styles or nested groups. That keeps it cheap to build and cheap for WeasyPrint to draw
(a matplotlib figure of the same heat map was ~850 SVG nodes and a fifth of the report's time).
Text stays text, so browsers and WeasyPrint draw it with Noto Sans CJK SC and pdftotext can read chart
labels. Sizes are in points; text widths are estimated (CJK full width, Latin ~0.56 em), with slack.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from maturity.domain.model import LEVELS, Questionnaire
from maturity.domain.result import ScoreResult

FONT_FAMILY = "Noto Sans CJK SC"
FONT = f"'{FONT_FAMILY}', 'Noto Sans CJK JP', 'DejaVu Sans', sans-serif"
TEXT = "#333333"
AXIS = "#1d2733"
COUNTED = "#1f5f9e"
NOT_COUNTED = "#b8c4d0"
GATE = "#c0392b"
HEAT_STOPS = ((0.0, (0xF4, 0xF6, 0xF8)), (0.5, (0x9E, 0xCA, 0xE1)), (1.0, (0x1F, 0x5F, 0x9E)))
WIDTH = 440.0  # points; the report scales the chart to its text width
_STYLE_BLOCK = re.compile(r"\s*<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>")
_STYLE_ATTR = re.compile(r'style="([^"]*)"')

LABELS = {
    "zh": {"gate": "门槛", "counted": "计入 S", "not_counted": "未计入 S", "level_score": "等级得分",
           "level": "第{n}级", "trimmed": "已裁剪", "na": "—", "subdomain": "能力子域"},
    "en": {"gate": "Gate", "counted": "Counted in S", "not_counted": "Not counted", "level_score": "Level score",
           "level": "L{n}", "trimmed": "trimmed", "na": "—", "subdomain": "Sub-domain"},
}


def _labels(lang: str) -> dict[str, str]:
    return LABELS["en" if lang == "en" else "zh"]


def _base(questionnaire: Any) -> Questionnaire:
    """A quick check charts through its base questionnaire."""
    return getattr(questionnaire, "base", questionnaire)


def level_label(questionnaire: Any, level: int, lang: str) -> str:
    """'第3级\n集成级' / 'L3\nIntegrated': the tick label of one level."""
    name = _base(questionnaire).level_name(level).get(lang)
    return f"{_labels(lang)['level'].format(n=level)}\n{name}"


def heat_colour(value: float) -> str:
    """The heat map colour of a mean rating in [0, 1]: light grey through light blue to the report blue."""
    value = min(1.0, max(0.0, value))
    for (x0, c0), (x1, c1) in zip(HEAT_STOPS, HEAT_STOPS[1:], strict=False):
        if value <= x1:
            f = (value - x0) / (x1 - x0)
            return "#" + "".join(f"{round(a + (b - a) * f):02x}" for a, b in zip(c0, c1, strict=True))
    return COUNTED


def text_width(text: str, size: float) -> float:
    """Estimated advance width of a line of text in Noto Sans CJK SC (wide characters 1 em, others ~0.56 em)."""
    return size * sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.56 for ch in text)


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, text: str, *, size: float = 9, anchor: str = "start", fill: str = TEXT,
          extra: str = "") -> str:
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}"{anchor_attr} fill="{fill}"{extra}>'
            f"{escape(text)}</text>")


def _svg(prefix: str, width: float, height: float, body: Iterable[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" id="{prefix}" width="{_n(width)}pt" '
            f'height="{_n(height)}pt" viewBox="0 0 {_n(width)} {_n(height)}" font-family={quoteattr(FONT)}>\n'
            + "\n".join(body) + "\n</svg>")


def presentation_attributes(svg: str) -> str:
    """The same SVG with `style="..."` turned into presentation attributes, for WeasyPrint.

    Inline SVG sits in the HTML tree, so WeasyPrint's HTML cascade reads style attributes and warns about
    every SVG-only property; its SVG renderer reads plain attributes. The charts here are already written
    with attributes, so for them this changes nothing; it stays for SVG from elsewhere.
    """
    svg = _STYLE_BLOCK.sub("", svg, count=1)
    return _STYLE_ATTR.sub(lambda m: " ".join(
        f'{name.strip()}="{value.strip()}"' for name, value in
        (decl.split(":", 1) for decl in m[1].split(";") if ":" in decl)), svg)


def _heat_cells(result: ScoreResult, questionnaire: Any) -> tuple[list[str], list[list[float | None]], list[bool]]:
    """Sub-domain ids, their mean per level and whether each is trimmed, for the sub-domains assessed."""
    base = _base(questionnaire)
    ids, rows, trimmed = [], [], []
    for node in result.subdomains:
        sub = base.subdomain_index[node.id]
        if result.industry not in sub.industries:
            continue
        ids.append(node.id)
        rows.append([node.scores.get(level) for level in LEVELS])
        trimmed.append(node.id in result.trimmed)
    return ids, rows, trimmed


def subdomain_chart_svg(result: ScoreResult, questionnaire: Any, lang: str) -> str:
    """Heat map of every assessed sub-domain × level: the mean rating, as colour and number."""
    labels = _labels(lang)
    base = _base(questionnaire)
    ids, rows, trimmed = _heat_cells(result, questionnaire)
    names = [base.subdomain_index[s].name.get(lang) for s in ids]
    size, cell_size, row_h, head_h = 9.0, 8.0, 17.0, 28.0
    left = max((text_width(name, size) for name in names), default=0.0) + 10
    col_w = (WIDTH - left - 2) / len(LEVELS)
    height = head_h + row_h * len(ids) + 4
    body = []
    for x, level in enumerate(LEVELS):
        cx = left + col_w * (x + 0.5)
        for i, line in enumerate(level_label(questionnaire, level, lang).split("\n")):
            body.append(_text(cx, 10 + 11 * i, line, size=size, anchor="middle"))
    for y, (name, row) in enumerate(zip(names, rows, strict=True)):
        top = head_h + row_h * y
        body.append(_text(left - 6, top + row_h / 2 + 3.2, name, size=size, anchor="end"))
        for x, value in enumerate(row):
            colour = "#ffffff" if value is None or trimmed[y] else heat_colour(value)
            body.append(f'<rect x="{_n(left + col_w * x)}" y="{_n(top)}" width="{_n(col_w)}" height="{_n(row_h)}" '
                        f'fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>')
            text = labels["trimmed"] if trimmed[y] else (labels["na"] if value is None else f"{value:.2f}")
            dark = value is not None and value > 0.6 and not trimmed[y]
            body.append(_text(left + col_w * (x + 0.5), top + row_h / 2 + 2.9, text, size=cell_size,
                              anchor="middle", fill="#ffffff" if dark else TEXT))
    return _svg("subdomain-chart", WIDTH, height, body)


def level_bars_svg(result: ScoreResult, questionnaire: Any, lang: str) -> str:
    """Bars of the five level scores, counted levels dark, with the gate drawn as a dashed line."""
    labels = _labels(lang)
    gate = _base(questionnaire).scoring.gate
    scores = [result.level_scores[level] for level in LEVELS]
    counted = set(result.counted_levels)
    size = 9.0
    left, top, plot_h, right = 50.0, 8.0, 150.0, WIDTH - 8
    bottom = top + plot_h
    y_max = 1.12
    slot = (right - left) / len(LEVELS)

    def y_of(value: float) -> float:
        return bottom - plot_h * value / y_max

    body = [f'<path d="M {_n(left)} {_n(top)} V {_n(bottom)} H {_n(right)}" fill="none" stroke="{AXIS}" '
            f'stroke-width="0.8"/>']
    for i in range(6):
        value = i / 5
        y = y_of(value)
        body.append(f'<path d="M {_n(left - 3.5)} {_n(y)} H {_n(left)}" stroke="{AXIS}" stroke-width="0.8"/>')
        body.append(_text(left - 6, y + 3.2, f"{value:.1f}", size=size, anchor="end"))
    body.append(_text(12, top + plot_h / 2, labels["level_score"], size=size, anchor="middle",
                      extra=f' transform="rotate(-90 12 {_n(top + plot_h / 2)})"'))
    for x, (level, value) in enumerate(zip(LEVELS, scores, strict=True)):
        cx = left + slot * (x + 0.5)
        bar_w = slot * 0.6
        colour = COUNTED if level in counted else NOT_COUNTED
        body.append(f'<rect x="{_n(cx - bar_w / 2)}" y="{_n(y_of(value))}" width="{_n(bar_w)}" '
                    f'height="{_n(bottom - y_of(value))}" fill="{colour}"/>')
        body.append(_text(cx, y_of(value) - 3, f"{value:.2f}", size=size, anchor="middle"))
        for i, line in enumerate(level_label(questionnaire, level, lang).split("\n")):
            body.append(_text(cx, bottom + 12 + 11 * i, line, size=size, anchor="middle"))
    gate_y = y_of(gate)
    body.append(f'<g id="level-bars-gate-line"><path d="M {_n(left)} {_n(gate_y)} H {_n(right)}" fill="none" '
                f'stroke="{GATE}" stroke-width="1.2" stroke-dasharray="4.4 1.9"/></g>')
    body.append('<g id="level-bars-gate-label">'
                + _text(right - 2, gate_y - 3, f"{labels['gate']} {gate:.2f}", size=8, anchor="end", fill=GATE)
                + "</g>")
    legend = [(COUNTED, labels["counted"]), (NOT_COUNTED, labels["not_counted"])]
    widths = [14 + 5 + text_width(text, size) for _colour, text in legend]
    gap = 20.0
    x = (left + right) / 2 - (sum(widths) + gap * (len(widths) - 1)) / 2
    legend_y = bottom + 48
    for (colour, text), w in zip(legend, widths, strict=True):
        body.append(f'<rect x="{_n(x)}" y="{_n(legend_y - 7)}" width="14" height="7" fill="{colour}"/>')
        body.append(_text(x + 19, legend_y, text, size=size))
        x += w + gap
    return _svg("level-bars", WIDTH, legend_y + 6, body)
