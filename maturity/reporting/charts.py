"""The result's two charts as inline SVG, written directly: shared by the results page and the PDF report.

Text stays text so browsers and WeasyPrint draw it with Noto Sans CJK SC and pdftotext can read chart labels.
The charts are rectangles, lines and labels on a fixed grid, so they are written as SVG elements rather than
drawn with matplotlib: importing matplotlib alone cost a `maturity report` process more than WeasyPrint's
whole one-line page, and each drawing took longer than laying out its page. Label widths are estimated from
the characters (CJK one em, Latin about half), which is all the fixed layout needs.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from maturity.domain.model import LEVELS, Questionnaire
from maturity.domain.result import ScoreResult

FONT_FAMILY = "Noto Sans CJK SC"
FONTS = f"'{FONT_FAMILY}', 'Noto Sans CJK JP', 'DejaVu Sans', sans-serif"
COUNTED = "#1f5f9e"
NOT_COUNTED = "#b8c4d0"
GATE = "#c0392b"
INK = "#333333"
HEAT_STOPS = ("#f4f6f8", "#9ecae1", "#1f5f9e")  # at 0, 0.5 and 1: the park charts, white labels on dark
SUBDOMAIN_STOPS = ("#f4f6f8", "#c6dbef", "#6baed6")  # lighter: every label of this heat map is dark ink
PX = 0.75  # one CSS pixel in points
# WeasyPrint 70 with Pango 1.50 sets text after a tab about 1.4 pt beyond the tab stop at 8 pt: measured, and
# checked by the report tests, which find every heat-map value centred in its cell from the PDF's text boxes.
TAB_SLACK = 1.43
WIDTH = 460.0  # points, the text width of an A4 page with the report's margins
_STYLE_BLOCK = re.compile(r"\s*<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>")
_STYLE_ATTR = re.compile(r'style="([^"]*)"')
_G_TAG = re.compile(r"<g\b[^>]*?(/?)>|</g>")
_ID_ONLY_G = re.compile(r'<g id="[^"]*"\s*/?>')
_CLIP_ATTR = re.compile(r'\s*clip-path="url\(#[^)"]*\)"')
_CLIP_DEFS = re.compile(r"\s*<defs>\s*(?:<clipPath\b[^>]*>.*?</clipPath>\s*)+</defs>", re.S)
_NO_ROTATION = re.compile(r'\s*transform="rotate\(-?0 [-\d.e]+ [-\d.e]+\)"')
_NEWLINES = re.compile(r"\s*\n\s*")
_BETWEEN_TAGS = re.compile(r">\s+<")

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


def text_width(text: str, size: float) -> float:
    """Estimated width of `text` at `size`: one em per CJK character, about half an em per Latin one."""
    return sum(size * (1.0 if ord(ch) >= 0x2E80 else 0.56) for ch in text)


def heat_colour(value: float) -> str:
    """The heat-map colour of a mean: light grey at 0, light blue at 0.5, mid blue at 1."""
    value = min(1.0, max(0.0, value))
    stops = SUBDOMAIN_STOPS
    low, high, t = (stops[0], stops[1], value * 2) if value <= 0.5 else (stops[1], stops[2], value * 2 - 1)
    mixed = (round(int(low[i:i + 2], 16) * (1 - t) + int(high[i:i + 2], 16) * t) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _text(x: float, y: float, text: str, size: float, *, anchor: str = "middle", fill: str = INK,
          extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" fill="{fill}"{extra}>'
            f"{escape(text)}</text>")


def _svg(width: float, height: float, prefix: str, body: list[str]) -> str:
    """The root element: size in points, our fonts inherited by every label."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" id="{prefix}" width="{width:.0f}pt" height="{height:.0f}pt" '
            f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="{FONTS}">' + "".join(body) + "</svg>")


def _level_ticks(questionnaire: Any, lang: str, xs: list[float], y: float, size: float) -> list[str]:
    """Each level's tick label on two lines (number, then name), centred on its column."""
    out = []
    for x, level in zip(xs, LEVELS, strict=True):
        first, second = level_label(questionnaire, level, lang).split("\n")
        out += [_text(x, y, first, size), _text(x, y + size * 1.2, second, size)]
    return out


def presentation_attributes(svg: str) -> str:
    """The same SVG with `style="..."` turned into presentation attributes, for WeasyPrint.

    Inline SVG sits in the HTML tree, so WeasyPrint's HTML cascade reads its style attributes and
    warns about every SVG-only property; its SVG renderer reads plain attributes (and expands `font`).
    Browsers keep the style form, which is why the web page uses the charts as they are.
    """
    svg = _STYLE_BLOCK.sub("", _slim(svg), count=1)
    svg = svg.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)
    return _STYLE_ATTR.sub(lambda m: " ".join(
        f'{name.strip()}="{value.strip()}"' for name, value in
        (decl.split(":", 1) for decl in m[1].split(";") if ":" in decl)), svg)


