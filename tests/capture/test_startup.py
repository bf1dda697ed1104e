"""The start-up hook: processes that are not pytest capture through the variable alone.

These run plain Python children of this interpreter, whose site-packages holds the
installed ``recording_inspector_capture.pth`` (``pip install -e .`` puts it there).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest

import inspector.capture
from inspector.capture.settings import ENV_VAR

from .fakerec import write_fake_ogx

PTH = Path(inspector.capture.__file__).with_name("recording_inspector_capture.pth")
REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from ogx.core.testing_context import set_test_context
from ogx.testing import api_recorder as rec

URL = "https://api.example.invalid/v1/v1/chat/completions"
with rec.api_recording("replay", "tests/integration/common"):
    set_test_context("tests/integration/inference/test_chat.py::test_served")
    for n in range(int(sys.argv[1]) if len(sys.argv) > 1 else 1):
        try:
            rec.chat(URL, {"model": "m", "messages": [str(n)]})
        except RuntimeError as exc:
            print(str(exc).splitlines()[0])
"""


def _child(folder: Path, *args: str, env: dict[str, str] | None = None, code: str = SCRIPT, wait: bool = True) -> subprocess.CompletedProcess[str] | subprocess.Popen[str]:
    (folder / "script.py").write_text(code)
    full = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    full.update(PYTHONPATH=str(folder), **(env or {}))
    cmd = [sys.executable, "script.py", *args]
    if not wait:
        return subprocess.Popen(cmd, cwd=folder, env=full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, cwd=folder, env=full, capture_output=True, text=True, timeout=120)


def test_the_hook_is_one_import_line_that_does_nothing_while_the_variable_is_unset() -> None:
    lines = PTH.read_text().splitlines()
    assert len(lines) == 1 and lines[0].startswith("import os")
    code = f"import os, sys\nos.environ.pop({ENV_VAR!r}, None)\nexec(open({str(PTH)!r}).read())\nprint(sorted(m for m in sys.modules if m.startswith('inspector')))"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]" and res.stderr == ""


def test_the_hook_is_installed_in_this_interpreter() -> None:
    installed = Path(sysconfig.get_paths()["purelib"]) / PTH.name
    assert installed.is_file(), f"{installed} is missing: reinstall the package (pip install -e .)"
    assert installed.read_text() == PTH.read_text(), f"{installed} is stale: reinstall the package (pip install -e .)"


@pytest.mark.slow
def test_the_wheel_ships_the_hook_at_the_root_and_the_plugin_entry_point(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    (wheel,) = tmp_path.glob("recording_inspector-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        assert zf.read(PTH.name) == PTH.read_bytes()
        entry_points = next(zf.read(n).decode() for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt"))
    assert "[pytest11]\nrecording_inspector = inspector.capture.pytest_plugin" in entry_points


def test_a_plain_process_captures_into_the_folder_named_from_its_directory(tmp_path: Path) -> None:
    write_fake_ogx(tmp_path)
    res = _child(tmp_path, "2", env={ENV_VAR: "cap"})
    assert res.returncode == 0 and res.stderr == "", res.stderr
    printed = [line.split("hash: ")[1] for line in res.stdout.splitlines()]
    misses = sorted(p.stem for p in (tmp_path / "cap" / "misses").glob("*.json"))
    assert misses == sorted(printed) and len(misses) == 2
    doc = json.loads((tmp_path / "cap" / "misses" / f"{printed[0]}.json").read_text())
    assert doc["test_id"] == "tests/integration/inference/test_chat.py::test_served"
    assert doc["miss"]["argv"] == ["script.py", "2"]
    (record,) = (tmp_path / "cap" / "runs").glob("*.jsonl")
    events = [json.loads(line) for line in record.read_text().splitlines()]
    assert events[0]["event"] == "start" and events[0]["argv"] == ["script.py", "2"] and events[0]["cwd"] == str(tmp_path)
    assert [e["event"] for e in events[1:]] == ["miss", "miss"]


def test_without_the_variable_a_plain_process_writes_nothing_and_imports_nothing(tmp_path: Path) -> None:
    write_fake_ogx(tmp_path)
    code = SCRIPT + "\nprint(sorted(m for m in sys.modules if m.startswith('inspector')))\n"
    res = _child(tmp_path, env={}, code=code)
    assert res.returncode == 0 and res.stdout.splitlines()[-1] == "[]"
    assert not (tmp_path / "cap").exists()


def test_a_broken_capture_folder_costs_one_line_and_changes_nothing_else(tmp_path: Path) -> None:
    write_fake_ogx(tmp_path)
    (tmp_path / "afile").write_text("")
    plain = _child(tmp_path, "2")
    broken = _child(tmp_path, "2", env={ENV_VAR: str(tmp_path / "afile" / "cap")})
    assert (broken.returncode, broken.stdout) == (plain.returncode, plain.stdout)
    (line,) = broken.stderr.splitlines()
    assert line.startswith("recording-inspector: capture failed inside ogx.testing.api_recorder (NotADirectoryError")


def test_an_unknown_recorder_in_a_plain_process_says_so_in_one_line(tmp_path: Path) -> None:
    write_fake_ogx(tmp_path, omit=("normalize_tool_request",))
    code = SCRIPT.replace("set_test_context(", "# no tool function here\n    set_test_context(")
    res = _child(tmp_path, "2", env={ENV_VAR: "cap"}, code=code)
    assert res.returncode == 0
    (line,) = res.stderr.splitlines()
    assert "is not a recorder this version knows" in line
    assert not (tmp_path / "cap").exists()


def test_a_killed_process_leaves_every_line_it_wrote_whole(tmp_path: Path) -> None:
    write_fake_ogx(tmp_path)
    proc = _child(tmp_path, "1000000", env={ENV_VAR: "cap"}, wait=False)
    assert isinstance(proc, subprocess.Popen)
    runs = tmp_path / "cap" / "runs"
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            records = list(runs.glob("*.jsonl")) if runs.is_dir() else []
            if records and records[0].stat().st_size > 200_000:
                break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    (record,) = runs.glob("*.jsonl")
    raw = record.read_text()
    assert raw.endswith("\n")
    events = [json.loads(line) for line in raw.splitlines()]
    assert events[0]["event"] == "start" and len(events) > 500
    for miss in (tmp_path / "cap" / "misses").glob("*.json"):
        json.loads(miss.read_text())  # every miss file whole
    assert len(list((tmp_path / "cap" / "misses").glob(".*.tmp"))) <= 1  # the one being made when killed, hidden
    assert [e["event"] for e in events[1:]] == ["miss"] * (len(events) - 1)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_forked_child_keeps_its_own_run_record(tmp_path: Path) -> None:
    write_fake_ogx(tmp_path)
    code = SCRIPT.replace(
        'for n in range(int(sys.argv[1]) if len(sys.argv) > 1 else 1):',
        'import os\n    pid = os.fork()\n    for n in [os.getpid()]:',
    ) + "\nif pid:\n    os.waitpid(pid, 0)\nelse:\n    os._exit(0)\n"
    res = _child(tmp_path, env={ENV_VAR: "cap"}, code=code)
    assert res.returncode == 0, res.stderr
    records = sorted((tmp_path / "cap" / "runs").glob("*.jsonl"))
    pids = sorted(json.loads(r.read_text().splitlines()[0])["pid"] for r in records)
    assert len(records) == 2 and len(set(pids)) == 2
    assert len(list((tmp_path / "cap" / "misses").glob("*.json"))) == 2
