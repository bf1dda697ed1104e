"""Grouping recordings for the app's tree."""

from __future__ import annotations

from dataclasses import replace

from inspector.core.index.grouping import GroupBy, Grouper, parse_test_id
from inspector.core.index.summary import Summary

BASE = Summary(
    path="repo/tests/integration/responses/recordings/aa.json", kind="chat", test_id=None, endpoint="/v1/chat/completions",
    model="gpt-4o", streaming=True, chunks=3, hash_status="ok", hash_rule="2026-10", computed_hash="aa", error=None,
    exception=False, tools=0, label="hi", finish_reason="stop", size=10, mtime=0.0, search="hi",
)


def rec(name: str, test_id: str | None, **kw) -> Summary:
    folder = kw.pop("folder", "responses")
    return replace(BASE, path=f"repo/tests/integration/{folder}/recordings/{name}.json", test_id=test_id, **kw)


def test_parse_test_id() -> None:
    t = parse_test_id("tests/integration/inference/test_tools.py::TestStreaming::test_calls[txt=ollama/llama3.2:3b]")
    assert (t.suite, t.file, t.test, t.params) == ("inference", "test_tools.py", "TestStreaming::test_calls", "txt=ollama/llama3.2:3b")
    t = parse_test_id("tests/integration/x/test_a.py::test_b")
    assert (t.suite, t.test, t.params) == ("x", "test_b", None)
    assert parse_test_id("weird").test == "weird"


def test_by_test_nests_suite_file_test_param_with_counts() -> None:
    g = Grouper(GroupBy.TEST)
    g.add_many([
        rec("a", "tests/integration/responses/test_r.py::test_x[p1]"),
        rec("b", "tests/integration/responses/test_r.py::test_x[p1]"),
        rec("c", "tests/integration/responses/test_r.py::test_x[p2]"),
        rec("d", None, folder="common"),
    ])
    assert len(g) == 4
    suites = {s.label: s for s in g.root.sorted_groups()}
    assert [s.label for s in g.root.sorted_groups()] == ["common", "responses"]
    test = suites["responses"].groups["test_r.py"].groups["test_x"]
    assert test.count == 3
    assert [(p.label, p.count) for p in test.sorted_groups()] == [("[p1]", 2), ("[p2]", 1)]
    folder = suites["common"].sorted_groups()[0]
    assert folder.label == "recordings/ (no test id)" and folder.items[0].name == "d.json"
    assert g.group_of(folder.items[0].path) is folder


def test_by_endpoint_and_model_and_cycling() -> None:
    g = Grouper(GroupBy.ENDPOINT)
    g.add(rec("a", None))
    g.add(rec("b", None, model=None, endpoint=None, kind="tool"))
    labels = [(e.label, [m.label for m in e.sorted_groups()]) for e in g.root.sorted_groups()]
    assert labels == [("(tool)", ["(no model)"]), ("/v1/chat/completions", ["gpt-4o"])]
    assert [GroupBy.TEST.next(), GroupBy.ENDPOINT.next(), GroupBy.FOLDER.next()] == [GroupBy.ENDPOINT, GroupBy.FOLDER, GroupBy.TEST]


def test_by_folder_is_relative_to_the_roots() -> None:
    g = Grouper(GroupBy.FOLDER, roots=["repo/tests"])
    g.add(rec("a", None))
    g.add(rec("b", None, folder="common"))
    assert [f.label for f in g.root.sorted_groups()] == ["integration/common/recordings/", "integration/responses/recordings/"]
