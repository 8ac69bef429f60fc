"""Session lists name the browser and system of a User-Agent header when they can."""

from __future__ import annotations

import pytest

from maturity.domain.devices import describe

CASES = [
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
     ("Chrome", "Linux")),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 "
     "Safari/537.36 Edg/120.0", ("Edge", "Windows")),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 "
     "Safari/605.1.15", ("Safari", "macOS")),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Mobile/15E148 MicroMessenger/8.0.44", ("WeChat", "iOS")),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile "
     "Safari/537.36", ("Chrome", "Android")),
    ("Mozilla/5.0 (Windows NT 10.0; rv:121.0) Gecko/20100101 Firefox/121.0", ("Firefox", "Windows")),
    ("curl/8.5.0", ("curl", None)),
    ("", (None, None)),
    (None, (None, None)),
]


@pytest.mark.parametrize(("header", "expected"), CASES)
def test_browser_and_system_are_named(header, expected):
    assert describe(header) == expected
