"""matplotlib set up for the park charts (Agg, text kept as text), and figures serialised as inline SVG.

The enterprise report's two charts are written as SVG directly (`charts.py`): importing matplotlib alone
costs a `maturity report` process more than rendering the one-line page does. rcParams are process-global,
so the rc_context that carries our settings is held under a lock.
"""

from __future__ import annotations

import io
import re
import threading
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.colors import LinearSegmentedColormap  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .charts import FONT_FAMILY, HEAT_STOPS  # noqa: E402

RC: Any = {  # matplotlib types rc keys as literals; this mapping is checked by use
    "svg.fonttype": "none",
    "svg.hashsalt": "maturity",  # stable element IDs: the same data gives the same SVG
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY, "Noto Sans CJK JP", "DejaVu Sans"],
    "font.size": 9,
    "axes.unicode_minus": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
HEAT = LinearSegmentedColormap.from_list("maturity", list(HEAT_STOPS))
LOCK = threading.Lock()
_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_ID = re.compile(r'\b(id)="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)')


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
