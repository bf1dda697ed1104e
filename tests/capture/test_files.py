"""Capture's files: a miss file is made once and whole; a run record keeps every finished line."""

from __future__ import annotations

import json
import os
import re
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector.capture import files


def test_a_miss_file_has_the_recorders_bytes_and_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "misses" / "abc.json"
    doc = {"test_id": None, "request": {"body": {"t": 0.5, "s": "é"}}, "miss": {"hash": "abc"}}
    assert files.create_exclusive(path, files.recorder_text(doc))
    assert path.read_text() == json.dumps(doc, indent=2) + "\n"
    assert not files.create_exclusive(path, files.recorder_text({"other": True}))
    assert json.loads(path.read_text()) == doc
    assert [p.name for p in path.parent.iterdir()] == ["abc.json"]  # no temporary file left


def test_racing_writers_leave_exactly_one_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "misses" / "h.json"
    texts = [files.recorder_text({"writer": i, "pad": "x" * 50_000}) for i in range(8)]
    won: list[int] = []
    barrier = threading.Barrier(len(texts))

    def write(i: int) -> None:
        barrier.wait()
        if files.create_exclusive(path, texts[i]):
            won.append(i)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1
    assert path.read_text() == texts[won[0]]
    assert sorted(p.name for p in path.parent.iterdir()) == ["h.json"]


def test_without_hard_links_the_file_is_still_created_exclusively(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: str, dst: str) -> None:
        raise PermissionError("no hard links here")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "h.json"
    assert files.create_exclusive(path, "one\n")
    assert not files.create_exclusive(path, "two\n")
    assert path.read_text() == "one\n"
    assert [p.name for p in tmp_path.iterdir()] == ["h.json"]


def test_a_run_record_is_named_by_its_start_and_pid_and_never_reused(tmp_path: Path) -> None:
    started = datetime(2026, 10, 5, 12, 0, 1, 123456, tzinfo=UTC)
    first = files.RunRecord(tmp_path)
    assert first.open(started, 4242).name == "20261005T120001Z-4242.jsonl"
    first.append({"event": "start", "at": files.iso(started)})
    second = files.RunRecord(tmp_path)
    assert second.open(started, 4242).name == "20261005T120001Z-4242-2.jsonl"
    first.append({"event": "read", "hash": "h"})
    first.close()
    second.close()
    lines = (tmp_path / "20261005T120001Z-4242.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == [{"event": "start", "at": "2026-10-05T12:00:01.123Z"}, {"event": "read", "hash": "h"}]


def test_timestamps_are_utc_with_a_z() -> None:
    moment = files.now()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", files.iso(moment))
    assert re.fullmatch(r"\d{8}T\d{6}Z", files.compact(moment))


def test_appending_to_a_record_that_is_not_open_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        files.RunRecord(tmp_path).append({"event": "read"})
