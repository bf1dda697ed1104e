"""One way to write a JSON path: diffs, node edits, schema findings and the JSON tree agree."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inspector.core.base.jsonpath import format_path, parse_path
from inspector.core.edit import nodes
from inspector.core.recording import diff

_part = st.integers(min_value=-5, max_value=50) | st.text(max_size=8)


@given(st.lists(_part, max_size=6))
def test_every_path_reads_back(parts: list) -> None:
    assert parse_path(format_path(parts)) == tuple(parts)


def test_diff_and_node_edits_write_paths_alike() -> None:
    for parts in [("headers", "x-api-key"), ("body", "messages", 0, "content"), ()]:
        assert diff.format_path(parts) == nodes.format_path(parts) == format_path(parts)
    assert format_path(("headers", "x-api-key")) == 'headers["x-api-key"]'  # a "-" is not part of a name

