"""`recording-inspector [PATH...]`: what opening the app says when it cannot."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.cli.main import main


def test_missing_path_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main([str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"recording-inspector: no such file or folder: {tmp_path / 'nowhere'}"


def test_unknown_rule_set_is_one_line(capsys: pytest.CaptureFixture[str], samples_dir: Path) -> None:
    code = main(["app", str(samples_dir), "--rules", "1999"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "unknown rule set '1999'" in err


def test_without_a_terminal_it_says_so(capsys: pytest.CaptureFixture[str], samples_dir: Path) -> None:
    code = main([str(samples_dir)])  # pytest's captured output is not a terminal
    err = capsys.readouterr().err
    assert code == 2
    assert "needs a terminal" in err and "recording-inspector ls" in err
