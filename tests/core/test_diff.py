"""The structural JSON diff, and ``diff`` of two recordings."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core import load
from inspector.core.recording.diff import CHURN_KEYS, diff_recordings, format_path, inline_excerpt, json_diff
from inspector.core.recording.loading import load_bytes
from inspector.testing.factories import chat_body, piece, write_chat, write_data
from tests.conftest import Source


def test_paths_name_what_changed() -> None:
    old = {"tools": [{"function": {"name": "f", "description": "Get current time"}}], "temperature": 0.5}
    new = {"tools": [{"function": {"name": "f", "description": "Get the current time"}}], "top_p": 1}
    changes = {c.path: c for c in json_diff(old, new)}
    assert set(changes) == {"tools[0].function.description", "temperature", "top_p"}
    assert changes["temperature"].op == "removed" and changes["top_p"].op == "added"


def test_an_inserted_message_is_one_addition() -> None:
    a = {"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]}
    b = {
        "messages": [
            {"role": "system", "content": "s"},
            {"role": "assistant", "content": "new"},
            {"role": "user", "content": "u"},
        ]
    }
    (c,) = json_diff(a, b)
    assert (c.path, c.op) == ("messages[1]", "added")


def test_types_matter_as_they_do_for_the_hash() -> None:
    assert [c.path for c in json_diff({"n": 1}, {"n": 1.0})] == ["n"]
    assert [c.path for c in json_diff({"n": True}, {"n": 1})] == ["n"]
    assert json_diff({"a": [1, {"b": None}]}, {"a": [1, {"b": None}]}) == []


def test_format_path_quotes_odd_keys() -> None:
    assert format_path(["headers", "x-api-key"]) == 'headers["x-api-key"]'
    assert format_path(["body", "messages", 0, "content"]) == "body.messages[0].content"
    assert format_path([]) == "$"  # one format_path (base/jsonpath) for diffs and editors: the root is $


def test_long_strings_carry_a_text_diff() -> None:
    old = "You are a helpful assistant. " * 5 + "Answer in English."
    new = "You are a helpful assistant. " * 5 + "Answer in French."
    (c,) = json_diff({"s": old}, {"s": new})
    assert c.is_text
    assert "[-English-]{+French+}" in inline_excerpt(old, new)
    assert "[-English-]{+French+}" in c.summary()
    multi = json_diff({"s": "line one\nline two\nline three"}, {"s": "line one\nline 2\nline three"})[0]
    assert "-line two" in multi.unified() and "+line 2" in multi.unified()


def test_same_recording_is_the_same(source: Source) -> None:
    src = source.file("tool-stream")
    result = diff_recordings(load(src), load(src), chunks=True)
    assert result.same and result.chunks == []


def test_real_recordings_of_two_tests(corpus_dir: Path) -> None:
    a = next(corpus_dir.rglob("8567635651a5e710*.json"))
    b = next(corpus_dir.rglob("c03bc36fc4c19495*.json"))
    result = diff_recordings(load(a), load(b))
    # Same test, same prompt: only an empty extra_body was added, yet the hash differs.
    assert [(c.path, c.op) for c in result.request] == [("body.extra_body", "added")]
    assert [c.path for c in result.response] == ["text"]
    assert result.response[0].is_text and result.response[0].unified()


def test_response_differences_on_the_rebuilt_result(source: Source, tmp_path: Path) -> None:
    """Re-recorded with another answer: the diff names the text, not every chunk."""
    src = source.file("text-stream")
    data = json.loads(src.read_text())
    edited = copy.deepcopy(data)
    first = next(c for c in edited["response"]["body"] if any(ch["delta"].get("content") for ch in c["__data__"]["choices"]))
    first["__data__"]["choices"][0]["delta"]["content"] = "256 " + first["__data__"]["choices"][0]["delta"]["content"]
    b = write_data(tmp_path / "b.json", edited)
    result = diff_recordings(load(src), load(b))
    assert result.request == []
    assert [c.path for c in result.response] == ["text"]
    assert "256" in result.response[0].summary()
    assert result.chunks is None
    with_chunks = diff_recordings(load(src), load(b), chunks=True)
    assert with_chunks.chunks and all(c.path.startswith("chunks[") for c in with_chunks.chunks)


def test_tool_calls_finish_and_usage(repo: Path) -> None:
    call = {
        "index": 0,
        "id": "call_1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
    }
    a = write_chat(repo, chunks=[piece(None, tool=call), piece(None, finish="tool_calls")])
    call_b = copy.deepcopy(call)
    call_b["id"] = "call_2"  # generated per call: not a difference
    call_b["function"]["arguments"] = '{"city":"Lyon"}'
    b = write_chat(repo, body=chat_body("other"), chunks=[piece(None, tool=call_b), piece(None, finish="stop")])
    result = diff_recordings(load(a), load(b))
    paths = {c.path: c for c in result.response}
    assert set(paths) == {"tool_calls[0].arguments.city", "finish_reason"}
    assert (paths["tool_calls[0].arguments.city"].old, paths["tool_calls[0].arguments.city"].new) == ("Paris", "Lyon")
    assert [c.path for c in result.request] == ["body.messages[0].content"]


def test_normalisation_hides_float_noise(repo: Path) -> None:
    a = write_chat(repo, body=chat_body(temperature=0.7000000001))
    b = write_chat(repo, body=chat_body(temperature=0.7), folder=repo / "other/recordings")
    assert diff_recordings(load(a), load(b)).request == []


# --- chunk by chunk: churn left out ---------------------------------------------------------

_CHURN_VALUE = st.one_of(st.text(max_size=8), st.integers(), st.none())
_PIECE = st.fixed_dictionaries(
    {"text": st.text(alphabet="ab ", max_size=4), "tool": st.booleans()},
    optional={k: _CHURN_VALUE for k in ("obfuscation", "system_fingerprint", "created", "id")},
)


def _stream(pieces: list[dict], churn: list) -> bytes:
    """A recording whose chunks carry ``pieces``; every churn value (chunk and tool-call ids,
    obfuscation…) drawn from ``churn``, so two streams differ only in churn."""
    chunks = []
    for i, p in enumerate(pieces):
        extra = {k: v for k, v in p.items() if k not in ("text", "tool")}
        extra = {k: churn[(i + n) % len(churn)] for n, k in enumerate(extra)}
        tool = {"index": 0, "id": churn[i % len(churn)], "function": {"name": "f", "arguments": "{}"}} if p["tool"] else None
        chunks.append(piece(p["text"], tool=tool, **extra))
    chunks.append(piece("", finish="stop", obfuscation=churn[0]))
    data = {"test_id": None, "request": {"url": "https://api.openai.com/v1/v1/chat/completions", "body": chat_body()},
            "response": {"body": chunks, "is_streaming": True}}
    return json.dumps(data).encode()


@settings(max_examples=60, deadline=None)
@given(pieces=st.lists(_PIECE, min_size=1, max_size=6), old=st.lists(_CHURN_VALUE, min_size=1, max_size=4),
       new=st.lists(_CHURN_VALUE, min_size=1, max_size=4))
def test_chunks_that_differ_only_in_churn_are_the_same(pieces: list[dict], old: list, new: list) -> None:
    """What the recorder regenerates (the list `changes` calls churn) is never a chunk difference;
    asked for (`churn=True`), every churn value that differs is one."""
    a, b = load_bytes(_stream(pieces, old)), load_bytes(_stream(pieces, new))
    assert diff_recordings(a, b, chunks=True).chunks == []
    with_churn = diff_recordings(a, b, chunks=True, churn=True).chunks or []
    assert all(c.parts[-1] in CHURN_KEYS for c in with_churn)
    if json.dumps(old[0]) != json.dumps(new[0]):  # the finish chunk's obfuscation differs
        assert any(c.path.endswith(".obfuscation") for c in with_churn)
