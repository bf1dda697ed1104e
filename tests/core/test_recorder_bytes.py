"""``is_recorder_bytes``: the fast answer to "is this file already what the recorder writes?" is the exact one."""

from __future__ import annotations

import json
import math

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core.base import jsonio
from inspector.core.base.jsonio import _floats_may_differ, dumps_recorder, is_recorder_bytes

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
documents = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=6), inner, max_size=5)), max_leaves=30
)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_the_recorders_bytes_are_recognised(doc) -> None:
    raw = dumps_recorder(doc).encode("ascii")
    assert is_recorder_bytes(doc, raw)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_other_layouts_of_the_same_document_are_not(doc) -> None:
    raw = dumps_recorder(doc).encode("ascii")
    for other in (
        orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n",  # orjson's own floats and UTF-8
        json.dumps(doc, indent=2).encode("ascii"),  # no final newline
        json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8") + b"\n",
        json.dumps(doc).encode("ascii") + b"\n",
    ):
        assert is_recorder_bytes(doc, other) == (other == raw)


def test_a_raw_delete_character_is_not_the_recorders_escape() -> None:
    """json escapes U+007F as ``\\u007f`` (ensure_ascii escapes all but space to tilde); orjson does not."""
    doc = {"\x7f": "a\x7fb"}
    raw = dumps_recorder(doc).encode("ascii")
    assert b"\\u007f" in raw
    assert is_recorder_bytes(doc, raw)
    assert not is_recorder_bytes(doc, orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")


@settings(max_examples=2000, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_orjson_writes_floats_as_repr_does_unless_the_cheap_search_says_it_may_not(f: float) -> None:
    written = orjson.dumps(f)
    if not _floats_may_differ(written):
        assert written == repr(f).encode()


def test_the_slow_encoder_is_not_used_for_typical_files(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [
        {"request": {"body": {"messages": [{"role": "user", "content": "héllo 😀 \u2028"}]}}, "response": {"body": [1.5, 0.25]}},
        {"response": {"body": {"data": [{"embedding": [1e-05, -4.125e-05, 0.5, 2.5e-09]}]}}},
        {"a": [1e-7, 1], "b": {"c": [[3e-9]]}, "d": -0.0, "e": 1e16},
    ]
    raws = [dumps_recorder(d).encode("ascii") for d in docs]

    def slow(_data: object) -> str:
        raise AssertionError("fell back to json.dumps(indent=2)")

    monkeypatch.setattr(jsonio, "dumps_recorder", slow)
    for d, raw in zip(docs, raws, strict=True):
        assert is_recorder_bytes(d, raw)


def test_values_orjson_refuses_are_decided_by_the_slow_encoder() -> None:
    for doc in ({"a": 2**70}, {"a": math.nan}, {"a": math.inf}, {"a": "\ud800"}):
        raw = dumps_recorder(doc).encode("ascii")
        assert is_recorder_bytes(doc, raw)
        assert not is_recorder_bytes(doc, raw[:-1])
