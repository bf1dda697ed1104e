"""Misses and healed recordings in the index: the summary's healed class, the misses group, the is: terms."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core.checks.misses import explain_misses
from inspector.core.heal import heal
from inspector.core.index.grouping import MISSES_LABEL, GroupBy, Grouper
from inspector.core.index.listing import IndexStats, iter_summaries
from inspector.core.index.query import IS_TERMS, QueryError, parse_query
from inspector.core.index.summary import Summary, healed_class, summarize
from inspector.core.recording.captures import read_misses
from inspector.core.recording.loading import load
from tests.capture_files import recording, sample, sample_root, write_miss

from ..conftest import age

CHAT_N = "724f5673"


def _renamed(test_id: str, name: str) -> str:
    head, _, rest = test_id.partition("::")
    _old, bracket, params = rest.partition("[")
    return f"{head}::{name}{bracket}{params}"


@pytest.fixture
def healed(tmp_path: Path) -> tuple[Path, Path]:
    """(root, the file heal wrote for a renamed test) in a copy of the samples."""
    root = sample_root(tmp_path)
    src = recording(sample(root, CHAT_N))
    write_miss(tmp_path / "cap", src["request"], _renamed(src["test_id"], "test_moved"), root=root)
    (action,) = heal(explain_misses(read_misses([tmp_path / "cap"]).misses, root)).actions
    assert action.action == "wrote" and action.path is not None
    return root, action.path


def test_a_healed_file_summarises_with_its_class_and_others_with_none(healed: tuple[Path, Path]) -> None:
    root, written = healed
    assert summarize(load(written)).healed == "safe"
    assert summarize(load(sample(root, CHAT_N))).healed is None


def test_healed_class_reads_only_a_marker_object() -> None:
    assert healed_class({"healed": {"class": "unsafe"}}) == "unsafe"
    assert healed_class({"healed": {}}) == "unknown"  # marked, but by something that named no class
    assert healed_class({"healed": True}) is None
    assert healed_class({"request": {}}) is None
    assert healed_class([]) is None


def test_the_index_cache_keeps_the_healed_class(healed: tuple[Path, Path], cache_dir: Path) -> None:
    root, written = healed
    age(root)

    def listing() -> tuple[dict[str, Summary], IndexStats]:
        stats = IndexStats()
        return {s.path: s for s in iter_summaries([root], stats=stats, workers=1)}, stats

    first, s1 = listing()
    second, s2 = listing()
    assert s1.read > 0 and (s2.read, s2.cached) == (0, s1.read)
    assert second[str(written)].healed == first[str(written)].healed == "safe"
    assert sum(1 for s in second.values() if s.healed) == 1


# --- the misses group ---------------------------------------------------------------------------

BASE = Summary(
    path="repo/tests/integration/inference/recordings/aa.json", kind="chat", test_id="tests/integration/inference/test_a.py::test_b",
    endpoint="/v1/chat/completions", model="gpt-4o", streaming=False, chunks=0, hash_status="ok", hash_rule="2026-10",
    computed_hash="aa", error=None, exception=False, tools=0, label="hi", finish_reason="stop", size=10, mtime=0.0, search="hi",
)


@pytest.mark.parametrize("by", list(GroupBy))
def test_misses_sit_in_one_group_above_every_other(by: GroupBy) -> None:
    g = Grouper(by, roots=["repo"])
    g.add(replace(BASE, path="repo/tests/integration/agents/recordings/zz.json", test_id="tests/integration/agents/test_a.py::t"))
    g.add(replace(BASE, path="/tmp/cap/misses/m1.json", kind="miss", test_id="tests/integration/zzz/test_z.py::t"))
    g.add(BASE)
    g.add(replace(BASE, path="/tmp/cap/misses/m2.json", kind="miss", test_id=None))
    top = g.root.sorted_groups()
    assert top[0].label == MISSES_LABEL and top[0].count == 2
    assert [s.path for s in top[0].items] == ["/tmp/cap/misses/m1.json", "/tmp/cap/misses/m2.json"]
    assert all(s.kind != "miss" for group in top[1:] for s in group.walk())


# --- is: terms --------------------------------------------------------------------------------------


def test_is_miss_and_is_healed() -> None:
    miss = replace(BASE, kind="miss")
    mended = replace(BASE, healed="unsafe")
    rows = [BASE, miss, mended]
    assert [s for s in rows if parse_query("is:miss").matches(s)] == [miss]
    assert [s for s in rows if parse_query("is:misses").matches(s)] == [miss]
    assert [s for s in rows if parse_query("is:healed").matches(s)] == [mended]
    assert [s for s in rows if parse_query("-is:healed -is:miss").matches(s)] == [BASE]


def test_is_unread_needs_run_records_here() -> None:
    with pytest.raises(QueryError, match="needs run records"):
        parse_query("is:unread")


def test_an_unknown_is_value_lists_every_value() -> None:
    with pytest.raises(QueryError) as info:
        parse_query("is:mised")
    message = str(info.value)
    assert message.startswith("unknown term is:mised")
    assert all(f"is:{v}" in message for v in IS_TERMS)
    assert {"miss", "healed", "unread", "stream", "invalid"} <= set(IS_TERMS)


_KINDS = st.sampled_from(["chat", "miss", "tool", "models"])
_TESTS = st.one_of(st.none(), st.sampled_from(["tests/integration/a/test_a.py::t", "tests/integration/b/test_b.py::u[p]", "x"]))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(_KINDS, _TESTS, st.sampled_from(["a", "b", "c/d"])), max_size=25), by=st.sampled_from(list(GroupBy)))
def test_whatever_arrives_in_whatever_order_the_misses_group_holds_every_miss_and_comes_first(rows, by: GroupBy) -> None:
    g = Grouper(by, roots=["repo"])
    added = [
        replace(BASE, path=f"repo/{folder}/recordings/{i}.json", kind=kind, test_id=test_id)
        for i, (kind, test_id, folder) in enumerate(rows)
    ]
    g.add_many(added)
    misses = [s.path for s in added if s.kind == "miss"]
    top = g.root.sorted_groups()
    if misses:
        assert top[0].label == MISSES_LABEL and [s.path for s in top[0].walk()] == misses
        rest = top[1:]
    else:
        rest = top
    assert all(s.kind != "miss" for group in rest for s in group.walk())
    assert len(g) == len(added)
