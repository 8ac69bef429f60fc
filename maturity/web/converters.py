"""The URL converter every `<int:…>` route uses: ASCII digits, 1..2^31-1; anything else is no route (404)."""

from __future__ import annotations

from werkzeug.routing import BaseConverter, Map, ValidationError

from ..domain.ids import MAX_ID, ascii_int


class IdConverter(BaseConverter):
    """A bounded positive ID (werkzeug's own `int` matches any Unicode digit and has no upper bound)."""

    regex = r"[0-9]+"  # matched, then bounded in to_python (longer runs are no route, not a 500)
    weight = 50
    part_isolating = True

    def __init__(self, url_map: Map, min: int = 1, max: int = MAX_ID) -> None:  # noqa: A002  (werkzeug's names)
        super().__init__(url_map)
        self.low, self.high = min, max  # a route may narrow the range, e.g. <int(min=1, max=12):code>

    def to_python(self, value: str) -> int:
        """The ID, or no match."""
        number = ascii_int(value, self.low, self.high) if len(value) <= 10 else None
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value: object) -> str:
        """IDs are written as plain decimal digits."""
        return str(int(value))  # type: ignore[call-overload]
