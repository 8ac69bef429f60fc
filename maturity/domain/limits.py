"""The longest comment and trimming reason accepted, wherever answers come from (web form, API, import, CLI).

A report with every comment at this length still renders well within half a minute (bench/report.py measures it).
"""

from __future__ import annotations

from .model import Text

COMMENT_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 500
NAME_MAX_LENGTH = 200  # enterprise, park, person and file names (the columns hold 200 at most)
TEXT_MAX_LENGTH = 2000  # any other free text field
PAGE_KEY_MAX_LENGTH = 100  # a wizard page key (the stash column holds 100)

# A wizard page stashed after the log-in lapsed: at most this many fields, this many characters in all,
# one stash per browser session and this many per assessment (the oldest goes first).
STASH_MAX_FIELDS = 600
STASH_MAX_CHARS = 200_000
STASH_MAX_PER_ASSESSMENT = 10


def comment_too_long(rid: str, length: int | None = None) -> Text:
    """The message for a comment over COMMENT_MAX_LENGTH, naming the requirement (or sub-domain) ID."""
    given = f"{length} 个字符，" if length is not None else ""
    given_en = f"{length} characters; " if length is not None else ""
    return Text(zh=f"{rid} 的备注过长：{given}最多 {COMMENT_MAX_LENGTH} 个字符",
                en=f"the comment on {rid} is too long: {given_en}at most {COMMENT_MAX_LENGTH} characters are accepted")


def reason_too_long(sid: str, length: int | None = None) -> Text:
    """The message for a trimming reason over REASON_MAX_LENGTH, naming the sub-domain ID."""
    given = f"{length} 个字符，" if length is not None else ""
    given_en = f"{length} characters; " if length is not None else ""
    return Text(zh=f"{sid} 的裁剪理由过长：{given}最多 {REASON_MAX_LENGTH} 个字符",
                en=f"the trimming reason for {sid} is too long: {given_en}at most {REASON_MAX_LENGTH} characters "
                   "are accepted")
