"""The consultant's pages: clients (list, add, invite to take over), the portfolio, and batch work."""

from flask import Blueprint

bp = Blueprint("consultants", __name__)

from . import batch, clients  # noqa: E402,F401  (routes attach themselves to bp)
