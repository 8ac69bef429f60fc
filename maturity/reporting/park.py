"""The park's view model, shared by the dashboard, the PDF report and the text summary of `maturity park stats`.

Everything is read from the statistics dictionary (`services.parks.statistics`): a number hidden there
stays hidden here; cells carry the filter of the enterprises behind them, for the dashboard's links.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..classifications import industries
from ..domain.model import Questionnaire, Text
from ..questionnaires import shipped
from ..reference import key_areas, shipped_reference
from .park_charts import BUCKETS, buckets_of, distribution_svg, heatmap_svg
from .park_labels import cell, percent, words

FULL_ID = "gbt39116-2020"
BREAKDOWNS = (("industry", "by_industry"), ("size", "by_scale"), ("size", "by_band"), ("city", "by_city"),
              ("year", "by_year"))


def full_questionnaire() -> Questionnaire:
    """The newest full questionnaire (level names, sub-domains, requirement texts)."""
    found = shipped().get(FULL_ID)
    assert isinstance(found, Questionnaire)
    return found


def level_label(level: int | str, lang: str) -> str:
    """"L3 集成级" / "L3 Integrated"; level 0 reads "not yet level 1"."""
    q = full_questionnaire()
    name = q.level_name(int(level))
    return f"L{level} {name.get(lang)}"


def row_label(kind: str, code: str, lang: str) -> str:
    """A breakdown row's name: the industry's, the size's, the city's or the year."""
    w = words(lang)
    if kind == "by_industry":
        name = industries().get(code, (Text(zh=code, en=code), ""))[0]
        return f"{code} {name.get(lang)}"
    if kind in ("by_scale", "by_band"):
        return w.get("unknown_band" if code == "unknown" else code, code)
    if kind == "by_city":
        return w["no_city"] if code == "-" else code
    return code


def _cell(value: Any, why: str | None, stats: dict[str, Any], lang: str, link: dict[str, Any] | None) -> dict[str, Any]:
    text = cell(value, why, stats["min_cell"], lang)
    return {"text": text, "value": value, "why": why if value is None else None,
            "link": link if value else None}


def _row_filter(stats: dict[str, Any], kind: str, filter_key: str, code: str) -> dict[str, Any]:
    """The link arguments of a breakdown row: its own filter, keeping the dashboard's 规上/规下 beside a band."""
    if kind == "by_scale":
        return {"scale": code}  # a selection, so that a revenue band in the filters stays
    if kind == "by_band" and stats["filters"].get("size") in ("above", "below"):
        return {"size": code, "scale": stats["filters"]["size"]}
    return {filter_key: code if filter_key != "year" else int(code)}


def breakdown(stats: dict[str, Any], kind: str, filter_key: str, lang: str) -> list[dict[str, Any]]:
    """The rows of one breakdown as cells (assessed, levels 0–5, share at 2+), each with its link filter."""
    rows = []
    for row in stats.get(kind, []):
        hidden = row["suppressed_cells"]
        base = _row_filter(stats, kind, filter_key, row["code"])
        rows.append({
            "label": row_label(kind, row["code"], lang), "code": row["code"],
            "assessed": _cell(row["assessed"], hidden.get("n"), stats, lang, {**base, "assessed": 1}),
            "levels": [_cell(row["by_level"][str(lvl)], hidden.get(str(lvl)), stats, lang, {**base, "level": lvl})
                       for lvl in range(6)],
            "share": percent(row["share_l2_plus"]),
        })
    return rows


