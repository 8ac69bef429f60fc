"""Parks, regions and consultant–client links in the browser; each change audited."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import col, select

from ... import store
from ...domain.enums import Role
from ...domain.errors import NotFound, Refused
from ...models import ConsultantClient, Enterprise, Park, Region, User
from ...services import audit, organisations
from ..database import get_session
from . import bp
from .fields import optional_id, required_id, text


@bp.get("/organisations")
def organisations_page():  # type: ignore[no-untyped-def]
    """Regions, parks and who consults for whom, with the forms to add to them."""
    s = get_session()
    links = s.exec(
        select(ConsultantClient, User, Enterprise)
        .join(User, col(User.id) == col(ConsultantClient.consultant_id))
        .join(Enterprise, col(Enterprise.id) == col(ConsultantClient.enterprise_id))
        .order_by(col(User.email), col(Enterprise.name))
    ).all()
    return render_template(
        "admin/organisations.html", links=links,
        parks=s.exec(select(Park).order_by(col(Park.name))).all(),
        regions=s.exec(select(Region).order_by(col(Region.code))).all(),
    )


@bp.post("/regions")
def create_region():  # type: ignore[no-untyped-def]
    """Add a province or city region."""
    s = get_session()
    region = organisations.create_region(s, code=text(request.form, "code", 6), name=text(request.form, "name", 100))
    audit.record(s, current_user, "region.create", target=("regions", region.code), detail={"name": region.name})
    flash(_("Region %(code)s added.", code=region.code), "success")
    return redirect(url_for(".organisations_page"))


@bp.post("/parks")
def create_park():  # type: ignore[no-untyped-def]
    """Add a park."""
    s = get_session()
    park = organisations.create_park(s, name=text(request.form, "name", 200),
                                     region_code=text(request.form, "region", 6) or None)
    audit.record(s, current_user, "park.create", target=park, detail={"name": park.name, "region": park.region_code})
    flash(_("Park %(name)s added.", name=park.name), "success")
    return redirect(url_for(".organisations_page"))


def _consultant(email: str) -> User:
    user = store.user_by_email(session=get_session(), email=email.lower())
    if user is None or user.role != Role.CONSULTANT:
        raise Refused.one(f"{email} 不是顾问", f"{email} is not a consultant", "consultant", given=email)
    return user


@bp.post("/links")
def link():  # type: ignore[no-untyped-def]
    """Make an enterprise a consultant's client."""
    s = get_session()
    consultant = _consultant(text(request.form, "consultant"))
    enterprise = s.get(Enterprise, required_id(request.form, "enterprise_id"))
    if enterprise is None or enterprise.deleted_at is not None:
        raise NotFound.one("企业不存在", "no such enterprise", "enterprise_id")
    organisations.link_consultant(s, consultant=consultant, enterprise=enterprise)
    audit.record(s, current_user, "client.link", target=enterprise, detail={"consultant": consultant.email})
    flash(_("%(name)s is now a client of %(email)s.", name=enterprise.name, email=consultant.email), "success")
    return redirect(url_for(".organisations_page"))


@bp.post("/links/delete")
def unlink():  # type: ignore[no-untyped-def]
    """End a consultant–client link."""
    s = get_session()
    key = (optional_id(request.form, "consultant_id"), optional_id(request.form, "enterprise_id"))
    row = s.get(ConsultantClient, key) if None not in key else None
    if row is None:
        raise NotFound.one("没有这条顾问关联", "no such consultant link", "enterprise_id")
    s.delete(row)
    s.flush()
    audit.record(s, current_user, "client.unlink", target=("enterprises", key[1]), detail={"consultant": key[0]})
    flash(_("Link removed."), "success")
    return redirect(url_for(".organisations_page"))
