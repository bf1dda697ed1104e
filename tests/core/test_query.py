"""The filter language: a term either means something, or is an error that says what it could mean."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.core.base.model import Kind
from inspector.core.index.query import IS_NEEDS_RUNS, QueryError, parse_query

#: the fields whose values are a closed set: an unknown value is an error naming the ones it takes
CLOSED = ("has", "is", "hash", "kind")


def _suggested(message: str, field: str) -> list[str]:
    """The values an error message offers for ``field`` (``has:tools`` in "try has:tools, …"; kinds after "kinds are")."""
    if field == "kind":
        listed = message.split("kinds are ", 1)[1].split(";", 1)[0]
        return [v.strip() for v in listed.split(",")]
    return re.findall(rf"\b{field}:([a-z-]+)", message)[1:]  # [0] is the term that failed


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("has:wings", ["tools", "error", "problems", "test"]),
        ("is:streamx", ["stream", "invalid", "miss", "healed", "unread"]),
        ("hash:fresh", ["stale", "ok", "legacy", "mismatch", "unknown"]),
        ("kind:wings", [k.value for k in Kind]),
    ],
)
def test_an_unknown_value_lists_the_values_the_field_takes(text: str, names: list[str]) -> None:
    with pytest.raises(QueryError) as err:
        parse_query(text)
    message = str(err.value)
    assert message.startswith(f"unknown term {text} ")
    assert _suggested(message, text.split(":")[0]) == names


def test_a_kind_prefix_still_matches_every_kind_it_begins() -> None:
    assert parse_query("kind:ollama")  # ollama-chat, ollama-generate, …
    assert parse_query("kind:OLL")  # values are read lower-cased


@given(field=st.sampled_from(CLOSED), value=st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_", min_size=1, max_size=12))
def test_every_value_an_error_offers_parses(field: str, value: str) -> None:
    """Whatever is typed after a closed field either parses, or its error offers only values that do."""
    try:
        parse_query(f"{field}:{value}")
    except QueryError as exc:
        offered = _suggested(str(exc), field)
        assert offered, str(exc)
        for good in offered:
            try:
                parse_query(f"{field}:{good}")  # raises if the message offered a value that is not one
            except QueryError as missing:  # a real value that only a caller with run records answers
                assert f"{field}:{good}" == f"is:{IS_NEEDS_RUNS}" and "needs run records" in str(missing)
