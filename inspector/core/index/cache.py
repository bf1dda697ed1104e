"""The on-disk index cache: summaries of files already read, so a second listing is fast.

One *shard* per folder of recordings and hash rule set (a folder of thousands is
split by the first character of file names, so what is held in memory at once
stays small), in the user's cache directory (``$RECORDING_INSPECTOR_CACHE_DIR``,
else ``$XDG_CACHE_HOME`` or ``~/.cache``, ``~/Library/Caches`` on macOS,
``%LOCALAPPDATA%`` on Windows, then ``recording-inspector/index``).  An entry is used only when the file's name, size
and ``mtime_ns`` are exactly what they were when it was summarised.

A shard is never trusted blindly.  Its first line is a header naming the format
version, a fingerprint of the code that made the summaries, the rule set, the
folder, the number of entries and a CRC-32 of the rest; anything that does not
match (truncated, corrupt, older code, another folder) is ignored and rewritten.
Shards unused for :data:`UNUSED_DAYS` are deleted (checked at most once a day).
Files changed less than :data:`RACY_SECONDS` before they were read are not cached:
a file rewritten within the same timestamp tick would otherwise keep its old
summary.  A shard is written to a temporary file and renamed over the old one, so
two processes writing the same shard at once leave one whole shard, never a mix.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import orjson

from inspector.core.index.summary import FileChecks, Summary, join_search, split_search

__all__ = [
    "CACHE_ENV",
    "CACHE_VERSION",
    "BLOB_ROWS",
    "BlobShard",
    "RACY_SECONDS",
    "FileKey",
    "file_key",
    "Shard",
    "cache_dir",
    "code_fingerprint",
    "clear_cache",
    "prune",
    "racy_threshold",
]

#: Environment variable naming the cache directory (tests point it at a temporary folder).
CACHE_ENV = "RECORDING_INSPECTOR_CACHE_DIR"
#: Bump when the shard layout changes.
CACHE_VERSION = 1
#: Files modified this recently (relative to the start of indexing) are not cached.
RACY_SECONDS = 2.0
_MAGIC = "recording-inspector-index"
_APP = "recording-inspector"

# Summary fields stored per entry; path and search are rebuilt from where the file is now,
# the index.sqlite timestamp comes from discovery.
_ALL = [f.name for f in fields(Summary)]
assert _ALL[0] == "path" and _ALL.index("search") < _ALL.index("timestamp")
_STORED = tuple(n for n in _ALL if n not in ("path", "search", "timestamp"))
_ROW_LEN = 3 + len(_STORED) + 2  # name, size, mtime_ns, fields..., search head, search tail
_PROBLEMS = _STORED.index("problems")
_BEFORE_SEARCH = _ALL.index("search") - 1  # stored fields between path and search
_BEFORE_TIMESTAMP = _ALL.index("timestamp") - 2  # ... and before the timestamp
# Strings repeated across thousands of summaries share one object in memory.
_SHARED = frozenset({"kind", "test_id", "endpoint", "model", "hash_status", "hash_rule", "finish_reason", "error"})
_SHARED_AT = tuple(i for i, name in enumerate(_STORED) if name in _SHARED)

# Where things sit in a stored row.
_A = 3 + _BEFORE_SEARCH  # row[3:_A] go between path and search
_B = 3 + _BEFORE_TIMESTAMP  # row[_A:_B] between search and timestamp; row[_B:-2] after it
_ROW_SHARED_AT = tuple(3 + i for i in _SHARED_AT)
_ROW_PROBLEMS = 3 + _PROBLEMS
_ROW_CHECKS = 3 + _STORED.index("checks")


def _row_of(name: str, key: FileKey, summary: Summary) -> list[Any] | None:
    """The stored row of a summary (None when its search text cannot be split around the path)."""
    parts = split_search(summary)
    if parts is None:
        return None
    row = [name, key[0], key[1], *(getattr(summary, f) for f in _STORED), *parts]
    row[_ROW_PROBLEMS] = list(summary.problems)
    row[_ROW_CHECKS] = summary.checks.to_row() if summary.checks is not None else None
    return row


def cache_dir() -> Path:
    """Where index shards live (created on first write)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / _APP / "Cache" / "index"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / _APP / "index"
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / _APP / "index"


_CODE: str | None = None
_CODE_WITH: dict[tuple[str | None, tuple[str, ...]], str] = {}
# The parts of the core whose code decides what a summary holds: every module under these
# subpackages is fingerprinted, so a new or renamed module can never be left out.  The check
# packages are among them: a summary carries its file's check findings (FileChecks).
_CODE_PACKAGES = ("base", "rules", "streams", "recording", "index", "checks", "edit")
_CORE = Path(__file__).resolve().parent.parent


