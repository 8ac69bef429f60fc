"""A phone-width crawl as each demo role: every page a link leads to opens, and none scrolls sideways.

Starting from each role's home page, every same-site link is followed (downloads and log-out excepted) until
no new page turns up, at 390 px wide in Chinese and in English. A page that answers an error, or whose
document is wider than the screen, fails the test with its address.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import DEMO_PASSWORD, E2E, PHONE, log_in, open_phone, scroll_width, seed_demo

pytestmark = [*E2E, pytest.mark.slow]

ROLES = ["factory1@demo.local", "consultant@demo.local", "park@demo.local", "region@demo.local", "admin@demo.local"]
SKIP = re.compile(r"/auth/logout|\.(pdf|xlsx|csv|json|zip|png|svg)$|/download|/export|/report|/api/|/static/")
# Numbered pages of one kind (assessment 7, assessment 8…) look alike: a few of each are enough.
SAME_KIND = re.compile(r"\d+")
PER_KIND = 3
MAX_PAGES = 120
# The innermost elements reaching past the phone's right edge (a mobile viewport widens to fit the page),
# named tag.class, for the failure message.
OVERFLOWING = """(edge) => [...document.body.querySelectorAll('*')]
  .filter(e => e.getBoundingClientRect().right > edge + 1)
  .filter((e, _, all) => !all.some(o => o !== e && e.contains(o)))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' +
  JSON.stringify((e.textContent || '').trim().slice(0, 30)))"""


@pytest.fixture(scope="module")
def server_seed() -> Any:
    """The demo park and its log-ins."""
    return seed_demo


def _links(page: Any, base: str) -> list[str]:
    """Same-site addresses the page links to, without fragments, in page order."""
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    host = urlparse(base).netloc
    found = []
    for href in hrefs:
        url, _ = urldefrag(href)
        parsed = urlparse(url)
        if parsed.netloc == host and not SKIP.search(parsed.path):
            found.append(url)
    return found


def crawl(page: Any, base: str) -> list[str]:
    """Visit every page reachable from the current one; returns the problems found (address and what)."""
    problems: list[str] = []
    queue, seen, kinds = [page.url], {page.url}, {}
    while queue and len(seen) <= MAX_PAGES:
        url = queue.pop(0)
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a link to a file (a template, an export): a download, not a page
            if "Download is starting" in str(error):
                continue
            raise
        status = response.status if response else 0
        if status >= 400:
            problems.append(f"{url}: HTTP {status}")
            continue
        if scroll_width(page) > PHONE:
            problems.append(f"{url}: {scroll_width(page)} px wide, past the edge: {page.evaluate(OVERFLOWING, PHONE)}")
        for link in _links(page, base):
            kind = SAME_KIND.sub("N", urlparse(link).path)
            if link not in seen and kinds.get(kind, 0) < PER_KIND:
                kinds[kind] = kinds.get(kind, 0) + 1
                seen.add(link)
                queue.append(link)
    return problems


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("email", ROLES)
def test_every_page_a_role_reaches_fits_a_phone(live_server, browser, email, lang):
    context = open_phone(browser, locale="zh-CN" if lang == "zh" else "en-US")
    page = context.new_page()
    try:
        log_in(page, live_server.url, email, DEMO_PASSWORD)
        if lang == "en":
            with page.expect_navigation():
                page.click("form.lang button")
        problems = crawl(page, live_server.url)
        assert not problems, "\n".join(problems)
    finally:
        context.close()
