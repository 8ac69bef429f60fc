"""The PDF report: renders for every demo assessment in both languages, reads back with poppler, fetches nothing."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from maturity.cli import cli
from maturity.cli.score import score_raw
from maturity.reference import shipped_reference
from maturity.reporting.charts import heat_lines
from maturity.reporting.context import build_context
from maturity.reporting.pdf import RefusedURL, ReportFetcher, build_report, harfbuzz_subset_available, render_html
from maturity.resources import resource_dir

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

DEMOS = sorted((resource_dir("seeds") / "demo").glob("*.json"))
LANGS = ("zh", "en")


def squash(text: str) -> str:
    """Text without any whitespace: pdftotext breaks lines wherever the layout did."""
    return re.sub(r"\s+", "", text)


@functools.cache  # the module's PDFs never change once written; poppler takes ~0.8 s of CPU a report
def pdftotext(path: Path) -> str:
    """The PDF's text as poppler lays it out."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


class SpyFetcher(ReportFetcher):
    """Records every URL WeasyPrint asks for."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def fetch(self, url, headers=None):
        self.urls.append(url)
        return super().fetch(url, headers)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every demo in both languages, rendered once: {(demo name, lang): (pdf path, result, raw)}."""
    out = tmp_path_factory.mktemp("reports")
    cache = {}
    for demo in DEMOS:
        raw = json.loads(demo.read_text("utf-8"))
        result, q, answers = score_raw(raw, missing="none")
        for lang in LANGS:
            pdf = build_report(result, q, answers=answers, enterprise=raw.get("enterprise"), lang=lang,
                               generated_on=date(2025, 3, 1))
            path = out / f"{demo.stem}-{lang}.pdf"
            path.write_bytes(pdf)
            cache[(demo.stem, lang)] = (path, result, raw)
    return cache


CASES = [(demo.stem, lang) for demo in DEMOS for lang in LANGS]


def test_there_are_demo_assessments_to_render():
    assert len(DEMOS) >= 3


@pytest.mark.parametrize("case", CASES, ids=[f"{d}-{lang}" for d, lang in CASES])
def test_the_text_holds_level_name_score_and_the_national_goal(rendered, case):
    path, result, raw = rendered[case]
    lang = case[1]
    text = squash(pdftotext(path))
    assert squash(result.level_name.get(lang)) in text
    assert f"{result.score:.2f}" in text
    goal = shipped_reference().goals[0]
    assert squash(goal.text.get(lang)) in text
    assert ("征求意见稿" if lang == "zh" else "Draftplantarget") in text
    assert ("第1页/共" if lang == "zh" else "Page1of") not in text  # the cover carries no footer
    assert ("第2页/共" if lang == "zh" else "Page2of") in text
    if (raw.get("enterprise") or {}).get("name"):
        name = raw["enterprise"]["name_en"] if lang == "en" else raw["enterprise"]["name"]
        assert squash(name) in text
    if result.indicative:
        assert text.count("指示性结果" if lang == "zh" else "Indicativeresult") >= 2  # cover and summary


@pytest.mark.parametrize("case", CASES[:2], ids=[f"{d}-{lang}" for d, lang in CASES[:2]])
def test_chart_labels_are_extractable_text(rendered, case):
    path, result, _raw = rendered[case]
    text = squash(pdftotext(path))
    assert ("门槛0.80" if case[1] == "zh" else "Gate0.80") in text
    assert f"{result.level_scores[1]:.2f}" in text


@pytest.mark.parametrize("case", CASES, ids=[f"{d}-{lang}" for d, lang in CASES])
def test_the_cjk_font_is_embedded_as_a_subset(rendered, case):
    path, _result, _raw = rendered[case]
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    cjk = [row for row in rows if "Noto-Sans-CJK-SC" in row[0]]
    assert cjk, listing
    for row in cjk:
        assert re.match(r"^[A-Z]{6}\+", row[0]), listing  # subset tag
        assert row[-5:-2] == ["yes", "yes", "yes"], listing  # emb, sub, uni
    assert not any("Serif" in row[0] or "CJK-JP" in row[0] for row in rows), listing


