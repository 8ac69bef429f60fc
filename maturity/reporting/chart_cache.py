"""Charts of a stored assessment, drawn once per assessment version, not on every view of its page.

Keyed by the assessment ID, the version of its scoring (the score row's ID and time: re-scoring writes a new
row, hence a new key) and the language. A result scored on the fly (no usable row) is keyed by a hash of
everything the charts show. One cache per process: each web worker draws a chart at most once.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable

from maturity.domain.result import ScoreResult

MAX_ENTRIES = 256  # about 30 KB of SVG each: a few MB per worker process at most


def result_digest(result: ScoreResult) -> str:
    """A hash of what the charts draw: level scores, counted levels, sub-domain means, trimming, working level."""
    shown = {
        "levels": {str(k): round(v, 9) for k, v in result.level_scores.items()},
        "counted": list(result.counted_levels),
        "subdomains": {n.id: {str(k): None if v is None else round(v, 9) for k, v in n.scores.items()}
                       for n in result.subdomains},
        "trimmed": sorted(result.trimmed), "industry": result.industry, "next": result.next_level,
        "questionnaire": [result.questionnaire_id, result.questionnaire_version],
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()[:24]


class ChartCache:
    """A small thread-safe LRU of rendered charts."""

    def __init__(self, size: int = MAX_ENTRIES):
        self.size = size
        self._items: OrderedDict[tuple[int, str, str], dict[str, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, assessment_id: int, version: str, lang: str,
            draw: Callable[[], dict[str, str]]) -> dict[str, str]:
        """The charts of this assessment version in `lang`, drawn by `draw` only when not cached yet."""
        key = (assessment_id, version, lang)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        charts = draw()  # outside the lock: drawing takes tens of milliseconds
        with self._lock:
            self._items[key] = charts
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return charts

    def clear(self) -> None:
        """Forget every chart (tests)."""
        with self._lock:
            self._items.clear()


charts_of_assessments = ChartCache()
