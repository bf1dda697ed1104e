"""The index: summaries of every recording under some paths, streamed in path order.

``iter_summaries`` is what ``ls``, the app's loader and the notebook use.  For
each file it first asks the on-disk cache (:mod:`inspector.core.cache`): a file
whose size and ``mtime_ns`` are unchanged is not read again.  The files that must
be read are summarised in this process, or, when there are enough of them to pay
for starting processes, by a pool of worker processes (one per core) working on
small batches; either way the summaries come out in path order as they are made,
so a caller can show progress.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import FileKey, Shard, racy_threshold
from .discovery import Discovery, discover
from .summary import Summary, summarize

__all__ = ["IndexProgress", "IndexStats", "WORKERS_ENV", "default_workers", "summarize_path", "iter_summaries"]

#: Environment variable setting how many worker processes indexing may use (1: none).
WORKERS_ENV = "RECORDING_INSPECTOR_WORKERS"

# Work (bytes still to read) below which starting worker processes costs more than it saves.
# A forked worker starts in milliseconds; a spawned one imports Python and the core first.
_PARALLEL_MIN_BYTES_FORK = 2 * 1024 * 1024
_PARALLEL_MIN_BYTES_SPAWN = 48 * 1024 * 1024
_PARALLEL_MIN_FILES = 64
# A batch is what one worker summarises before sending results back.
_BATCH_FILES = 48
_BATCH_BYTES = 4 * 1024 * 1024

_FIELDS = tuple(f.name for f in fields(Summary))
# Strings repeated across many summaries share one object (memory at 100,000 recordings).
_SHARED_AT = tuple(i for i, n in enumerate(_FIELDS) if n in ("kind", "test_id", "endpoint", "model", "hash_status", "hash_rule", "finish_reason", "error", "timestamp"))

if TYPE_CHECKING:  # imported where used: a listing served from the cache never hashes
    from .hashing import RuleSet

Row = tuple[Any, ...]
# The shard key of the newest rules; what they are is part of the cache's code fingerprint.
_NEWEST_KEY = "newest"


@dataclass(frozen=True, slots=True)
class IndexProgress:
    done: int
    total: int


@dataclass(slots=True)
class IndexStats:
    """What one indexing run did (filled in by :func:`iter_summaries` when passed ``stats=``)."""

    files: int = 0
    cached: int = 0  # summaries taken from the cache
    read: int = 0  # files read and summarised
    workers: int = 0  # worker processes used (0: all in this process)
    shards_written: int = 0  # cache shards written back


def default_workers() -> int:
    """Worker processes to use: ``$RECORDING_INSPECTOR_WORKERS``, else the usable cores."""
    env = os.environ.get(WORKERS_ENV, "").strip()
    if env.isdigit():
        return int(env)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def summarize_path(path: Path, timestamp: str | None = None, *, rules: RuleSet | None = None) -> Summary:
    """Load and summarise one file (never raises)."""
    from .recording import load

    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        mtime = 0.0
    return summarize(load(path), mtime=mtime, timestamp=timestamp, rules=rules)


def _row(path: str, mtime: float, timestamp: str | None, rules: RuleSet | None) -> Row:
    from .recording import load  # here, not at the top: a listing served from the cache reads no file

    s = summarize(load(path), mtime=mtime, timestamp=timestamp, rules=rules)
    return tuple(getattr(s, n) for n in _FIELDS)


def _summarize_batch(batch: list[tuple[str, float, str | None]], rules: RuleSet | None) -> list[Row]:
    """Worker entry point: summaries of a batch of files as plain tuples (cheap to send back)."""
    return [_row(path, mtime, ts, rules) for path, mtime, ts in batch]


def _build(row: Row, memo: dict[str, str]) -> Summary:
    values = list(row)
    for i in _SHARED_AT:
        v = values[i]
        if v is not None:
            values[i] = memo.setdefault(v, v)
    return Summary(*values)


@dataclass(slots=True)
class _Miss:
    """A file that must be read: where it is, and where its summary goes in the cache."""

    path: str
    mtime: float
    timestamp: str | None
    size: int
    key: FileKey | None
    shard: Shard | None
    name: str


def _mp_context() -> tuple[Any, int]:
    """The start method for workers and the least work for which they pay off."""
    import multiprocessing  # only when there is enough to do: a warm listing never needs it

    methods = multiprocessing.get_all_start_methods()
    # Forking a process that runs other threads (the app's loader is a thread) can copy a
    # held lock into the child; spawn starts clean, at the cost of a fresh interpreter.
    if "fork" in methods and sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork"), _PARALLEL_MIN_BYTES_FORK
    return multiprocessing.get_context("spawn"), _PARALLEL_MIN_BYTES_SPAWN


def _batches(misses: list[_Miss]) -> list[list[tuple[str, float, str | None]]]:
    out: list[list[tuple[str, float, str | None]]] = []
    batch: list[tuple[str, float, str | None]] = []
    size = 0
    for m in misses:
        batch.append((m.path, m.mtime, m.timestamp))
        size += m.size
        if len(batch) >= _BATCH_FILES or size >= _BATCH_BYTES:
            out.append(batch)
            batch, size = [], 0
    if batch:
        out.append(batch)
    return out


def _rows_parallel(misses: list[_Miss], workers: int, rules: RuleSet | None, ctx: Any) -> Iterator[Row]:
    """Rows for ``misses`` in order, from a pool; finishes serially if the pool breaks."""
    from concurrent.futures import ProcessPoolExecutor

    done = 0
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    try:
        batches = _batches(misses)
        for rows in pool.map(_summarize_batch, batches, itertools.repeat(rules)):
            for row in rows:
                done += 1
                yield row
    except Exception:  # noqa: BLE001 - a dead worker (killed, out of memory): do the rest here
        for m in misses[done:]:
            yield _row(m.path, m.mtime, m.timestamp, rules)
    finally:
        # Waits only for the batches already running (cancel_futures drops the rest); not
        # waiting leaves the pool's pipes to the interpreter's exit hook, which then fails.
        pool.shutdown(wait=True, cancel_futures=True)


def iter_summaries(
    paths: list[str | os.PathLike[str]],
    *,
    found: Discovery | None = None,
    use_cache: bool = True,
    rules: RuleSet | None = None,
    workers: int | None = None,
    stats: IndexStats | None = None,
) -> Iterator[Summary]:
    """Summaries of every recording under ``paths``, in path order, as they are made.

    ``found``: a discovery already made for ``paths`` (else one is made).
    ``use_cache``: read and update the on-disk index cache (False reads every file
    and leaves the cache alone).  ``rules``: the hash rule set that counts as ``ok``.
    ``workers``: processes to summarise with (default :func:`default_workers`;
    1 keeps everything in this process).  ``stats``: filled in as the run goes.
    """
    found = found if found is not None else discover(paths)
    rules_key = _NEWEST_KEY
    if rules is not None:
        from . import hashing  # already loaded by whoever made ``rules``

        rules_key = _NEWEST_KEY if rules is hashing.NEWEST else rules.name
    st_out = stats if stats is not None else IndexStats()
    st_out.files = len(found.files)
    memo: dict[str, str] = {}
    racy_before = racy_threshold(time.time_ns())
    shards: dict[str, Shard] = {}
    plan: list[Summary | _Miss] = []
    rows = found.index_rows
    for f in found.files:
        path = str(f)
        row = rows.get(f) if rows else None
        ts = row.timestamp if row else None
        try:
            st = os.stat(path)
        except OSError:
            plan.append(_Miss(path, 0.0, ts, 0, None, None, ""))  # load() will say why
            continue
        key = (st.st_size, st.st_mtime_ns)
        shard = None
        folder, name = os.path.split(path)
        if use_cache:
            shard = shards.get(folder)
            if shard is None:
                shard = shards[folder] = Shard.load(os.path.abspath(folder), rules_key, memo)
            hit = shard.lookup(name, key, path, ts)
            if hit is not None:
                plan.append(hit)
                continue
        plan.append(_Miss(path, st.st_mtime, ts, st.st_size, key, shard, name))

    misses = [p for p in plan if isinstance(p, _Miss)]
    st_out.cached = len(plan) - len(misses)
    n_workers = default_workers() if workers is None else workers
    source: Iterator[Row] | None = None
    if n_workers > 1 and len(misses) >= _PARALLEL_MIN_FILES:
        ctx, min_bytes = _mp_context()
        if sum(m.size for m in misses) >= min_bytes or workers is not None:
            n_workers = min(n_workers, len(_batches(misses)))
            st_out.workers = n_workers
            source = _rows_parallel(misses, n_workers, rules, ctx)
    try:
        for item in plan:
            if isinstance(item, Summary):
                yield item
                continue
            r = next(source) if source is not None else _row(item.path, item.mtime, item.timestamp, rules)
            s = _build(r, memo)
            st_out.read += 1
            if item.shard is not None and item.key is not None:
                item.shard.put(item.name, item.key, s, racy_before_ns=racy_before)
            yield s
    finally:
        if source is not None:
            source.close()  # type: ignore[attr-defined]
        for shard in shards.values():
            if shard.save():
                st_out.shards_written += 1
