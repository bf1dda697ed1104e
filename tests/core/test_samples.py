"""The samples shipped in the package: every kind, with known results."""

from __future__ import annotations

import json

import pytest

from inspector.core import discover, load
from inspector.core.base.writer import render
from inspector.core.index.summary import recording_json
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def samples():
    found = discover([SAMPLES])
    recs = [load(p) for p in found.files]
    return found, recs


def _one(recs, kind, pred=lambda r: True):
    matches = [r for r in recs if r.kind.value == kind and pred(r)]
    assert matches, f"no sample of kind {kind}"
    return matches[0]


def test_samples_cover_every_kind(samples) -> None:
    _found, recs = samples
    kinds = {r.kind.value for r in recs}
    assert kinds >= {
        "chat", "completion", "embeddings", "models", "ollama-generate", "ollama-chat", "ollama-embeddings",
        "ollama-ps", "ollama-pull", "ollama-tags", "genai", "genai-stream", "http", "messages", "interactions",
        "responses", "tool", "file-processor",
    }
    assert all(r.ok and not r.problems for r in recs)
    # written exactly as the recorder writes
    for r in recs:
        assert render(r.data) == r.path.read_bytes()


def test_samples_hash_statuses(samples) -> None:
    _found, recs = samples
    statuses = {}
    for r in recs:
        statuses.setdefault((r.hash.status, r.hash.rule), []).append(r)
    assert len(statuses[("mismatch", None)]) == 1
    assert len(statuses[("legacy-rule", "2026-03")]) == 1
    assert len(statuses[("legacy-rule", "2026-05")]) == 1  # the model list named by the May 2026 rules
    assert len(statuses[("legacy-rule", "2025-07")]) == 1  # the 12-character name of the 2025 layout
    assert len(statuses[("unknown", None)]) == 1  # the file processor
    assert len(statuses[("ok", "2026-10")]) == len(recs) - 5


def test_sample_parallel_tool_calls(samples) -> None:
    _f, recs = samples
    rec = _one(recs, "chat", lambda r: len(r.rebuild.tool_calls) == 2)
    calls = rec.rebuild.tool_calls
    assert [json.loads(c.arguments)["city"] for c in calls] == ["Lisbon, Portugal", "Oslo, Norway"]
    assert [c.id for c in calls] == ["call_sample_lisbon", "call_sample_oslo"]
    assert rec.rebuild.finish_reason == "tool_calls" and rec.rebuild.usage["total_tokens"] == 124


def test_sample_two_choices_kept_apart(samples) -> None:
    _f, recs = samples
    rec = _one(recs, "chat", lambda r: len(r.rebuild.choices) == 2)
    a, b = rec.rebuild.choices
    assert a.text == "Red is a primary colour." and b.text == "Blue, for example."
    out = recording_json(rec)
    assert [c["text"] for c in out["choices"]] == [a.text, b.text]


def test_sample_exception_after_partial_chunks(samples) -> None:
    _f, recs = samples
    rec = _one(recs, "chat", lambda r: r.is_exception and r.chunk_count > 0)
    assert rec.rebuild.text == "Crimson leaves drifting"
    assert rec.rebuild.error.type == "APIConnectionError"
    # the error only shows once every received chunk has been replayed
    assert rec.replay.state(rec.replay.total - 1).error is None
    assert rec.replay.state(rec.replay.total).error is not None


def test_sample_reasoning_and_messages_tool_use(samples) -> None:
    _f, recs = samples
    r = _one(recs, "chat", lambda r: bool(r.rebuild.reasoning))
    assert r.rebuild.text == "17 * 3 = 51." and "fifty-one" in r.rebuild.reasoning
    m = _one(recs, "messages", lambda r: r.streaming)
    assert m.rebuild.tool_calls[0].arguments == '{"expression": "12 * 12"}'
    assert m.rebuild.reasoning.startswith("The user wants") and m.rebuild.usage == {"input_tokens": 70, "output_tokens": 31}


def test_sample_legacy_layout_index(samples) -> None:
    found, _recs = samples
    assert [i.code for i in found.issues] == ["index-missing-file"]
    assert len(found.index_rows) == 2


def test_sample_truncated_stream(samples) -> None:
    _f, recs = samples
    rec = _one(recs, "chat", lambda r: "truncated" in (r.test_id or ""))
    assert rec.rebuild.finish_reason is None
    with pytest.raises(ValueError):
        json.loads(rec.rebuild.tool_calls[0].arguments)
