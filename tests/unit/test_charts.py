"""The charts keep their labels as text (SVG for the page; lines over the drawing in the PDF) and draw the gate."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from maturity.domain.answers import parse_answers
from maturity.domain.scoring import score
from maturity.questionnaires import shipped
from maturity.reporting.charts import TAB_SLACK, heat_lines, level_bars_svg, subdomain_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def questionnaire():
    return shipped().get()


@pytest.fixture(scope="module")
def result(questionnaire):
    answers = {}
    for req in questionnaire.requirements_for("discrete"):
        answers[req.id] = {1: "full", 2: "largely", 3: "partial"}.get(req.level, "none")
    raw = {"industry": "discrete", "answers": answers}
    return score(questionnaire, parse_answers(questionnaire, raw))


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_subdomain_chart_names_every_subdomain_in_text(questionnaire, result, lang):
    svg = subdomain_chart_svg(result, questionnaire, lang)
    labels = texts(svg)
    for sub in questionnaire.subdomains:
        assert sub.name.get(lang) in labels
    assert any(questionnaire.level_name(3).get(lang) in label for label in labels)


def test_charts_start_with_svg_and_carry_no_prolog_or_metadata(questionnaire, result):
    for svg in (subdomain_chart_svg(result, questionnaire, "zh"), level_bars_svg(result, questionnaire, "zh")):
        assert svg.startswith("<svg")
        assert "<?xml" not in svg and "DOCTYPE" not in svg and "<metadata" not in svg
        assert "Noto Sans CJK SC" in svg


@pytest.mark.parametrize("lang, word", [("zh", "门槛 0.80"), ("en", "Gate 0.80")])
def test_level_bars_draw_the_gate_line_and_label(questionnaire, result, lang, word):
    svg = level_bars_svg(result, questionnaire, lang)
    root = ET.fromstring(svg)
    gate = [g for g in root.iter(f"{SVG}g") if g.get("id") == "level-bars-gate-line"]
    assert gate and list(gate[0].iter(f"{SVG}path"))
    assert word in texts(svg)
    for level in (1, 2, 3, 4, 5):
        assert f"{result.level_scores[level]:.2f}" in texts(svg)


def test_a_trimmed_subdomain_is_marked_in_the_heat_map(questionnaire):
    answers = {r.id: "full" for r in questionnaire.requirements_for("discrete", trimmed=frozenset({"logistics"}))}
    raw = {"industry": "discrete", "answers": answers, "trimmed": {"logistics": "outsourced"}}
    result = score(questionnaire, parse_answers(questionnaire, raw))
    assert texts(subdomain_chart_svg(result, questionnaire, "en")).count("trimmed") == 5


def test_the_same_result_gives_the_same_svg(questionnaire, result):
    assert level_bars_svg(result, questionnaire, "en") == level_bars_svg(result, questionnaire, "en")


def test_charts_embed_no_raster_and_link_nothing(questionnaire, result):
    for svg in (subdomain_chart_svg(result, questionnaire, "zh"), level_bars_svg(result, questionnaire, "zh")):
        assert "<image" not in svg and "data:" not in svg and "href=\"http" not in svg


def test_the_heat_map_outlines_the_cells_under_the_gate_up_to_the_working_level(questionnaire, result):
    svg = subdomain_chart_svg(result, questionnaire, "en")
    # level 1 is fully met, level 2 largely (0.8: at the gate), level 3 partly: the enterprise works towards
    # level 3, so exactly the level-3 cells (0.5 < 0.8) are outlined; level 4 and 5 cells are not.
    assert result.next_level == 3
    level_3_cells = sum(1 for s in result.subdomains if s.scores.get(3) is not None)
    assert svg.count('stroke="#c0392b"') == level_3_cells


def test_the_pdf_heat_map_draws_no_cell_text_and_sets_one_line_per_row(questionnaire, result):
    svg = subdomain_chart_svg(result, questionnaire, "en", cell_text=False)
    labels = texts(svg)
    assert not any(sub.name.get("en") in labels for sub in questionnaire.subdomains)
    assert not any(label[:1].isdigit() and "." in label for label in labels)  # no cell values
    assert svg.count("<rect") == subdomain_chart_svg(result, questionnaire, "en").count("<rect")
    lines = heat_lines(result, questionnaire, "en")
    shown = [s for s in result.subdomains if result.industry in questionnaire.subdomain_index[s.id].industries]
    assert [row["name"] for row in lines["rows"]] == [questionnaire.subdomain_index[s.id].name.get("en")
                                                      for s in shown]
    for row, node in zip(lines["rows"], shown, strict=True):
        cells = [c.strip("\u2002") for c in row["line"].split("\t")]
        assert cells == ["—" if node.scores.get(lvl) is None else f"{node.scores[lvl]:.2f}" for lvl in range(1, 6)]


def test_the_heat_map_columns_are_one_tab_stop_apart(questionnaire, result):
    lines = heat_lines(result, questionnaire, "zh")
    xs = sorted({float(x) for x in re.findall(r'<rect x="([\d.]+)"', subdomain_chart_svg(result, questionnaire, "zh"))})
    steps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    assert len(steps) == 4 and all(abs(step - lines["col_w"]) < 0.15 for step in steps)
    assert lines["col_w"] == pytest.approx(lines["tab_px"] * 0.75 + TAB_SLACK)  # tab-size: whole CSS pixels
