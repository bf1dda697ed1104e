"""What a pytest run captured, for its terminal summary: read back from the run records.

The pytest process is not the only one capturing: a server it started, or xdist workers,
write their own run records into the same folder.  So the summary counts every run record
that started during this session, not only the process's own counters.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import files
from .session import Capture


@dataclass
class RunTotals:
    """Misses and reads in the run records started since a moment."""

    missed: set[str] = field(default_factory=set)
    miss_tests: set[str] = field(default_factory=set)
    reads: int = 0
    processes: int = 0


def totals_since(runs: Path, since: datetime) -> RunTotals:
    """Add up the run records in ``runs`` whose ``start`` is at or after ``since``.

    A line cut short (a process killed while writing) is skipped, not an error.
    """
    totals = RunTotals()
    if not runs.is_dir():
        return totals
    first_stamp, first_at = files.compact(since), files.iso(since)
    for path in sorted(runs.glob("*.jsonl")):
        if path.name[: len(first_stamp)] < first_stamp:
            continue  # named by its start: older than this session
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        events = []
        for line in lines:
            try:
                events.append(json.loads(line))
            except ValueError:
                continue
        if not events or events[0].get("event") != "start" or str(events[0].get("at", "")) < first_at:
            continue
        totals.processes += 1
        for event in events:
            if event.get("event") == "miss":
                totals.missed.add(str(event.get("hash")))
                if event.get("test_id"):
                    totals.miss_tests.add(str(event["test_id"]))
            elif event.get("event") == "read":
                totals.reads += 1
    return totals


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def summary_lines(capture: Capture, since: datetime) -> list[str]:
    """The lines of the terminal summary: problems first, then what was captured and how to read it."""
    lines = list(capture.unshown_problems())
    folder = capture.directory
    totals = totals_since(folder / "runs", since)
    if totals.missed:
        where = _plural(totals.processes, "process", "processes")
        tests = f", {_plural(len(totals.miss_tests), 'test')}" if totals.miss_tests else ""
        lines.append(f"{_plural(len(totals.missed), 'replay miss', 'replay misses')} captured in {folder / 'misses'} ({where}{tests})")
        lines.append(f"read them with: recording-inspector misses {shlex.quote(str(folder))}")
    elif capture.recorders or totals.reads:
        lines.append(f"no replay misses; {_plural(totals.reads, 'read')} recorded in {folder / 'runs'}")
    else:
        lines.append(f"no replay misses (the recorder was not used in this process); capturing into {folder}")
    return lines
