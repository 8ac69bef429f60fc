"""Park and region pages: thin views over `services.parks` (figures), `park_lists` (names) and `roster`."""

from __future__ import annotations

import base64
from typing import Any

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...domain.enums import Role
from ...domain.errors import Forbidden, MaturityError
from ...services import access, park_lists, parks, roster, sharing
from ...services.park_queries import Filters
from ...services.park_selection import published_count
from ..database import get_session
from ..i18n import content_lang
from . import bp
from .filters import read_filters, read_selection
from .forms import RosterForm, SharingForm


def scope_of(kind: str, key: str) -> parks.Scope:
    """The park or region the current user may see (NotFound otherwise)."""
    s = get_session()
    if kind == "park":
        return parks.park_scope(s, current_user, int(key))
    return parks.region_scope(s, current_user, key)


def statistics(scope: parks.Scope, filters: Filters) -> dict[str, Any]:
    """The scope's statistics with the configured minimum cell size."""
    return parks.statistics(get_session(), scope, filters, min_cell=int(current_app.config["PARK_MIN_CELL"]))


def _data_uri(svg: str) -> str:
    """Charts as <img> data URIs: the page's Content-Security-Policy allows no inline styles."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@bp.route("/parks")
@login_required
def index():  # type: ignore[no-untyped-def]
    """The parks and regions whose figures the user may see."""
    s = get_session()
    visible = s.exec(access.visible_parks(current_user)).all()
    return render_template("parks/index.html", parks=sorted(visible, key=lambda p: p.name),
                           regions=parks.regions_of(s, current_user))


@bp.route("/parks/<int:park_id>", defaults={"kind": "park"}, endpoint="park")
@bp.route("/regions/<key>", defaults={"kind": "region"}, endpoint="region")
@login_required
def dashboard(kind: str, park_id: int | None = None, key: str | None = None):  # type: ignore[no-untyped-def]
    """The dashboard: headline against the goals, distribution, breakdowns, transitions, weakest capabilities."""
    from ...reporting.park import view

    scope = scope_of(kind, str(park_id) if kind == "park" else key or "")
    filters = read_filters(request.args)
    stats = statistics(scope, filters)
    model = view(stats, content_lang())
    model["distribution"]["img"] = _data_uri(model["distribution"]["svg"])
    model["weakest"]["img"] = _data_uri(model["weakest"]["svg"]) if model["weakest"]["svg"] else ""
    return render_template("parks/dashboard.html", scope=scope, filters=filters, kind=kind, key=scope.key,
                           cities=_cities(scope), may_upload=_may_upload(scope), link=_linker(kind, scope, filters),
                           **model)


def _linker(kind: str, scope: parks.Scope, filters: Filters) -> Any:
    """link("enterprises", level=3): the URL of one of the scope's pages, with the active filters and `extra`."""

    def link(page: str = "", **extra: Any) -> str:
        endpoint = f"parks.{kind}" + (f"_{page}" if page else "")
        return url_for(endpoint, **_route_args(kind, scope.key), **{**filters.as_dict(), **extra})

    return link


def _cities(scope: parks.Scope) -> list[str]:
    """The cities of the scope's enterprises, for the filter."""
    from sqlmodel import col, select

    from ...models import Enterprise

    rows = get_session().exec(select(Enterprise.city).where(col(Enterprise.park_id).in_(scope.park_ids)).distinct())
    return sorted(c for c in rows if c)


def _may_upload(scope: parks.Scope) -> bool:
    return scope.kind == "park" and current_user.role in (Role.PARK_ADMIN, Role.ADMIN)


def _route_args(kind: str, key: str) -> dict[str, Any]:
    return {"park_id": int(key)} if kind == "park" else {"key": key}


@bp.route("/parks/<int:park_id>/enterprises", defaults={"kind": "park"}, endpoint="park_enterprises")
@bp.route("/regions/<key>/enterprises", defaults={"kind": "region"}, endpoint="region_enterprises")
@login_required
def enterprises(kind: str, park_id: int | None = None, key: str | None = None):  # type: ignore[no-untyped-def]
    """The enterprises behind a number: names for all, levels where the enterprise agreed to share; how many are
    not named only where the dashboard shows that number (a suppressed count stays hidden)."""
    from ...reporting.park import level_label
    from ...reporting.park_labels import words

    scope = scope_of(kind, str(park_id) if kind == "park" else key or "")
    filters, selection = read_filters(request.args), read_selection(request.args)
    found = park_lists.listing(get_session(), current_user, scope, filters, selection)
    known, count = published_count(statistics(scope, filters), selection) if selection.by_result else (True, 0)
    return render_template("parks/enterprises.html", scope=scope, kind=kind, filters=filters, selection=selection,
                           listing=found, stated=known and count is not None, w=words(content_lang()),
                           level_label=level_label, lang=content_lang(),
                           back=url_for(f"parks.{kind}", **_route_args(kind, scope.key), **filters.as_dict()))