@pytest.mark.parametrize("case", CASES, ids=[f"{d}-{lang}" for d, lang in CASES])
def test_every_page_has_content_in_its_body(rendered, case, tmp_path):
    path, _result, _raw = rendered[case]
    subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 5
    for number, page in enumerate(pages, start=1):
        image = Image.open(page).convert("L")
        width, height = image.size
        body = image.crop((0, int(height * 0.10), width, int(height * 0.92)))  # below the header, above the footer
        assert body.getextrema()[0] < 220, f"{page.name} has no content"  # 255: nothing but paper
        if number < len(pages):  # no near-empty page before the last: a quarter of the body at least is used
            used = sum(1 for y in range(body.height) if body.crop((0, y, width, y + 1)).getextrema()[0] < 200)
            assert used >= body.height / 4, f"{page.name} is nearly empty ({used} of {body.height} rows)"


PAYLOAD = ('<img src="http://evil.example/i.png"><style>body{background:url(http://evil.example/b)}</style>'
           '<link rel=stylesheet href="file:///etc/passwd">')
COMMENT = "</td></tr></table><iframe src=\"http://evil.example/f\"></iframe> x{background:url('http://evil.example/c')}"


def test_html_css_and_url_payloads_print_as_text_and_fetch_nothing(tmp_path):
    raw = json.loads((resource_dir("seeds") / "demo" / "demo-discrete-l3.json").read_text("utf-8"))
    first = next(iter(raw["answers"]))
    raw["answers"][first] = {"rating": "full", "comment": COMMENT}
    trimmable = "service.product"
    raw["answers"] = {k: v for k, v in raw["answers"].items() if not k.startswith(trimmable + ".")}
    raw["trimmed"] = {trimmable: "@import url(http://evil.example/t.css); <b>bold</b>"}
    result, q, answers = score_raw(raw, missing="none")
    spy = SpyFetcher()
    pdf = build_report(result, q, answers=answers, enterprise={"name": PAYLOAD}, lang="zh",
                       generated_on=date(2025, 3, 1), fetcher=spy, appendix=True)
    path = tmp_path / "payload.pdf"
    path.write_bytes(pdf)
    assert all(url.startswith(resource_dir("reports").resolve().as_uri()) for url in spy.urls), spy.urls
    assert not any("evil" in url or "passwd" in url for url in spy.urls)
    text = squash(pdftotext(path))
    for literal in (PAYLOAD, COMMENT, "@importurl(http://evil.example/t.css);<b>bold</b>"):
        assert squash(literal) in text


@pytest.mark.parametrize("url", [
    "http://example.com/report.css",
    "https://example.com/font.otf",
    "ftp://example.com/x",
    "data:text/css,body{}",
    "file:///etc/passwd",
    "file://otherhost" + str(resource_dir("reports").resolve() / "report.css"),
    (resource_dir("reports").resolve() / ".." / "pyproject.toml").as_uri(),
    (resource_dir("reports").resolve() / "missing.css").as_uri(),
])
def test_the_fetcher_refuses_network_and_paths_outside_reports(url):
    with pytest.raises(RefusedURL):
        ReportFetcher().fetch(url)


def test_the_fetcher_serves_the_packaged_stylesheet():
    response = ReportFetcher().fetch((resource_dir("reports").resolve() / "report.css").as_uri())
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_harfbuzz_subset_is_found():
    assert harfbuzz_subset_available()


def test_the_cli_writes_a_report(tmp_path):
    out = tmp_path / "r.pdf"
    demo = resource_dir("seeds") / "demo" / "demo-process-l2.json"
    run = CliRunner().invoke(cli, ["report", str(demo), "-o", str(out), "--lang", "en",
                                   "--enterprise-name", "ACME <b>Ltd</b>", "--missing", "none"])
    assert run.exit_code == 0, run.output
    assert out.read_bytes().startswith(b"%PDF")
    assert "ACME<b>Ltd</b>" in squash(pdftotext(out))


def test_the_cli_adds_the_appendix_on_request(tmp_path):
    out = tmp_path / "r.pdf"
    demo = resource_dir("seeds") / "demo" / "demo-discrete-l1.json"
    run = CliRunner().invoke(cli, ["report", str(demo), "-o", str(out), "--appendix", "--missing", "none"])
    assert run.exit_code == 0, run.output
    text = squash(pdftotext(out))
    assert "附录" in text and "strategy.L1.01" in text


