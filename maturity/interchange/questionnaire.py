"""Which questionnaire (ID and version) a template or an upload is for."""

from __future__ import annotations

from ..domain.errors import Problem, UnknownQuestionnaire
from ..domain.model import Questionnaire, Text
from ..questionnaires import DEFAULT_QUESTIONNAIRE, shipped


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.split("."))


def resolve(questionnaire_id: str | None = None, version: str | None = None) -> Questionnaire:
    """The shipped full questionnaire with this ID and version (the newest version when none is given)."""
    qid = questionnaire_id or DEFAULT_QUESTIONNAIRE
    everything = shipped().all()
    candidates = [q for q in everything if q.id == qid and isinstance(q, Questionnaire)]
    if not candidates:
        known = ", ".join(sorted({q.id for q in everything if isinstance(q, Questionnaire)}))
        quick = any(q.id == qid for q in everything)
        reason = Text("批量表格只用于完整问卷，不用于快速自测；",
                      "batch sheets take a full questionnaire, not a quick check; ")
        raise UnknownQuestionnaire([Problem("questionnaire", Text(
            f"{reason.zh if quick else ''}未知的问卷 {qid!r}；可选：{known}",
            f"{reason.en if quick else ''}unknown questionnaire {qid!r}; known: {known}"), "questionnaire")])
    if version is None:
        return max(candidates, key=lambda q: _version_key(q.version))
    for q in candidates:
        if q.version == version:
            return q
    versions = ", ".join(sorted((q.version for q in candidates), key=_version_key))
    raise UnknownQuestionnaire([Problem("version", Text(
        f"问卷 {qid} 没有版本 {version!r}；可选：{versions}",
        f"questionnaire {qid} has no version {version!r}; known: {versions}"), "version")])
