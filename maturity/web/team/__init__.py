"""The enterprise's team: members, invitations, requests to join, the profile and its history."""

from flask import Blueprint

bp = Blueprint("team", __name__)

from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
