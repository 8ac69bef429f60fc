"""The API's park and region statistics: the same dictionary as `maturity park stats --format json`."""

from __future__ import annotations

from flask import current_app, jsonify, request

from ...services import parks
from ..database import get_session
from ..parks.filters import read_filters
from . import bp
from .auth import current_api_user


def _statistics(scope: parks.Scope):  # type: ignore[no-untyped-def]
    stats = parks.statistics(get_session(), scope, read_filters(request.args),
                             min_cell=int(current_app.config["PARK_MIN_CELL"]))
    return jsonify(stats)


@bp.get("/parks/<int:park_id>/stats")
def park_stats(park_id: int):  # type: ignore[no-untyped-def]
    """A park's statistics (`?industry=&size=&city=&year=`); 404 for a park the caller may not see."""
    return _statistics(parks.park_scope(get_session(), current_api_user(), park_id))


@bp.get("/regions/<code>/stats")
def region_stats(code: str):  # type: ignore[no-untyped-def]
    """A region's statistics, over every park of it; 404 for a region the caller does not administer."""
    return _statistics(parks.region_scope(get_session(), current_api_user(), code))
