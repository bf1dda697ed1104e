"""The index: summaries of every recording under some paths, streamed in path order.

``iter_summaries`` is what ``ls``, the app's loader and the notebook use.  For
each file it first asks the on-disk cache (:mod:`inspector.core.index.cache`): a file
whose size and ``mtime_ns`` are unchanged is not read again.  The files that must
be read are summarised in this process, or, when there are enough of them to pay
for starting processes, by a pool of worker processes (one per core) working on
small batches; either way the summaries come out in path order as they are made,
so a caller can show progress.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector.core.index.cache import Shard, racy_threshold
from inspector.core.index.summary import Summary, summarize
from inspector.core.recording.discovery import Discovery, discover

__all__ = ["IndexProgress", "IndexStats", "Miss", "Pipeline", "Work", "WORKERS_ENV", "default_workers", "summarize_path", "iter_summaries"]

#: Environment variable setting how many worker processes indexing may use (1: none).
WORKERS_ENV = "RECORDING_INSPECTOR_WORKERS"

# Work (bytes still to read) below which starting worker processes costs more than it saves.
# A forked worker starts in milliseconds; a spawned one imports Python and the core first.
_PARALLEL_MIN_BYTES_FORK = 2 * 1024 * 1024
_PARALLEL_MIN_BYTES_SPAWN = 48 * 1024 * 1024
_PARALLEL_MIN_FILES = 64
# A batch is what one worker summarises before sending results back.
_BATCH_FILES = 48
# Misses queued ahead of the workers at most (bounds memory when the consumer is slow).
_AHEAD = 2048
# Folders with more files than this get one cache shard per first character of file names.
_SPLIT_ABOVE = 4096
_BATCH_BYTES = 4 * 1024 * 1024
# A worker gives its freed heap back after a batch this large (trimming after every batch of
# small files costs 5% of a cold listing's CPU for nothing: their heap is small anyway).
_TRIM_AFTER_BYTES = 1024 * 1024

_FIELDS = tuple(f.name for f in fields(Summary))
# Strings repeated across many summaries share one object (memory at 100,000 recordings).
_SHARED_AT = tuple(i for i, n in enumerate(_FIELDS) if n in ("kind", "test_id", "endpoint", "model", "hash_status", "hash_rule", "finish_reason", "error", "timestamp"))

if TYPE_CHECKING:  # imported where used: a listing served from the cache never hashes
    from inspector.core.rules.profiles import RuleSet

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
    from inspector.core.recording.loading import load

    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        mtime = 0.0
    return summarize(load(path), mtime=mtime, timestamp=timestamp, rules=rules)


@dataclass(frozen=True, slots=True)
class Checking:
    """Checking each file while indexing it, for ``check`` (the checks live a layer above).

    ``context`` is kept with the findings in the cache (a change of context re-checks);
    ``checked_summary(path, mtime=, timestamp=, rules=, context=)`` makes a summary that
    carries its file's findings from one read.  It must be a module-level function, so
    that worker processes can be handed it.
    """

    context: str
    checked_summary: Callable[..., Summary]


def _row(path: str, mtime: float, timestamp: str | None, rules: RuleSet | None, checks: Checking | None = None) -> Row:
    if checks is not None:  # the summary and the file's own check findings from one read
        s = checks.checked_summary(path, mtime=mtime, timestamp=timestamp, rules=rules, context=checks.context)
    else:
        from inspector.core.recording.loading import (
            load,  # here, not at the top: a listing served from the cache reads no file
        )

        s = summarize(load(path), mtime=mtime, timestamp=timestamp, rules=rules)
    return tuple(getattr(s, n) for n in _FIELDS)


def _summarize_batch(
    batch: list[tuple[str, float, str | None]], trim: bool, rules: RuleSet | None, checks: Checking | None = None
) -> list[Row]:
    """Worker entry point: summaries of a batch of files as plain tuples (cheap to send back).

    ``trim``: give the heap back afterwards (a batch with large files); ``checks``: a
    :class:`Checking`, to check each file too (see :class:`~inspector.core.index.summary.FileChecks`).
    """
    rows = [_row(path, mtime, ts, rules, checks) for path, mtime, ts in batch]
    if trim:
        _give_back_memory()
    return rows


_TRIM: Any = None


def _give_back_memory() -> None:
    """Return the heap freed by a batch to the system (a big file parses to ~10x its size;
    glibc keeps freed memory, so a worker would hold its largest file's worth for good)."""
    global _TRIM
    if _TRIM is None:
        _TRIM = False
        if sys.platform == "linux":
            try:
                import ctypes

                _TRIM = ctypes.CDLL("libc.so.6").malloc_trim
            except (OSError, AttributeError):
                pass
    if _TRIM:
        _TRIM(0)


def _build(row: Row, memo: dict[str, str]) -> Summary:
    values = list(row)
    for i in _SHARED_AT:
        v = values[i]
        if v is not None:
            values[i] = memo.setdefault(v, v)
    return Summary(*values)


@dataclass(slots=True)
class Miss:
    """Work that must be done: what the work function takes, its size, and where its result goes.

    ``item`` is sent to a worker as it is (plain values: cheap to pickle); ``owner`` stays
    here and tells :attr:`Work.made` where the result belongs (a cache shard, a name...).
    """

    item: tuple[Any, ...]
    size: int
    owner: Any = None
    batch: _Batch | None = None  # set when it goes to the worker pool
    at: int = 0  # its place in the batch


@dataclass(frozen=True, slots=True)
class Work:
    """What a :class:`Pipeline` does with a miss, here or in a worker.

    ``batch(items, trim, *args)`` is a module-level function (a worker imports it by
    name) returning one plain result per item; ``trim``: give the heap back afterwards.
    ``here(item)`` does one item in this process (no trimming: the process keeps running).
    ``made(miss, result)`` turns a result into what is handed out (and caches it).
    """

    batch: Callable[..., list[Any]]
    args: tuple[Any, ...]
    here: Callable[[tuple[Any, ...]], Any]
    made: Callable[[Miss, Any], Any]

    def one(self, miss: Miss) -> Any:
        return self.made(miss, self.here(miss.item))


@dataclass(slots=True)
class _Batch:
    """Items one worker handles in one go; ``future`` once submitted."""

    items: list[tuple[Any, ...]]
    size: int = 0
    future: Any = None


def _mp_context() -> tuple[Any, float]:
    """The start method for workers and the least work for which they pay off."""
    import multiprocessing  # only when there is enough to do: a warm listing never needs it

    methods = multiprocessing.get_all_start_methods()
    # Forking a process that runs other threads (the app's loader is a thread) can copy a
    # held lock into the child; spawn starts clean, at the cost of a fresh interpreter.
    if "fork" in methods and sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork"), _PARALLEL_MIN_BYTES_FORK
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    if main and not os.path.exists(main):  # e.g. "<stdin>": a spawned worker could not start
        return None, float("inf")
    return multiprocessing.get_context("spawn"), _PARALLEL_MIN_BYTES_SPAWN


def _ensure_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr.

    Spawned workers need the tracker, and starting it hands it ``sys.stderr``'s
    file descriptor.  A host that replaced ``sys.stderr`` with an object whose
    ``fileno()`` is -1 (Textual captures prints so, for as long as an app runs)
    makes every spawn fail with "bad value(s) in fds_to_keep", and indexing
    would fall back to one process.  The tracker is started once, so it is
    enough to give it the real stderr (or nothing) that one time.
    """
    try:
        fd = sys.stderr.fileno() if sys.stderr is not None else None
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both
        return  # no descriptor at all: the tracker starts without one
    if fd is None or fd >= 0:
        return
    from multiprocessing import resource_tracker

    saved = sys.stderr
    real = sys.__stderr__
    try:
        sys.stderr = real if real is not None and real.fileno() >= 0 else None
    except (AttributeError, OSError, ValueError):
        sys.stderr = None
    try:
        resource_tracker.ensure_running()
    except Exception:  # noqa: BLE001 - then the pool fails to start, and the files are read here
        pass
    finally:
        sys.stderr = saved


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_WATCH_EVERY = 0.5  # seconds between a worker's looks at its parent


def _end_with_parent(parent: int, deathsig: bool) -> None:
    """Worker initializer: the worker ends when the process that started it dies.

    A run killed with SIGKILL (a CI timeout, the OOM killer) cannot shut its pool down,
    and an idle worker would wait for work forever (forked siblings hold the queue's pipe
    open, so it never sees the end of it).  On Linux the kernel kills the worker with its
    parent (``PR_SET_PDEATHSIG``); that fires when the *thread* that started the worker
    ends, so it is asked for only when the pool starts from the main thread.  Everywhere
    (macOS, or a pool started from a thread, as in the app), a daemon thread looks twice a
    second whether the parent is still there: an orphan is adopted by another process.
    """
    if deathsig and sys.platform == "linux":
        try:
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watching thread is enough
    if os.getppid() != parent:  # the parent died before this worker could watch it
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_EVERY)
    os._exit(1)  # no cleanup to do: results would go nowhere


class Pipeline:
    """Results in the order added: cache hits at once, misses done here or by a worker pool.

    Used for file summaries (:func:`iter_summaries`) and for the blobs of a git range
    (:mod:`inspector.core.history.changes`); :class:`Work` says what is done with a miss.
    Items are looked at in order.  A miss is read in this process until enough
    misses have been seen for a pool to pay (a cold cache), then sent to the pool
    in batches; meanwhile the scan goes on, so workers are kept busy, and
    whatever is at the head of the queue and ready is handed out.
    """

    def __init__(self, work: Work, workers: int, explicit: bool, remaining_bytes: int, stats: Any) -> None:
        self.work = work
        self.workers = workers
        self.explicit = explicit
        self.remaining = remaining_bytes  # bytes of the files not yet looked at
        self.stats = stats  # anything with a ``workers`` field, set when the pool starts
        self.queue: deque[Any] = deque()  # results, and Miss where one is still to come
        self.misses = 0
        self.pool: Any = None
        self.ctx: Any = None
        self.submitted = False
        self.broken = False
        self.batch: _Batch | None = None

    # -- feeding -------------------------------------------------------------

    def add(self, item: Any) -> None:
        """Queue a result (a cache hit) or a :class:`Miss`."""
        self.queue.append(item)
        if isinstance(item, Miss):
            self.misses += 1
            if self.misses == _PARALLEL_MIN_FILES and self._pool_pays():  # decided once
                self._start_pool()
            if self.pool is not None:
                self._batch_up(item)

    def _pool_pays(self) -> bool:
        # Enough misses to say the cache is cold, and enough left to read to pay for the start.
        if self.workers < 2:
            return False
        self.ctx, min_bytes = _mp_context()
        return self.ctx is not None and (self.explicit or self.remaining >= min_bytes)

    def _start_pool(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        if self.ctx.get_start_method() != "fork":
            _ensure_resource_tracker()
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self.ctx,
            initializer=_end_with_parent,
            initargs=(os.getpid(), threading.current_thread() is threading.main_thread()),
        )
        self.stats.workers = self.workers

    def _batch_up(self, miss: Miss) -> None:
        if self.batch is None:
            self.batch = _Batch([])
        b = self.batch
        miss.batch, miss.at = b, len(b.items)
        b.items.append(miss.item)
        b.size += miss.size
        if len(b.items) >= _BATCH_FILES or b.size >= _BATCH_BYTES:
            self._submit()

    def _submit(self) -> None:
        b, self.batch = self.batch, None
        if b is None:
            return
        # (only when nothing is frozen yet: unfreezing must not undo the caller's own freeze)
        first = not self.submitted and gc.get_freeze_count() == 0
        self.submitted = True
        if first and self.ctx.get_start_method() == "fork":
            # Forked workers start at the first submit.  Frozen objects are never visited by
            # the collector, so the workers' collections do not copy the pages they share
            # with this process (at 100,000 files, tens of MB per worker).
            gc.freeze()
        try:
            b.future = self.pool.submit(self.work.batch, b.items, b.size >= _TRIM_AFTER_BYTES, *self.work.args)
        except Exception:  # noqa: BLE001 - a pool that cannot take work: read here
            self.broken = True
        finally:
            if first and self.ctx.get_start_method() == "fork":
                gc.unfreeze()

    # -- handing out ------------------------------------------------------------

    def ready(self, *, block: bool, until: int = 0) -> Iterator[Any]:
        """Results at the head of the queue that are ready (with ``block``, all of them, or
        until no more than ``until`` are left)."""
        queue = self.queue
        while len(queue) > until:
            item = queue[0]
            if not isinstance(item, Miss):
                queue.popleft()
                yield item
                continue
            b = item.batch
            if b is not None and b.future is None and not self.broken:
                if not block:
                    return  # its batch is still filling up
                self._submit()
            if b is not None and b.future is not None and not self.broken:
                if not block and not b.future.done():
                    return
                try:
                    result = b.future.result()[item.at]
                except Exception:  # noqa: BLE001 - a dead worker (killed, out of memory): done here
                    self.broken = True
                    out = self.work.one(item)
                else:
                    out = self.work.made(item, result)
            else:
                out = self.work.one(item)
            queue.popleft()
            yield out

    def close(self) -> None:
        if self.pool is not None:
            # Waits only for the batches already running (cancel_futures drops the rest); not
            # waiting leaves the pool's pipes to the interpreter's exit hook, which then fails.
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def iter_summaries(
    paths: list[str | os.PathLike[str]],
    *,
    found: Discovery | None = None,
    use_cache: bool = True,
    rules: RuleSet | None = None,
    workers: int | None = None,
    stats: IndexStats | None = None,
    checks: Checking | None = None,
) -> Iterator[Summary]:
    """Summaries of every recording under ``paths``, in path order, as they are made.

    ``found``: a discovery already made for ``paths`` (else one is made).
    ``use_cache``: read and update the on-disk index cache (False reads every file
    and leaves the cache alone).  ``rules``: the hash rule set that counts as ``ok``.
    ``workers``: processes to summarise with (default :func:`default_workers`;
    1 keeps everything in this process).  ``stats``: filled in as the run goes.
    ``checks``: how to check each file (:class:`Checking`, made by the check runner):
    every summary then carries its file's check results (``Summary.checks``), from
    the cache when they were made in that context, else by checking the file.
    """
    found = found if found is not None else discover(paths)
    rules_key = _NEWEST_KEY
    if rules is not None:
        from inspector.core.rules import profiles

        rules_key = _NEWEST_KEY if rules is profiles.NEWEST else rules.name
    st_out = stats if stats is not None else IndexStats()
    st_out.files = len(found.files)
    paths_str = [str(f) for f in found.files]
    keys: list[tuple[int, int, float] | None] = []  # size, mtime_ns, mtime (not stat_result: memory)
    for path in paths_str:  # stat first: the pool's decision needs the sizes of what is left
        try:
            st = os.stat(path)
        except OSError:
            keys.append(None)
        else:
            keys.append((st.st_size, st.st_mtime_ns, st.st_mtime))
    n_workers = default_workers() if workers is None else workers
    memo: dict[str, str] = {}
    racy_before = racy_threshold(time.time_ns())

    def made(miss: Miss, row: Row) -> Summary:
        s = _build((miss.item[0], *row[1:]), memo)  # our path string: one copy in memory
        st_out.read += 1
        key, shard, name = miss.owner
        if shard is not None and key is not None:
            shard.put(name, key, s, racy_before_ns=racy_before)
        return s

    work = Work(_summarize_batch, (rules, checks), lambda item: _row(*item, rules, checks), made)
    pipe = Pipeline(work, n_workers, workers is not None, sum(k[0] for k in keys if k), st_out)
    # Which shard each file's summary lives in, and how many files each shard has here: a
    # shard is written back (and let go) as soon as its last file has been handed out.
    shard_ids: list[tuple[str, str]] = []
    if use_cache:
        per_folder: dict[str, int] = {}
        split = [os.path.split(p) for p in paths_str]
        for folder, _name in split:
            per_folder[folder] = per_folder.get(folder, 0) + 1
        shard_ids = [(folder, name[:1] if per_folder[folder] > _SPLIT_ABOVE else "") for folder, name in split]
        left: dict[tuple[str, str], int] = {}
        for sid in shard_ids:
            left[sid] = left.get(sid, 0) + 1
    shards: dict[tuple[str, str], Shard] = {}

    def handed_out(items: Iterator[Summary]) -> Iterator[Summary]:
        for s in items:
            yield s
            if use_cache:
                sid = owner.popleft()
                left[sid] -= 1
                if left[sid] == 0 and sid in shards and shards.pop(sid).save():
                    st_out.shards_written += 1

    owner: deque[tuple[str, str]] = deque()  # the shard of each queued item, in order
    index_rows = found.index_rows
    try:
        for i, (f, path, st) in enumerate(zip(found.files, paths_str, keys, strict=True)):
            row = index_rows.get(f) if index_rows else None
            ts = row.timestamp if row else None
            shard = None
            if use_cache:
                sid = shard_ids[i]
                owner.append(sid)
                shard = shards.get(sid)
                if shard is None:
                    shard = shards[sid] = Shard.load(os.path.abspath(sid[0]), rules_key, memo, sid[1])
            if st is None:
                pipe.add(Miss((path, 0.0, ts), 0, (None, None, "")))  # load() will say why
            else:
                pipe.remaining -= st[0]
                key = (st[0], st[1])
                name = os.path.basename(path)
                if shard is not None and not os.access(path, os.R_OK):
                    # A file this process cannot open (chmod, another user): chmod leaves size and
                    # mtime alone, so the cache would still call it healthy.  Read it (load() says
                    # why not) and cache nothing for it; its entry waits for it to be readable again.
                    shard = None
                if shard is not None:
                    hit = shard.lookup(name, key, path, ts, checks.context if checks else None)
                    if hit is not None:
                        st_out.cached += 1
                        pipe.add(hit)
                        yield from handed_out(pipe.ready(block=False))
                        continue
                pipe.add(Miss((path, st[2], ts), st[0], (key, shard, name)))
            if pipe.pool is None:
                yield from handed_out(pipe.ready(block=True))
            elif len(pipe.queue) > _AHEAD:  # far enough ahead of the workers: wait for them
                yield from handed_out(pipe.ready(block=True, until=_AHEAD // 2))
            else:
                yield from handed_out(pipe.ready(block=False))
        yield from handed_out(pipe.ready(block=True))
    finally:
        pipe.close()
        for shard in shards.values():  # a listing stopped early: keep what was made
            if shard.save():
                st_out.shards_written += 1
