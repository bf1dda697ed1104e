"""The library keeps discovery order through re-indexing; the selection names what the actions act on (plain Python)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core.index.grouping import GroupBy
from inspector.core.index.summary import Summary
from inspector.ui.state.library import Library
from inspector.ui.state.selection import Selection

BASE = Summary(
    path="", kind="chat", test_id="tests/integration/x/test_a.py::test_b", endpoint="/v1/chat/completions",
    model="gpt-4o", streaming=True, chunks=3, hash_status="ok", hash_rule="2026-10", computed_hash="aa", error=None,
    exception=False, tools=0, label="hi", finish_reason="stop", size=10, mtime=0.0, search="hi",
)

NAMES = st.text(alphabet="ab-_0", min_size=1, max_size=4)
FOLDERS = st.sampled_from(["r/x", "r/x-y", "r/x/z", "r/a"])


def rec(path: str, **kw: object) -> Summary:
    return replace(BASE, path=path, **kw)  # type: ignore[arg-type]


def in_discovery_order(paths: set[str]) -> list[str]:
    return sorted(paths, key=lambda p: PurePath(p).parts)  # how discovery sorts (Path order)


@given(
    files=st.sets(st.tuples(FOLDERS, NAMES), min_size=1, max_size=12),
    data=st.data(),
)
@settings(max_examples=80, deadline=None)
def test_replacing_keeps_the_order_discovery_would_give(files: set[tuple[str, str]], data: st.DataObject) -> None:
    """Whatever is rewritten, removed or added, the library reads as if it had been indexed afresh."""
    paths = {f"{folder}/{name}.json" for folder, name in files}
    library = Library(["r"], GroupBy.TEST)
    library.add(rec(p) for p in in_discovery_order(paths))
    rewritten = data.draw(st.sets(st.sampled_from(sorted(paths))), label="rewritten")
    removed = data.draw(st.sets(st.sampled_from(sorted(paths))), label="removed") - rewritten
    added = {f"{folder}/{name}.json" for folder, name in data.draw(st.sets(st.tuples(FOLDERS, NAMES), max_size=4), label="added")} - paths
    library.replace([*removed, *rewritten], [rec(p, label="new") for p in [*rewritten, *added]])
    expected = in_discovery_order((paths - removed) | added)
    assert [s.path for s in library.summaries] == expected
    assert all(library.get(p) is not None and library.get(p).label == "new" for p in rewritten | added)  # type: ignore[union-attr]
    assert all(library.get(p) is None for p in removed)


def test_a_saved_file_keeps_its_place_even_in_an_unsorted_library() -> None:
    library = Library(["r"])
    library.add([rec("r/b.json"), rec("r/a.json"), rec("r/c.json")])  # two roots given in this order
    library.replace(["r/b.json"], [rec("r/b.json", label="saved")])
    assert [s.path for s in library.summaries] == ["r/b.json", "r/a.json", "r/c.json"]


def test_selection_on_a_group_names_the_group_and_its_files() -> None:
    library = Library(["r"])
    library.add([rec("r/a.json"), rec("r/b.json")])
    group = library.grouper.group_of("r/a.json")
    assert group is not None
    on_group = Selection(group=group)
    assert on_group.paths == ["r/a.json", "r/b.json"]
    assert on_group.what() == "2 recordings of test_b"
    assert Selection(cursor="r/b.json").what() == "b.json"
    marked = Selection(cursor="r/a.json", group=None, marked=("r/a.json", "r/b.json"))
    assert marked.paths == ["r/a.json", "r/b.json"] and marked.what() == "2 marked recordings"
    assert Selection().paths == []
