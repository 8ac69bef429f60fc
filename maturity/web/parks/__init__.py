"""Parks and regions: the dashboard, the enterprises behind its numbers, the PDF and workbook, the roster."""

from flask import Blueprint

bp = Blueprint("parks", __name__)

from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