@bp.route("/parks/<int:park_id>/report.pdf", defaults={"kind": "park"}, endpoint="park_pdf")
@bp.route("/regions/<key>/report.pdf", defaults={"kind": "region"}, endpoint="region_pdf")
@login_required
def report(kind: str, park_id: int | None = None, key: str | None = None):  # type: ignore[no-untyped-def]
    """The PDF report of the dashboard as filtered, in the page's language (or ?lang=)."""
    from ...reporting.park import park_pdf

    scope = scope_of(kind, str(park_id) if kind == "park" else key or "")
    asked = request.args.get("lang") or ""
    lang = asked if asked in ("zh", "en") else content_lang()
    pdf = park_pdf(statistics(scope, read_filters(request.args)), lang)
    return _download(pdf, "application/pdf", f"park-{scope.key}-{lang}.pdf")


@bp.route("/parks/<int:park_id>/export.xlsx", defaults={"kind": "park"}, endpoint="park_xlsx")
@bp.route("/regions/<key>/export.xlsx", defaults={"kind": "region"}, endpoint="region_xlsx")
@login_required
def export(kind: str, park_id: int | None = None, key: str | None = None):  # type: ignore[no-untyped-def]
    """The aggregates and, for enterprises that agreed to share, the ledger, as an xlsx workbook."""
    from ...reporting.park_xlsx import workbook

    scope = scope_of(kind, str(park_id) if kind == "park" else key or "")
    filters = read_filters(request.args)
    ledger = park_lists.ledger(get_session(), current_user, scope, filters)
    data = workbook(statistics(scope, filters), ledger, content_lang())
    return _download(data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     f"park-{scope.key}.xlsx")


def _download(data: bytes, mimetype: str, name: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                      "Cache-Control": "no-store"})


@bp.route("/parks/<int:park_id>/roster", methods=["GET", "POST"])
@login_required
def roster_page(park_id: int):  # type: ignore[no-untyped-def]
    """The park's roster: the current entries and an upload replacing them (all rows valid, or nothing stored)."""
    from ...interchange.roster import read_roster

    scope = scope_of("park", str(park_id))
    if not _may_upload(scope):
        raise Forbidden.one("只有园区管理员可以上传名录", "only the park's administrators upload its roster")
    form = RosterForm()
    problems: list[str] = []
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            rows = read_roster(upload.read(), upload.filename or "roster")
        except MaturityError as exc:
            problems, status = exc.render(content_lang()), 422
        else:
            change = roster.replace_roster(get_session(), park_id=park_id, rows=[r.values for r in rows],
                                           user=current_user)
            flash(_("Roster saved: %(rows)s rows (%(added)s added, %(updated)s updated, %(removed)s removed).",
                    rows=len(rows), **change.as_json()), "success")
            return redirect(url_for("parks.roster_page", park_id=park_id))
    elif form.is_submitted():
        status = 422
    entries = roster.roster_of(get_session(), park_id)
    return render_template("parks/roster.html", scope=scope, form=form, problems=problems, entries=entries), status


@bp.route("/enterprises/<int:enterprise_id>/sharing", methods=["POST"])
@login_required
def sharing_consent(enterprise_id: int):  # type: ignore[no-untyped-def]
    """The enterprise agrees to share its detailed results with its park, or stops sharing them."""
    s = get_session()
    company = access.enterprise_for(s, current_user, enterprise_id)
    form = SharingForm()
    if not form.validate_on_submit():
        raise MaturityError.one("请求无效", "invalid request", "action")
    if form.action.data == "agree":
        sharing.agree(s, user=current_user, enterprise=company)
        flash(_("Your detailed results are now shared with your park's administrators."), "success")
    else:
        sharing.revoke(s, user=current_user, enterprise=company)
        flash(_("Your detailed results are no longer shared with your park's administrators."), "success")
    return redirect(url_for("assessments.enterprise", enterprise_id=enterprise_id))
