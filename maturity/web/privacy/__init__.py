"""An enterprise owner's data rights in the browser: export everything, ask for deletion."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)

from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
