"""The Instructions sheet of a template, in the template's language (our own words, never the standard's)."""

from __future__ import annotations

from typing import Any

from ..domain.model import Text


def _layout_lines(q: Any, layout: str) -> list[Text]:
    lines = [
        Text(f"本模板由问卷 {q.id} 版本 {q.version} 生成；第 1 行记录问卷与版本，请勿修改。",
             f"Generated from questionnaire {q.id}, version {q.version}; row 1 records both: do not change it."),
        Text("这是企业自评估工具，不替代经授权机构开展的正式评估。",
             "This is a self-assessment tool; it does not replace a formal assessment by an authorised body."),
    ]
    if layout == "wide":
        lines += [
            Text("“企业评估”表每行一家企业；第 2 行为表头（中英双语），从第 3 行开始填写。带 * 的列必填。",
                 "The Assessments sheet takes one enterprise per row; row 2 is the header, fill in from row 3. "
                 "Columns marked * are required."),
            Text("要求列的表头是要求 ID；将鼠标停在表头上可看到要求内容，完整清单见“要求清单”表。",
                 "Requirement columns are headed by requirement IDs; hover over a header for its text, or see "
                 "the Requirements sheet."),
            Text("也可上传 CSV（UTF-8 或 GB18030/GBK 编码），表头与本表相同。",
                 "CSV files (UTF-8 or GB18030/GBK) with the same header are accepted too."),
        ]
    else:
        lines += [
            Text("“企业信息”表填写企业概况（B 列）；“评估”表每行一项要求，在“评分”列选择，可在“备注”列说明。",
                 "Fill in the Profile sheet (column B); the Answers sheet has one requirement per row: pick the "
                 "rating and add a comment if useful."),
        ]
    return lines


def _lines(q: Any, layout: str, industry: str | None) -> list[Text]:
    scoring = q.scoring
    scale_zh = "、".join(f"{o.label.zh}（{o.id}，{o.value:g}）" for o in scoring.answer_scale)
    scale_en = ", ".join(f"{o.label.en} ({o.id}, {o.value:g})" for o in scoring.answer_scale)
    cap = f"{scoring.not_applicable.max_share:.0%}"
    lines = _layout_lines(q, layout) + [
        Text(f"评分：{scale_zh}；“不适用”（na）只能用于允许的要求，且最多占适用要求的 {cap}。",
             f"Ratings: {scale_en}; not applicable (na) only where a requirement allows it, at most {cap} of the "
             "applicable requirements."),
        Text("行业类型：离散型（discrete）或流程型（process）；不适用于本企业类型的要求请留空。",
             "Industry type: discrete or process; leave requirements that do not apply to the type empty."),
        Text("裁剪：只能裁剪列出的制造类子域，并写明理由（如“运输全部外包”）；被裁剪子域的要求留空。",
             "Trimming: only the listed manufacturing sub-domains may be trimmed, always with a reason "
             "(e.g. 'transport fully outsourced'); leave the trimmed sub-domain's requirements empty."),
        Text("下拉列表之外的写法也可接受（如 full、1、0.8），上传时会逐格检查并指出行号、列号和可接受的值。",
             "Spellings outside the dropdowns also work (e.g. full, 1, 0.8); the upload checks every cell and "
             "names the row, column and accepted values of any problem."),
        Text("上传有误时会返回一份“错误”工作簿：按错误列修改后可直接重新上传。",
             "When an upload has problems you get back an errors workbook: fix the rows as its error column "
             "says and upload it again."),
    ]
    if industry:
        lines.append(Text(f"本模板只含{'离散型' if industry == 'discrete' else '流程型'}企业的要求。",
                          f"This template holds the requirements for {industry} manufacturers only."))
    return lines


def instructions(writer: Any, layout: str, industry: str | None) -> None:
    """Add the Instructions sheet to a template being written (see template.TemplateWriter)."""
    sheet = writer.book.add_worksheet(writer.name("instructions"))
    sheet.set_column(0, 0, 110)
    sheet.write_string(0, 0, writer.q.title.get(writer.lang), writer.meta)
    for row, line in enumerate(_lines(writer.q, layout, industry), start=2):
        sheet.write_string(row, 0, line.get(writer.lang), writer.wrap)
