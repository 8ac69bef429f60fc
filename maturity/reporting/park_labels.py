"""The words of the park dashboard, the park PDF and the park workbook, in Chinese and English (one place)."""

from __future__ import annotations

from typing import Any

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "park": "园区", "region": "区域", "dashboard": "园区概览", "region_dashboard": "区域概览",
        "roster": "名录企业", "registered": "已注册企业", "assessed": "完成完整自评估", "assessed_short": "已评估", "coverage": "覆盖率",
        "coverage_note": "名录中已提交完整自评估的企业 / 名录企业数",
        "headline": "与规划目标的差距", "share_l2": "二级及以上占比（规上企业）", "share_l3": "三级及以上占比（规上企业）",
        "share_all": "二级及以上占比（全部已评估企业）", "lower_bound": "按全部规上名录企业计的下限（未评估计为未达二级）",
        "target": "目标", "met": "已达到", "not_met": "未达到", "not_applicable": "不适用",
        "more": "再有 {n} 家企业达到{level}级及以上，即可超过 {target}",
        "reached": "已超过 {target}", "unknown": "数据不足，无法计算",
        "key_industries": "重点行业", "key_regions": "重点区域", "not_key_region": "本园区不在重点区域名单中",
        "distribution": "成熟度等级分布", "national": "全国及省级公开数据", "this_scope": "本园区",
        "level": "等级", "enterprises": "企业数", "share": "占比", "source": "来源",
        "by_industry": "按行业（GB/T 4754 大类）", "by_scale": "按规模（规上 / 规下）", "by_band": "按营业收入",
        "by_city": "按城市", "by_year": "按年度（各企业当年最新结果）", "industry": "行业", "size": "规模",
        "city": "城市", "year": "年度", "above": "规上", "below": "规下", "unknown_band": "未填写",
        "lt20m": "2000万元以下", "20m_400m": "2000万元至4亿元", "ge400m": "4亿元以上", "no_city": "未填写",
        "transitions": "年度间等级变化", "from_to": "{a} 年等级 → {b} 年等级", "moved_up": "升级", "same": "持平",
        "moved_down": "降级", "no_transitions": "需要两个年度都有完整自评估结果的企业",
        "weakest": "最薄弱的能力子域", "weakest_note": "多数企业正在争取的等级：第 {level} 级；各子域在该级的平均得分",
        "heatmap": "行业 × 能力子域（第 {level} 级平均得分）", "unmet": "最常未满足的要求（第 {level} 级）",
        "unmet_note": "评为“不满足”或“部分满足”的企业数；可据此安排扶持项目", "all_industries": "全部",
        "quick": "快速自测（仅供参考，不计入占比）", "suppressed": "< {n}", "complement": "·",
        "suppression_note": "少于 {n} 家企业的格子显示为“< {n}”；为防止通过相减推算出被隐藏的数字，另有格子以“·”隐藏。",
        "filters": "筛选", "all": "全部", "apply": "应用", "reset": "清除", "download_pdf": "下载园区 PDF 报告",
        "download_xlsx": "导出 Excel", "enterprise_list": "企业名单", "upload_roster": "上传名录",
        "method": "口径与方法", "generated": "生成日期", "report_title": "园区智能制造能力成熟度报告",
        "method_text": "每家企业计入其最新一次已提交的完整自评估（按年度筛选时为当年最新一次）；快速自测仅供参考，不计入任何占比。规划目标针对规模以上制造业企业。本报告为自评估汇总，不替代经授权机构开展的正式评估。",
        "goal_source": "目标出自 2021 年 4 月《“十四五”智能制造发展规划》（征求意见稿）；正式规划未保留该数值。",
        "key_source": "重点行业 / 区域名单：{note}",
        "credit_code": "统一社会信用代码", "name": "企业名称", "latest_level": "最新等级", "score": "得分 S",
        "date": "评估日期", "shared": "已同意共享", "not_shared": "未同意共享（等级不显示）", "ledger": "企业台账",
        "aggregates": "汇总", "page": "第 {page} 页 / 共 {pages} 页", "l0": "未达一级",
    },
    "en": {
        "park": "Park", "region": "Region", "dashboard": "Park overview", "region_dashboard": "Region overview",
        "roster": "On the roster", "registered": "Registered", "assessed": "Full self-assessment done", "assessed_short": "Assessed",
        "coverage": "Coverage", "coverage_note": "roster enterprises with a submitted full assessment / roster size",
        "headline": "Distance to the plan's goals", "share_l2": "At level 2 or higher (above designated size)",
        "share_l3": "At level 3 or higher (above designated size)", "share_all": "At level 2 or higher (all assessed)",
        "lower_bound": "Lower bound over the whole 规上 roster (unassessed counted as below level 2)",
        "target": "Goal", "met": "met", "not_met": "not met", "not_applicable": "does not apply",
        "more": "{n} more enterprises at level {level} or higher would take the share over {target}",
        "reached": "over {target}", "unknown": "too few figures to tell",
        "key_industries": "Key industries", "key_regions": "Key regions",
        "not_key_region": "this park is not in a listed key region",
        "distribution": "Level distribution", "national": "Published national and provincial figures",
        "this_scope": "This park", "level": "Level", "enterprises": "Enterprises", "share": "Share",
        "source": "Source", "by_industry": "By industry (GB/T 4754 division)", "by_scale": "By size (规上 / 规下)",
        "by_band": "By revenue", "by_city": "By city", "by_year": "By year (each enterprise's latest that year)",
        "industry": "Industry", "size": "Size", "city": "City", "year": "Year", "above": "Above designated size",
        "below": "Below designated size", "unknown_band": "not given", "lt20m": "< 20 million yuan",
        "20m_400m": "20–400 million yuan", "ge400m": "≥ 400 million yuan", "no_city": "not given",
        "transitions": "Moves between levels, year on year", "from_to": "level in {a} → level in {b}",
        "moved_up": "moved up", "same": "stayed", "moved_down": "moved down",
        "no_transitions": "needs enterprises with a full result in two years",
        "weakest": "Weakest capabilities",
        "weakest_note": "The level most enterprises work towards: level {level}; mean score of each sub-domain there",
        "heatmap": "Industry × sub-domain (mean at level {level})", "unmet": "Requirements most often not met (level {level})",
        "unmet_note": "enterprises rating it not met or partially met: where support programmes would help",
        "all_industries": "All", "quick": "Quick checks (indicative, never counted in the shares)",
        "suppressed": "< {n}", "complement": "·",
        "suppression_note": "Cells of fewer than {n} enterprises read \"< {n}\"; cells marked \"·\" are hidden so that a hidden figure cannot be worked out by subtraction.",
        "filters": "Filters", "all": "All", "apply": "Apply", "reset": "Clear", "download_pdf": "Download the park PDF report",
        "download_xlsx": "Export to Excel", "enterprise_list": "Enterprise list", "upload_roster": "Upload the roster",
        "method": "Method", "generated": "Generated on", "report_title": "Park smart-manufacturing maturity report",
        "method_text": "Each enterprise counts with its latest submitted full self-assessment (its latest in the year when a year is chosen); quick checks are indicative and never counted in a share. The plan's goals concern manufacturers above designated size. A summary of self-assessments, not a formal assessment by an authorised body.",
        "goal_source": "The goals come from the April 2021 draft of the 14th Five-Year Plan for intelligent manufacturing; the final plan did not keep the numbers.",
        "key_source": "Key industries / regions: {note}",
        "credit_code": "Credit code", "name": "Enterprise", "latest_level": "Latest level", "score": "Score S",
        "date": "Assessed on", "shared": "shares its results", "not_shared": "has not agreed to share (level not shown)",
        "ledger": "Enterprise ledger", "aggregates": "Aggregates", "page": "Page {page} of {pages}", "l0": "Not yet level 1",
    },
}


def words(lang: str) -> dict[str, str]:
    """The label set of a language ("zh" unless "en")."""
    return WORDS["en" if lang == "en" else "zh"]


def percent(value: float | None) -> str:
    """A share as "42 %" / "42%", a dash when unknown."""
    return "—" if value is None else f"{value * 100:.0f}%"


def cell(value: Any, why: str | None, min_cell: int, lang: str) -> str:
    """A count as shown: the number, "< 5" for a small cell, "·" for a complement."""
    if value is not None:
        return str(value)
    return words(lang)["complement"] if why == "complement" else words(lang)["suppressed"].format(n=min_cell)
