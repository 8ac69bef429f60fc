"""Reading an API request body: JSON only (415 otherwise), bounded in depth and number size, clean text."""

from __future__ import annotations

import json
from typing import Any

from flask import request

from ...domain.text import first_bad_path

MAX_DEPTH = 20  # the deepest API document (a batch job, an answers file) nests 4 levels


class BadBody(Exception):
    """A request body that cannot be read as the JSON object asked for."""

    def __init__(self, status: int, text: str, where: str = "body"):
        super().__init__(text)
        self.status, self.text, self.where = status, text, where


def _depth(value: Any) -> int:
    """How deeply containers nest in `value`, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _parse(data: bytes) -> Any:
    try:
        return json.loads(data or b"")
    except UnicodeDecodeError as exc:
        raise BadBody(400, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise BadBody(400, f"{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise BadBody(400, f"malformed JSON: nested deeper than {MAX_DEPTH} levels") from exc
    except ValueError as exc:  # an integer of thousands of digits
        raise BadBody(400, f"malformed JSON: {exc}") from exc


def read_json_object() -> dict[str, Any]:
    """The request body as a JSON object: 415 unless application/json, 400 if malformed, 422 if unusable."""
    if request.mimetype != "application/json":
        raise BadBody(415, f"the body must be application/json (given: {request.mimetype or 'none'})",
                      "Content-Type")
    body = _parse(request.get_data(cache=True))
    if _depth(body) > MAX_DEPTH:
        raise BadBody(422, f"the JSON document nests deeper than {MAX_DEPTH} levels")
    if not isinstance(body, dict):
        raise BadBody(422, "expected a JSON object with 'industry' and 'answers'")
    bad = first_bad_path(body)
    if bad is not None:
        raise BadBody(422, f"{bad}: a NUL byte or an unpaired surrogate is not accepted in text", bad)
    return body
