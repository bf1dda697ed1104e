"""Capture folders: what a replay run with ``--capture-misses DIR`` left behind.

The pytest plugin (``inspector/capture``) writes into ``DIR``:

- ``misses/<hash>.json``: one per distinct request the recorder missed, in the
  recorder's bytes: ``{"test_id", "request", "miss": {"hash", "kind", "looked_in",
  "at", "recorder", "module", "pid", "argv"}}``.  The core reads it as a recording
  without a response (kind ``miss``), so every view works on it.
- ``runs/<started>-<pid>.jsonl``: one line per event, appended: ``start``,
  ``collected`` (node ids, possibly on several lines), ``read`` (a hash and the
  recording file that served it), ``miss``.  A process killed mid-write leaves a torn
  last line, which is skipped.

:func:`read_misses` and :func:`read_runs` read any number of such folders (one per
CI job, say).  Nothing here raises for what it finds: a folder that is not a capture
folder, or a file that cannot be read, comes back as a :class:`CaptureError` with a
one-line message.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector.core.base.model import Kind

# Reading a miss file is imported where one is read: the app's command line names
# CAPTURE_ENV and checks folders with check_capture_dir before anything is read.
if TYPE_CHECKING:
    from inspector.core.recording.loading import Recording

__all__ = [
    "CAPTURE_ENV",
    "MISSES_DIR",
    "RUNS_DIR",
    "CaptureError",
    "CapturedMiss",
    "MissesRead",
    "RunRead",
    "RunRecord",
    "RunsRead",
    "check_capture_dir",
    "read_misses",
    "read_runs",
]

MISSES_DIR = "misses"
RUNS_DIR = "runs"
#: The environment variable naming a capture folder (the plugin writes there; the app opens it).
CAPTURE_ENV = "RECORDING_INSPECTOR_MISSES"

#: The kinds of request a miss file names (``miss.kind``).
MISS_KINDS = ("inference", "models", "tool", "http")


@dataclass(frozen=True, slots=True)
class CaptureError:
    """Something in a capture folder that could not be read; ``message`` is one line."""

    path: Path
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class CapturedMiss:
    """One request replay did not find, as the run captured it."""

    hash: str
    test_id: str | None
    kind: str  # inference | models | tool | http
    looked_in: tuple[str, ...]  # absolute folders (or globs) in the order replay searched them
    at: str | None
    recorder: str | None
    path: Path  # the miss file
    capture_dir: Path  # the DIR it came from
    recording: Recording  # the file loaded (kind ``miss``): the request as the recorder hashed it

    @property
    def request(self) -> dict[str, Any]:
        """The request as the recorder stores it in a recording."""
        return self.recording.request_raw

    def to_json(self) -> dict[str, Any]:
        return {
            "hash": self.hash,
            "test_id": self.test_id,
            "kind": self.kind,
            "looked_in": list(self.looked_in),
            "at": self.at,
            "recorder": self.recorder,
            "path": str(self.path),
        }


@dataclass(slots=True)
class MissesRead:
    """Every miss of the folders given, and what could not be read."""

    misses: list[CapturedMiss] = field(default_factory=list)
    errors: list[CaptureError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RunRead:
    """A request the recorder answered: its hash, the recording that served it, the test."""

    hash: str
    file: str  # absolute path of the recording, as the run saw it
    test_id: str | None


@dataclass(slots=True)
class RunRecord:
    """One process's run record (``runs/<started>-<pid>.jsonl``)."""

    path: Path
    pid: int | None = None
    at: str | None = None
    argv: tuple[str, ...] = ()
    cwd: str | None = None
    recorder: str | None = None
    collected: list[str] = field(default_factory=list)
    reads: list[RunRead] = field(default_factory=list)
    misses: list[tuple[str, str | None]] = field(default_factory=list)  # (hash, test id)
    torn: int = 0  # lines that did not parse (a killed process's last line)


@dataclass(slots=True)
class RunsRead:
    """Every run record of the folders given, and what could not be read."""

    runs: list[RunRecord] = field(default_factory=list)
    errors: list[CaptureError] = field(default_factory=list)

    @property
    def collected(self) -> set[str]:
        """Every node id any run collected."""
        return {n for r in self.runs for n in r.collected}

    @property
    def reads(self) -> list[RunRead]:
        return [x for r in self.runs for x in r.reads]


