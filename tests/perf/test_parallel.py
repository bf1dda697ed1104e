"""Parallel indexing gives exactly what serial indexing gives, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.core import index as index_mod
from inspector.core.index import IndexStats, iter_summaries
from inspector.core.synth import generate


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
    def boom(batch, rules):
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
