"""`show` and `ls` as a user runs them, including every kind of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.cli import main
from tests.conftest import SAMPLES

BAD_FILES = {
    "empty.json": b"",
    "truncated.json": b'{"request": {"method": "POST", "url": "http://x',
    "binary.json": b"\x00\x01\x02\xffPNG",
    "latin1.json": '{"request": "caf\xe9"}'.encode("latin-1"),
    "nested.json": b"[" * 5000 + b"]" * 5000,
    "notrec.json": b'{"name": "package.json lookalike", "version": "1.0"}',
    "array.json": b"[1, 2, 3]",
}


@pytest.fixture
def bad_dir(tmp_path: Path) -> Path:
    rec = tmp_path / "recordings"
    rec.mkdir()
    for name, data in BAD_FILES.items():
        (rec / name).write_bytes(data)
    good = next(SAMPLES.rglob("*.json"))
    (rec / good.name).write_bytes(good.read_bytes())
    return rec


def test_show_json_has_the_contract_keys(capsys) -> None:
    sample = next(p for p in SAMPLES.rglob("*.json") if "tool_calling.py::test_parallel_tool_calls[" in p.read_text())
    assert main(["show", str(sample), "--format", "json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    d = json.loads(out[0])
    for key in ("path", "kind", "test_id", "endpoint", "model", "streaming", "chunks", "text", "reasoning",
                "tool_calls", "finish_reason", "usage", "error", "hash"):
        assert key in d
    assert d["kind"] == "chat" and d["streaming"] and d["chunks"] == 19
    assert [t["name"] for t in d["tool_calls"]] == ["get_weather", "get_weather"]
    assert set(d["tool_calls"][0]) == {"index", "id", "name", "arguments"}
    assert d["hash"]["status"] == "ok" and set(d["hash"]) == {"name", "computed", "status", "rule"}


def test_show_text_renders_conversation_and_response(capsys) -> None:
    sample = next(p for p in SAMPLES.rglob("*.json") if "most prominent rings" in p.read_text())
    assert main(["show", str(sample)]) == 0
    out = capsys.readouterr().out
    assert "Saturn has the most prominent rings" in out
    assert "finish: stop" in out and "hash" in out and "ok" in out


def test_show_bad_files_one_line_each_exit_2(bad_dir: Path, capsys) -> None:
    code = main(["show", str(bad_dir)])
    captured = capsys.readouterr()
    assert code == 2
    err_lines = [line for line in captured.err.splitlines() if line]
    assert len(err_lines) == len(BAD_FILES)
    reasons = "\n".join(err_lines)
    for name, expected in [("empty.json", "empty file"), ("truncated.json", "truncated"), ("binary.json", "binary"),
                           ("latin1.json", "not UTF-8"), ("nested.json", "nested deeper"), ("notrec.json", "not a recording"),
                           ("array.json", "not a recording")]:
        assert any(name in line and expected in line for line in err_lines), (name, reasons)
    assert "Traceback" not in captured.err
    # the good recording was still printed
    assert "response" in captured.out


def test_show_json_bad_files_still_get_a_line(bad_dir: Path, capsys) -> None:
    assert main(["show", str(bad_dir), "--format", "json"]) == 2
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == len(BAD_FILES) + 1
    assert sum(1 for d in lines if d["error"]) == len(BAD_FILES)


def test_ls_lists_bad_files_and_goes_on(bad_dir: Path, capsys) -> None:
    assert main(["ls", str(bad_dir), "--format", "jsonl"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(rows) == len(BAD_FILES) + 1
    bad = [r for r in rows if r["kind"] == "invalid"]
    assert len(bad) == len(BAD_FILES) and all(r["error"] for r in bad)
    good = [r for r in rows if r["kind"] != "invalid"]
    assert good[0]["hash"]["status"] in ("ok", "legacy-rule", "mismatch", "unknown")


def test_ls_table_on_samples(capsys) -> None:
    assert main(["ls", str(SAMPLES), "--format", "table", "--no-cache"]) == 0
    cap = capsys.readouterr()
    assert "recordings" in cap.out and "mismatch" in cap.out
    assert "index.sqlite lists" in cap.err  # the 2025 index row whose file is missing


def test_odd_values_show_what_can_be_shown(tmp_path: Path, capsys) -> None:
    p = tmp_path / "odd.json"
    p.write_text(json.dumps({"test_id": 5, "request": "not an object", "response": {"body": [1, "two", None], "is_streaming": True}}))
    assert main(["show", str(p), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["test_id"] == "5" and "request is a string" in " ".join(d["problems"])


def test_missing_path_is_a_clear_error(capsys) -> None:
    assert main(["show", "/no/such/place.json"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "recording-inspector: no such file or folder: /no/such/place.json"
    assert main(["ls", "/no/such/dir"]) == 2


def test_python_dash_m_matches_console_script() -> None:
    res = subprocess.run([sys.executable, "-m", "inspector", "--version"], capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout.startswith("recording-inspector ")
