"""A JSON error says what is wrong and where, each once ("starting at at line" was said twice)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.core.base.jsonio import JsonError, parse_bytes
from inspector.core.checks.schema import check_answer, check_arguments
from inspector.core.edit import parse_document, parse_value

DOC = '{\n  "test_id": "t",\n  "request": {"body": {"messages": [{"role": "user", "content": "hi"}]}},\n  "response": {}\n}\n'


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ('{\n  "a": "open\n  , "b": 1}', "invalid JSON: Invalid control character at line 2, column 13"),
        ('{"a": "x\\q"}', "invalid JSON: Invalid \\escape at line 1, column 9"),
        ('{"a": 1,, "b": "unterminated}\n\n', "invalid JSON: Expecting property name enclosed in double quotes at line 1, column 9"),
    ],
)
def test_the_files_reason_names_the_place_once(raw: str, reason: str) -> None:
    with pytest.raises(JsonError) as err:
        parse_bytes(raw.encode())
    assert err.value.reason == reason


def test_a_file_cut_inside_a_string() -> None:
    """The issue's case: json says "Unterminated string starting at", and the place followed."""
    with pytest.raises(JsonError) as err:
        parse_bytes(b'{\n  "a": 1,\n  "b": "cut here')
    assert err.value.reason == "invalid JSON: Unterminated string starting at line 3, column 8"


@given(cut=st.integers(1, len(DOC) - 2), junk=st.sampled_from(['"', "\n", "\\", ",", "\t", "}"]))
def test_no_message_says_at_twice(cut: int, junk: str) -> None:
    """Whatever breaks a document, every place that explains it says "at" once before the line."""
    text = DOC[:cut] + junk + DOC[cut:]
    messages = []
    try:
        parse_bytes(text.encode())
    except JsonError as exc:
        messages.append(exc.reason)
    try:
        parse_value(text)
    except Exception as exc:  # noqa: BLE001 - EditError, or it parsed
        messages.append(str(exc))
    error = parse_document(text)[1]
    if error is not None:
        messages.append(error.one_line())
    messages += [i.message for i in check_arguments(text, None).issues]
    messages += [i.message for i in check_answer(text, {"type": "object"}).issues]
    for m in messages:
        assert not re.search(r"\bat\s+at\b", m), m
        assert not m.endswith(" at"), m
