"""Who is calling: a Bearer token (any method) or, for reading only, the logged-in browser session.

Token requests carry no cookie, so the blueprint is exempt from CSRF; a session may only GET,
which changes nothing, so a forged cross-site request gains nothing either.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, g, jsonify, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from ...domain.errors import MaturityError
from ...models import User
from ...services import accounts
from ..audit_hooks import record_refusal
from ..database import get_session, rollback
from . import bp

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
MESSAGES = {
    401: (
        "需要有效的 API 令牌：Authorization: Bearer <令牌>（用 maturity tokens create 创建）",
        "a valid API token is needed: Authorization: Bearer <token> (create one with maturity tokens create)",
    ),
    404: ("未找到，或您无权查看", "not found, or you may not see it"),
    405: ("不支持该请求方法", "method not allowed"),
    413: ("请求内容过大", "the request body is too large"),
}


def lang() -> str:
    """ "zh" or "en": `?lang=`, else Accept-Language, else Chinese."""
    chosen = request.args.get("lang")
    if chosen in ("zh", "en"):
        return chosen
    best = request.accept_languages.best_match(["zh", "en"])
    return best or "zh"


def error_response(status: int, errors: list[dict[str, Any]]) -> tuple[Response, int]:
    """The one error shape of the API: {"errors": [{"where", "message"}]}."""
    return jsonify({"errors": errors}), status


def message(status: int, where: str = "") -> tuple[Response, int]:
    """An error with the standard message for `status`."""
    zh, en = MESSAGES.get(status, ("请求无效", "bad request"))
    return error_response(status, [{"where": where, "message": en if lang() == "en" else zh}])


def current_api_user() -> User:
    """The user the request acts for (set by `authenticate`)."""
    return g.api_user


@bp.before_request
def authenticate() -> tuple[Response, int] | None:
    """Resolve the caller or answer 401 (with a WWW-Authenticate challenge)."""
    header = request.headers.get("Authorization", "")
    user: User | None = None
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            user = accounts.user_for_token(get_session(), token.strip())
    elif request.method in SAFE_METHODS and current_user.is_authenticated:
        user = current_user._get_current_object()
    if user is None:
        response, status = message(401)
        response.headers["WWW-Authenticate"] = 'Bearer realm="maturity"'
        return response, status
    g.api_user = user
    return None


@bp.errorhandler(MaturityError)
def maturity_error(exc: MaturityError) -> tuple[Response, int]:
    """Every refusal, worded exactly as the CLI words it: 422 for input, 404 / 403 as they mean; nothing kept."""
    rollback()
    record_refusal(exc.status, exc.render("en")[0])
    return error_response(exc.status, [p.as_json(lang()) for p in exc.problems])


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> tuple[Response, int]:
    """abort() inside the API answers JSON, not an HTML page."""
    rollback()
    record_refusal(exc.code or 500, exc.description or "")
    return message(exc.code or 500)


def read_json_object() -> dict[str, Any]:
    """The request body as a JSON object; malformed JSON is a 400 naming line and column, like the CLI."""
    try:
        body = json.loads(request.get_data(cache=True) or b"")
    except UnicodeDecodeError as exc:
        raise BadBody(400, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise BadBody(400, f"{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}") from exc
    if not isinstance(body, dict):
        raise BadBody(422, "expected a JSON object with 'industry' and 'answers'")
    return body


class BadBody(Exception):
    """A request body that is not a JSON object."""

    def __init__(self, status: int, text: str):
        super().__init__(text)
        self.status, self.text = status, text


@bp.errorhandler(BadBody)
def bad_body(exc: BadBody) -> tuple[Response, int]:
    """Malformed JSON (400) or JSON that is not an object (422)."""
    rollback()
    return error_response(exc.status, [{"where": "body", "message": exc.text}])
