"""Park charts as SVG (matplotlib): level distribution against published figures, and
the industry × sub-domain heat map of means at the level most enterprises work towards."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .charts import COUNTED
from .mpl import HEAT, LOCK, RC, to_svg

BUCKETS = ("≤1", "2", "3", "4+")
PALETTE = ("#b8c4d0", "#8fa3b8", "#6d859e", "#9ecae1")


def buckets_of(by_level: Mapping[str, int | None]) -> dict[str, int | None]:
    """Park counts in the buckets the published figures use: ≤1, 2, 3, 4+ (None when a part is hidden)."""
    def total(levels: Sequence[str]) -> int | None:
        values = [by_level.get(lvl) for lvl in levels]
        return None if any(v is None for v in values) else sum(v or 0 for v in values)

    return {"≤1": total(("0", "1")), "2": total(("2",)), "3": total(("3",)), "4+": total(("4", "5"))}


def distribution_svg(park: Mapping[str, float | None], published: Sequence[tuple[str, Mapping[str, float]]],
                     labels: Mapping[str, str]) -> str:
    """Grouped bars: the park's share in each bucket (dark) beside each published distribution (grey)."""
    series = [(labels["this_scope"], park), *published]
    width = 0.8 / len(series)
    with LOCK, rc_context(RC):
        fig = Figure(figsize=(6.4, 2.8))
        ax = fig.add_subplot()
        for i, (name, shares) in enumerate(series):
            xs = [b + (i - (len(series) - 1) / 2) * width for b in range(len(BUCKETS))]
            values = [shares.get(bucket) or 0.0 for bucket in BUCKETS]
            colour = COUNTED if i == 0 else PALETTE[(i - 1) % len(PALETTE)]
            ax.bar(xs, values, width=width * 0.92, color=colour, label=name)
            if i == 0:
                for x, bucket, value in zip(xs, BUCKETS, values, strict=True):
                    text = "—" if shares.get(bucket) is None else f"{value * 100:.0f}%"
                    ax.text(x, value + 0.01, text, ha="center", va="bottom", fontsize=7, color=COUNTED)
        ax.set_xticks(range(len(BUCKETS)), [f"{labels['level']} {b}" for b in BUCKETS])
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(lambda v, _pos: f"{v * 100:.0f}%")
        ax.tick_params(axis="x", length=0)
        ax.legend(loc="upper right", frameon=False, fontsize=7)
        return to_svg(fig, "park-distribution")


def heatmap_svg(columns: Sequence[tuple[str, Mapping[str, float] | None]], rows: Sequence[tuple[str, str]],
                hidden_text: str) -> str:
    """Sub-domains (rows) × the park and each industry (columns): the mean at the target level as colour and
    number. A column whose industry has too few enterprises is left blank and marked with `hidden_text`."""
    numbers = len(columns) <= 12  # beyond that (a region's many industries) colour alone, the cells are too narrow
    with LOCK, rc_context(RC):
        # At most the report's text width (WeasyPrint does not shrink a wider inline SVG).
        fig = Figure(figsize=(min(6.5, 1.9 + 0.55 * len(columns)), 0.7 + 0.24 * len(rows)))
        ax = fig.add_subplot()
        for x, (_name, means) in enumerate(columns):
            for y, (sid, _label) in enumerate(rows):
                value = None if means is None else means.get(sid)
                colour = "#ffffff" if value is None else HEAT(value)
                ax.add_artist(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=colour, edgecolor="white", linewidth=1))
                text = (hidden_text if means is None and y == 0 else "") if value is None else (
                    f"{value:.2f}" if numbers else "")
                dark = value is not None and value > 0.6
                ax.text(x, y, text, ha="center", va="center", fontsize=6.5, color="white" if dark else "#333333")
        ax.set_xlim(-0.5, len(columns) - 0.5)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xticks(range(len(columns)), [name for name, _means in columns], fontsize=7.5 if numbers else 6,
                      rotation=0 if numbers else 90)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(rows)), [label for _sid, label in rows], fontsize=7.5)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return to_svg(fig, "park-heatmap")
