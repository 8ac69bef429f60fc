"""Administration in the browser for system administrators: accounts, organisations, the audit log, deletions."""

from flask import Blueprint
from flask_login import current_user

from ...domain.enums import Role
from ...domain.errors import Forbidden
from ..extensions import login_manager

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def only_administrators():  # type: ignore[no-untyped-def]
    """Log-in first; then administrators only (a refusal is itself audited)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role != Role.ADMIN:
        raise Forbidden.one("只有系统管理员可以进入管理页面", "only system administrators may use administration")
    return None


from . import audit_view, deletions, organisations, users  # noqa: E402,F401  (routes attach themselves to bp)
