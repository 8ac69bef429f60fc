"""Park statistics at province scale: 50,000 enterprises with two years of full assessments on PostgreSQL.

Loads a throw-away database (named maturity_bench_park on MATURITY_TEST_DATABASE_URL's server) with COPY:
100 parks of 500 enterprises in region 32 (Jiangsu-sized), each enterprise with one full assessment in each
of two years: score rows, sub-domain rows (20 × 5 levels) and the 258 answers behind each. Then measures the
dashboard's statistics (`services.parks.statistics`, every panel) for one park of 500 and for the whole region
of 50,000, beside a bare `SELECT count(*) FROM assessment_scores` timed in the same run.
Targets: park p95 under 10x the floor's p95; region p95 under 2 s.

    python bench/park.py [--enterprises 50000] [--rounds 20] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, make_url, text  # noqa: E402

PARK_SIZE = 500
YEARS = (2024, 2025)
NAME = "maturity_bench_park"


def credit(n: int) -> str:
    from maturity.domain.credit_code import check_digit

    first = f"91320000MA{n:07d}"
    return first + check_digit(first)


def copy(connection, table: str, columns: list[str], rows) -> None:  # type: ignore[no-untyped-def]
    """COPY rows (tuples) into a table through psycopg, streamed in blocks."""
    raw = connection.connection.dbapi_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as sink:
        for row in rows:
            sink.write_row(row)


def copy_text(connection, table: str, columns: list[str], blocks) -> None:  # type: ignore[no-untyped-def]
    """COPY from ready-made text blocks (tab-separated lines): far fewer Python calls for the big tables."""
    raw = connection.connection.dbapi_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as sink:
        for block in blocks:
            sink.write(block)


def _drop_indexes(connection, tables: tuple[str, ...]) -> list[str]:  # type: ignore[no-untyped-def]
    """Drop the secondary indexes, unique and foreign-key constraints of `tables`; returns what restores them."""
    restore = []
    for table in tables:
        for name, definition in connection.execute(text(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = CAST(:t AS regclass) AND contype IN ('u', 'f')"), {"t": table}):
            connection.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
            restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for name, definition in connection.execute(text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = CAST(:t AS regclass))"), {"t": table}):
            connection.execute(text(f'DROP INDEX "{name}"'))
            restore.append(definition)
    return restore


def _subdomain_block(score: int, reached: int, subs: list[str], rng: random.Random) -> str:
    noise = [rng.uniform(-0.1, 0.1) for _ in range(len(subs) * 5)]
    lines = []
    for n, (sub, level) in enumerate((s, lvl) for s in subs for lvl in range(1, 6)):
        mean = min(1.0, max(0.0, (0.9 if level <= reached else 0.35) + noise[n]))
        lines.append(f"{score}\t{score}\t{sub}\t{level}\t{mean:.3f}\t0.05\n")
    return "".join(lines)


MET = ("full", "largely", "partial")
UNMET = ("largely", "partial", "none")


def _answer_block(assessment: int, reached: int, reqs: list[tuple[str, int]], rng: random.Random, stamp: str) -> str:
    met = rng.choices(MET, weights=(6, 3, 1), k=len(reqs))
    unmet = rng.choices(UNMET, weights=(1, 4, 5), k=len(reqs))
    return "".join(f"{assessment}\t{rid}\t{met[n] if level <= reached else unmet[n]}\t{stamp}\n"
                   for n, (rid, level) in enumerate(reqs))


def load(url: str, enterprises: int) -> None:
    """Create, migrate and fill the bench database."""
    from maturity import db
    from maturity.questionnaires import shipped

    db.upgrade(url)
    q = shipped().get("gbt39116-2020", "1.0.0")
    rng = random.Random(7)
    engine = create_engine(url)
    parks = (enterprises + PARK_SIZE - 1) // PARK_SIZE
    now = datetime.now(UTC)
    subs = [s.id for s in q.subdomains]
    reqs = [(r.id, r.level) for r in q.requirements if "discrete" in r.industries]
    started = time.perf_counter()
    with engine.begin() as c:
        c.execute(text("INSERT INTO regions (code, name, created_at) VALUES ('32', '江苏省', now())"))
        copy(c, "parks", ["id", "name", "region_code", "created_at"],
             ((p + 1, f"园区 {p + 1}", f"32{p % 13 + 1:02d}", now) for p in range(parks)))
        industries = [f"C{n}" for n in range(13, 44)]
        copy(c, "enterprises", ["id", "name", "credit_code", "industry_code", "industry_type", "region_code", "city",
                                "park_id", "above_designated_size", "employees", "revenue_band", "created_at"],
             ((e + 1, f"企业 {e + 1}", credit(e), industries[e % 31], "discrete", "32", f"城市{e % 13}",
               e // PARK_SIZE + 1, e % 4 != 0, 100 + e % 900, ("lt20m", "20m_400m", "ge400m")[e % 3], now)
              for e in range(enterprises)))
        levels = {e: rng.choices(range(6), weights=(3, 8, 6, 3, 1, 0.3))[0] for e in range(enterprises)}
        plan = [(e, y, min(5, levels[e] + (i and rng.random() < 0.4))) for e in range(enterprises)
                for i, y in enumerate(YEARS)]
        copy(c, "assessments", ["id", "enterprise_id", "questionnaire_id", "questionnaire_version", "variant",
                                "industry_type", "status", "started_at", "updated_at", "submitted_at", "trimmed",
                                "score", "level"],
             ((i + 1, e + 1, "gbt39116-2020", "1.0.0", "full", "discrete", "submitted", _day(y, e), _day(y, e),
               _day(y, e), "{}", lvl + 0.3, lvl) for i, (e, y, lvl) in enumerate(plan)))
        copy(c, "assessment_scores", ["id", "assessment_id", "enterprise_id", "questionnaire_id",
                                      "questionnaire_version", "variant", "industry_type", "indicative", "is_current",
                                      "is_latest", "is_latest_in_year", "score", "level", "na_share", "submitted_at",
                                      "assessed_year", "scored_at"],
             ((i + 1, i + 1, e + 1, "gbt39116-2020", "1.0.0", "full", "discrete", False, True, y == YEARS[-1], True,
               lvl + 0.3, lvl, 0.0, _day(y, e), y, _day(y, e)) for i, (e, y, lvl) in enumerate(plan)))
        deferred = _drop_indexes(c, ("subdomain_scores", "answers"))  # built once after the load: much faster
        copy_text(c, "subdomain_scores", ["score_id", "assessment_id", "subdomain", "level", "mean", "weight"],
                  (_subdomain_block(i + 1, lvl, subs, rng) for i, (_e, _y, lvl) in enumerate(plan)))
        stamp = now.isoformat()
        copy_text(c, "answers", ["assessment_id", "requirement_id", "rating", "answered_at"],
                  (_answer_block(i + 1, lvl, reqs, rng, stamp) for i, (_e, _y, lvl) in enumerate(plan)))
        for statement in deferred:
            c.execute(text(statement))
        for table in ("parks", "enterprises", "assessments", "assessment_scores", "subdomain_scores", "answers"):
            c.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    print(f"loaded {enterprises} enterprises, {len(plan)} assessments, {len(plan) * len(reqs)} answers "
          f"in {time.perf_counter() - started:.0f} s")


def _day(year: int, e: int) -> datetime:
    return datetime(year, 1 + e % 12, 1 + e % 28, 8, tzinfo=UTC)


def timed(fn, rounds: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """p50 and p95 of `rounds` calls, in ms (after one warm-up)."""
    fn()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def measure(url: str, rounds: int) -> dict[str, tuple[float, float]]:
    """The floor, the park's statistics and the region's, in one run on one engine."""
    from maturity import db
    from maturity.services import parks

    engine = db.make_engine(url)
    region_scope = parks.Scope("region", "32", "江苏省", tuple(range(1, 1000)), "32")
    park_scope = parks.Scope("park", "1", "园区 1", (1,), "3201")
    results = {}
    with db.transaction(engine) as session:
        region_scope = parks.Scope("region", "32", "江苏省", tuple(
            r[0] for r in session.connection().execute(text("SELECT id FROM parks ORDER BY id"))), "32")
        results["floor: SELECT count(*) FROM assessment_scores"] = timed(
            lambda: session.connection().execute(text("SELECT count(*) FROM assessment_scores")).scalar(), rounds)
        results["park of 500: statistics (every panel)"] = timed(lambda: parks.statistics(session, park_scope), rounds)
        results["region of 50,000: statistics (every panel)"] = timed(
            lambda: parks.statistics(session, region_scope), max(3, rounds // 4))
    engine.dispose()
    return results


def _at_head(url: str) -> bool:
    """Whether the database at `url` is migrated to the code's head revision."""
    from maturity import db

    engine = db.make_engine(url)
    try:
        current, head = db.schema_state(engine)
        return current == head
    except Exception:  # not migrated at all
        return False
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="Keep (and reuse) the loaded database.")
    args = parser.parse_args()
    server = os.environ.get("MATURITY_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    url = make_url(server).set(database=NAME).render_as_string(hide_password=False)
    with admin.connect() as c:
        exists = bool(c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": NAME}).scalar())
    reuse = args.keep and exists and _at_head(url)  # a kept database from an older schema is loaded again
    with admin.connect() as c:
        if exists and not reuse:
            c.execute(text(f'DROP DATABASE "{NAME}" WITH (FORCE)'))
        if not reuse:
            c.execute(text(f'CREATE DATABASE "{NAME}"'))
    try:
        if not reuse:
            load(url, args.enterprises)
        results = measure(url, args.rounds)
    finally:
        if not args.keep:
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
        admin.dispose()
    floor = results["floor: SELECT count(*) FROM assessment_scores"][1]
    for name, (p50, p95) in results.items():
        print(f"{name:<48} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   p95 = {p95 / floor:5.1f}x floor")
    park = results["park of 500: statistics (every panel)"][1]
    region = results["region of 50,000: statistics (every panel)"][1]
    print(json.dumps({"park_p95_vs_floor": round(park / floor, 1), "park_target": "< 10x",
                      "region_p95_ms": round(region), "region_target": "< 2000 ms"}))


if __name__ == "__main__":
    main()
