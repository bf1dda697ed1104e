"""Parallel indexing gives exactly what serial indexing gives, in the same order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inspector.core.index import listing as index_mod
from inspector.core.index.listing import IndexStats, iter_summaries
from inspector.testing.factories import generate


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel")
    generate(root, 150, seed=11)
    return root


def test_parallel_and_serial_give_identical_summaries(big: Path) -> None:
    serial = list(iter_summaries([big], use_cache=False, workers=1))
    stats = IndexStats()
    parallel = list(iter_summaries([big], use_cache=False, workers=2, stats=stats))
    assert stats.workers == 2 and stats.read == 150
    assert parallel == serial
    assert [s.path for s in parallel] == sorted(s.path for s in serial)


def test_a_broken_pool_finishes_in_process(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(batch, rules, trim=True):
        raise MemoryError("worker died")

    monkeypatch.setattr(index_mod, "_summarize_batch", boom)  # forked workers inherit the patch
    serial = list(iter_summaries([big], use_cache=False, workers=1))
    assert list(iter_summaries([big], use_cache=False, workers=2)) == serial


def test_stopping_early_stops_the_workers(big: Path) -> None:
    it = iter_summaries([big], use_cache=False, workers=2)
    first = [next(it) for _ in range(5)]
    it.close()
    assert len(first) == 5


def test_small_work_stays_in_process(tmp_path: Path) -> None:
    generate(tmp_path, 10, seed=2)
    stats = IndexStats()
    list(iter_summaries([tmp_path], use_cache=False, stats=stats))
    assert stats.workers == 0


def test_workers_start_when_stderr_has_no_descriptor(tmp_path: Path) -> None:
    """Inside the app, Textual's print capture stands in for sys.stderr with fileno() == -1.

    multiprocessing's resource tracker is handed that descriptor when the first
    spawned worker starts, and spawning failed ("bad value(s) in fds_to_keep"):
    the app then read every file in one process.  A fresh interpreter, so the
    tracker is not already running, and a thread, so workers are spawned as in the app.
    """
    import subprocess
    import sys

    generate(tmp_path, 80, seed=5)
    code = f"""
import sys, threading
from inspector.core.index.listing import IndexStats, iter_summaries

class Capture:  # what Textual puts in sys.stderr while an app runs
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1

sys.stderr = Capture()
out = {{}}
def index():
    stats = IndexStats()
    try:
        out["n"] = len(list(iter_summaries([{str(tmp_path)!r}], use_cache=False, workers=2, stats=stats)))
    except Exception as exc:
        out["error"] = repr(exc)
    out["workers"] = stats.workers
t = threading.Thread(target=index)
t.start(); t.join()
print(out)
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip() == "{'n': 80, 'workers': 2}"


# --- a killed run leaves no worker behind ------------------------------------------------------

# A run in a thread, as the app reads: workers are spawned (not forked) and the pool does not
# start from the main thread, so only the portable watch (not Linux's parent-death signal) ends them.
_IN_A_THREAD = """
import sys, threading
from inspector.core.index.listing import iter_summaries
def run():
    for s in iter_summaries([sys.argv[1]], use_cache=False, workers=2):  # spawning pays only past 48 MB unasked
        sys.stdout.write(s.path.ljust(500) + "\\n")  # blocks once the pipe is full (after the pool started)
t = threading.Thread(target=run)
t.start()
t.join()
"""


def _processes() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, state) of every process (``ps``: Linux and macOS)."""
    import subprocess

    out = subprocess.run(["ps", "-A", "-o", "pid=,ppid=,stat="], capture_output=True, text=True, check=True).stdout
    table: dict[int, tuple[int, str]] = {}
    for line in out.splitlines():
        pid, ppid, state = line.split(None, 2)
        table[int(pid)] = (int(ppid), state)
    return table


def _descendants(pid: int) -> set[int]:
    table = _processes()
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for child, (parent, _state) in table.items():
            if parent == p and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    """Those still running (a zombie is dead: it waits only for its new parent to reap it)."""
    table = _processes()
    return {p for p in pids if p in table and not table[p][1].startswith("Z")}


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough to read (300 files, several MB) that a run with no worker count given starts its pool."""
    root = tmp_path_factory.mktemp("killed")
    generate(root, 300, seed=5)
    return root


@pytest.mark.skipif(shutil.which("ps") is None, reason="needs ps to list processes")
@pytest.mark.parametrize("how", ["ls", "thread"])
def test_a_killed_run_leaves_no_worker_behind(many: Path, how: str, tmp_path: Path) -> None:
    """SIGKILL a real run while its pool is up (as a CI timeout or the OOM killer does): its
    workers must end too, not sleep forever."""
    import os
    import signal
    import subprocess
    import sys
    import time

    env = {**os.environ, "RECORDING_INSPECTOR_WORKERS": "2", "RECORDING_INSPECTOR_CACHE_DIR": str(tmp_path / "cache")}
    if how == "ls":  # the command line: workers forked from the main thread
        cmd = [sys.executable, "-m", "inspector", "ls", str(many), "--no-cache", "--format", "jsonl"]
    else:
        cmd = [sys.executable, "-c", _IN_A_THREAD, str(many)]
    # stdout is a pipe nobody reads: the run stalls with its pool started, and stays so
    run = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and run.poll() is None:
            workers = _descendants(run.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.1)
        assert len(workers) >= 2, f"the run ended or started no pool (exit {run.poll()})"
        time.sleep(0.5)  # the workers have started (their initializer has run)
        workers |= _descendants(run.pid)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=10)
        deadline = time.monotonic() + 15
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = _alive(workers)
        for pid in left:  # never leave them to the next test
            os.kill(pid, signal.SIGKILL)
        assert not left, f"{len(left)} of {len(workers)} worker processes outlived their killed parent"
    finally:
        if run.poll() is None:
            run.kill()
        if run.stdout is not None:
            run.stdout.close()
