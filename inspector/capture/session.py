"""One capture per process: the folder, the run record, the misses written, the problems met.

:func:`activate` is the one way in (the pytest plugin and the start-up hook both call it,
as often as they like): the first call makes the process's :class:`Capture` and starts
watching for the recorder module; later calls return the same one, so a miss is captured
once however many times capture was switched on.  Across processes the miss files dedupe
themselves (exclusive create under the hash's name).

What is written (a contract with ``recording-inspector misses``):

``misses/<hash>.json``::

    {"test_id": <the test id that went into the hash, or null>,
     "request": <the request as the recorder would store it>,
     "miss": {"hash", "kind": "inference"|"models"|"tool"|"http", "looked_in": [absolute
              folders, or globs for model lists, in replay's order], "at": <ISO-8601 UTC>,
              "recorder": "ogx 1.5.0", "module": "ogx.testing.api_recorder", "pid", "argv"}}

``runs/<started>-<pid>.jsonl``, one JSON object a line::

    {"event": "start", "pid", "at", "argv", "recorder", "cwd"}
    {"event": "collected", "nodeids": [... at most 500 ...]}          (pytest)
    {"event": "read", "hash", "file", "test_id"}                        (one per file)
    {"event": "miss", "hash", "test_id", "file": "misses/<hash>.json"}
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from . import files, import_hook, settings

#: Node ids per ``collected`` line, so no line grows without bound.
COLLECTED_CHUNK = 500


def _stderr_line(message: str) -> None:
    try:
        sys.stderr.write(message.rstrip("\n") + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # no usable stderr: nowhere to say it


class Capture:
    """What this process captures into ``directory`` (absolute), and what it has written."""

    def __init__(self, directory: str | os.PathLike[str], origin: str) -> None:
        self.directory = Path(directory)
        self.origin = origin
        self.pid = os.getpid()
        self.recorders: list[str] = []
        self.problems: list[str] = []
        self.problems_shown: set[str] = set()
        self.reads = 0
        self.misses = 0
        self.new_miss_files = 0
        self.in_pytest = False
        self.report: Callable[[str], None] = _stderr_line
        self._problem_keys: set[str] = set()
        self._missed: set[str] = set()
        self._lock = threading.RLock()
        self._run = files.RunRecord(self.directory / "runs")

    # --- the run record ------------------------------------------------------------------------

    @property
    def run_path(self) -> Path | None:
        """This process's run record, once a line has been written."""
        return self._run.path

    def _event(self, event: dict[str, Any]) -> None:
        with self._lock:
            if not self._run.is_open:
                started = files.now()
                self._run.open(started, self.pid)
                self._run.append(
                    {
                        "event": "start",
                        "pid": self.pid,
                        "at": files.iso(started),
                        "argv": list(sys.argv),
                        "recorder": self.recorders[0] if self.recorders else None,
                        "cwd": os.getcwd(),
                    }
                )
            self._run.append(event)

    def collected(self, nodeids: Iterable[str]) -> None:
        """The tests pytest collected, in chunks of :data:`COLLECTED_CHUNK`."""
        ids = list(nodeids)
        for start in range(0, len(ids), COLLECTED_CHUNK) if ids else [0]:
            self._event({"event": "collected", "nodeids": ids[start : start + COLLECTED_CHUNK]})

    # --- what the recorder watch reports (recorder.Sink) ----------------------------------------

    def read(self, request_hash: str, files_read: list[str], test_id: str | None) -> None:
        """A lookup served by recordings: one ``read`` line per file."""
        with self._lock:
            self.reads += 1
            for file in files_read or [None]:
                self._event({"event": "read", "hash": request_hash, "file": file, "test_id": test_id})

    def miss(self, request_hash: str, *, kind: str, test_id: str | None, request: dict[str, Any], looked_in: list[str], recorder: str, module: str) -> None:
        """A replay miss: its file (once per process; never over another's) and a ``miss`` line."""
        with self._lock:
            self.misses += 1
            if request_hash not in self._missed:
                self._missed.add(request_hash)
                document = {
                    "test_id": test_id,
                    "request": request,
                    "miss": {
                        "hash": request_hash,
                        "kind": kind,
                        "looked_in": looked_in,
                        "at": files.iso(files.now()),
                        "recorder": recorder,
                        "module": module,
                        "pid": os.getpid(),
                        "argv": list(sys.argv),
                    },
                }
                if files.create_exclusive(self.directory / "misses" / f"{request_hash}.json", files.recorder_text(document)):
                    self.new_miss_files += 1
            self._event({"event": "miss", "hash": request_hash, "test_id": test_id, "file": f"misses/{request_hash}.json"})

    def problem(self, message: str, key: str | None = None) -> None:
        """Note a one-line problem, once per ``key``; said on stderr at once outside pytest.

        Inside pytest it waits for the terminal summary (the plugin shows it there).
        """
        with self._lock:
            key = key or message
            if key in self._problem_keys:
                return
            self._problem_keys.add(key)
            self.problems.append(message)
        if not self._defer_problems():
            self._show(message)

    def _defer_problems(self) -> bool:
        # Inside pytest, or in a pytest process whose plugin has not configured yet.
        return self.in_pytest or "_pytest.config" in sys.modules

    def _show(self, message: str) -> None:
        if message not in self.problems_shown:
            self.problems_shown.add(message)
            self.report(message)

    def unshown_problems(self) -> list[str]:
        """Problems not said yet, in order."""
        return [p for p in self.problems if p not in self.problems_shown]

    def mark_shown(self, messages: Iterable[str]) -> None:
        """The pytest summary said these."""
        self.problems_shown.update(messages)

    def show_unshown(self) -> None:
        """Say what is still unsaid (at exit: a pytest run whose summary never came)."""
        for message in self.unshown_problems():
            self._show(message)

    # --- the recorder ---------------------------------------------------------------------------

    def watch(self, module: ModuleType) -> None:
        """Start watching a recorder module (called when it is imported), or say why not."""
        try:
            from . import recorder

            label = recorder.recorder_label(module.__name__)
            missing = recorder.unknown_parts(module)
            if missing:
                self.problem(
                    f"recording-inspector: {module.__name__} ({label}) is not a recorder this version knows "
                    f"(missing or changed: {', '.join(missing)}); no misses are captured",
                    key=f"unknown:{module.__name__}",
                )
                return
            recorder.RecorderWatch(module, self, label).install()
            if label not in self.recorders:
                self.recorders.append(label)
        except Exception as exc:  # noqa: BLE001 - never break the import of the recorder
            self.problem(f"recording-inspector: could not watch {module.__name__} ({type(exc).__name__}: {exc})", key=f"watch:{module.__name__}")

    # --- life cycle -----------------------------------------------------------------------------

    def retarget(self, directory: str) -> bool:
        """Capture into ``directory`` instead, if nothing was written yet; False when too late."""
        with self._lock:
            if Path(directory) == self.directory:
                return True
            if self._run.is_open or self._missed:
                return False
            self.directory = Path(directory)
            self._run = files.RunRecord(self.directory / "runs")
            return True

    def after_fork_in_child(self) -> None:
        """A forked child is another process: its own run record, its own counts."""
        self.pid = os.getpid()
        self._lock = threading.RLock()
        self._run.close()  # the child's copy of the parent's descriptor
        self._run = files.RunRecord(self.directory / "runs")
        self.reads = self.misses = self.new_miss_files = 0
        self._missed = set()

    def close(self) -> None:
        """Close the run record (at exit)."""
        with self._lock:
            self._run.close()


_current: Capture | None = None
_activation = threading.Lock()


def current() -> Capture | None:
    """This process's capture, if it was switched on."""
    return _current


def activate(directory: str, origin: str) -> Capture:
    """Switch capture on into the absolute ``directory`` (idempotent: one capture per process).

    The first call starts watching for the recorder modules and hands the folder to child
    processes through the environment.  A later call naming another folder moves capture
    there if nothing was written yet (the pytest flag wins over the variable the start-up
    hook read); otherwise the first folder stays and the later one is reported.
    """
    global _current
    with _activation:
        capture = _current
        if capture is None:
            capture = _current = Capture(directory, origin)
            if hasattr(os, "register_at_fork"):
                os.register_at_fork(after_in_child=_after_fork)
            atexit.register(_at_exit)
            import_hook.install(settings.RECORDER_MODULES, capture.watch)
        elif not capture.retarget(directory):
            capture.problem(
                f"recording-inspector: already capturing into {capture.directory}; {directory} is ignored",
                key=f"retarget:{directory}",
            )
        settings.export(str(capture.directory))
        return capture


def _after_fork() -> None:
    if _current is not None:
        _current.after_fork_in_child()


def _at_exit() -> None:
    if _current is not None:
        _current.show_unshown()
        _current.close()