def _hash_modules(h: Any, packages: Iterable[str]) -> None:
    for package in packages:
        folder = _CORE / package
        files = sorted(folder.rglob("*.py")) if folder.is_dir() else []
        if not files:  # e.g. running from a zip: the version string has to do
            h.update(package.encode())
        for file in files:
            try:
                h.update(file.relative_to(_CORE).as_posix().encode())
                h.update(file.read_bytes())
            except OSError:
                h.update(file.name.encode())


def code_fingerprint(extra: tuple[str, ...] = ()) -> str:
    """A digest of the code that makes summaries, so a new version never reads old entries.

    ``extra``: more core subpackages whose code decides what the entries hold (blob shards
    add ``history``, where the ``changes`` reduction lives); that fingerprint is made from
    the base one.
    """
    global _CODE
    if _CODE is None:
        from inspector._version import __version__

        h = hashlib.sha256(f"{CACHE_VERSION}|{__version__}|{','.join(_STORED)}".encode())
        _hash_modules(h, _CODE_PACKAGES)
        _CODE = h.hexdigest()[:16]
    if not extra:
        return _CODE
    code = _CODE_WITH.get((_CODE, extra))
    if code is None:
        h = hashlib.sha256(f"{_CODE}|{','.join(extra)}".encode())
        _hash_modules(h, extra)
        code = _CODE_WITH[(_CODE, extra)] = h.hexdigest()[:16]
    return code


#: (size, mtime_ns): what a file looked like when summarised; any difference means reading it again.
FileKey = tuple[int, int]


def file_key(st: os.stat_result) -> FileKey:
    """The cache key of a file from its ``stat``."""
    return (st.st_size, st.st_mtime_ns)


@dataclass(slots=True)
class Shard:
    """The cached summaries of one folder under one rule set.

    ``stored`` holds the rows read from disk not looked up yet; :meth:`lookup`
    takes a file's row out and returns its summary if the file's key still
    matches; :meth:`put` records a summary just made.  Both keep only the summary
    (the caller holds it anyway), so a listing never has a repository's search
    text in memory twice.  :meth:`save` writes the shard back if anything changed.
    """

    folder: str
    rules: str
    part: str = ""  # a large folder is split by the first character of file names
    stored: dict[str, list[Any]] = field(default_factory=dict)
    fresh: dict[str, tuple[FileKey, Summary]] = field(default_factory=dict)
    # A listing does not unpack check results (it has no use for them): kept as stored, written back as they were.
    kept_checks: dict[str, Any] = field(default_factory=dict)
    memo: dict[str, str] = field(default_factory=dict)
    dirty: bool = False

    @property
    def file(self) -> Path:
        digest = hashlib.sha256(f"{self.folder}\0{self.rules}\0{self.part}".encode()).hexdigest()[:32]
        return cache_dir() / f"{digest}.json"

    # -- reading -----------------------------------------------------------

    @classmethod
    def load(cls, folder: str, rules: str, memo: dict[str, str] | None = None, part: str = "") -> Shard:
        """The shard of ``folder`` (an absolute path); empty when missing or not trustworthy.

        ``memo`` shares equal strings between shards (one dict for a whole listing);
        ``part`` names one of the shards of a large folder.
        """
        shard = cls(folder, rules, part, memo=memo if memo is not None else {})
        try:
            raw = shard.file.read_bytes()
        except OSError:
            return shard
        stored = _parse(raw, folder, rules, part)
        if stored is None:
            shard.dirty = True  # unusable: rewrite it even if every file is a hit elsewhere
        else:
            shard.stored = stored
            _mark_used(shard.file)
        return shard

    def lookup(
        self, name: str, key: FileKey, path: str, timestamp: str | None, checks: str | None = None
    ) -> Summary | None:
        """The cached summary of file ``name`` if ``key`` still matches, rebuilt for ``path``.

        ``checks``: a check context (:class:`FileChecks`); an entry without check results
        made in that context is a miss.
        """
        row = self.stored.pop(name, None)
        if row is None:
            return None
        if row[1] != key[0] or row[2] != key[1]:
            self.dirty = True  # stale: dropped (put() stores the new summary)
            return None
        memo = self.memo
        for i in _ROW_SHARED_AT:
            v = row[i]
            if v is not None:
                row[i] = memo.setdefault(v, v)
        row[_ROW_PROBLEMS] = tuple(row[_ROW_PROBLEMS])
        try:
            stored_checks = row[_ROW_CHECKS]
            if checks is None:
                if stored_checks is not None:
                    self.kept_checks[name] = stored_checks
                    row[_ROW_CHECKS] = None
            elif stored_checks is not None:
                row[_ROW_CHECKS] = FileChecks.from_row(stored_checks)
            else:
                self.dirty = True  # summarised by a listing: checked now, and stored with the results
                return None
            if checks is not None and row[_ROW_CHECKS].context != checks:
                self.dirty = True
                return None
            s = Summary(path, *row[3:_A], join_search(row[-2], path, row[-1]), *row[_A:_B], timestamp, *row[_B:-2])
        except (TypeError, ValueError):  # a row of the wrong shape: treat as a miss
            self.dirty = True
            return None
        self.fresh[name] = (key, s)
        return s

    # -- writing -----------------------------------------------------------

    def put(self, name: str, key: FileKey, summary: Summary, *, racy_before_ns: int) -> None:
        """Remember ``summary`` for file ``name`` read with ``key`` (skipped if the file is too fresh)."""
        self.kept_checks.pop(name, None)  # made for the old content
        if self.stored.pop(name, None) is not None:
            self.dirty = True
        if key[1] >= racy_before_ns:
            return
        self.fresh[name] = (key, summary)
        self.dirty = True

    def save(self) -> bool:
        """Write the shard if it changed; entries for files that are gone are dropped.

        Returns True when written.  A cache that cannot be written is not an error.
        """
        for name in list(self.stored):  # not part of this listing: kept if the file is still there
            if not os.path.exists(os.path.join(self.folder, name)):
                del self.stored[name]
                self.dirty = True
        if not self.dirty:
            return False
        rows = list(self.stored.values())
        for name, (key, summary) in self.fresh.items():
            row = _row_of(name, key, summary)
            if row is not None and row[_ROW_CHECKS] is None and name in self.kept_checks:
                row[_ROW_CHECKS] = self.kept_checks[name]
            if row is not None:
                rows.append(row)
        count = len(rows)
        body = orjson.dumps(rows)
        del rows  # the bytes are enough from here on
        ident = {"code": code_fingerprint(), "rules": self.rules, "folder": self.folder, "part": self.part}
        if not _write_shard(self.file, ident, count, body):
            return False
        self.dirty = False
        return True


