"""`--format json` is JSON Lines in every command, and `jsonl` is the same thing under another name."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from inspector.cli.main import COMMANDS, _build_parser, main


def _format_action(command: str) -> argparse.Action | None:
    parser = _build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return next((a for a in sub.choices[command]._actions if "--format" in a.option_strings), None)


FORMATTED = [c for c in sorted(COMMANDS) if _format_action(c) is not None]


def test_the_commands_with_json_output_are_known() -> None:
    assert {"changes", "check", "diff", "explain", "ls", "normalize", "show", "why"} <= set(FORMATTED)


@pytest.mark.parametrize("command", FORMATTED)
def test_every_format_option_takes_json_and_its_alias(command: str) -> None:
    action = _format_action(command)
    assert action is not None
    assert "jsonl" not in action.choices  # one name per output; the alias is turned into it
    if "json" in action.choices:
        assert action.type("jsonl") == "json" and action.type("json") == "json"


@pytest.mark.parametrize(
    "argv",
    [
        ["ls", "{samples}"],
        ["check", "{samples}"],
        ["show", "{samples}/tests/integration/inference/recordings"],
        ["explain", "-", "--test-id", "tests/integration/inference/test_x.py::test_y"],
    ],
)
def test_json_and_jsonl_write_the_same_lines(
    argv: list[str], samples_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    argv = [a.replace("{samples}", str(samples_dir)) for a in argv]
    out = {}
    for name in ("json", "jsonl"):
        monkeypatch.setattr("sys.stdin", io.StringIO("Recording not found for request hash: " + "ab" * 32 + "\n"))
        code = main([*argv, "--format", name])
        out[name] = (code, capsys.readouterr().out)
    assert out["json"] == out["jsonl"]
    assert out["json"][1].startswith("{")


def test_check_and_show_say_where_a_cut_file_ends_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "tests" / "integration" / "inference" / "recordings"
    folder.mkdir(parents=True)
    cut = folder / ("c" * 64 + ".json")
    cut.write_text('{\n  "test_id": null,\n  "request": {"url": "cut here')
    main(["check", str(tmp_path / "tests"), "--format", "json"])
    out = capsys.readouterr().out
    assert "invalid JSON: Unterminated string starting at line 3, column 22" in out and "at at" not in out
    main(["show", str(cut)])
    shown = capsys.readouterr()
    assert "Unterminated string starting at line 3, column 22" in shown.out + shown.err
