"""Charts of a result as inline SVG (matplotlib, Agg): shared by the results page and the PDF report.

Text stays text (`svg.fonttype = "none"`) so browsers and WeasyPrint draw it with Noto Sans CJK SC and
pdftotext can read chart labels. Figures are built with the object API (`Figure`), never registered
with pyplot, so nothing accumulates in a long-lived process; rcParams are process-global, so the
rc_context that carries our settings is held under a lock.
"""

from __future__ import annotations

import io
import re
import threading
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

from maturity.domain.model import LEVELS, Questionnaire  # noqa: E402
from maturity.domain.result import ScoreResult  # noqa: E402

FONT_FAMILY = "Noto Sans CJK SC"
RC: Any = {  # matplotlib types rc keys as literals; this mapping is checked by use
    "svg.fonttype": "none",
    "svg.hashsalt": "maturity",  # stable element IDs: the same result gives the same SVG
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY, "Noto Sans CJK JP", "DejaVu Sans"],
    "font.size": 9,
    "axes.unicode_minus": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
COUNTED = "#1f5f9e"
NOT_COUNTED = "#b8c4d0"
GATE = "#c0392b"
HEAT = LinearSegmentedColormap.from_list("maturity", ["#f4f6f8", "#9ecae1", "#1f5f9e"])
_LOCK = threading.Lock()
_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_ID = re.compile(r'\b(id)="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)')
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


def to_svg(fig: Figure, prefix: str) -> str:
    """Serialise a figure to an inline-ready SVG string (no XML prolog or DOCTYPE), its IDs prefixed.

    Two charts on one page must not share IDs (matplotlib numbers them patch_1, text_1, ... in every figure).
    """
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = _PROLOG.sub("", buffer.getvalue(), count=1)
    svg = _METADATA.sub("", svg, count=1)  # the RDF block only names URLs nobody should fetch
    svg = _ID.sub(lambda m: f'{m[1]}="{prefix}-{m[2]}"', svg)
    svg = _REF.sub(lambda m: f"{m[1]}{prefix}-", svg)
    return svg.strip()


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


def subdomain_chart_svg(result: ScoreResult, questionnaire: Any, lang: str) -> str:
    """Heat map of every assessed sub-domain × level: the mean rating, as colour and number."""
    labels = _labels(lang)
    base = _base(questionnaire)
    ids, rows, trimmed = _heat_cells(result, questionnaire)
    with _LOCK, rc_context(RC):
        fig = Figure(figsize=(6.4, 0.8 + 0.27 * len(ids)))
        ax = fig.add_subplot()
        # Rectangles, not imshow: imshow embeds a PNG as a data: URL, which the PDF fetcher refuses.
        gate = base.scoring.gate
        marked = result.next_level or max(LEVELS)  # cells under the gate up to the working level are outlined
        for y, row in enumerate(rows):
            for x, value in enumerate(row):
                colour = "#ffffff" if value is None or trimmed[y] else HEAT(value)
                under = value is not None and not trimmed[y] and value < gate - 1e-9 and LEVELS[x] <= marked
                # add_artist, not add_patch: the limits are set below, so per-cell data-limit updates are wasted.
                # An under-gate cell is outlined by its own edge, inset, not by a second shape (fewer SVG nodes).
                ax.add_artist(Rectangle((x - 0.46, y - 0.44), 0.92, 0.88, facecolor=colour,
                                        edgecolor=GATE if under else colour, linewidth=1.4 if under else 0))
                text = labels["trimmed"] if trimmed[y] else (labels["na"] if value is None else f"{value:.2f}")
                dark = value is not None and value > 0.6 and not trimmed[y]
                ax.text(x, y, text, ha="center", va="center", fontsize=8, color="white" if dark else "#333333")
        ax.set_xlim(-0.5, len(LEVELS) - 0.5)
        ax.set_ylim(len(ids) - 0.5, -0.5)
        ax.set_xticks(range(len(LEVELS)), [level_label(questionnaire, lvl, lang) for lvl in LEVELS])
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(ids)), [base.subdomain_index[s].name.get(lang) for s in ids])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return to_svg(fig, "subdomain-chart")


def level_bars_svg(result: ScoreResult, questionnaire: Any, lang: str) -> str:
    """Bars of the five level scores, counted levels dark, with the gate drawn as a dashed line."""
    labels = _labels(lang)
    gate = _base(questionnaire).scoring.gate
    scores = [result.level_scores[level] for level in LEVELS]
    counted = set(result.counted_levels)
    with _LOCK, rc_context(RC):
        fig = Figure(figsize=(6.4, 2.9))
        ax = fig.add_subplot()
        colours = [COUNTED if level in counted else NOT_COUNTED for level in LEVELS]
        bars = ax.bar(range(len(LEVELS)), scores, color=colours, width=0.6)
        for bar, value in zip(bars, scores, strict=True):
            ax.text(bar.get_x() + bar.get_width() / 2, value + 0.02, f"{value:.2f}", ha="center", va="bottom")
        line = ax.axhline(gate, color=GATE, linestyle="--", linewidth=1.2)
        line.set_gid("gate-line")
        ax.text(len(LEVELS) - 0.5, gate + 0.02, f"{labels['gate']} {gate:.2f}", color=GATE,
                ha="right", va="bottom", fontsize=8, gid="gate-label")
        ax.set_xticks(range(len(LEVELS)), [level_label(questionnaire, lvl, lang) for lvl in LEVELS])
        ax.set_ylim(0, 1.12)
        ax.set_ylabel(labels["level_score"])
        ax.tick_params(axis="x", length=0)
        handles = [Patch(color=COUNTED, label=labels["counted"]),
                   Patch(color=NOT_COUNTED, label=labels["not_counted"])]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2, frameon=False)
        return to_svg(fig, "level-bars")
