"""The files capture writes, written so that several processes and a kill at any moment are safe.

- :func:`create_exclusive`: a JSON document under a name no one else may have written, made
  whole in a hidden temporary file of the same folder and then hard-linked into place, so a
  reader sees either nothing or the whole file, and an existing file is never replaced
  (another process that captured the same miss first keeps its file).
- :class:`RunRecord`: an append-only JSON Lines file, one ``os.write`` per line on a file
  opened with ``O_APPEND``: every line is in the kernel before the next event, so a process
  killed mid-run leaves every line it finished whole.

Bytes are the recorder's: ``json.dumps(obj, indent=2) + "\\n"`` (values JSON cannot hold
are written with ``str``, as the recorder's own writer does).
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def recorder_text(obj: Any) -> str:
    """``obj`` as the recorder writes a recording: two-space indent, insertion order, a final newline."""
    return json.dumps(obj, indent=2, default=str) + "\n"


def line_text(obj: Any) -> str:
    """``obj`` as one JSON Lines line (compact, ASCII, newline-terminated)."""
    return json.dumps(obj, separators=(",", ":"), default=str) + "\n"


def now() -> datetime:
    """The current time in UTC (one place, so tests can see what is stamped)."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO-8601 in UTC with milliseconds and a ``Z``: ``2026-10-05T12:00:00.123Z``."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def compact(moment: datetime) -> str:
    """The compact UTC stamp that starts a run record's name: ``20261005T120000Z`` (sorts by time)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def create_exclusive(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless a file is already there; True when this call created it.

    The folder is created when missing.  Where the file system has no hard links the file is
    created with ``O_EXCL`` and written in place (still never an overwrite).
    """
    import tempfile  # only once a miss is met: start-up with capture on stays light

    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    if path.exists():
        return False
    # Hidden and suffixed, so a reader globbing "*.json" never sees a half-written file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:
            return _create_in_place(path, data)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _create_in_place(path: Path, data: bytes) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)
    return True


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class RunRecord:
    """One process's ``runs/<started>-<pid>.jsonl``, opened on the first line written.

    Lazily, so a process that never meets the recorder leaves no file.  ``first`` is the
    line that opens the file (the ``start`` event); it is built when the file is made, so
    it describes the process as it is by then (``sys.argv`` is final only after start-up).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path: Path | None = None
        self._fd: int | None = None

    @property
    def is_open(self) -> bool:
        """Whether the file exists (a line has been written)."""
        return self._fd is not None

    def open(self, started: datetime, pid: int) -> Path:
        """Create the file for this process (never an existing one) and return its path."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = f"{compact(started)}-{pid}"
        for n in range(1, 1000):
            # Only the same pid in the same second collides (a re-used pid): number the next.
            name = f"{stem}.jsonl" if n == 1 else f"{stem}-{n}.jsonl"
            try:
                fd = os.open(self.folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
            except FileExistsError:
                continue
            self._fd, self.path = fd, self.folder / name
            return self.path
        raise FileExistsError(f"no free run record name for {stem} in {self.folder}")

    def append(self, obj: Any) -> None:
        """Write one line; it is in the file (the kernel's) when this returns."""
        if self._fd is None:
            raise RuntimeError("the run record is not open")
        _write_all(self._fd, line_text(obj).encode("utf-8"))

    def close(self) -> None:
        """Close the file (the process is ending)."""
        if self._fd is not None:
            os.close(self._fd)
        self._fd = None
