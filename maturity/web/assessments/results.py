"""Everything the results page shows, gathered from a submitted assessment."""

from __future__ import annotations

import base64
from typing import Any

from sqlmodel import Session

from ... import store
from ...domain.benchmarks import Benchmark, benchmark
from ...domain.model import Questionnaire
from ...domain.result import ScoreResult
from ...models import Assessment, Enterprise
from ...reference import shipped_reference
from ...reporting.charts import level_bars_svg, subdomain_chart_svg
from ...services import assessments
from ..i18n import content_lang
from .compare import changes, level_score_changes


def result_context(session: Session, assessment: Assessment, enterprise: Enterprise) -> dict[str, Any]:
    """Template variables of the results page."""
    questionnaire = assessments.questionnaire_of(assessment)
    base = assessments.instrument_of(assessment).base
    result = assessments.rescore(session, assessment)
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


def charts(result: ScoreResult, questionnaire: Questionnaire) -> dict[str, str]:
    """Server-rendered SVG charts (the PDF report's chart code) as data URIs.

    Served as <img> sources so the page's Content-Security-Policy need not allow inline styles.
    """
    lang = content_lang()
    return {
        name: "data:image/svg+xml;base64," + base64.b64encode(render(result, questionnaire, lang).encode()).decode()
        for name, render in (("subdomain_chart_svg", subdomain_chart_svg), ("level_bars_svg", level_bars_svg))
    }


def national_figures(level: int) -> Benchmark:
    """National goals, published level distributions and programme tiers beside this level."""
    return benchmark(level, shipped_reference())
