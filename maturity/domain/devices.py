"""A short name for the browser and system behind a User-Agent header ("Chrome", "Windows"), for session lists.

Only the common cases: an unknown header gives None and the page shows the raw (truncated) header instead.
The order matters, since most browsers also claim to be the ones they derive from.
"""

from __future__ import annotations

BROWSERS = (
    ("MicroMessenger/", "WeChat"),
    ("DingTalk", "DingTalk"),
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("Edge/", "Edge"),
    ("OPR/", "Opera"),
    ("Opera", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("UCBrowser/", "UC Browser"),
    ("QQBrowser/", "QQ Browser"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("HeadlessChrome/", "Headless Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
    ("python-requests/", "Python requests"),
)
SYSTEMS = (
    ("HarmonyOS", "HarmonyOS"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)


def _first(header: str, table: tuple[tuple[str, str], ...]) -> str | None:
    return next((name for marker, name in table if marker in header), None)


def describe(user_agent: str | None) -> tuple[str | None, str | None]:
    """(browser, system) named by a User-Agent header; either is None when not recognised."""
    header = user_agent or ""
    return _first(header, BROWSERS), _first(header, SYSTEMS)