#: Rows kept per blob shard (the least recently used go first); 256 shards hold 65,536 blobs.
BLOB_ROWS = 256


@dataclass(slots=True)
class BlobShard:
    """Cached per-blob results (``changes``' reductions) under one rule set, by blob id.

    Blob contents never change for a given id, so a row needs no size or mtime: its
    key is the blob id and whatever else the result depends on (a file name), and
    the shard's header carries the rule set and the fingerprint of the code that made
    it (``code``: :func:`code_fingerprint` with the caller's modules).  Blobs are
    spread over 256 shards by the first two hex digits of their id; a shard keeps the
    :data:`BLOB_ROWS` most recently used rows.  Same format, checks and atomic
    write as :class:`Shard`: a damaged or stale shard is ignored and rewritten.
    Rows are plain JSON values; :meth:`put` takes one already serialised (workers
    send them so), and nothing but :meth:`get` interprets them.
    """

    rules: str
    code: str
    part: str
    stored: dict[str, Any] = field(default_factory=dict)  # read from disk, least recently used first
    fresh: dict[str, bytes] = field(default_factory=dict)  # made this run, serialised
    dirty: bool = False

    @staticmethod
    def part_of(blob: str) -> str:
        return blob[:2].lower()

    @property
    def file(self) -> Path:
        digest = hashlib.sha256(f"blobs\0{self.rules}\0{self.part}".encode()).hexdigest()[:32]
        return cache_dir() / f"{digest}.json"

    def _ident(self) -> dict[str, Any]:
        return {"store": "blobs", "code": self.code, "rules": self.rules, "part": self.part}

    @classmethod
    def load(cls, rules: str, code: str, part: str) -> BlobShard:
        """The shard of blob ids starting with ``part``; empty when missing or not trustworthy."""
        shard = cls(rules, code, part)
        try:
            raw = shard.file.read_bytes()
        except OSError:
            return shard
        rows = _read_shard(raw, shard._ident())
        if rows is None or not all(isinstance(r, list) and len(r) == 2 and isinstance(r[0], str) for r in rows):
            shard.dirty = True  # unusable: rewritten on save
            return shard
        shard.stored = {key: row for key, row in rows}
        _mark_used(shard.file)
        return shard

    def get(self, key: str) -> Any | None:
        """The stored row of ``key``, or None."""
        row = self.stored.pop(key, None)
        if row is not None:
            self.stored[key] = row  # now the most recently used
        return row

    def drop(self, key: str) -> None:
        """Forget a row its reader could not use (a row of the wrong shape)."""
        if self.stored.pop(key, None) is not None:
            self.dirty = True

    def put(self, key: str, row: bytes) -> None:
        """Remember ``row`` (one JSON value, serialised) for ``key``."""
        self.stored.pop(key, None)
        self.fresh[key] = row
        self.dirty = True

    def save(self) -> bool:
        """Write the shard if anything was added or dropped; returns True when written."""
        if not self.dirty:
            return False
        entries = [orjson.dumps([k, r]) for k, r in self.stored.items()]
        entries += [b"[" + orjson.dumps(k) + b"," + r + b"]" for k, r in self.fresh.items()]
        entries = entries[-BLOB_ROWS:]
        if not _write_shard(self.file, self._ident(), len(entries), b"[" + b",".join(entries) + b"]"):
            return False
        self.dirty = False
        return True


