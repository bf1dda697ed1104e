"""Parallel indexing gives exactly what serial indexing gives, in the same order."""

from __future__ import annotations

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