def test_invalid_answers_exit_2_with_the_score_messages(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"industry": "discrete", "answers": {"nope.L1.01": "full"}}), "utf-8")
    runner = CliRunner()
    report = runner.invoke(cli, ["report", str(bad), "-o", str(tmp_path / "x.pdf"), "--lang", "en"])
    score = runner.invoke(cli, ["score", str(bad), "--lang", "en"])
    assert report.exit_code == 2
    assert "answers.nope.L1.01" in report.output
    assert report.output == score.output
    assert not (tmp_path / "x.pdf").exists()


def pages_of(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


REQUIREMENT_ID = re.compile(r"\b[a-z]+(?:\.[a-z]+)*\.L[1-5]\.\d{2}\b")


@pytest.mark.parametrize("case", CASES, ids=[f"{d}-{lang}" for d, lang in CASES])
def test_the_default_report_is_at_most_12_pages_without_internal_ids_or_file_names(rendered, case):
    path, _result, _raw = rendered[case]
    assert pages_of(path) <= 12
    text = pdftotext(path)
    assert not REQUIREMENT_ID.search(text), REQUIREMENT_ID.search(text)
    assert "seed:" not in text and ".txt" not in text


def test_with_the_appendix_every_answer_and_id_is_there_and_the_appendix_is_not_longer_than_the_rest(
        rendered, tmp_path):
    default, result, raw = rendered[("demo-discrete-l3", "en")]
    _r, q, answers = score_raw(raw, missing="none")
    path = tmp_path / "appendix.pdf"
    path.write_bytes(build_report(result, q, answers=answers, enterprise=raw["enterprise"], lang="en",
                                  generated_on=date(2025, 3, 1), appendix=True))
    text = squash(pdftotext(path))
    assert "production.operations.L3.01" in text and "Appendix" in text
    assert pages_of(path) - pages_of(default) <= pages_of(default)


def test_the_draft_plan_is_cited_by_title_and_date_with_clickable_links(rendered):
    path, _result, _raw = rendered[("demo-discrete-l3", "zh")]
    text = squash(pdftotext(path))
    assert "《“十四五”智能制造发展规划》（征求意见稿），工业和信息化部，2021-04" in text
    assert "工信厅联通装函〔2025〕251号" in text
    links = subprocess.run(["pdfinfo", "-url", str(path)], check=True, capture_output=True, text=True).stdout
    assert "http://gaojinglaw.cn/news/scyj/202104/27484.html" in links  # a link annotation, not just text


def test_the_road_map_gives_the_cumulative_path_and_says_rises_do_not_add(rendered):
    path, result, _raw = rendered[("demo-discrete-l3", "en")]
    text = squash(pdftotext(path))
    assert result.plan.reachable and result.plan.score_after >= 3.8
    assert squash("Single-requirement rises do not add up") in text
    assert f"{result.plan.steps[-1].score_after:.3f}" in text
    assert "Consolidatethecurrentlevel" in text and "0.03abovethelevel-3gate" in text


def test_english_reports_name_places_and_industries_in_english(rendered):
    text = pdftotext(rendered[("demo-discrete-l3", "en")][0])
    assert "Suzhou, Jiangsu" in text and "General-purpose equipment manufacturing" in text
    for chinese in ("苏州", "江苏", "通用设备制造业", "集成级", "征求意见稿", "工业和信息化部", "自诊断"):
        assert chinese not in text, chinese


def test_peers_are_the_enterprise_s_own_scope(rendered):
    shandong = squash(pdftotext(rendered[("demo-process-l2", "zh")][0]))
    jiangsu = squash(pdftotext(rendered[("demo-discrete-l3", "zh")][0]))
    assert "江苏省规模以上制造业企业" not in shandong
    assert "江苏省规模以上制造业企业" in jiangsu


@pytest.mark.parametrize("lang", LANGS)
def test_a_quick_check_report_infers_no_requirement_ratings_and_invents_no_company_name(rendered, lang):
    path, _result, _raw = rendered[("quick-example", lang)]
    text = pdftotext(path)
    # the rating scale is named once, in the method section; no requirement is shown as not met
    assert text.count("不满足" if lang == "zh" else "Not met") == (1 if lang == "zh" else 0)
    assert ("未填写" if lang == "zh" else "not given") not in text


def test_a_report_with_every_comment_at_the_maximum_length_renders(tmp_path):
    from maturity.domain.limits import COMMENT_MAX_LENGTH

    raw = json.loads((resource_dir("seeds") / "demo" / "demo-discrete-l3.json").read_text("utf-8"))
    filler = ("设备联网数据采集说明，" * COMMENT_MAX_LENGTH)[: COMMENT_MAX_LENGTH - 3]
    raw["answers"] = {rid: {"rating": entry["rating"] if isinstance(entry, dict) else entry,
                            "comment": filler + f"{n:03d}"} for n, (rid, entry) in enumerate(raw["answers"].items())}
    result, q, answers = score_raw(raw, missing="none")
    assert {len(c) for c in answers.comments.values()} == {COMMENT_MAX_LENGTH}
    path = tmp_path / "max.pdf"
    path.write_bytes(build_report(result, q, answers=answers, enterprise=raw["enterprise"], lang="zh",
                                  generated_on=date(2025, 3, 1), appendix=True))
    text = squash(pdftotext(path))
    last = len(raw["answers"]) - 1
    assert f"说明，{last:03d}" in text or f"{filler[-3:]}{last:03d}" in text
    assert pages_of(path) > 100


def words_of(path: Path) -> list[tuple[str, float, float, float]]:
    """Every word poppler finds: (text, xMin, xMax, yMin), page by page (yMin offset by 1000 a page)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    out, page = [], -1
    for line in xml.splitlines():
        if "<page " in line:
            page += 1
        elif m := re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line):
            out.append((m[4], float(m[1]), float(m[3]), float(m[2]) + 1000 * page))
    return out


def test_the_heat_map_values_sit_centred_in_their_columns(rendered):
    """The PDF sets each row's values as one line with a tab stop per column, over the drawn cells."""
    path, result, raw = rendered[("demo-discrete-l3", "zh")]
    col_w = heat_lines(result, score_raw(raw, missing="none")[1], "zh")["col_w"]
    words = words_of(path)
    for name, node_id in (("生产作业", "production.operations"), ("产品服务", "service.product")):
        _t, _x0, name_end, y = next(w for w in words if w[0] == name)
        values = [w for w in words if abs(w[3] - y) < 3 and w[1] > name_end]
        node = next(s for s in result.subdomains if s.id == node_id)
        assert [v[0] for v in values] == ["—" if node.scores.get(lvl) is None else f"{node.scores[lvl]:.2f}"
                                          for lvl in range(1, 6)]
        for column, value in enumerate(values):
            centre = name_end + 6 + (column + 0.5) * col_w
            assert abs((value[1] + value[2]) / 2 - centre) < 3, (name, value)  # in its own cell, within 3 pt


def test_list_rows_are_one_text_run_with_aligned_columns(rendered):
    """Road-map and appendix rows: no spans or positioned boxes (WeasyPrint's cost), columns by tab stops."""
    _path, result, raw = rendered[("demo-discrete-l3", "zh")]
    _r, q, answers = score_raw(raw, missing="none")
    context = build_context(result, q, answers=answers, enterprise=raw["enterprise"], reference=shipped_reference(),
                            lang="zh", generated_on=date(2025, 3, 1), appendix=True)
    rows = re.findall(r'<p class="row[^"]*">(.*?)</p>', render_html(context))
    assert len(rows) > 150
    assert not [r for r in rows if "<span" in r.split("<br>")[0]]
    words = words_of(rendered[("demo-discrete-l3", "zh")][0])
    # Path rows read "S after", tab, "+rise", tab, "N. ...": the word after each rise starts the text column.
    pairs = zip(words, words[1:], strict=False)
    step_numbers = [after for rise, after in pairs if re.fullmatch(r"\+\d\.\d{3}", rise[0])]
    assert all(re.fullmatch(r"\d+\.", w[0]) for w in step_numbers)
    assert len(step_numbers) >= 10
    assert max(w[1] for w in step_numbers) - min(w[1] for w in step_numbers) < 0.5


@pytest.mark.parametrize("case", CASES, ids=[f"{d}-{lang}" for d, lang in CASES])
def test_the_report_is_set_in_one_font_face(rendered, case):
    """One weight of Noto Sans CJK SC: a bold face would be a second CJK font to subset and embed."""
    listing = subprocess.run(["pdffonts", str(rendered[case][0])], check=True, capture_output=True, text=True).stdout
    assert len(listing.splitlines()[2:]) == 1, listing
