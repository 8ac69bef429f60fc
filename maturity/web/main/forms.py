"""Forms of the shared pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField


class LanguageForm(FlaskForm):
    """The language switch: a POST with CSRF token, returning to the page it came from."""

    next = HiddenField()
