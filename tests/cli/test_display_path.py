"""``display_path`` (memoised per folder) shows every path exactly as ``os.path.relpath`` would."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.cli.paths import display_path

segment = st.sampled_from(["a", "b", "..", ".", "recordings", "..x.json", "f.json", "", "tmp"])
paths = st.builds(lambda lead, parts: lead + "/".join(parts), st.sampled_from(["", "/", "./", "../"]), st.lists(segment, max_size=5))


def _plain(p: str) -> str:
    rel = os.path.relpath(p)
    return rel if not rel.startswith("..") else p


@pytest.mark.parametrize("cwd", ["/", "/tmp"])
@given(p=paths)
def test_the_shown_path_is_the_plain_relative_path(cwd: str, p: str) -> None:
    here = os.getcwd()
    os.chdir(cwd)
    try:
        if p:
            assert display_path(p) == _plain(p)
    finally:
        os.chdir(here)