def _slim(svg: str) -> str:
    """The same drawing with fewer nodes, for WeasyPrint, which cascades and draws every node of inline SVG.

    Drops the groups that carry nothing but an id (matplotlib wraps every artist in one: about half the
    nodes of the heat map), the axes clip path (every mark lies inside the axes), no-op rotations and the
    whitespace between nodes.
    """
    svg = _CLIP_DEFS.sub("", _CLIP_ATTR.sub("", svg))
    svg = _NO_ROTATION.sub("", svg)
    kept: list[bool] = []

    def group(m: re.Match[str]) -> str:
        tag = m[0]
        if tag == "</g>":
            return tag if kept.pop() else ""
        drop = _ID_ONLY_G.fullmatch(tag) is not None
        if not m[1]:  # an opening tag, not a self-closing one
            kept.append(not drop)
        return "" if drop else tag

    svg = _G_TAG.sub(group, svg)
    return _BETWEEN_TAGS.sub("><", _NEWLINES.sub(" ", svg))  # whitespace between nodes would be text nodes


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


def _cell_label(value: float | None, trimmed: bool, labels: dict[str, str]) -> str:
    """What a heat-map cell says: its mean, "—" where the level has no requirement, or "trimmed"."""
    return labels["trimmed"] if trimmed else (labels["na"] if value is None else f"{value:.2f}")


def _heat_rect(x: float, y: float, w: float, h: float, value: float | None, trimmed: bool, under: bool) -> str:
    """One cell's colour, outlined in red (inset) when under the gate."""
    colour = "#ffffff" if value is None or trimmed else heat_colour(value)
    edge = f' stroke="{GATE}" stroke-width="1.4"' if under else ""
    return f'<rect x="{x + 0.04 * w:.1f}" y="{y + 0.06 * h:.1f}" width="{0.92 * w:.1f}" height="{0.88 * h:.1f}" ' \
           f'fill="{colour}"{edge}/>'


