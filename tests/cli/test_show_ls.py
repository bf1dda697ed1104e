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


# --- a warm listing never vouches for a file it can no longer open ---------------------------


def _as_unprivileged(argv: list[str]) -> tuple[int, str]:
    """``main(argv)`` as a user without root's override of file modes: (exit code, stdout).

    As root (CI), in a forked child that drops to ``nobody`` first; the modules the
    command needs are imported already, so the child reads no source file.
    """
    import io
    import os

    if os.geteuid() != 0:
        out = io.StringIO()
        saved, sys.stdout = sys.stdout, out
        try:
            return main(argv), out.getvalue()
        finally:
            sys.stdout = saved
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
        uid, gid = nobody.pw_uid, nobody.pw_gid
    except KeyError:
        uid = gid = 65534
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 99
        try:
            os.close(r)
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            sys.stdout = io.TextIOWrapper(os.fdopen(w, "wb"), encoding="utf-8")
            code = main(argv)
            sys.stdout.flush()
        finally:
            os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        out = f.read().decode()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork to drop root's file-mode override")
def test_warm_ls_does_not_vouch_for_an_unreadable_file(monkeypatch) -> None:
    """List, ``chmod 000`` one file, list again: the warm cache must not answer ``"error": null``."""
    import os
    import shutil
    import tempfile

    # Somewhere an unprivileged user can reach (pytest's tmp_path is private to root).
    top = Path(tempfile.mkdtemp(prefix="ri-unreadable-"))
    try:
        top.chmod(0o755)
        folder = top / "recordings"
        folder.mkdir(mode=0o755)
        samples = sorted(SAMPLES.rglob("*.json"))[:5]
        for src in samples:
            dst = folder / src.name
            dst.write_bytes(src.read_bytes())
            dst.chmod(0o644)
            os.utime(dst, (1_600_000_000, 1_600_000_000))  # old enough for the cache to keep
        monkeypatch.setenv("RECORDING_INSPECTOR_WORKERS", "1")
        argv = ["ls", str(folder), "--format", "jsonl"]
        # Import here everything a listing needs, writing and reading a cache: the unprivileged
        # child may not be able to read this checkout's source files.
        monkeypatch.setenv("RECORDING_INSPECTOR_CACHE_DIR", str(top / "scratch-cache"))
        assert main(argv) == 0 and main(argv) == 0
        cache = top / "cache"
        cache.mkdir()
        cache.chmod(0o777)
        monkeypatch.setenv("RECORDING_INSPECTOR_CACHE_DIR", str(cache))

        code, out = _as_unprivileged(argv)  # cold: reads every file and fills the cache
        assert code == 0
        rows = {Path(r["path"]).name: r for r in map(json.loads, out.splitlines())}
        victim = samples[0].name
        assert rows[victim]["error"] is None
        assert any(cache.iterdir()), "the first listing wrote no cache shard"

        (folder / victim).chmod(0o000)
        code, out = _as_unprivileged(argv)  # warm
        assert code == 0
        rows = {Path(r["path"]).name: r for r in map(json.loads, out.splitlines())}
        assert rows[victim]["error"] == "permission denied"
        assert all(rows[s.name]["error"] is None for s in samples[1:])

        (folder / victim).chmod(0o644)  # readable again: healthy again, not a cached denial
        code, out = _as_unprivileged(argv)
        rows = {Path(r["path"]).name: r for r in map(json.loads, out.splitlines())}
        assert code == 0 and rows[victim]["error"] is None
    finally:
        shutil.rmtree(top, ignore_errors=True)
