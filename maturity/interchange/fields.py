"""The enterprise profile columns of a batch sheet: headers in both languages, parsers, accepted values, dropdowns.

Each parser takes a raw cell value (str, float, bool, date, …) that is not empty and returns (value, None) or
(None, message); a message always says what is accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..classifications import industries, regions
from ..domain.credit_code import credit_code_problem, normalise
from ..domain.model import Text
from ..domain.text import BAD_TEXT, has_bad_characters

Parsed = tuple[Any, Text | None]

# The codes match maturity.models.REVENUE_BANDS (a test keeps them equal); the labels are the industrial size classes.
REVENUE_BANDS: dict[str, Text] = {
    "lt20m": Text("2000万元以下", "Under 20 million yuan"),
    "20m_400m": Text("2000万元至4亿元", "20–400 million yuan"),
    "ge400m": Text("4亿元以上", "400 million yuan or more"),
}
INDUSTRY_TYPE_NAMES = {"discrete": Text("离散型", "discrete"), "process": Text("流程型", "process")}
YES, NO = Text("是", "yes"), Text("否", "no")
_YES = {"是", "yes", "y", "true", "1", "规上", "√", "✓"}
_NO = {"否", "no", "n", "false", "0", "规下"}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
MAX_NAME, MAX_CITY, MAX_EMPLOYEES, MAX_REASON = 200, 100, 10_000_000, 500


def fold(value: Any) -> str:
    """Case-folded text with inner whitespace collapsed, for matching spellings."""
    return " ".join(str(value).split()).casefold()


def as_text(value: Any) -> str:
    """A cell as text: whole floats without '.0' (Excel stores typed numbers as floats)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_empty(value: Any) -> bool:
    """Whether a cell holds nothing (calamine reads empty cells as '')."""
    return value is None or (isinstance(value, str) and not value.strip())


def _credit_code(value: Any) -> Parsed:
    if isinstance(value, float):
        return None, Text("统一社会信用代码被存为数字，位数可能已丢失；请将该列设为文本格式后重新填写",
                          "the credit code was stored as a number and may have lost digits; "
                          "format the column as text and type it again")
    code = normalise(as_text(value))
    problem = credit_code_problem(code)
    if problem:
        return None, Text(f"{problem.zh}；应为 18 位统一社会信用代码（GB 32100）",
                          f"{problem.en}; expected an 18-character unified social credit code (GB 32100)")
    return code, None


def _name(value: Any) -> Parsed:
    name = as_text(value)
    if has_bad_characters(name):
        return None, BAD_TEXT
    if len(name) > MAX_NAME:
        return None, Text(f"企业名称过长（{len(name)} 字）；最多 {MAX_NAME} 字",
                          f"the name is too long ({len(name)} characters); at most {MAX_NAME}")
    return name, None


def _industry_code(value: Any) -> Parsed:
    known = industries()
    token = as_text(value).split(" ")[0].split("\u3000")[0].upper()
    by_name = {name.zh: code for code, (name, _t) in known.items()}
    code = token if token in known else by_name.get(as_text(value))
    if code is None:
        return None, Text("未知的行业代码；应为 GB/T 4754-2017 制造业大类 C13–C43"
                          f"（如 C34 或“C34 {known['C34'][0].zh}”）",
                          "unknown industry code; expected a GB/T 4754-2017 manufacturing division C13–C43 "
                          f"(e.g. C34 or 'C34 {known['C34'][0].zh}')")
    return code, None


@lru_cache(maxsize=1)
def _type_spellings() -> dict[str, str]:
    table = {key: key for key in INDUSTRY_TYPE_NAMES}
    table.update({name.zh: key for key, name in INDUSTRY_TYPE_NAMES.items()})
    table.update({"离散": "discrete", "流程": "process"})
    return table


def _industry_type(value: Any) -> Parsed:
    found = _type_spellings().get(fold(value))
    if found is None:
        return None, Text("行业类型无效；可接受：discrete / 离散型、process / 流程型",
                          "invalid industry type; accepted: discrete / 离散型, process / 流程型")
    return found, None


@lru_cache(maxsize=1)
def _region_spellings() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, name in regions().items():
        for spelling in (code, name.zh, name.en, f"{code} {name.zh}", f"{code} {name.en}"):
            table[fold(spelling)] = code
    return table


def _region(value: Any) -> Parsed:
    found = _region_spellings().get(fold(as_text(value)))
    if found is None:
        return None, Text("未知的省份；应为 GB/T 2260 两位代码或省级名称（如 32 或 江苏省）",
                          "unknown province; expected a two-digit GB/T 2260 code or a province name "
                          "(e.g. 32 or Jiangsu)")
    return found, None


def _city(value: Any) -> Parsed:
    city = as_text(value)
    if has_bad_characters(city):
        return None, BAD_TEXT
    if len(city) > MAX_CITY:
        return None, Text(f"城市名称过长；最多 {MAX_CITY} 字", f"the city is too long; at most {MAX_CITY} characters")
    return city, None


def _employees(value: Any) -> Parsed:
    text = as_text(value).replace(",", "").replace("，", "")
    if isinstance(value, bool) or not text.isdigit() or int(text) > MAX_EMPLOYEES:
        return None, Text(f"从业人数应为 0 到 {MAX_EMPLOYEES:,} 之间的整数",
                          f"employees must be a whole number from 0 to {MAX_EMPLOYEES:,}")
    return int(text), None


