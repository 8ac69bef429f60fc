"""GB 32100-2015 unified social credit code (统一社会信用代码): format and check digit."""

from __future__ import annotations

from .model import Text

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def normalise(code: str) -> str:
    """Upper-case and strip spaces, as people type codes from certificates."""
    return "".join(code.split()).upper()


def check_digit(first17: str) -> str:
    """The 18th character for the first 17 (which must use the GB 32100 character set)."""
    total = sum(CHARSET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> Text | None:
    """What is wrong with a credit code, in both languages, or None when it is valid."""
    code = normalise(code)
    if len(code) != LENGTH:
        return Text(
            zh=f"统一社会信用代码应为 18 位，实为 {len(code)} 位",
            en=f"a unified social credit code has 18 characters, not {len(code)}",
        )
    bad = sorted({ch for ch in code if ch not in CHARSET})
    if bad:
        return Text(
            zh=f"含有不允许的字符 {''.join(bad)}（不使用 I、O、S、V、Z）",
            en=f"contains characters {''.join(bad)} that are not allowed (I, O, S, V, Z are never used)",
        )
    expected = check_digit(code[:17])
    if code[17] != expected:
        return Text(
            zh=f"校验码错误：第 18 位应为 {expected}，实为 {code[17]}",
            en=f"check digit mismatch: the 18th character should be {expected}, not {code[17]}",
        )
    return None
