"""Assessments: the enterprise page, the questionnaire wizard, review, submission and results."""

from flask import Blueprint

bp = Blueprint("assessments", __name__)

from . import evidence_routes, routes, team_routes, trial  # noqa: E402,F401  (routes attach themselves to bp)
