"""Property tests of the parsers every entry point shares: they accept or refuse, never crash."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.domain.conflicts import split_stale
from maturity.domain.errors import Refused
from maturity.domain.ids import MAX_ID, parse_id
from maturity.domain.text import clean_text, first_bad_path, has_bad_characters
from maturity.web.api.body import BadBody, read_json_object

TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


@given(st.one_of(TEXT, st.integers(), st.floats(), st.none(), st.booleans()))
def test_an_id_is_ascii_digits_in_range_or_refused(raw):
    try:
        value = parse_id(raw, "id")
    except Refused as exc:
        assert exc.field == "id"
        return
    assert 1 <= value <= MAX_ID
    assert isinstance(raw, int) or (raw.isascii() and raw.isdigit())


@given(TEXT, st.integers(min_value=0, max_value=80))
def test_clean_text_returns_clean_bounded_text_or_names_the_field(raw, limit):
    try:
        text = clean_text(raw, "comment", limit)
    except Refused as exc:
        assert exc.field == "comment"
        return
    assert len(text) <= limit and not has_bad_characters(text)


@given(JSON)
def test_the_first_bad_path_is_found_exactly_when_some_text_is_bad(value):
    def texts(v):  # type: ignore[no-untyped-def]
        if isinstance(v, str):
            yield v
        elif isinstance(v, list):
            for item in v:
                yield from texts(item)
        elif isinstance(v, dict):
            for key, item in v.items():
                yield key
                yield from texts(item)

    assert (first_bad_path(value) is not None) == any(has_bad_characters(t) for t in texts(value))


@pytest.fixture(scope="module")
def bare_app() -> Flask:
    return Flask(__name__)


@settings(max_examples=200)
@given(body=st.one_of(st.binary(max_size=200), JSON.map(lambda v: json.dumps(v).encode()),
                      st.integers(1, 60).map(lambda n: b"[" * n * 30 + b"]" * n * 30)))
def test_the_api_body_reader_accepts_an_object_or_refuses_with_a_status(bare_app, body):
    with bare_app.test_request_context("/", method="POST", data=body, content_type="application/json"):
        try:
            parsed = read_json_object()
        except BadBody as exc:
            assert exc.status in (400, 415, 422) and exc.text
            return
    assert isinstance(parsed, dict) and first_bad_path(parsed) is None


VALUES = st.tuples(st.sampled_from([None, "full", "partial"]), st.sampled_from([None, "", "note"]))


@given(st.dictionaries(st.sampled_from("abcdef"), st.tuples(VALUES, st.integers(0, 3), st.none(), st.none())),
       st.dictionaries(st.sampled_from("abcdef"), VALUES),
       st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 3)))
def test_a_stale_save_loses_nothing_typed(stored, posted, seen):
    fresh, conflicts = split_stale(stored, posted, seen)
    assert set(fresh) | {c.item for c in conflicts} == set(posted)
    assert not set(fresh) & {c.item for c in conflicts}
    for c in conflicts:
        assert c.mine == posted[c.item] and c.version == (stored[c.item][1] if c.item in stored else 0)
