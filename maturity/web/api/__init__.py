"""JSON API v1 under /api/v1: token auth, the CLI's answers format in, the CLI's result JSON out."""

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # token requests carry no cookie; a browser session may only read (see auth.py)

from . import auth, batch, drafts, evidence, jobs, parks, routes  # noqa: E402,F401  (they register on bp)