def check_capture_dir(path: str | os.PathLike[str]) -> CaptureError | None:
    """Why ``path`` is not a capture folder (one line), or None."""
    p = Path(path)
    if not p.exists():
        return CaptureError(p, f"{path}: no such folder")
    if not p.is_dir():
        return CaptureError(p, f"{path}: not a folder (give the folder passed to --capture-misses)")
    if not (p / MISSES_DIR).is_dir() and not (p / RUNS_DIR).is_dir():
        return CaptureError(
            p, f"{path}: holds neither misses/ nor runs/: not a capture folder (give the folder passed to --capture-misses)"
        )
    return None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _read_miss(path: Path, capture_dir: Path) -> CapturedMiss | CaptureError:
    from inspector.core.recording.loading import load

    rec = load(path)
    if rec.kind is not Kind.MISS:
        why = rec.problem or "no top-level miss object (not a miss file)"
        if rec.ok:
            why = "a recording with a response, not a miss file"
        return CaptureError(path, f"{path}: {why}")
    info = rec.data["miss"]
    h = info.get("hash")
    if not isinstance(h, str) or not h:
        h = path.stem  # the file is named by it
    kind = info.get("kind") if info.get("kind") in MISS_KINDS else _kind_of(rec.request_raw)
    looked = info.get("looked_in")
    looked_in = tuple(str(x) for x in looked) if isinstance(looked, list) else ()
    return CapturedMiss(
        hash=h,
        test_id=rec.test_id,
        kind=kind,
        looked_in=looked_in,
        at=_str_or_none(info.get("at")),
        recorder=_str_or_none(info.get("recorder")),
        path=path,
        capture_dir=capture_dir,
        recording=rec,
    )


def _kind_of(request: dict[str, Any]) -> str:
    """The miss kind from the request's shape (for a miss file that does not say)."""
    if "tool_name" in request:
        return "tool"
    if "payload" in request:
        return "http"
    endpoint = request.get("endpoint")
    if isinstance(endpoint, str) and endpoint in ("/v1/models", "/info"):
        return "models"
    return "inference"


def read_misses(dirs: Iterable[str | os.PathLike[str]]) -> MissesRead:
    """The misses captured in ``dirs`` (each a ``--capture-misses`` folder), in folder then name order."""
    out = MissesRead()
    for d in dirs:
        bad = check_capture_dir(d)
        if bad is not None:
            out.errors.append(bad)
            continue
        capture_dir = Path(os.path.abspath(d))
        folder = capture_dir / MISSES_DIR
        if not folder.is_dir():
            continue  # a run without misses writes no misses/ folder
        try:
            # (a writer's temporary files start with a dot: not yet a miss)
            names = sorted(n for n in os.listdir(folder) if n.endswith(".json") and not n.startswith("."))
        except OSError as exc:
            out.errors.append(CaptureError(folder, f"{folder}: cannot list: {exc.strerror or exc}"))
            continue
        for name in names:
            got = _read_miss(folder / name, capture_dir)
            if isinstance(got, CaptureError):
                out.errors.append(got)
            else:
                out.misses.append(got)
    return out


def _read_run(path: Path) -> RunRecord | CaptureError:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return CaptureError(path, f"{path}: cannot read: {exc.strerror or exc}")
    run = RunRecord(path)
    for line in raw.split(b"\n"):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except (ValueError, RecursionError):
            run.torn += 1  # a process killed mid-line
            continue
        if not isinstance(event, dict):
            run.torn += 1
            continue
        what = event.get("event")
        if what == "start":
            run.pid = event.get("pid") if isinstance(event.get("pid"), int) else None
            run.at = _str_or_none(event.get("at"))
            argv = event.get("argv")
            run.argv = tuple(str(a) for a in argv) if isinstance(argv, list) else ()
            run.cwd = _str_or_none(event.get("cwd"))
            run.recorder = _str_or_none(event.get("recorder"))
        elif what == "collected" and isinstance(event.get("nodeids"), list):
            run.collected += [n for n in event["nodeids"] if isinstance(n, str)]
        elif what == "read" and isinstance(event.get("hash"), str) and isinstance(event.get("file"), str):
            run.reads.append(RunRead(event["hash"], event["file"], _str_or_none(event.get("test_id"))))
        elif what == "miss" and isinstance(event.get("hash"), str):
            run.misses.append((event["hash"], _str_or_none(event.get("test_id"))))
    return run


def read_runs(dirs: Iterable[str | os.PathLike[str]]) -> RunsRead:
    """The run records in ``dirs`` (each a ``--capture-misses`` folder)."""
    out = RunsRead()
    for d in dirs:
        bad = check_capture_dir(d)
        if bad is not None:
            out.errors.append(bad)
            continue
        folder = Path(os.path.abspath(d)) / RUNS_DIR
        if not folder.is_dir():
            continue
        try:
            names = sorted(n for n in os.listdir(folder) if n.endswith(".jsonl"))
        except OSError as exc:
            out.errors.append(CaptureError(folder, f"{folder}: cannot list: {exc.strerror or exc}"))
            continue
        for name in names:
            got = _read_run(folder / name)
            if isinstance(got, CaptureError):
                out.errors.append(got)
            else:
                out.runs.append(got)
    return out
