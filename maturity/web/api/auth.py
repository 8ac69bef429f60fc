"""Who is calling: a Bearer token (any method) or, for reading only, the logged-in browser session.

Token requests carry no cookie, so the blueprint is exempt from CSRF; a session may only GET,
which changes nothing, so a forged cross-site request gains nothing either.
"""

from __future__ import annotations

from datetime import UTC, datetime
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
LANGS = ("zh", "en")
MESSAGES = {
    401: (
        "需要有效的 API 令牌：Authorization: Bearer <令牌>（用 maturity tokens create 创建）",
        "a valid API token is needed: Authorization: Bearer <token> (create one with maturity tokens create)",
    ),
    404: ("未找到，或您无权查看", "not found, or you may not see it"),
    405: ("不支持该请求方法", "method not allowed"),
    413: ("请求内容过大", "the request body is too large"),
    415: ("请求内容应为 application/json", "the request body must be application/json"),
    500: ("服务器内部错误，已记录", "internal error; it has been logged"),
    503: ("服务器繁忙，请稍后再试", "the server is busy; please try again shortly"),
}


def lang() -> str:
    """ "zh" or "en": `?lang=`, else Accept-Language, else Chinese."""
    chosen = request.args.get("lang")
    if chosen in LANGS:
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


def iso_time(value: datetime | None) -> str | None:
    """ISO 8601 with its time zone: SQLite returns stored UTC times without one, so UTC is said."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


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
    """abort() inside the API answers JSON, not an HTML page (keeping Allow and Retry-After)."""
    rollback()
    record_refusal(exc.code or 500, exc.description or "")
    response, status = message(exc.code or 500)
    response.headers.update({k: v for k, v in exc.get_headers() if k in ("Allow", "Retry-After")})
    return response, status


from .body import BadBody, read_json_object  # noqa: E402  (the body reader answers in this module's shape)


@bp.errorhandler(BadBody)
def bad_body(exc: BadBody) -> tuple[Response, int]:
    """Malformed JSON (400), not JSON (415), or JSON that cannot be used (422)."""
    rollback()
    return error_response(exc.status, [{"where": exc.where, "message": exc.text}])


@bp.before_request
def check_lang() -> tuple[Response, int] | None:
    """`?lang=` outside its enum is refused (422), not silently ignored."""
    chosen = request.args.get("lang")
    if chosen is not None and chosen not in LANGS:
        zh, en = "lang 应为 zh 或 en", "lang must be zh or en"
        return error_response(422, [{"where": "lang", "message": en if lang() == "en" else zh, "given": chosen[:40],
                                     "accepted": "zh, en"}])
    return None


__all__ = ["read_json_object", "BadBody"]
