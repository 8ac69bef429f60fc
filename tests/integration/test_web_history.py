"""Issue 12 §4: the history numbers an enterprise's assessments 1, 2, 3… and never compares a quick check
with a full assessment."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from maturity import store
from maturity.models import Enterprise
from maturity.services import assessments
from tests.conftest import transaction

pytestmark = pytest.mark.db
DEMO = Path(__file__).resolve().parents[2] / "seeds" / "demo"


def doc(name):
    return json.loads((DEMO / name).read_text("utf-8"))


def submit(app, eid, email, name):
    with transaction(app) as s:
        user = store.user_by_email(session=s, email=email)
        assessment, _ = assessments.create_submitted(s, user=user, enterprise=s.get(Enterprise, eid), raw=doc(name))
        return assessment.id


@pytest.fixture
def two_factories(make, auth, app):
    """Enterprise A's assessments take the low IDs; B is the one looked at, logged in."""
    a = make.enterprise("甲厂", "discrete")
    b = make.enterprise("乙厂", "discrete")
    make.user("a@f.cn", "enterprise", enterprise_id=a)
    make.user("b@f.cn", "enterprise", enterprise_id=b)
    submit(app, a, "a@f.cn", "quick-example.json")
    submit(app, a, "a@f.cn", "demo-discrete-l3.json")
    auth.login("b@f.cn")
    return b


def rows(html):
    body = html.split('<table class="stack history">', 1)[1].split("</table>", 1)[0]
    found = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S):
        number = re.search(r'class="no">(\d+)<', tr).group(1)
        change = re.search(r'class="change">(.*?)</td>', tr, re.S).group(1)
        found.append((int(number), re.sub(r"<[^>]+>", "", change).strip()))
    return found


def test_history_numbers_the_enterprises_own_assessments_from_one(client, two_factories, app):
    ids = [
        submit(app, two_factories, "b@f.cn", name)
        for name in ("quick-example.json", "demo-discrete-l1.json", "quick-example.json", "demo-discrete-l3.json")
    ]
    assert ids[0] > 2  # the global IDs are not the enterprise's numbers
    html = client.get(f"/enterprises/{two_factories}").get_data(as_text=True)
    assert [n for n, _ in rows(html)] == [4, 3, 2, 1]
    result = client.get(f"/assessments/{ids[3]}/result").get_data(as_text=True)
    assert "第 4 次评估的结果" in result


def test_history_compares_each_assessment_only_with_the_same_kind(client, two_factories, app):
    ids = [
        submit(app, two_factories, "b@f.cn", name)
        for name in ("quick-example.json", "demo-discrete-l1.json", "quick-example.json", "demo-discrete-l3.json")
    ]
    with transaction(app) as s:
        scores = {a.id: a.score for a in store.assessments_of(session=s, enterprise_id=two_factories)}
    full_delta = scores[ids[3]] - scores[ids[1]]
    html = client.get(f"/enterprises/{two_factories}").get_data(as_text=True)
    assert rows(html) == [
        (4, f"较第 2 次 {full_delta:+.2f}"),  # full against full, skipping the quick check no. 3
        (3, "较第 1 次 +0.00"),  # quick against quick
        (2, "首次完整评估"),  # the quick check no. 1 before it is not compared
        (1, "首次快速自测"),
    ]


def test_a_draft_has_a_number_but_no_comparison_and_its_action_is_continue(client, two_factories, app):
    submit(app, two_factories, "b@f.cn", "demo-discrete-l1.json")
    with transaction(app) as s:
        user = store.user_by_email(session=s, email="b@f.cn")
        assessments.start_assessment(s, user=user, enterprise=s.get(Enterprise, two_factories), variant="full")
    html = client.get(f"/enterprises/{two_factories}").get_data(as_text=True)
    assert rows(html) == [(2, ""), (1, "首次完整评估")]
    assert ">继续填写</a>" in html