class HeatGrid:
    """The heat map's rows and geometry (points), shared by the SVG and the PDF's text lines over it."""

    top, row_h = 30.0, 18.0

    def __init__(self, result: ScoreResult, questionnaire: Any, lang: str):
        base = _base(questionnaire)
        self.labels = _labels(lang)
        ids, self.rows, self.trimmed = _heat_cells(result, questionnaire)
        self.names = [base.subdomain_index[s].name.get(lang) for s in ids]
        self.left = max((text_width(n, 9) for n in self.names), default=0) + 10
        # Tab stops every column (tab-size: a whole number of CSS pixels) put each value in its cell.
        self.tab_px = int(((WIDTH - self.left) / len(LEVELS) - TAB_SLACK) // PX)
        self.col_w = self.tab_px * PX + TAB_SLACK
        self.height = self.top + len(self.rows) * self.row_h + 4
        gate, marked = base.scoring.gate, result.next_level or max(LEVELS)
        self.under = [[v is not None and not t and v < gate - 1e-9 and level <= marked
                       for v, level in zip(row, LEVELS, strict=True)]
                      for row, t in zip(self.rows, self.trimmed, strict=True)]

    def cell_labels(self, r: int) -> list[str]:
        """The labels of row `r`'s cells."""
        return [_cell_label(v, self.trimmed[r], self.labels) for v in self.rows[r]]


def subdomain_chart_svg(result: ScoreResult, questionnaire: Any, lang: str, *, cell_text: bool = True) -> str:
    """Heat map of every assessed sub-domain × level: the mean rating, as colour and number.

    Cells under the gate up to the level the enterprise works towards are outlined in red. Without
    `cell_text` the row names and cell values are left out: the PDF sets them as lines of text over the
    drawing (see `heat_lines`), which WeasyPrint lays out far faster than SVG text, letter by letter.
    """
    grid = HeatGrid(result, questionnaire, lang)
    xs = [grid.left + (i + 0.5) * grid.col_w for i in range(len(LEVELS))]
    body = _level_ticks(questionnaire, lang, xs, 11, 9)
    for r, row in enumerate(grid.rows):
        y = grid.top + r * grid.row_h
        if cell_text:
            body.append(_text(grid.left - 6, y + grid.row_h / 2 + 3.2, grid.names[r], 9, anchor="end"))
        for c, value in enumerate(row):
            x = grid.left + c * grid.col_w
            body.append(_heat_rect(x, y, grid.col_w, grid.row_h, value, grid.trimmed[r], grid.under[r][c]))
        if cell_text:
            body += [_text(x, y + grid.row_h / 2 + 2.9, label, 8)
                     for x, label in zip(xs, grid.cell_labels(r), strict=True)]
    return _svg(WIDTH, grid.height, "subdomain-chart", body)


def heat_lines(result: ScoreResult, questionnaire: Any, lang: str) -> dict[str, Any]:
    """The heat map's names and values as one line of text per row, for the PDF to set over the drawing.

    Each row is its name (a fixed-width box) and then the cell labels separated by tabs, with tab stops
    every column: one text run per row instead of a hundred SVG labels.
    """
    grid = HeatGrid(result, questionnaire, lang)
    pad = (grid.col_w - text_width("0.00", 8)) / 2
    centred = {grid.labels["na"]: "\u2002" + grid.labels["na"]}  # "—" is narrower than a number
    return {
        "width": WIDTH, "height": round(grid.height, 2), "top": grid.top, "row_h": grid.row_h,
        "name_w": round(grid.left - 6, 2), "gap": round(6 + pad, 2), "tab_px": grid.tab_px,
        "col_w": round(grid.col_w, 2),
        "rows": [{"name": name, "line": "\t".join(centred.get(x, x) for x in grid.cell_labels(r))}
                 for r, name in enumerate(grid.names)],
    }


def level_bars_svg(result: ScoreResult, questionnaire: Any, lang: str) -> str:
    """Bars of the five level scores, counted levels dark, with the gate drawn as a dashed line."""
    labels = _labels(lang)
    gate = _base(questionnaire).scoring.gate
    counted = set(result.counted_levels)
    x0, x1, y_top, y0 = 52.0, WIDTH - 8, 8.0, 150.0
    scale = (y0 - y_top) / 1.12
    slot = (x1 - x0) / len(LEVELS)
    centres = [x0 + (i + 0.5) * slot for i in range(len(LEVELS))]
    body = [f'<path d="M{x0:.1f} {y_top:.1f}V{y0:.1f}H{x1:.1f}" fill="none" stroke="#000000" stroke-width="0.8"/>']
    for tick in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        y = y0 - tick * scale
        body += [f'<path d="M{x0 - 3.5:.1f} {y:.1f}H{x0:.1f}" stroke="#000000" stroke-width="0.8"/>',
                 _text(x0 - 6, y + 3.2, f"{tick:.1f}", 9, anchor="end")]
    body.append(_text(14, (y_top + y0) / 2, labels["level_score"], 9,
                      extra=f' transform="rotate(-90 14 {(y_top + y0) / 2:.1f})"'))
    for x, level in zip(centres, LEVELS, strict=True):
        value = result.level_scores[level]
        colour = COUNTED if level in counted else NOT_COUNTED
        body += [f'<rect x="{x - 0.3 * slot:.1f}" y="{y0 - value * scale:.1f}" width="{0.6 * slot:.1f}" '
                 f'height="{value * scale:.1f}" fill="{colour}"/>',
                 _text(x, y0 - value * scale - 3, f"{value:.2f}", 9)]
    yg = y0 - gate * scale
    body += [f'<g id="level-bars-gate-line"><path d="M{x0:.1f} {yg:.1f}H{x1:.1f}" stroke="{GATE}" '
             f'stroke-width="1.2" stroke-dasharray="4.4 1.9"/></g>',
             '<g id="level-bars-gate-label">' + _text(x1, yg - 3, f"{labels['gate']} {gate:.2f}", 8, anchor="end",
                                                      fill=GATE) + "</g>"]
    body += _level_ticks(questionnaire, lang, centres, y0 + 13, 9)
    return _svg(WIDTH, 215, "level-bars", body + _legend(labels, (x0 + x1) / 2, 203))


def _legend(labels: dict[str, str], centre: float, y: float) -> list[str]:
    """Counted and not counted, side by side under the bars."""
    items = [(COUNTED, labels["counted"]), (NOT_COUNTED, labels["not_counted"])]
    widths = [20 + text_width(text, 9) for _c, text in items]
    x = centre - (sum(widths) + 16) / 2
    out = []
    for (colour, text), width in zip(items, widths, strict=True):
        out += [f'<rect x="{x:.1f}" y="{y - 7:.1f}" width="14" height="7" fill="{colour}"/>',
                _text(x + 20, y, text, 9, anchor="start")]
        x += width + 16
    return out
