"""Which questionnaire (ID and version) a template or an upload is for."""

from __future__ import annotations

from ..domain.errors import Problem, UnknownQuestionnaire
from ..domain.model import Questionnaire, Text
from ..questionnaires import DEFAULT_QUESTIONNAIRE, shipped


def resolve(questionnaire_id: str | None = None, version: str | None = None) -> Questionnaire:
    """The shipped full questionnaire with this ID and version (the newest version when none is given)."""
    qid = questionnaire_id or DEFAULT_QUESTIONNAIRE
    found = shipped().get(qid, version)  # names the known IDs or versions when there is no such one
    if isinstance(found, Questionnaire):
        return found
    known = ", ".join(sorted({q.id for q in shipped().all() if isinstance(q, Questionnaire)}))
    raise UnknownQuestionnaire(
        [
            Problem(
                "questionnaire",
                Text(
                    f"批量表格只用于完整问卷，不用于快速自测；可选：{known}",
                    f"batch sheets take a full questionnaire, not a quick check; known: {known}",
                ),
                "questionnaire",
            )
        ]
    )
