"""Everything the results page shows, gathered from a submitted assessment's stored score rows.

The executive summary, the road map (consolidation, initiatives, cumulative path) and the benchmark come from
the same stored result (`services.results`) and the same view models as the PDF report, so page and report
say the same thing.
"""

from __future__ import annotations

import base64
from typing import Any

from sqlmodel import Session

from ... import store
from ...domain.benchmarks import benchmark
from ...domain.model import Questionnaire
from ...domain.result import ScoreResult
from ...models import Assessment, Enterprise
from ...reference import shipped_reference
from ...reporting.chart_cache import charts_of_assessments
from ...reporting.charts import level_bars_svg, subdomain_chart_svg
from ...reporting.executive import executive
from ...reporting.labels import labels
from ...reporting.roadmap import road_view
from ...reporting.sources import benchmark_view
from ...services import assessments
from ...services.results import result_of
from ..i18n import content_lang
from .compare import changes, level_score_changes
from .team_view import result_team


def comparison(assessment: Assessment, earlier: list[Assessment]) -> dict[str, Any]:
    """Like with like: the latest earlier assessment of the same kind, and a note on a nearer one of the other kind.

    A quick check's level is indicative and its ratings are inferred, so it is never compared item by item
    with a full assessment.
    """
    same = next((a for a in earlier if a.result and a.variant == assessment.variant), None)
    nearest = next((a for a in earlier if a.result), None)
    other = nearest if nearest is not None and nearest.variant != assessment.variant else None
    rose, fell = changes(same.result or {}, assessment.result or {}) if same else ([], [])
    return {
        "previous": same,
        "other_kind": other,
        "rose": rose,
        "fell": fell,
        "level_changes": level_score_changes(same.result or {}, assessment.result or {}) if same else [],
    }


def result_context(session: Session, assessment: Assessment, enterprise: Enterprise) -> dict[str, Any]:
    """Template variables of the results page."""
    questionnaire = assessments.questionnaire_of(assessment)
    base = assessments.instrument_of(assessment).base
    stored = result_of(session, assessment)  # the score rows as stored: no scoring on a view
    result, answers = stored.result, stored.answers
    lang = content_lang()
    reference = shipped_reference()
    bench = benchmark(result.level, reference, region=enterprise.region_code, industry=enterprise.industry_code)
    earlier = list(store.earlier_submitted(session=session, assessment=assessment))
    return {
        "assessment": assessment,
        "enterprise": enterprise,
        "result": result,
        "questionnaire": base,
        "is_quick": assessment.variant == "quick",
        "notice": getattr(questionnaire, "notice", None),
        "charts": charts_of_assessments.get(assessment.id or 0, stored.version_key, lang,
                                            lambda: charts(result, base, lang)),
        "earlier": earlier,
        **comparison(assessment, earlier),
        "words": labels(lang),
        "executive": executive(result, base, bench, lang),
        "road": road_view(result, base, answers, lang),
        "bench": benchmark_view(bench, reference, lang),
        "snapshot_differs": assessment.score is not None and abs(assessment.score - result.score) > 1e-4,
        "team": result_team(session, assessment, (result, answers)),
    }


def charts(result: ScoreResult, questionnaire: Questionnaire, lang: str) -> dict[str, str]:
    """Server-rendered SVG charts (the PDF report's chart code) as data URIs.

    Served as <img> sources so the page's Content-Security-Policy need not allow inline styles.
    """
    return {
        name: "data:image/svg+xml;base64," + base64.b64encode(render(result, questionnaire, lang).encode()).decode()
        for name, render in (("subdomain_chart_svg", subdomain_chart_svg), ("level_bars_svg", level_bars_svg))
    }
