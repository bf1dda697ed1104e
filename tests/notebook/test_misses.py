"""``inspector.misses(DIR)``: the rows of ``recording-inspector misses``, shown as a table."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

import inspector
from inspector.cli.main import main
from tests.capture_files import recording, sample, sample_root, write_miss

from .conftest import HOSTILE
from .markup import check_markup

CHAT_N = "724f5673"


@pytest.fixture
def captured(tmp_path: Path) -> tuple[Path, Path]:
    root = sample_root(tmp_path)
    capture = tmp_path / "capture"
    src = recording(sample(root, CHAT_N))
    write_miss(capture, src["request"], src["test_id"].replace("chat_completion_n", "renamed"), root=root)
    hostile = copy.deepcopy(src["request"])
    hostile["body"]["messages"][0]["content"] = f"Name a primary colour {HOSTILE}"
    write_miss(capture, hostile, src["test_id"], root=root)
    return root, capture


def test_rows_are_the_command_lines_rows(captured, capsys: pytest.CaptureFixture[str]) -> None:
    root, capture = captured
    rows = inspector.misses(capture, root=root)
    assert isinstance(rows, inspector.Misses)
    main(["misses", str(capture), "--root", str(root), "--format", "json"])
    assert list(rows) == [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows.counts() == {"safe": 1, "unsafe": 1, "none": 0}
    assert repr(rows) == "<Misses: 2 (1 safe, 1 unsafe)>"


def test_displays_as_a_table_with_text_escaped(captured) -> None:
    root, capture = captured
    text = check_markup(inspector.misses([capture], root=root)._repr_html_())
    assert "replay misses: 2" in text and "safe 1" in text and "unsafe 1" in text
    assert "test_openai_renamed" in text and "body.messages[0].content" in text
    assert "<script>" in text  # the hostile message, as text
    assert "heal writes" in text and "tests/integration/inference/recordings/" in text


def test_an_empty_capture_says_so(tmp_path: Path) -> None:
    (tmp_path / "cap" / "runs").mkdir(parents=True)
    rows = inspector.misses(tmp_path / "cap")
    assert len(rows) == 0 and "no miss captured" in check_markup(rows._repr_html_())


def test_bad_folders_raise_with_one_line(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such folder"):
        inspector.misses(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="not a capture folder"):
        inspector.misses(tmp_path)


def test_misses_is_lazy_and_needs_no_ui(captured) -> None:
    root, capture = captured
    code = (
        "import sys, inspector\nassert 'inspector.notebook.misses' not in sys.modules\n"
        f"inspector.misses({str(capture)!r}, root={str(root)!r})._repr_html_()\n"
        "print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not set(res.stdout.split()) & {"textual", "rich", "ipywidgets"}