#: Shards not used for this long are deleted (their folders are likely gone).
UNUSED_DAYS = 30
_DAY = 86400


def _mark_used(file: Path) -> None:
    # A shard's mtime says when it was last used; refreshed at most daily (one utime).
    with contextlib.suppress(OSError):
        if file.stat().st_mtime < time.time() - _DAY:
            os.utime(file)


def prune(folder: Path | None = None, *, days: float = UNUSED_DAYS, force: bool = False) -> int:
    """Delete shards unused for ``days``; at most once a day unless ``force``.  Returns how many."""
    folder = folder or cache_dir()
    stamp = folder / ".pruned"
    now = time.time()
    try:
        if not force and stamp.stat().st_mtime > now - _DAY:
            return 0
    except OSError:
        pass
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.endswith((".json", ".tmp")):
            continue
        with contextlib.suppress(OSError):
            if entry.stat().st_mtime < now - days * _DAY:
                os.unlink(entry.path)
                removed += 1
    with contextlib.suppress(OSError):
        stamp.touch()
    return removed


def _replace_atomically(target: Path, payload: bytes) -> None:
    """Write a temporary file beside ``target``, then rename it over ``target``.

    Readers see the old shard or the new one, never a mix, and of two processes
    writing at once the last rename wins whole.  Unlike recordings (saved through
    :mod:`writer`, with ``fsync``), a shard is not synced: it can be rebuilt, and a
    shard torn by a crash fails its CRC and is ignored.
    """
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".shard-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_shard(target: Path, ident: dict[str, Any], count: int, body: bytes) -> bool:
    """Write a shard: the header (format, version, ``ident``, count, CRC-32 of ``body``), then ``body``.

    Every kind of shard goes through here and :func:`_read_shard`, so all share one
    format and one set of checks.  A cache that cannot be written is not an error.
    """
    header = {"format": _MAGIC, "version": CACHE_VERSION, **ident, "count": count, "crc": zlib.crc32(body)}
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _replace_atomically(target, orjson.dumps(header) + b"\n" + body)
    except OSError:
        return False
    prune(target.parent)
    return True


def _read_shard(raw: bytes, ident: dict[str, Any]) -> list[Any] | None:
    """The rows of a shard whose header matches ``ident`` and whose body is whole; else None."""
    head, sep, body = raw.partition(b"\n")
    if not sep:
        return None
    try:
        header = orjson.loads(head)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(header, dict):
        return None
    if (
        header.get("format") != _MAGIC
        or header.get("version") != CACHE_VERSION
        or any(header.get(k, "" if k == "part" else None) != v for k, v in ident.items())
        or header.get("crc") != zlib.crc32(body)
    ):
        return None
    try:
        rows = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(rows, list) or len(rows) != header.get("count"):
        return None
    return rows


def _parse(raw: bytes, folder: str, rules: str, part: str) -> dict[str, list[Any]] | None:
    """The rows of a shard file by file name, or None when anything about it is off."""
    rows = _read_shard(raw, {"code": code_fingerprint(), "rules": rules, "folder": folder, "part": part})
    if rows is None:
        return None
    stored: dict[str, list[Any]] = {}
    for row in rows:
        if not (
            isinstance(row, list)
            and len(row) == _ROW_LEN
            and isinstance(row[0], str)
            and isinstance(row[1], int)
            and isinstance(row[2], int)
            and isinstance(row[-1], str)
            and isinstance(row[-2], str)
            and isinstance(row[_ROW_PROBLEMS], list)
        ):
            return None
        stored[row[0]] = row
    return stored


def racy_threshold(start_ns: int | None = None) -> int:
    """Files with ``mtime_ns`` at or after this are too fresh to cache."""
    start = time.time_ns() if start_ns is None else start_ns
    return start - int(RACY_SECONDS * 1e9)


def clear_cache() -> int:
    """Delete every shard; returns how many were removed."""
    n = 0
    folder = cache_dir()
    try:
        names: Iterable[str] = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        if name.endswith(".json") or name.endswith(".tmp"):
            try:
                os.unlink(folder / name)
                n += 1
            except OSError:
                pass
    return n
