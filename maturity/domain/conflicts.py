"""Two tabs saving one page: answers changed since a form was rendered are not overwritten silently.

Each stored answer carries a version raised on every change; a form carries the versions it was rendered
with. A posted answer whose version moved on, and whose value differs from what is stored now, is a
conflict: the newer stored answer is kept and the poster chooses. Everything else is saved as usual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Value = tuple[str | None, str | None]  # (rating, comment) as stored


@dataclass(frozen=True)
class Conflict:
    """One answer another person (or tab) changed after this form was rendered."""

    item: str
    mine: Value
    theirs: Value
    version: int  # the stored version now: posting it back with "mine" overwrites knowingly
    by: int | None
    at: Any = None


def _same(a: Value, b: Value) -> bool:
    return (a[0] or None) == (b[0] or None) and ((a[1] or "").strip() or None) == ((b[1] or "").strip() or None)


def split_stale(
    stored: Mapping[str, tuple[Value, int, int | None, Any]],
    posted: Mapping[str, Value],
    seen: Mapping[str, int],
) -> tuple[dict[str, Value], list[Conflict]]:
    """Posted answers safe to save, and the conflicts (stored: item → (value, version, by, at)).

    An item without a version in the form (an older page, an API call without versions) is saved as before.
    """
    fresh: dict[str, Value] = {}
    conflicts: list[Conflict] = []
    for item, mine in posted.items():
        value, version, by, at = stored.get(item, ((None, None), 0, None, None))
        if item in seen and seen[item] != version and not _same(mine, value):
            conflicts.append(Conflict(item=item, mine=mine, theirs=value, version=version, by=by, at=at))
        else:
            fresh[item] = mine
    return fresh, conflicts


def parse_versions(form: Mapping[str, str], items: list[str]) -> dict[str, int]:
    """The `version-<item>` fields of a posted page (ASCII digits only; anything else is ignored)."""
    seen: dict[str, int] = {}
    for item in items:
        raw = form.get(f"version-{item}", "")
        if raw.isascii() and raw.isdigit() and len(raw) < 10:
            seen[item] = int(raw)
    return seen
