"""Property tests for the incremental replay.

The reference model is a naive fold over each chunk's events; the replay's
binary-search state must agree with it at every position, and stepping must
agree with seeking.  Synthetic streams also check the rebuild against an
independent oracle: the text pieces that were streamed.
"""

from __future__ import annotations

import json
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core import load
from inspector.core.base.model import Kind
from inspector.core.recording.loading import Recording
from inspector.core.streams.walk import chunk_events
from inspector.testing.factories import PLAIN, chat_chunk
from tests.conftest import SAMPLES, corpus_files


def naive_fold(per_chunk, n):
    """The reference: apply the first n chunks' events in order to plain dicts."""
    text: dict = {}
    first: dict = {}
    values: dict = {}
    present: set = set()
    for events in per_chunk[:n]:
        for op, key, value in events:
            if op == "append":
                text[key] = text.get(key, "") + value
            elif op == "set":
                values[key] = value
            elif op == "first":
                first.setdefault(key, value)
            if key[0].startswith("tool"):
                present.add(("tool", key[1], key[2]))
            if len(key) > 1:
                present.add(("choice", key[1]))
    out = []
    for c in sorted(k[1] for k in present if k[0] == "choice"):
        tools = []
        for t in sorted(k[2] for k in present if k[0] == "tool" and k[1] == c):
            tools.append((t, first.get(("tool.id", c, t)), text.get(("tool.name", c, t)), text.get(("tool.args", c, t), "")))
        out.append((c, text.get(("text", c), ""), text.get(("reasoning", c), ""), values.get(("finish", c)), tuple(tools)))
    return out, values.get(("usage",))


def as_tuples(state):
    return [
        (ch.index, ch.text, ch.reasoning, ch.finish_reason, tuple((t.index, t.id, t.name, t.arguments) for t in ch.tool_calls))
        for ch in state.choices
    ], state.usage


@lru_cache(maxsize=1)
def _streams() -> tuple[Recording, ...]:
    paths = sorted(SAMPLES.rglob("*.json")) + [p for p in corpus_files() if p.stat().st_size < 200_000]
    recs = [load(p) for p in paths]
    return tuple(r for r in recs if r.ok and r.replay.total > 1)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_seek_equals_naive_fold_and_steps(data) -> None:
    recs = _streams()
    rec = data.draw(st.sampled_from(recs))
    per_chunk, _ = chunk_events(rec.kind, rec.chunks, non_stream_sse=not isinstance(rec.response_raw.get("body"), list))
    total = rec.replay.total
    n = data.draw(st.integers(min_value=0, max_value=total))
    assert as_tuples(rec.replay.state(n)) == naive_fold(per_chunk, n)


def _prefix(rec: Recording, k: int) -> Recording:
    """A fresh recording holding only the first ``k`` chunks of ``rec``'s stream."""
    doc = dict(rec.data)
    doc["response"] = {**rec.data["response"], "body": rec.data["response"]["body"][:k]}
    return Recording(None, json.loads(json.dumps(doc)))


@lru_cache(maxsize=1)
def _plain_streams() -> tuple[Recording, ...]:
    # Streams whose replay steps are the body's items (SSE kinds split lines into events).
    return tuple(r for r in _streams() if r.chunks is r.response_raw.get("body") and not r.is_exception)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_stepping_equals_a_fresh_rebuild_of_each_prefix(data) -> None:
    """Step one chunk at a time, as the player does; each state is what rebuilding that prefix gives.

    The rebuild of a prefix is a separate path (``Fold`` over the events of a new recording)
    from the replay's seek (cumulative lengths and binary search over the whole stream).
    """
    rec = data.draw(st.sampled_from(_plain_streams()))
    replay = rec.replay  # one Replay, stepped forward: the cache a player keeps
    total = replay.total
    start = data.draw(st.integers(min_value=0, max_value=total))
    stop = data.draw(st.integers(min_value=start, max_value=min(total, start + 40)))
    before = replay.state(start)
    for k in range(start + 1, stop + 1):
        state = replay.state(k)
        fresh = _prefix(rec, k).rebuild
        assert state.choices == fresh.choices, (rec.path, k)
        assert state.usage == fresh.usage, (rec.path, k)
        # What the step says it appended is exactly what the text grew by.
        added = "".join(c.value for c in state.changes if c.op == "append" and c.what == "text")
        assert state.primary.text == before.primary.text + added, (rec.path, k)
        before = state


def test_end_state_equals_rebuild_everywhere() -> None:
    for rec in _streams():
        end = rec.replay.state(rec.replay.total)
        assert end.choices == rec.rebuild.choices and end.usage == rec.rebuild.usage


# --- synthetic OpenAI streams: the rebuild must equal what was streamed ----------------

piece = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=12)


def _chunk(delta, finish=None, index=0):
    return chat_chunk(delta, finish=finish, index=index, style=PLAIN.but(id="rec-x", model="m"))


@settings(max_examples=80, deadline=None)
@given(
    texts=st.lists(piece, max_size=30),
    calls=st.lists(st.tuples(st.text(min_size=1, max_size=8), st.lists(piece, max_size=8)), max_size=3),
    order=st.randoms(use_true_random=False),
)
def test_synthetic_stream_rebuild_matches_pieces(texts, calls, order) -> None:
    chunks = [_chunk({"role": "assistant", "content": ""})]
    pieces = [("text", None, t) for t in texts]
    for i, (_name, args) in enumerate(calls):
        pieces += [("args", i, a) for a in args]
    order.shuffle(pieces)  # text and tool pieces interleave; per-call order must be kept
    per_call: dict[int, list[str]] = {i: [] for i in range(len(calls))}
    for kind, i, s in pieces:
        if kind == "args":
            per_call[i].append(s)
    started: set[int] = set()
    counters = {i: 0 for i in range(len(calls))}
    for kind, i, s in pieces:
        if kind == "text":
            chunks.append(_chunk({"content": s}))
            continue
        if i not in started:
            started.add(i)
            chunks.append(_chunk({"tool_calls": [{"index": i, "id": f"call_{i}", "type": "function",
                                                  "function": {"name": calls[i][0], "arguments": ""}}]}))
        chunks.append(_chunk({"tool_calls": [{"index": i, "function": {"arguments": per_call[i][counters[i]]}}]}))
        counters[i] += 1
    for i in range(len(calls)):
        if i not in started:
            chunks.append(_chunk({"tool_calls": [{"index": i, "id": f"call_{i}", "function": {"name": calls[i][0], "arguments": ""}}]}))
    chunks.append(_chunk({}, finish="stop"))
    doc = {"test_id": None, "request": {"method": "POST", "url": "http://x/v1/chat/completions", "headers": {},
                                        "body": {"model": "m", "messages": [], "stream": True}, "endpoint": "/v1/chat/completions", "model": "m"},
           "response": {"body": chunks, "is_streaming": True}}
    rec = Recording(None, json.loads(json.dumps(doc)))
    assert rec.kind == Kind.CHAT
    rb = rec.rebuild
    assert rb.text == "".join(s for kind, _i, s in pieces if kind == "text")
    assert [(t.index, t.id, t.name, t.arguments) for t in rb.tool_calls] == [
        (i, f"call_{i}", calls[i][0], "".join(per_call[i])) for i in range(len(calls))
    ]
    assert rb.finish_reason == "stop"
    assert rec.replay.total == len(chunks)
