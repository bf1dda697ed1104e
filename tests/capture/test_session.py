"""One capture per process: the miss file and run record it writes, the problems it reports."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from inspector.capture import report, session, settings

from .test_recorder import BODY, TEST_ID, URL


def _events(capture: session.Capture) -> list[dict]:
    assert capture.run_path is not None
    return [json.loads(line) for line in capture.run_path.read_text().splitlines()]


def test_a_miss_is_written_once_in_the_contracts_shape(tmp_path: Path, fake_ogx: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    monkeypatch.chdir(tmp_path)
    capture = session.Capture(tmp_path / "cap", origin="test")
    capture.watch(fake_ogx)
    from ogx.core.testing_context import set_test_context

    with fake_ogx.api_recording("replay", str(root / "tests/integration/common")):
        set_test_context(TEST_ID)
        for _ in range(2):
            with pytest.raises(RuntimeError) as err:
                fake_ogx.chat(URL, BODY)
    h = str(err.value).split("request hash: ")[1].split()[0]
    path = tmp_path / "cap" / "misses" / f"{h}.json"
    raw = path.read_text()
    doc = json.loads(raw)
    assert raw == json.dumps(doc, indent=2) + "\n"
    assert list(doc) == ["test_id", "request", "miss"]
    assert list(doc["miss"]) == ["hash", "kind", "looked_in", "at", "recorder", "module", "pid", "argv"]
    assert doc["test_id"] == TEST_ID
    assert doc["request"]["body"] == BODY
    assert doc["miss"]["hash"] == h and doc["miss"]["kind"] == "inference"
    assert doc["miss"]["recorder"] == "ogx 0.0.1" and doc["miss"]["module"] == "ogx.testing.api_recorder"
    assert doc["miss"]["pid"] == os.getpid() and doc["miss"]["argv"] == sys.argv
    assert all(os.path.isabs(p) for p in doc["miss"]["looked_in"])
    events = _events(capture)
    assert [e["event"] for e in events] == ["start", "miss", "miss"]
    start = events[0]
    assert list(start) == ["event", "pid", "at", "argv", "recorder", "cwd"]
    assert start["recorder"] == "ogx 0.0.1" and start["cwd"] == str(tmp_path)
    assert events[1] == {"event": "miss", "hash": h, "test_id": TEST_ID, "file": f"misses/{h}.json"}
    assert capture.run_path.name.endswith(f"-{os.getpid()}.jsonl")
    assert capture.misses == 2 and capture.new_miss_files == 1
    capture.close()


def test_a_miss_file_another_process_wrote_first_is_kept(tmp_path: Path) -> None:
    capture = session.Capture(tmp_path, origin="test")
    (tmp_path / "misses").mkdir()
    (tmp_path / "misses" / "h.json").write_text("theirs\n")
    capture.miss("h", kind="inference", test_id=None, request={}, looked_in=[], recorder="ogx 1.5.0", module="m")
    assert (tmp_path / "misses" / "h.json").read_text() == "theirs\n"
    assert capture.new_miss_files == 0 and [e["event"] for e in _events(capture)] == ["start", "miss"]
    capture.close()


def test_collected_ids_come_in_chunks_of_500(tmp_path: Path) -> None:
    capture = session.Capture(tmp_path, origin="test")
    ids = [f"t.py::test_{i}" for i in range(1201)]
    capture.collected(ids)
    chunks = [e["nodeids"] for e in _events(capture) if e["event"] == "collected"]
    assert [len(c) for c in chunks] == [500, 500, 201]
    assert sum(chunks, []) == ids
    capture.close()


def test_nothing_is_written_until_something_happens(tmp_path: Path) -> None:
    capture = session.Capture(tmp_path / "cap", origin="test")
    capture.problem("recording-inspector: a problem", key="p")
    assert not (tmp_path / "cap").exists()


def test_problems_are_said_once_and_wait_for_pytests_summary(tmp_path: Path) -> None:
    said: list[str] = []
    capture = session.Capture(tmp_path, origin="test")
    capture.report = said.append
    capture.in_pytest = True
    capture.problem("one", key="k")
    capture.problem("one again", key="k")
    assert said == [] and capture.unshown_problems() == ["one"]
    capture.mark_shown(["one"])
    capture.show_unshown()
    assert said == []


def test_an_unknown_recorder_is_a_problem_and_not_watched(tmp_path: Path, fake_ogx: ModuleType) -> None:
    capture = session.Capture(tmp_path, origin="test")
    capture.in_pytest = True
    original = fake_ogx.normalize_tool_request
    del fake_ogx.normalize_tool_request
    try:
        capture.watch(fake_ogx)
    finally:
        fake_ogx.normalize_tool_request = original
    assert len(capture.problems) == 1
    assert "is not a recorder this version knows" in capture.problems[0] and "normalize_tool_request" in capture.problems[0]
    assert not hasattr(fake_ogx.normalize_inference_request, "__recording_inspector_original__")


def test_retargeting_works_only_before_anything_was_written(tmp_path: Path) -> None:
    capture = session.Capture(tmp_path / "a", origin="environment")
    assert capture.retarget(str(tmp_path / "b"))
    capture.collected(["t.py::test"])
    assert capture.run_path is not None and capture.run_path.parent == tmp_path / "b" / "runs"
    assert not capture.retarget(str(tmp_path / "c"))
    capture.close()


def test_a_relative_dir_is_resolved_against_the_base(tmp_path: Path) -> None:
    assert settings.resolve_dir("cap", tmp_path) == str(tmp_path / "cap")
    assert settings.resolve_dir(str(tmp_path / "x" / ".." / "abs"), "/elsewhere") == str(tmp_path / "abs")


def test_the_summary_counts_every_process_of_the_session(tmp_path: Path) -> None:
    before = session.Capture(tmp_path, origin="test")
    before.miss("old", kind="inference", test_id="t::a", request={}, looked_in=[], recorder="r", module="m")
    before.close()
    import time

    time.sleep(1.1)  # run records are named to the second
    from inspector.capture import files

    since = files.now()
    ours = session.Capture(tmp_path, origin="test")
    ours.recorders.append("ogx 1.5.0")
    ours.miss("h1", kind="inference", test_id="t::b", request={}, looked_in=[], recorder="r", module="m")
    ours.read("h2", ["/x.json"], "t::c")
    child = session.Capture(tmp_path, origin="test")
    child.pid = 999_999  # another process's record
    child.miss("h1", kind="inference", test_id="t::b", request={}, looked_in=[], recorder="r", module="m")
    child.miss("h3", kind="models", test_id=None, request={}, looked_in=[], recorder="r", module="m")
    (child.run_path or Path()).write_text((child.run_path or Path()).read_text() + '{"event":"miss","ha')  # cut short
    lines = report.summary_lines(ours, since)
    assert lines == [
        f"2 replay misses captured in {tmp_path / 'misses'} (2 processes, 1 test)",
        f"read them with: recording-inspector misses {tmp_path}",
    ]
    for c in (ours, child):
        c.close()
