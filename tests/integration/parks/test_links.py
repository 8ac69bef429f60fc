"""Every number of the dashboard links to the enterprises behind it: the list names those that share and says how
many others it counts, unless the number is suppressed, which never links and whose list never tells."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from tests.conftest import AuthActions

pytestmark = pytest.mark.db

LINK = re.compile(r'<a href="(/parks/\d+/enterprises\?[^"]*)">([^<]+)</a>')
WITHHELD = re.compile(r"(\d+) (?:more enterprises|家)")
TOO_SMALL = ("This count is too small to show", "该数字过小")


def admin_of_park_a(app):
    client = app.test_client()
    AuthActions(client).login("pa@x.cn")
    return client


def section(page: str, ident: str) -> str:
    opening = re.search(rf'<(section|details)[^>]*id="{ident}"', page)
    assert opening, ident
    return page[opening.start():page.index(f"</{opening.group(1)}>", opening.start())]


def listed(client, url: str) -> tuple[int, int | None, str]:
    """(rows named, enterprises said to be withheld or None when not said, the page)."""
    page = client.get(url).get_data(as_text=True)
    named = page.count('<tr><td><a href="/enterprises/')
    said = WITHHELD.search(page)
    return named, (int(said.group(1)) if said else None), page


def put_park_a_on_its_roster(app, world):
    """Every enterprise of park A on its roster, and one more that has not been assessed."""
    from sqlmodel import select

    from maturity.models import Enterprise
    from maturity.services import roster
    from tests.conftest import credit_code, transaction

    with transaction(app) as s:
        rows = [{"credit_code": e.credit_code, "name": e.name, "industry_code": e.industry_code,
                 "above_designated_size": e.above_designated_size}
                for e in s.exec(select(Enterprise).where(Enterprise.park_id == world["park_a"]))]
        rows.append({"credit_code": credit_code(990), "name": "未评估", "industry_code": "C34",
                     "above_designated_size": True})
        roster.replace_roster(s, park_id=world["park_a"], rows=rows, user=None)


def test_every_linked_number_is_its_list_named_plus_withheld(app, world):
    app.config["PARK_MIN_CELL"] = 1  # every cell shown, so every kind of number is linked
    put_park_a_on_its_roster(app, world)
    client = admin_of_park_a(app)
    page = client.get(f"/parks/{world['park_a']}?lang=en").get_data(as_text=True)
    links = [(htmllib.unescape(u), int(t)) for u, t in LINK.findall(page)]
    kinds = {k for u, _ in links for k in ("assessed=1", "from_level=", "to_level=", "min_level=2", "min_level=3",
                                            "key_industries=1", "roster=1", "unmet=", "level=") if k in u}
    assert kinds >= {"assessed=1", "from_level=", "to_level=", "min_level=2", "roster=1", "unmet=", "level="}
    for ident in ("headline", "distribution", "transitions", "weakest", "by_industry", "by_year"):
        assert LINK.search(section(page, ident)), ident
    for url, number in links:
        named, withheld, _ = listed(client, url)
        assert named + (withheld or 0) == number, url


@pytest.mark.parametrize("query", ["size=above&year=2025", "size=20m_400m", "size=below&city=苏州市"])
def test_the_links_of_a_filtered_dashboard_count_what_they_link_to(app, world, query):
    app.config["PARK_MIN_CELL"] = 1
    client = admin_of_park_a(app)
    page = client.get(f"/parks/{world['park_a']}?{query}").get_data(as_text=True)
    links = [(htmllib.unescape(u), int(t)) for u, t in LINK.findall(page)]
    assert links
    for url, number in links:
        named, withheld, _ = listed(client, url)
        assert named + (withheld or 0) == number, url


def test_lists_name_only_enterprises_that_share(app, world):
    app.config["PARK_MIN_CELL"] = 1
    client = admin_of_park_a(app)
    page = client.get(f"/parks/{world['park_a']}").get_data(as_text=True)
    sharing = {eid for eid, info in world["enterprises"].items() if info["shares"]}
    for url, _ in LINK.findall(page):
        _, _, listing = listed(client, htmllib.unescape(url))
        named = {int(e) for e in re.findall(r'<tr><td><a href="/enterprises/(\d+)"', listing)}
        assert named <= sharing, url


def test_suppressed_cells_never_link_and_their_lists_never_tell(app, world):
    client = admin_of_park_a(app)  # the default minimum of 5
    stats = client.get(f"/api/v1/parks/{world['park_a']}/stats").get_json()
    page = client.get(f"/parks/{world['park_a']}").get_data(as_text=True)
    for cell in re.findall(r'<span class="hidden-cell"[^>]*>.*?</span>', page):
        assert "<a " not in cell
    hidden = [(row["code"], lvl) for row in stats["by_industry"] for lvl, n in row["by_level"].items() if n is None
              and row["suppressed_cells"].get(lvl) == "small"]
    moves = [c for c in stats["transitions"]["cells"] if c["suppressed"]]
    assert hidden and moves  # the generated world has small cells to hide
    for url in [f"/parks/{world['park_a']}/enterprises?industry={hidden[0][0]}&level={hidden[0][1]}",
                f"/parks/{world['park_a']}/enterprises?from_year={stats['transitions']['from_year']}"
                f"&to_year={stats['transitions']['to_year']}&from_level={moves[0]['from']}&to_level={moves[0]['to']}"]:
        for lang in ("en", "zh"):
            _, withheld, listing = listed(client, f"{url}&lang={lang}")
            assert withheld is None, url
            assert any(t in listing for t in TOO_SMALL), url
        assert f'href="{url}"'.replace("&", "&amp;") not in page


def test_a_transition_list_pairs_each_enterprise_between_the_years(app, world):
    from tests.integration.parks.world import LAST_YEAR, THIS_YEAR, latest_levels

    app.config["PARK_MIN_CELL"] = 1
    client = AuthActions(app.test_client())
    client.login("admin@x.cn")  # an admin sees every enterprise's level: the list is the whole cell
    before, after = latest_levels(app, world["park_a"], LAST_YEAR), latest_levels(app, world["park_a"], THIS_YEAR)
    a, b = next((before[e], after[e]) for e in sorted(before.keys() & after.keys()))
    url = (f"/parks/{world['park_a']}/enterprises?from_year={LAST_YEAR}&to_year={THIS_YEAR}"
           f"&from_level={a}&to_level={b}")
    page = client.client.get(url).get_data(as_text=True)
    named = {int(e) for e in re.findall(r'<tr><td><a href="/enterprises/(\d+)"', page)}
    assert named == {e for e in before.keys() & after.keys() if (before[e], after[e]) == (a, b)}


def test_a_bad_list_argument_is_refused_with_what_is_accepted(app, world):
    client = admin_of_park_a(app)
    response = client.get(f"/parks/{world['park_a']}/enterprises?level=7&from_year=2024&lang=en")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "0–5" in text and "to_year" in text


def test_a_regional_administrators_numbers_link_to_the_regions_lists(app, world):
    app.config["PARK_MIN_CELL"] = 1
    client = app.test_client()
    AuthActions(client).login("r3205@x.cn")
    page = client.get("/regions/3205").get_data(as_text=True)
    links = [(htmllib.unescape(u), int(t)) for u, t in
             re.findall(r'<a href="(/regions/3205/enterprises\?[^"]*)">([^<]+)</a>', page)]
    assert any("from_level=" in u for u, _ in links) and any("min_level=2" in u for u, _ in links)
    for url, number in links:
        named, withheld, _ = listed(client, url)
        assert named + (withheld or 0) == number, url
    other = app.test_client()
    AuthActions(other).login("r33@x.cn")
    assert other.get("/regions/3205/enterprises?level=2").status_code == 404
