"""The browser tests' shared fixtures: the app served on a loopback port, and Debian's headless Chromium.

Each test module gets its own server on a fresh, migrated SQLite file and its own browser. A module changes what
its server runs with by overriding two fixtures: `server_config` (settings added to the app's) and `server_seed`
(a function that fills the database before the first request). No internet is touched; screenshots land in
tests/e2e/screenshots/ (git-ignored) to be looked at.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = Path(__file__).resolve().parent / "screenshots"
PASSWORD = "correct-horse-9"
DEMO_PASSWORD = "demo-password"  # the demo accounts' password, as `maturity seed --demo` is given it here
PHONE, DESKTOP = 390, 1280
# Every browser test module sets `pytestmark = E2E`: marked, and skipped where Debian's Chromium is missing.
E2E = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")]

Seed = Callable[[Any], None]  # fills the database through the services, given an open session


@dataclass(frozen=True)
class LiveServer:
    """A running app: its base URL, and the Flask app for tests that reach past the browser."""

    url: str
    app: Any


@pytest.fixture(scope="module")
def server_config() -> dict[str, Any]:
    """Settings added to the served app's; a module overrides this fixture to change them."""
    return {}


@pytest.fixture(scope="module")
def server_seed() -> Seed | None:
    """What the served database holds before the first request (nothing); a module overrides it."""
    return None


@pytest.fixture(scope="module")
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
    server_config: dict[str, Any], server_seed: Seed | None,
) -> Iterator[LiveServer]:
    """The app on a free loopback port with a fresh, migrated SQLite database, in a werkzeug thread."""
    from werkzeug.serving import make_server

    from maturity import db
    from maturity.web import create_app

    folder = tmp_path_factory.mktemp(f"e2e-{request.module.__name__.rsplit('.', 1)[-1]}")
    url = f"sqlite:///{folder / 'e2e.sqlite'}"
    db.upgrade(url)
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "e2e-secret", "SESSION_COOKIE_SECURE": False, **server_config}
    )
    app.instance_path = str(folder / "instance")
    if server_seed is not None:
        with db.transaction(app.extensions["maturity.engine"]) as session:
            server_seed(session)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{httpd.server_port}", app)
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        app.extensions["maturity.engine"].dispose()


@pytest.fixture(scope="module")
def server(live_server: LiveServer) -> str:
    """The served app's base URL, e.g. http://127.0.0.1:PORT."""
    return live_server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's, never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


def open_context(browser: Any, width: int | None = DESKTOP, height: int = 900, **options: Any) -> Any:
    """A fresh browser context (its own cookies) `width` px wide; None keeps Playwright's default 1280x720."""
    if width is not None:
        options["viewport"] = {"width": width, "height": height}
    return browser.new_context(**options)


def open_phone(browser: Any, **options: Any) -> Any:
    """A context as a phone shows the pages: 390x844 px, a touch screen at twice the pixel density."""
    return open_context(browser, PHONE, 844, device_scale_factor=2, is_mobile=True, **options)


def shot(page: Any, name: str) -> None:
    """Save a full-page screenshot for a person to look at."""
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page: Any, base: str, email: str, password: str = PASSWORD, *, refused: bool = False) -> None:
    """Log in through the form and wait for the page it leads to: the log-in page again only when `refused`."""
    page.goto(f"{base}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form:has(#password) button[type=submit]")
    page.wait_for_load_state()
    assert ("/auth/login" in page.url) == refused, page.content()[:2000]


def scroll_width(page: Any) -> int:
    """How wide the document is, in CSS px: more than the viewport means the page scrolls sideways."""
    return int(page.evaluate("document.documentElement.scrollWidth"))


def seed_demo(session: Any) -> None:
    """The demo park (`maturity seed --demo`), its accounts' password DEMO_PASSWORD."""
    from maturity.demo import load_demo
    from maturity.resources import resource_dir

    load_demo(session, password=DEMO_PASSWORD, folder=resource_dir("seeds") / "demo")
