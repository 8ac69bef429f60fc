"""Editing a draft's answers through the API, with the same version check as the wizard's pages."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from ... import store
from ...domain.conflicts import Value, split_stale
from ...domain.errors import MaturityError, Problem
from ...domain.ids import MAX_ID
from ...domain.limits import COMMENT_MAX_LENGTH
from ...domain.model import Text
from ...domain.text import clean_text
from ...services import access, assessments
from ..database import get_session
from . import bp
from .auth import current_api_user, error_response, lang, read_json_object


def _read(entry: Any, item: str) -> tuple[Value, int | None]:
    """One {"rating", "comment", "version"} entry; refused naming the item when malformed."""
    if not isinstance(entry, dict):
        raise MaturityError.one("应为 {rating, comment, version} 对象", "expected an object {rating, comment, version}",
                                f"answers.{item}")
    rating, comment, version = entry.get("rating"), entry.get("comment"), entry.get("version")
    where = f"answers.{item}"
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, str | int | float)):
        raise MaturityError.one("评分应为字符串或数字", "the rating must be a string or a number", f"{where}.rating")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)
                                or not 0 <= version <= MAX_ID):
        raise MaturityError.one("version 应为非负整数", "version must be a non-negative integer", f"{where}.version")
    text = None if comment is None else clean_text(comment, f"answers.{item}.comment", COMMENT_MAX_LENGTH) or None
    return (None if rating is None else str(rating), text), version


@bp.patch("/assessments/<int:assessment_id>/answers")
def patch_answers(assessment_id: int):  # type: ignore[no-untyped-def]
    """Change some answers of a draft; 409 (nothing saved) when an answer changed since the given version."""
    body = read_json_object()
    s = get_session()
    assessment = access.assessment_for(s, current_api_user(), assessment_id, edit=True)
    raw = body.get("answers")
    if not isinstance(raw, dict) or not raw:
        raise MaturityError.one("answers 应为非空对象", "answers must be a non-empty object", "answers")
    allowed = set(assessments.instrument_of(assessment).items(assessment.industry_type))
    unknown = [Problem(f"answers.{i}", Text(zh="未知的条目 ID", en="unknown item ID"), "unknown_requirement")
               for i in raw if i not in allowed]
    if unknown:
        raise MaturityError(unknown)
    read = {item: _read(entry, item) for item, entry in raw.items()}
    rows = store.answers_of(session=s, assessment_id=assessment_id)
    stored = {k: ((r.rating, r.comment), r.version, r.answered_by, r.answered_at) for k, r in rows.items()}
    seen = {i: v for i, (_, v) in read.items() if v is not None}
    fresh, conflicts = split_stale(stored, {i: value for i, (value, _) in read.items()}, seen)
    if conflicts:
        return error_response(409, [_stale(c.item, c.theirs, c.version) for c in conflicts])
    assessments.save_answers(s, user=current_api_user(), assessment=assessment, answers=fresh)
    rows = store.answers_of(session=s, assessment_id=assessment_id)
    return jsonify({"id": assessment_id, "versions": {i: rows[i].version for i in fresh if i in rows}})


def _stale(item: str, theirs: Value, version: int) -> dict[str, Any]:
    zh = f"该答案已被他人修改（当前：{theirs[0] or '未回答'}，版本 {version}）；未保存任何答案"
    en = f"this answer changed meanwhile (now: {theirs[0] or 'unanswered'}, version {version}); nothing was saved"
    return {"where": f"answers.{item}", "message": en if lang() == "en" else zh, "code": "stale",
            "accepted": f"version {version}"}
