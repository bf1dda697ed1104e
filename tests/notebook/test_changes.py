"""``inspector.changes(...)`` and ``rec.history()`` on a real git repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import inspector
from inspector.cli.main import main
from inspector.core.history.git import GitError
from tests import gitrepo as g

from .markup import check_markup


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    g.need_git()
    root = tmp_path_factory.mktemp("nb-changes") / "repo"
    return root, g.build_scenario(root)


def test_rows_are_the_command_lines_rows(scenario, capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = scenario
    rows = inspector.changes("t-base..t-added-stale", repo=root)
    main(["changes", "--repo", str(root), "t-base..t-added-stale", "--format", "json"])
    assert list(rows) == [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows.stale) == 3


def test_displays_as_the_summary_table_with_stale_files_first(scenario) -> None:
    root, _ = scenario
    text = check_markup(inspector.changes("t-base..t-added-stale", repo=root)._repr_html_())
    assert "changes t-base..t-added-stale" in text and "stale 3" in text
    first_row = text.index("hash after") + len("hash after")
    assert text[first_row:].lstrip().startswith("modified")  # a stale file (edited request) leads the table
    assert "mismatch" in text[first_row : first_row + 400]


def test_history_follows_a_moved_file(scenario) -> None:
    root, shas = scenario
    rec = inspector.load(root / g.rel_of(g.MOVE_EDIT, g.AGENTS))
    commits = rec.history()
    assert [c.commit for c in commits] == [shas["t-move-edit"], shas["t-base"]]
    assert commits[-1].path == g.rel_of(g.MOVE_EDIT)


def test_unknown_revision_is_a_git_error(scenario) -> None:
    root, _ = scenario
    with pytest.raises(GitError, match="unknown revision: nope"):
        inspector.changes("nope", repo=root)