def _yes_no(value: Any) -> Parsed:
    word = fold(as_text(value))
    if word in _YES or value is True:
        return True, None
    if word in _NO or value is False:
        return False, None
    return None, Text("应为 是 / 否（或 yes / no）", "expected yes / no (or 是 / 否)")


@lru_cache(maxsize=1)
def _revenue_spellings() -> dict[str, str]:
    table = {fold(code): code for code in REVENUE_BANDS}
    for code, label in REVENUE_BANDS.items():
        table[fold(label.zh)] = table[fold(label.en)] = code
    return table


def _revenue(value: Any) -> Parsed:
    found = _revenue_spellings().get(fold(value))
    if found is None:
        zh = "、".join(label.zh for label in REVENUE_BANDS.values())
        en = ", ".join(label.en for label in REVENUE_BANDS.values())
        return None, Text(f"营业收入区间无效；可接受：{zh}（或 {', '.join(REVENUE_BANDS)}）",
                          f"invalid revenue band; accepted: {en} (or {', '.join(REVENUE_BANDS)})")
    return found, None


def _date(value: Any) -> Parsed:
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        day = next((d for d in (_strptime(value.strip(), f) for f in DATE_FORMATS) if d), None)
    if day is None:
        return None, Text("日期无效；应为 2025-03-31 这样的日期（也接受 2025/3/31、2025年3月31日）",
                          "invalid date; expected a date such as 2025-03-31 (2025/3/31 and 2025年3月31日 also work)")
    if day > dt.date.today():
        return None, Text("评估日期不能晚于今天", "the assessment date cannot be in the future")
    return day, None


def _strptime(text: str, fmt: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, fmt).date()
    except ValueError:
        return None


@dataclass(frozen=True)
class Field:
    """One profile column: its key, header in both languages, whether it must be filled, and how it is read."""

    key: str
    label: Text
    required: bool
    parse: Callable[[Any], Parsed]
    help: Text
    aliases: tuple[str, ...] = ()

    def header(self, lang: str = "zh") -> str:
        """Both languages on two lines, the template's language first; '*' marks a required column."""
        first, second = (self.label.en, self.label.zh) if lang == "en" else (self.label.zh, self.label.en)
        return f"{'* ' if self.required else ''}{first}\n{second}"


FIELDS: tuple[Field, ...] = (
    Field("credit_code", Text("统一社会信用代码", "Unified social credit code"), True, _credit_code,
          Text("18 位，含校验位", "18 characters with its check character"), ("信用代码", "credit code", "uscc")),
    Field("name", Text("企业名称", "Enterprise name"), True, _name,
          Text("营业执照上的名称", "as on the business licence"), ("名称", "name", "company name", "enterprise")),
    Field("industry_code", Text("行业代码（GB/T 4754 大类）", "Industry code (GB/T 4754 division)"), True,
          _industry_code, Text("C13–C43，从下拉列表选择", "C13–C43, pick from the list"), ("行业代码", "industry")),
    Field("industry_type", Text("行业类型", "Industry type"), True, _industry_type,
          Text("离散型 / 流程型", "discrete / process"), ("类型", "type", "离散/流程")),
    Field("region_code", Text("省份", "Province"), False, _region,
          Text("GB/T 2260 省级代码或名称", "GB/T 2260 province code or name"), ("省", "province", "region")),
    Field("city", Text("城市", "City"), False, _city, Text("如 苏州市", "e.g. Suzhou"), ("市", "city")),
    Field("employees", Text("从业人数", "Employees"), False, _employees,
          Text("整数", "whole number"), ("人数", "employees", "staff")),
    Field("above_designated_size", Text("规模以上企业", "Above designated size"), False, _yes_no,
          Text("是 / 否", "yes / no"), ("规上", "规上企业", "above designated size (规上)")),
    Field("revenue_band", Text("营业收入区间", "Revenue band"), False, _revenue,
          Text("从下拉列表选择", "pick from the list"), ("营业收入", "revenue")),
    Field("assessment_date", Text("评估日期", "Assessment date"), False, _date,
          Text("如 2025-03-31；留空为今天", "e.g. 2025-03-31; empty means today"), ("日期", "date")),
)
FIELD_INDEX = {f.key: f for f in FIELDS}


def dropdown(key: str, lang: str) -> list[str]:
    """The values a template's dropdown offers for a field (each one accepted by the field's parser)."""
    if key == "industry_code":
        return [f"{code} {name.get('zh' if lang != 'en' else 'en')}" for code, (name, _t) in industries().items()]
    if key == "industry_type":
        return [name.get(lang) for name in INDUSTRY_TYPE_NAMES.values()]
    if key == "region_code":
        return [f"{code} {name.get(lang)}" for code, name in regions().items()]
    if key == "above_designated_size":
        return [YES.get(lang), NO.get(lang)]
    if key == "revenue_band":
        return [label.get(lang) for label in REVENUE_BANDS.values()]
    return []


def trim_label(name: Text) -> Text:
    """The header text of a trimming column for a sub-domain named `name`."""
    return Text(f"裁剪理由：{name.zh}", f"Trimming reason: {name.en}")
