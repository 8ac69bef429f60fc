"""Steps of the browser walks through registration and the assessment wizard, shared by several test modules."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import credit_code
from tests.e2e.conftest import PASSWORD, shot


def register(page: Any, base: str, email: str, company: str, n: int) -> None:
    """Fill and send the registration form; lands on the enterprise page."""
    page.goto(f"{base}/auth/register")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#password2", PASSWORD)
    page.fill("#enterprise_name", company)
    page.fill("#credit_code", credit_code(n))
    page.select_option("#industry_code", "C34")
    page.select_option("#industry_type", "discrete")
    shot(page, f"{n}-register")
    page.click("form:has(#password2) button[type=submit].primary")
    page.wait_for_url(re.compile(r"/enterprises/\d+$"))


def answer_page(page: Any, value: str) -> int:
    """Pick `value` in every rating group of the wizard page; returns how many were picked."""
    radios = page.locator(f'form.page input[type=radio][value="{value}"]').all()
    for radio in radios:
        radio.check()
    return len(radios)


def save_and_continue(page: Any) -> None:
    """Press the wizard's "save and continue" and wait for the next page."""
    page.click("button[name=action][value=next]")
    page.wait_for_load_state()
