"""Web latency under load: `maturity serve --workers 2` on loopback, 20 concurrent stdlib clients.

Measures p50/p95 of a questionnaire page (GET), a draft save (POST) and a submission (POST) beside
/healthz, the app's trivial endpoint, in the same run. Target: each p95 within 3x the trivial endpoint's.
Seeds a fresh SQLite database (or, with --postgres, a throw-away database on MATURITY_TEST_DATABASE_URL),
talks only to 127.0.0.1 and stops by itself.

Meanwhile `--oversized` clients (default 2) each ask for the largest report the product accepts (every
comment at its maximum length, appendix included): they may get it or a 503 with Retry-After, never an
error, and /healthz and the other clients must not suffer. Afterwards every client's last save must be
stored (0 lost saves).

    python bench/web.py [--clients 20] [--rounds 20] [--submits 5] [--oversized 2] [--postgres]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from oversized import lost_saves, run_report, seed_oversized  # bench/ is on the path when run as a script

PASSWORD = "bench-password-9"
EMAIL = "bench@example.com"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
TARGET = 3.0


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(url: str, drafts: int, complete: int) -> dict:
    """A user, an enterprise, `drafts` empty and `complete` fully answered drafts; returns their IDs."""
    from maturity import db
    from maturity.domain.credit_code import check_digit
    from maturity.services import access, accounts, assessments
    from maturity.web import create_app
    from maturity.web.assessments.wizard import pages_for

    db.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with db.transaction(app.extensions["maturity.engine"]) as s:
        code = "913205000000" + "00001"
        user = accounts.register(
            s,
            email=EMAIL,
            password=PASSWORD,
            name="Bench",
            enterprise={
                "name": "基准测试制造有限公司",
                "credit_code": code + check_digit(code),
                "industry_code": "C34",
                "industry_type": "discrete",
            },
        )
        company = access.enterprise_for(s, user, user.enterprise_id or 0)
        empty = [
            assessments.start_assessment(s, user=user, enterprise=company, variant="full").id
            for _ in range(drafts)
        ]
        full = assessments.start_assessment(s, user=user, enterprise=company, variant="full")
        q = assessments.questionnaire_of(full)
        assessments.save_answers(
            s,
            user=user,
            assessment=full,
            answers={r.id: ("full", None) for r in q.requirements_for("discrete", trimmed=frozenset())},
        )
        ready = [full.id] + [
            assessments.copy_assessment(s, user=user, source=full).id for _ in range(complete - 1)
        ]
        page = pages_for(q, "discrete")[0]
        fields = [r.id for section in page.sections for r in section.requirements]
        big, token = seed_oversized(s, user, company)
    app.extensions["maturity.engine"].dispose()
    return {"drafts": empty, "ready": ready, "page": page.key, "fields": fields, "big": big, "token": token}


class Client:
    """One browser: a cookie jar, a CSRF token and a keep-alive-when-possible connection to 127.0.0.1."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, dict, float]:
        """Send one request; returns (status, body, headers, seconds) and keeps cookies and the CSRF token."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({**form, "csrf_token": self.token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self.conn.close()  # the sync worker closed the connection: reconnect once, timing it too
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = time.perf_counter() - start
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        found = TOKEN.search(text)
        if found:
            self.token = found.group(1)
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, text, dict(response.getheaders()), elapsed

    def login(self) -> None:
        """Log in through the real form."""
        self.request("GET", "/auth/login")
        status, _text, headers, _ = self.request(
            "POST", "/auth/login", {"email": EMAIL, "password": PASSWORD}
        )
        if status != 302:
            raise RuntimeError(f"log-in failed with {status}")


def run_client(
    port: int, seeded: dict, index: int, rounds: int, submits: int, times: dict, errors: list
) -> None:
    """One client's share: rounds of healthz, page, save, and `submits` submissions spread over them."""
    try:
        client = Client(port)
        client.login()
        draft = seeded["drafts"][index]
        page = f"/assessments/{draft}/pages/{seeded['page']}"
        mine = seeded["ready"][index * submits : (index + 1) * submits]
        every = max(1, rounds // max(1, submits))
        for n in range(rounds):
            status, *_rest, seconds = client.request("GET", "/healthz")
            times["trivial /healthz"].append((status == 200, seconds))
            status, *_rest, seconds = client.request("GET", page)
            times["questionnaire page GET"].append((status == 200, seconds))
            rating = ("full", "partial")[n % 2]
            form = {f"rating-{rid}": rating for rid in seeded["fields"]} | {"action": "save"}
            status, *_rest, seconds = client.request("POST", page, form)
            times["draft save POST"].append((status == 302, seconds))
            if n % every == 0 and mine:
                aid = mine.pop(0)
                client.request("GET", f"/assessments/{aid}/review")  # a fresh token, as a person would have
                status, _text, headers, seconds = client.request("POST", f"/assessments/{aid}/submit", {})
                ok = status == 302 and headers.get("Location", "").endswith("/result")
                times["submission POST"].append((ok, seconds))
    except Exception as exc:  # noqa: BLE001  (reported, never hidden)
        errors.append(f"client {index}: {exc!r}")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def start_server(url: str, port: int, workdir: Path) -> subprocess.Popen:
    """`maturity serve --workers 2` on 127.0.0.1:port, waiting until /healthz answers."""
    env = {
        **os.environ,
        "MATURITY_DATABASE_URL": url,
        "MATURITY_SECRET_KEY": "bench-secret",
        "MATURITY_SESSION_COOKIE_SECURE": "false",
        "MATURITY_LOGIN_RATE_LIMIT": "10000 per minute",
        "MATURITY_LOGIN_ACCOUNT_RATE_LIMIT": "10000 per minute",  # every client logs in as the one bench user
    }
    exe = Path(sys.executable).with_name("maturity")
    log = (workdir / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=workdir,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {(workdir / 'server.log').read_text()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not answer /healthz within 30 s")


def postgres_database() -> tuple[str, object]:
    """A throw-away PostgreSQL database on MATURITY_TEST_DATABASE_URL and a function that drops it."""
    from sqlalchemy import create_engine, make_url, text

    base = os.environ["MATURITY_TEST_DATABASE_URL"]
    name = f"maturity_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(base).set(database=name).render_as_string(hide_password=False), drop


def main() -> int:
    """Seed, serve, load, print the table; exit 1 if a p95 misses the target or a request failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--submits", type=int, default=5)
    parser.add_argument("--oversized", type=int, default=2, help="concurrent requests for the largest report")
    parser.add_argument(
        "--postgres", action="store_true", help="use MATURITY_TEST_DATABASE_URL instead of SQLite"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="maturity-bench-") as tmp:
        workdir = Path(tmp)
        drop = None
        url = f"sqlite:///{workdir / 'bench.sqlite'}"
        if args.postgres:
            url, drop = postgres_database()
        try:
            seeded = seed(url, args.clients, args.clients * args.submits)
            port = free_port()
            server = start_server(url, port, workdir)
            try:
                times: dict[str, list] = {
                    k: []
                    for k in (
                        "trivial /healthz",
                        "questionnaire page GET",
                        "draft save POST",
                        "submission POST",
                    )
                }
                errors: list[str] = []
                threads = [
                    threading.Thread(
                        target=run_client, args=(port, seeded, i, args.rounds, args.submits, times, errors)
                    )
                    for i in range(args.clients)
                ]
                reports: list = []
                threads += [
                    threading.Thread(target=run_report, args=(port, seeded["token"], seeded["big"], reports))
                    for _ in range(args.oversized)
                ]
                start = time.perf_counter()
                for t in threads:
                    t.start()
                for t in threads:
                    t.join(timeout=600)
                wall = time.perf_counter() - start
                lost = lost_saves(url, seeded, args.clients, args.rounds)
            finally:
                server.terminate()
                server.wait(timeout=30)
        finally:
            if drop:
                drop()
    code = report(times, errors, wall, args, "PostgreSQL" if args.postgres else "SQLite")
    for status, seconds, retry in reports:
        sys.stdout.write(f"oversized report: {status} in {seconds:.1f} s" + (f", Retry-After {retry}" if retry else "")
                         + "\n")
    sys.stdout.write(f"lost saves: {lost}\n")
    bad_reports = [r for r in reports if r[0] not in (200, 503)]
    return 1 if code or lost or bad_reports else 0


def report(times: dict, errors: list, wall: float, args: argparse.Namespace, backend: str) -> int:
    """Print the table and judge the target."""
    out = sys.stdout.write
    out(f"maturity serve --workers 2 on 127.0.0.1, {backend}; {args.clients} clients, {wall:.1f} s wall\n")
    out(f"{'request':<24}{'n':>6}{'failed':>8}{'p50 ms':>10}{'p95 ms':>10}{'p95 / trivial':>15}\n")
    trivial = (
        percentile([s for _ok, s in times["trivial /healthz"]], 95) if times["trivial /healthz"] else 0.0
    )
    failed_any, missed = bool(errors), False
    for name, samples in times.items():
        seconds = [s for _ok, s in samples]
        failed = sum(1 for ok, _s in samples if not ok)
        failed_any |= failed > 0
        if not seconds:
            out(f"{name:<24}{0:>6}\n")
            continue
        p50, p95 = statistics.median(seconds) * 1000, percentile(seconds, 95) * 1000
        ratio = p95 / (trivial * 1000) if trivial else float("nan")
        missed |= name != "trivial /healthz" and ratio > TARGET
        out(f"{name:<24}{len(seconds):>6}{failed:>8}{p50:>10.1f}{p95:>10.1f}{ratio:>14.1f}x\n")
    out(
        f"target: every p95 within {TARGET:.0f}x the trivial endpoint's p95 -> "
        f"{'MISSED' if missed else 'met'}\n"
    )
    for e in errors:
        out(f"error: {e}\n")
    return 1 if failed_any or missed else 0


if __name__ == "__main__":
    sys.exit(main())
