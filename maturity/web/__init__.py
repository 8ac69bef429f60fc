"""The web application: factory, extensions and blueprints per audience."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from .. import db
from . import database


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults → instance/config.py → MATURITY_* environment → `test_config`."""
    app = Flask(__name__, instance_relative_config=True)
    from .config import Defaults, ensure_secret_key

    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("MATURITY")
    if test_config:
        app.config.from_mapping(test_config)
    ensure_secret_key(app)
    from ..services.evidence_store import check_settings

    check_settings(app.config)  # a store that cannot work stops the start, not the first upload
    from .converters import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any blueprint adds a rule using it

    database.init_app(app)
    if app.config["SCHEMA_CHECK"]:
        db.require_current_schema(app.extensions["maturity.engine"])

    from . import account, audit_hooks, errors, i18n, security
    from .extensions import babel, csrf, limiter, login_manager

    audit_hooks.init_app(app)  # first: every later hook's events say where the request came from
    app.before_request(security.allow_batch_uploads)  # before CSRF's check reads (and limits) the body
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    account.init_app(app)  # after idle expiry: a lapsed log-in is not sent to the second-factor set-up
    errors.init_app(app)
    from . import render_gate

    render_gate.init_app(app)

    from .assessments import bp as assessments_bp
    from .auth import bp as auth_bp
    from .consultants import bp as consultants_bp
    from .main import bp as main_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(account.bp)
    app.register_blueprint(assessments_bp)
    app.register_blueprint(consultants_bp)
    from .parks import bp as parks_bp

    app.register_blueprint(parks_bp)
    from .admin import bp as admin_bp
    from .privacy import bp as privacy_bp

    app.register_blueprint(admin_bp)
    app.register_blueprint(privacy_bp)

    from .team import bp as team_bp

    app.register_blueprint(team_bp)
    from .api import bp as api_bp

    app.register_blueprint(api_bp, url_prefix="/api/v1")
    return app
