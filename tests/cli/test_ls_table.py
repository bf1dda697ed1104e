"""The streamed ``ls`` table: every row, within the terminal width, test ids shown whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.cli.main import main
from inspector.core.index.listing import iter_summaries


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_table_fits_the_terminal(corpus: Path, cache_dir: Path, capsys, monkeypatch, columns) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["ls", str(corpus), "--format", "table"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["path", "kind"]
    assert lines[-1] == "40 recordings"
    assert max(len(line) for line in lines) <= columns


def test_test_ids_keep_their_parameters(corpus: Path, cache_dir: Path, capsys, monkeypatch) -> None:
    """``…::test_x[openai_client-txt=…]`` is folded over lines, never eaten as markup."""
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["ls", str(corpus), "--format", "table"]) == 0
    lines = capsys.readouterr().out.splitlines()
    start, end = lines[0].index("test"), lines[0].index("endpoint")
    column = "".join(line[start:end].strip() for line in lines[1:-1])
    ids = [s.test_id for s in iter_summaries([corpus]) if s.test_id]
    assert ids and all(i in column for i in ids)
    assert any("[" in i for i in ids)
