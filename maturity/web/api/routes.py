"""The API's routes: thin wrappers over the services; errors become JSON in auth.py."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from ... import store
from ...domain.errors import MaturityError, NotFound, UnknownQuestionnaire
from ...domain.ids import parse_id
from ...domain.instrument import instrument
from ...domain.serialize import result_to_dict
from ...models import Assessment
from ...questionnaires import shipped
from ...services import access, assessments, audit, reports, rescoring
from .. import render_gate
from ..database import get_session
from . import bp
from .auth import current_api_user, error_response, iso_time, lang, read_json_object

MISSING = ("error", "none")


_when = iso_time


def summary(assessment: Assessment) -> dict[str, Any]:
    """An assessment's facts without its result: what lists show."""
    return {
        "id": assessment.id,
        "enterprise_id": assessment.enterprise_id,
        "status": assessment.status,
        "variant": assessment.variant,
        "questionnaire": assessment.questionnaire_id,
        "questionnaire_version": assessment.questionnaire_version,
        "industry": assessment.industry_type,
        "started_at": _when(assessment.started_at),
        "submitted_at": _when(assessment.submitted_at),
        "score": None if assessment.score is None else round(assessment.score, 4),
        "level": assessment.level,
    }


@bp.post("/assessments")
def create_assessment():  # type: ignore[no-untyped-def]
    """Score and store a complete answers document for an enterprise: 201 with the result and its ID."""
    body = read_json_object()
    enterprise_id = parse_id(body.get("enterprise_id"), "enterprise_id")
    missing = body.get("missing", "error")
    if missing not in MISSING:
        zh, en = f"missing 应为 {' 或 '.join(MISSING)}", f"missing must be {' or '.join(MISSING)}"
        return error_response(422, [{"where": "missing", "message": en if lang() == "en" else zh}])
    raw = {k: v for k, v in body.items() if k not in ("enterprise_id", "missing")}
    s = get_session()
    enterprise = access.enterprise_for(s, current_api_user(), enterprise_id, edit=True)
    assessment, result = assessments.create_submitted(
        s, user=current_api_user(), enterprise=enterprise, raw=raw, missing=missing
    )
    audit.record(s, current_api_user(), "assessment.create", target=assessment,
                 detail={"enterprise": enterprise.id, "level": result.level, "answers": raw.get("answers")})
    questionnaire = assessments.instrument_of(assessment).base
    response = jsonify({**result_to_dict(result, questionnaire, lang()), "id": assessment.id})
    response.headers["Location"] = f"{request.script_root}/api/v1/assessments/{assessment.id}"
    return response, 201


@bp.get("/assessments")
def list_assessments():  # type: ignore[no-untyped-def]
    """Assessments of one enterprise (`?enterprise_id=`) or of every enterprise the caller may see."""
    s = get_session()
    user = current_api_user()
    raw_id = request.args.get("enterprise_id")
    if raw_id is not None:
        ids = [access.enterprise_for(s, user, parse_id(raw_id, "enterprise_id"), detail=True).id or 0]
    else:
        ids = [e.id or 0 for e in access.enterprises_visible_to(s, user, detail=True)]
    found = [summary(a) for eid in ids for a in store.assessments_of(session=s, enterprise_id=eid)]
    return jsonify({"assessments": found})


@bp.get("/assessments/<int:assessment_id>")
def get_assessment(assessment_id: int):  # type: ignore[no-untyped-def]
    """A submitted assessment: its result (re-scored in the asked language) and facts; a draft: its facts."""
    s = get_session()
    assessment = access.assessment_for(s, current_api_user(), assessment_id)
    facts = summary(assessment)
    if assessment.status != "submitted":
        answered = sum(
            1 for a in store.answers_of(session=s, assessment_id=assessment_id).values() if a.rating
        )
        return jsonify({**facts, "answered": answered})
    result = assessments.rescore(s, assessment)
    questionnaire = assessments.instrument_of(assessment).base
    return jsonify({**facts, **result_to_dict(result, questionnaire, lang())})


@bp.get("/assessments/<int:assessment_id>/report.pdf")
def assessment_report(assessment_id: int):  # type: ignore[no-untyped-def]
    """The PDF report of a submitted assessment, in Chinese or English; `?appendix=1` adds every answer."""
    chosen = lang()
    appendix = request.args.get("appendix", "0") not in ("", "0", "false", "no")
    pdf = render_gate.render(  # a bounded number of slots and a time limit: 503 with Retry-After when busy
        lambda: reports.report_inputs(
            get_session(), user=current_api_user(), assessment_id=assessment_id, lang=chosen, appendix=appendix
        ),
        reports.render_report,
    )
    name = f"maturity-report-{assessment_id}-{chosen}{'-appendix' if appendix else ''}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@bp.get("/questionnaires/<questionnaire_id>")
def get_questionnaire(questionnaire_id: str):  # type: ignore[no-untyped-def]
    """A questionnaire as `maturity questionnaire export` prints it (`?version=`, default the newest)."""
    try:
        found = shipped().get(questionnaire_id, request.args.get("version") or None)
    except UnknownQuestionnaire as exc:
        raise NotFound(exc.problems) from exc
    return jsonify(instrument(found).export())


@bp.post("/assessments/<int:assessment_id>/rescore")
def rescore_assessment(assessment_id: int):  # type: ignore[no-untyped-def]
    """Re-score a submitted assessment onto another questionnaire version; the diff, or what it would be."""
    body = read_json_object()
    user = current_api_user()
    s = get_session()
    assessment = access.assessment_for(s, user, assessment_id)
    access.enterprise_for(s, user, assessment.enterprise_id, edit=True, manage=True)
    outcome = rescoring.rescore_onto(
        s,
        assessment,
        to_version=_text_field(body, "to"),
        unanswered=str(body.get("unanswered", "none")),
        dry_run=body.get("dry_run") is True,
        user=user,
    )
    return jsonify(outcome.as_json())


def _text_field(body: dict[str, Any], name: str) -> str:
    """A required string field of the body; refused with the field named when absent or not a string."""
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise MaturityError.one(f"{name} 应为非空字符串", f"{name} must be a non-empty string", name, given=value)
    return value
