"""The JSON tree writes a node's path with the core's one path syntax (after a leading ``$``)."""

from __future__ import annotations

from inspector.core.base.jsonpath import format_path, parse_path
from inspector.ui.widgets.json_tree import json_path


def test_the_json_tree_writes_the_same_steps() -> None:
    assert json_path(json_path(json_path("$", "request"), "x-y"), 0) == "$." + format_path(("request", "x-y", 0))
    assert parse_path(json_path(json_path("$", "a.b"), 2)) == ("a.b", 2)
