"""Everything the results page shows, gathered from a submitted assessment."""

from __future__ import annotations

import base64
import importlib
import logging
from typing import Any

from sqlmodel import Session

from ... import services, store
from ...models import Assessment, Enterprise
from ..i18n import content_lang
from .compare import changes, level_score_changes

log = logging.getLogger(__name__)


def result_context(session: Session, assessment: Assessment, enterprise: Enterprise) -> dict[str, Any]:
    """Template variables of the results page."""
    questionnaire = services.questionnaire_of(assessment)
    base = services.base_of(questionnaire)
    result = services.rescore(session, assessment)
    earlier = store.earlier_submitted(session=session, assessment=assessment)
    previous = next((a for a in earlier if a.result), None)
    rose, fell = changes(previous.result or {}, assessment.result or {}) if previous else ([], [])
    return {
        "assessment": assessment,
        "enterprise": enterprise,
        "result": result,
        "questionnaire": base,
        "is_quick": assessment.variant == "quick",
        "notice": getattr(questionnaire, "notice", None),
        "charts": charts(result, base),
        "earlier": earlier,
        "previous": previous,
        "rose": rose,
        "fell": fell,
        "level_changes": level_score_changes(previous.result or {}, assessment.result or {})
        if previous
        else [],
        "benchmark": national_figures(result.level),
        "snapshot_differs": assessment.score is not None and abs(assessment.score - result.score) > 1e-4,
    }


def charts(result: Any, questionnaire: Any) -> dict[str, str] | None:
    """Server-rendered SVG charts (shared with the PDF report) as data URIs, or None when unavailable.

    Served as <img> sources so the page's Content-Security-Policy need not allow inline styles.
    """
    try:
        module = importlib.import_module("maturity.reporting.charts")
    except ImportError:
        return None
    lang = content_lang()
    out = {}
    for name in ("subdomain_chart_svg", "level_bars_svg"):
        render = getattr(module, name, None)
        if render is None:
            continue
        try:
            svg = render(result, questionnaire, lang)
        except Exception:  # a chart failing must not take the whole result page down
            log.exception("chart %s failed", name)
            continue
        out[name] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return out or None


def national_figures(level: int) -> Any:
    """National goals and published level distributions beside this level, or None until available."""
    try:
        reference = importlib.import_module("maturity.reference")
        benchmarks = importlib.import_module("maturity.domain.benchmarks")
    except ImportError:
        return None
    try:
        return benchmarks.benchmark(level, reference.shipped_reference())
    except Exception:
        log.exception("benchmark failed")
        return None
