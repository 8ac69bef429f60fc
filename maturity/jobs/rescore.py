"""The re-scoring job: every chosen assessment onto another questionnaire version, one savepoint each."""

from __future__ import annotations

import json

from ..domain.errors import MaturityError
from ..services import rescoring
from .runner import JobContext, handler


@handler("rescore")
def rescore_job(context: JobContext) -> str:
    """Re-score the assessments named in the parameters; writes `rescore.json` with every outcome."""
    params = context.params
    with context.unit_of_work() as session:
        ids = [
            a.id or 0
            for a in rescoring.submitted_full(
                session, params.get("questionnaire", "gbt39116-2020"), params.get("assessment_ids")
            )
        ]
    context.progress(0, len(ids))
    outcomes = []
    for done, assessment_id in enumerate(ids, start=1):
        try:
            with context.unit_of_work() as session:
                assessment = rescoring.submitted_full(
                    session, params.get("questionnaire", "gbt39116-2020"), [assessment_id]
                )[0]
                outcome = rescoring.rescore_onto(
                    session,
                    assessment,
                    to_version=params["to"],
                    unanswered=params.get("unanswered", "none"),
                    dry_run=bool(params.get("dry_run")),
                )
                outcomes.append(outcome.as_json())
        except MaturityError as exc:
            context.fail_item(f"assessment {assessment_id}", "; ".join(exc.render("en")))
        context.progress(done)
    (context.folder / "rescore.json").write_text(json.dumps({"assessments": outcomes}, ensure_ascii=False, indent=2))
    return "rescore.json"