def goal_lines(stats: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Each goal: its text, the scope's share, and the gap in enterprises ("12 more … would reach 50 %")."""
    w = words(lang)
    out = []
    for goal in stats["goals"]:
        target = f"{goal['target'] * 100:.0f}%"
        if not goal["applies"]:
            state, line = "na", w["not_key_region"]
        elif goal["share"] is None:
            state, line = "unknown", w["unknown"]
        elif goal["met"]:
            state, line = "met", w["reached"].format(target=target)
        else:
            state, line = "unmet", w["more"].format(n=goal["more_needed"], level=goal["min_level"], target=target)
        title = {"all": w["share_l2"], "key_industries": f"{w['key_industries']} · {w['share_l3']}",
                 "key_regions": f"{w['key_regions']} · {w['share_l3']}"}[goal["scope"]]
        among = {"scale": "above", **({"key_industries": 1} if goal["scope"] == "key_industries" else {})}
        out.append({"title": title, "target": target, "share": percent(goal["share"]), "state": state, "line": line,
                    "reaching": _cell(goal["reaching"], "hidden", stats, lang,
                                      {**among, "min_level": goal["min_level"]}),
                    "assessed": _cell(goal["assessed"], "hidden", stats, lang, {**among, "assessed": 1}),
                    "source": goal["source"]})
    return out


def national(lang: str) -> list[dict[str, Any]]:
    """Published distributions with a level breakdown, oldest first, with their sources."""
    out = []
    for d in sorted(shipped_reference().distributions, key=lambda d: (d.scope != "national", d.year)):
        if not {"2", "3"} <= set(d.shares):
            continue  # a "2+"-only figure cannot stand beside a distribution
        name = f"{d.region.get(lang) if d.region else ('全国' if lang == 'zh' else 'National')} {d.year}"
        out.append({"name": name, "shares": {"≤1": d.shares.get("1"), "2": d.shares.get("2"),
                                             "3": d.shares.get("3"), "4+": d.shares.get("4+")},
                    "source": d.source, "population": d.population.get(lang)})
    return out


def distribution(stats: dict[str, Any], lang: str) -> dict[str, Any]:
    """The park's distribution (table rows and bucket shares) beside the published ones, and the chart."""
    w = words(lang)
    hidden = stats["suppressed_levels"]
    assessed = stats["assessed"]
    rows = [{"label": level_label(lvl, lang),
             "count": _cell(stats["by_level"][str(lvl)], hidden.get(str(lvl)), stats, lang, {"level": lvl}),
             "share": percent(stats["by_level"][str(lvl)] / assessed if assessed and stats["by_level"][str(lvl)]
                              is not None else None)} for lvl in range(6)]
    counts = buckets_of(stats["by_level"])
    park = {b: (counts[b] / assessed if assessed and counts[b] is not None else None) for b in BUCKETS}
    published = national(lang)
    svg = distribution_svg(park, [(p["name"], p["shares"]) for p in published], w)
    return {"rows": rows, "park": {b: percent(v) for b, v in park.items()}, "national": [
        {**p, "text": {b: percent(v) for b, v in p["shares"].items()}} for p in published], "svg": svg}


def transitions(stats: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """The from × to matrix as rows of cells, or None without two years."""
    moves = stats["transitions"]
    if not moves["cells"]:
        return None
    w = words(lang)
    hidden = moves["hidden_totals"]
    by = {(c["from"], c["to"]): c for c in moves["cells"]}
    years = {"from_year": moves["from_year"], "to_year": moves["to_year"]}
    rows = [{"label": level_label(a, lang),
             "cells": [_cell(by[(a, b)]["count"], by[(a, b)]["why"], stats, lang,
                             {**years, "from_level": a, "to_level": b}) for b in range(6)],
             "total": _cell(moves["from_totals"][str(a)], hidden.get(f"from.{a}"), stats, lang,
                            {**years, "from_level": a})}
            for a in range(6)]
    return {"title": w["from_to"].format(a=moves["from_year"], b=moves["to_year"]), "rows": rows,
            "columns": [f"L{b}" for b in range(6)], "from_year": moves["from_year"],
            "to_year": moves["to_year"], "enterprises": _cell(moves["enterprises"], "hidden", stats, lang, years),
            "totals": [_cell(moves["to_totals"][str(b)], hidden.get(f"to.{b}"), stats, lang, {**years, "to_level": b})
                       for b in range(6)]}


def weakest(stats: dict[str, Any], lang: str) -> dict[str, Any]:
    """Weakest sub-domains, the heat map (park first, hidden industries marked), the requirements most often unmet."""
    q = full_questionnaire()
    subs = q.subdomain_index
    heat = stats["heatmap"]
    rows = [(sid, subs[sid].name.get(lang)) for sid in heat["subdomains"] if sid in subs]
    columns = [(words(lang)["all_industries"], heat["park"] or None)] + [(r["code"], r["means"]) for r in heat["rows"]]
    hidden = words(lang)["suppressed"].format(n=stats["min_cell"])
    towards = stats.get("working_levels") or []
    unmet = [{"id": u["requirement"], "text": q.requirement_index[u["requirement"]].text.get(lang)
              if u["requirement"] in q.requirement_index else "",
              "enterprises": _cell(u["enterprises"], None, stats, lang, {"unmet": u["requirement"], "level": towards}),
              "share": percent(u["share"])} for u in stats["unmet_requirements"]]
    return {"level": heat["level"], "subdomains": [(subs[s["subdomain"]].name.get(lang), f"{s['mean']:.2f}")
                                                   for s in stats["weakest_subdomains"] if s["subdomain"] in subs],
            "svg": heatmap_svg(columns, rows, hidden) if stats["assessed"] else "", "unmet": unmet,
            "industries": [row_label("by_industry", r["code"], lang) for r in heat["rows"]]}


def view(stats: dict[str, Any], lang: str) -> dict[str, Any]:
    """Everything the dashboard and the PDF print."""
    w = words(lang)
    areas = key_areas()
    note = "; ".join(f"{code} ({e['status']}, {e['source']})" for kind in ("industries", "regions")
                     for code, e in areas[kind].items())
    return {
        "w": w, "lang": lang, "stats": stats, "goals": goal_lines(stats, lang),
        "distribution": distribution(stats, lang),
        "breakdowns": [{"title": w[kind], "kind": kind, "key": key, "rows": breakdown(stats, kind, key, lang)}
                       for key, kind in BREAKDOWNS],
        "transitions": transitions(stats, lang), "weakest": weakest(stats, lang),
        "levels": [level_label(lvl, lang) for lvl in range(6)],
        "coverage": percent(stats["coverage"]), "share_all": percent(stats["share_l2_plus_all"]),
        "covered": _cell(stats["roster_assessed"], None, stats, lang, {"roster": 1}),
        "assessed": _cell(stats["assessed"], "hidden", stats, lang, {"assessed": 1}),
        "lower_bound": percent(stats["share_l2_plus_roster_lower_bound"]),
        "suppression_note": w["suppression_note"].format(n=stats["min_cell"]),
        "key_note": w["key_source"].format(note=note), "today": date.today().isoformat(),
    }


def summary_lines(stats: dict[str, Any], lang: str) -> list[str]:
    """A few lines for the terminal: coverage, the goals, the distribution."""
    w = words(lang)
    lines = [f"{stats['scope']['name']}",
             f"{w['roster']}: {stats['roster']} · {w['assessed']}: {stats['assessed']} · "
             f"{w['coverage']}: {percent(stats['coverage'])}"]
    for goal in goal_lines(stats, lang):
        lines.append(f"{goal['title']}: {goal['share']} ({w['target']} {goal['target']}) — {goal['line']}")
    hidden = stats["suppressed_levels"]
    levels = " · ".join(f"L{lvl} {cell(stats['by_level'][str(lvl)], hidden.get(str(lvl)), stats['min_cell'], lang)}"
                        for lvl in range(6))
    lines.append(f"{w['distribution']}: {levels}")
    return lines


def park_pdf(stats: dict[str, Any], lang: str) -> bytes:
    """The park's PDF report (WeasyPrint, the report's fetcher and fonts)."""
    from ..resources import resource_dir
    from .charts import presentation_attributes
    from .pdf import environment, html_to_pdf, page_footer

    model = view(stats, lang)
    model["distribution"]["svg"] = presentation_attributes(model["distribution"]["svg"])
    model["weakest"]["svg"] = presentation_attributes(model["weakest"]["svg"]) if model["weakest"]["svg"] else ""
    root = resource_dir("reports").resolve()
    html = environment(root).get_template("park.html").render(
        page_footer=page_footer(model["w"]["page"]), html_lang="en" if lang == "en" else "zh-CN", **model)
    return html_to_pdf(html)
