"""The hostile half of bench/web.py: reports as large as the product accepts, requested while the clients work,
and the check that no client's last save was lost."""

from __future__ import annotations

import http.client
import time


def seed_oversized(s, user, company) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """A submitted assessment with every comment and trimming reason at its maximum length, and an API token."""
    from maturity.domain.limits import COMMENT_MAX_LENGTH
    from maturity.services import accounts, assessments

    big = assessments.start_assessment(s, user=user, enterprise=company, variant="full")
    q = assessments.questionnaire_of(big)
    note = ("最大长度的备注，用于压力测试。" * COMMENT_MAX_LENGTH)[:COMMENT_MAX_LENGTH]
    answers = {r.id: ("full", note) for r in q.requirements_for("discrete", trimmed=frozenset())}
    assessments.save_answers(s, user=user, assessment=big, answers=answers)
    assessments.submit(s, user=user, assessment=big)
    return big.id or 0, accounts.create_token(s, user=user, name="bench")


def run_report(port: int, token: str, aid: int, results: list) -> None:
    """GET the oversized report with its appendix; record (status, seconds, Retry-After)."""
    start = time.perf_counter()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
        conn.request("GET", f"/api/v1/assessments/{aid}/report.pdf?appendix=1",
                     headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        response.read()
        results.append((response.status, time.perf_counter() - start, response.getheader("Retry-After")))
    except OSError as exc:
        results.append((repr(exc), time.perf_counter() - start, None))


def lost_saves(url: str, seeded: dict, clients: int, rounds: int) -> int:
    """Drafts whose stored ratings are not what their client saved last (each client saves its own draft)."""
    from sqlalchemy import create_engine, text

    last = ("full", "partial")[(rounds - 1) % 2]
    engine = create_engine(url)
    lost = 0
    with engine.connect() as c:
        for draft in seeded["drafts"][:clients]:
            rows = dict(c.execute(text("SELECT requirement_id, rating FROM answers WHERE assessment_id = :a"),
                                  {"a": draft}).all())
            lost += sum(1 for rid in seeded["fields"] if rows.get(rid) != last)
    engine.dispose()
    return lost
