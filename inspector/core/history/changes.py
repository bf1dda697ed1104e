"""What a git range did to the recordings: status, classes and hash status per file.

The flow: :func:`resolve_range` turns ``A..B`` / ``A...B`` / ``REV`` / nothing into two
ends (a commit, and a commit or the working tree); ``git diff --raw`` lists the
changed files with their blob ids; the blobs are read through the repository's one
``git cat-file --batch`` process; each side becomes a :class:`Side` (cached by blob id,
so a blob seen twice is read and rebuilt once); removed and added files holding the
same request are paired as renames; each pair is classified.

The classes, for modified and renamed files (several can apply):

``request``   the request changed in a part the hash reads: test id, method, URL
              path, body (payload, kwargs) after normalisation.  A test id change
              counts even where today's hash leaves it out (shared model lists).
``response``  the rebuilt response changed (text, reasoning, tool calls, finish
              reason, usage, error), or a response value beyond churn did.
``churn``     what the recorder regenerates changed (ids, ``created``, timestamps,
              durations, ``obfuscation``, ``system_fingerprint``), or a stream was
              cut into other chunks with the same rebuilt result.
``other``     neither the hash nor the rebuilt response sees it: the URL's host, a
              ``__type__`` label, the stored ``endpoint``/``model``/headers, text that
              normalisation removes, formatting.
``healed``    the new version carries ``heal``'s top-level ``healed`` marker: it was
              written from another recording, not re-recorded (added files too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from inspector.core.history.git import ZERO, GitError, Repo
from inspector.core.history.sides import (
    Side,
    classify_pair,
    hashed_request,
    load_row,
    reduce_batch,
    reduce_blob,
    side_of,
)
from inspector.core.index.cache import BlobShard, code_fingerprint
from inspector.core.index.listing import Miss, Pipeline, Work, default_workers
from inspector.core.recording.diff import PathChange, json_diff
from inspector.core.recording.discovery import is_recording_path
from inspector.core.rules import profiles

__all__ = [
    "CLASSES",
    "ChangeSet",
    "ChangeStats",
    "FileChange",
    "Range",
    "Side",
    "SideCache",
    "classify_pair",
    "collect_changes",
    "hashed_request",
    "is_recording_path",
    "resolve_range",
    "side_of",
]

CLASSES = ("request", "response", "churn", "other", "healed")
STATUSES = ("added", "removed", "renamed", "modified")

#: git's empty tree: the "before" of a repository with no commit yet
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

# --- ranges ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Range:
    """Two ends of a comparison: ``old`` is a commit id, ``new`` a commit id or ``None`` (the working tree)."""

    spec: str  # as the user wrote it ("" for HEAD against the working tree)
    old: str
    new: str | None
    old_label: str
    new_label: str

    @property
    def worktree(self) -> bool:
        return self.new is None


def resolve_range(repo: Repo, spec: str | None) -> Range:
    """``A..B``, ``A...B`` (from the merge base), ``REV`` (against the working tree), or ``None`` (HEAD against it)."""
    if not spec:
        try:
            head = repo.resolve("HEAD")
        except GitError:
            return Range("", EMPTY_TREE, None, "(no commit)", "working tree")
        return Range("", head, None, "HEAD", "working tree")
    if "..." in spec:
        a, b = spec.split("...", 1)
        a_sha, b_sha = repo.resolve(a or "HEAD"), repo.resolve(b or "HEAD")
        base = repo.merge_base(a_sha, b_sha)
        return Range(spec, base, b_sha, f"merge base of {a or 'HEAD'} and {b or 'HEAD'}", b or "HEAD")
    if ".." in spec:
        a, b = spec.split("..", 1)
        return Range(spec, repo.resolve(a or "HEAD"), repo.resolve(b or "HEAD"), a or "HEAD", b or "HEAD")
    return Range(spec, repo.resolve(spec), None, spec, "working tree")


# --- the rows -------------------------------------------------------------------------


@dataclass(slots=True)
class FileChange:
    """One recording a range changed."""

    status: str  # added | removed | renamed | modified
    path: str  # from the repository root; the old path for a removed file
    old_path: str | None
    test_id: str | None
    classes: tuple[str, ...]
    hash_before: str | None
    hash_after: str | None
    request_changes: list[PathChange] = field(default_factory=list)
    text_before: str | None = None
    text_after: str | None = None
    old_blob: str | None = None  # blob ids (None: absent, or the working tree)
    new_blob: str | None = None
    other: list[str] = field(default_factory=list)  # where an ``other`` change is

    readable: bool = True  # the new side is a readable recording

    @property
    def stale(self) -> bool:
        """The change made the file unreachable: not ok after but ok before, or added not ok.

        An added file with no hash rule at all (a file-processor call, which replay never
        looks up) is not stale; an added file that cannot be read is.
        """
        if self.status == "removed" or self.hash_after in (None, "ok"):
            return False
        if self.status == "added":
            return self.hash_after != "unknown" or not self.readable
        return self.hash_before == "ok"

    @property
    def churn_only(self) -> bool:
        return self.classes == ("churn",)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "path": self.path,
            "old_path": self.old_path,
            "test_id": self.test_id,
            "classes": list(self.classes) if self.status in ("modified", "renamed") or self.classes else None,
            "hash_before": self.hash_before,
            "hash_after": self.hash_after,
        }


@dataclass(slots=True)
class ChangeSet:
    """Every changed recording of a range, in test order, with the range itself."""

    range: Range
    changes: list[FileChange]
    root: Path

    def __iter__(self) -> Iterator[FileChange]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    @property
    def stale(self) -> list[FileChange]:
        return [c for c in self.changes if c.stale]

    def counts(self) -> dict[str, int]:
        """How many files per status and per class (a file counts once per class it has)."""
        c: Counter[str] = Counter()
        for ch in self.changes:
            c[ch.status] += 1
            for k in ch.classes:  # (an added file has a class only when healed)
                c[k] += 1
        c["stale"] = len(self.stale)
        return {k: c[k] for k in (*STATUSES, *CLASSES, "stale")}

    def by_test(self) -> list[tuple[str | None, list[FileChange]]]:
        groups: dict[str | None, list[FileChange]] = {}
        for ch in self.changes:
            groups.setdefault(ch.test_id, []).append(ch)
        return list(groups.items())

    @property
    def exit_code(self) -> int:
        return 1 if self.stale else 0


class SideCache:
    """Sides in memory by rule set, blob id and file name: a blob met again in one process
    (both ends of many ranges, the app re-marking) is not even looked up on disk."""

    def __init__(self, limit: int = 2000) -> None:
        self._sides: dict[tuple[str, str, str], Side] = {}
        self.limit = limit

    def get(self, key: tuple[str, str, str]) -> Side | None:
        return self._sides.get(key)

    def put(self, key: tuple[str, str, str], side: Side) -> None:
        if len(self._sides) >= self.limit:
            self._sides.pop(next(iter(self._sides)))
        self._sides[key] = side


@dataclass(slots=True)
class ChangeStats:
    """What one :func:`collect_changes` run did (pass ``stats=`` to see it)."""

    sides: int = 0  # versions compared (blobs and working-tree files)
    memory: int = 0  # sides found in this process's memory
    cached: int = 0  # sides read from the on-disk cache (no blob read)
    read: int = 0  # versions whose bytes were read (from git or the working tree) and reduced
    workers: int = 0  # worker processes used (0: all in this process)
    shards_written: int = 0


_SHARED_CACHE = SideCache()
_BATCH = 256  # blobs per cat-file pass: a batch's bytes are dropped once reduced
# The subpackages whose code decides what a side holds, beside those of the index's summaries.
_SIDE_CODE = ("history",)


@dataclass(slots=True)
class _Need:
    """One version to reduce: where it is and, once known, its side."""

    path: str
    blob: str | None  # None: the working tree's file
    rev: str | None
    side: Side | None = None


class _Sides:
    """Every version a range compares, reduced: from memory, from the blob cache, or read and
    reduced (here, or by the index's worker pool once enough misses say the cache is cold)."""

    def __init__(
        self, repo: Repo, rules: profiles.RuleSet, cache: SideCache, use_cache: bool, workers: int | None, stats: ChangeStats
    ) -> None:
        self.repo, self.rules, self.cache, self.use_cache, self.stats = repo, rules, cache, use_cache, stats
        self.workers = workers
        self.code = code_fingerprint(_SIDE_CODE)
        self.shards: dict[str, BlobShard] = {}

    def _shard(self, blob: str) -> BlobShard:
        part = BlobShard.part_of(blob)
        shard = self.shards.get(part)
        if shard is None:
            shard = self.shards[part] = BlobShard.load(self.rules.name, self.code, part)
        return shard

    def _cached(self, need: _Need) -> Side | None:
        name = PurePosixPath(need.path).name
        if need.blob is None:
            return None
        mem_key = (self.rules.name, need.blob, name)
        side = self.cache.get(mem_key)
        if side is not None:
            self.stats.memory += 1
            return side
        if not self.use_cache:
            return None
        shard = self._shard(need.blob)
        row = shard.get(f"{need.blob} {name}")
        if row is None:
            return None
        try:
            side = Side.from_row(row)
        except (TypeError, ValueError):
            shard.drop(f"{need.blob} {name}")  # a row of the wrong shape: reduced again
            return None
        self.stats.cached += 1
        self.cache.put(mem_key, side)
        return side

    def resolve(self, needs: list[_Need]) -> None:
        """Give every need its side."""
        self.stats.sides += len(needs)
        for n in needs:
            n.side = self._cached(n)
        # One blob under one name twice (moved to another folder): reduced once.
        first: dict[tuple[str, str], _Need] = {}
        twins: list[tuple[_Need, _Need]] = []
        misses: list[_Need] = []
        for n in needs:
            if n.side is not None:
                continue
            key = (n.blob, PurePosixPath(n.path).name) if n.blob is not None else None
            if key is not None and key in first:
                twins.append((n, first[key]))
                continue
            if key is not None:
                first[key] = n
            misses.append(n)
        if misses:
            self.reduce_blob(misses)
        for n, original in twins:
            n.side = original.side
            self.stats.memory += 1

    def reduce_blob(self, misses: list[_Need]) -> None:
        rules = self.rules

        def made(miss: Miss, row: bytes) -> Side:
            need, found = miss.owner
            side = Side.from_row(load_row(row))
            self.stats.read += 1
            if need.blob is not None and found:  # a blob git could not give (a partial clone) is not cached
                self.cache.put((rules.name, need.blob, side.name), side)
                if self.use_cache:
                    self._shard(need.blob).put(f"{need.blob} {side.name}", row)
            need.side = side
            return side

        work = Work(reduce_batch, (rules,), lambda item: reduce_blob(item[0], item[1], rules), made)
        n_workers = default_workers() if self.workers is None else self.workers
        # What is left to read is not known before it is read: the batch at hand, and its mean for the rest.
        pipe = Pipeline(work, n_workers, self.workers is not None, 0, self.stats)
        blobs = self.repo.blobs
        try:
            for start in range(0, len(misses), _BATCH):
                batch = misses[start : start + _BATCH]
                contents = blobs.read_many([n.blob for n in batch if n.blob is not None])
                raws = [self._raw(n, contents) for n in batch]
                left = sum(len(r) for r, _found in raws)
                mean = left // len(batch)
                for need, (raw, found) in zip(batch, raws, strict=True):
                    pipe.remaining = left + mean * (len(misses) - start - len(batch))
                    left -= len(raw)
                    pipe.add(Miss((raw, need.path), len(raw), (need, found)))
                    if pipe.pool is None:
                        for _ in pipe.ready(block=True):
                            pass
                    elif len(pipe.queue) > _BATCH:  # far enough ahead of the workers: wait for them
                        for _ in pipe.ready(block=True, until=_BATCH // 2):
                            pass
                del contents, raws
            for _ in pipe.ready(block=True):
                pass
        finally:
            pipe.close()

    def _raw(self, need: _Need, contents: dict[str, bytes | None]) -> tuple[bytes, bool]:
        """A version's bytes, and whether they are the blob's (else: an unreadable side, not cached)."""
        if need.blob is None:
            return _read_worktree(self.repo.root, need.path), False
        raw = contents.get(need.blob)
        if raw is None and need.rev is not None:
            raw = self.repo.blobs.read(f"{need.rev}:{need.path}")
        return (raw, True) if raw is not None else (b"", False)

    def save(self) -> None:
        for shard in self.shards.values():
            if shard.save():
                self.stats.shards_written += 1


def _pair_renames(removed: list[tuple[str, Side]], added: list[tuple[str, Side]]) -> list[tuple[str, str]]:
    """Removed/added paths holding the same request: the same test id and request first, then the request alone."""
    pairs: list[tuple[str, str]] = []
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    for attr in ("key", "loose_key"):
        by_key: dict[str, list[str]] = {}
        for path, side in removed:
            if side.ok and path not in taken_old:
                by_key.setdefault(getattr(side, attr), []).append(path)
        for path, side in added:
            if not side.ok or path in taken_new:
                continue
            olds = by_key.get(getattr(side, attr))
            if olds:
                old = olds.pop(0)
                pairs.append((old, path))
                taken_old.add(old)
                taken_new.add(path)
    return pairs


def collect_changes(
    repo: Repo,
    rng: Range,
    paths: Iterable[str] = (),
    *,
    rules: profiles.RuleSet = profiles.NEWEST,
    untracked: bool = True,
    cache: SideCache | None = None,
    use_cache: bool = True,
    workers: int | None = None,
    stats: ChangeStats | None = None,
) -> ChangeSet:
    """Every recording that differs between the range's ends (``paths``: folders from the root).

    ``cache``: sides in memory (default: one per process); ``use_cache``: read and
    update the on-disk blob cache; ``workers``: processes to reduce with (default
    :func:`~inspector.core.index.listing.default_workers`; 1 keeps everything here).
    """
    limit = [p for p in paths if p]
    stats = stats if stats is not None else ChangeStats()

    def inside(path: str | None) -> bool:
        return path is not None and (not limit or any(path == p or path.startswith(p.rstrip("/") + "/") for p in limit))

    # Added and removed files outside the folders are read too: one may be the other end of a rename into them.
    raw_changes = [
        c
        for c in repo.diff_raw(rng.old, rng.new)
        if is_recording_path(c.path) and (inside(c.path) or c.old_blob is None or c.new_blob is None)
    ]
    extra_added: list[str] = []
    if rng.worktree and untracked:
        extra_added = [p for p in repo.untracked() if is_recording_path(p)]

    def need(path: str, blob: str, rev: str | None) -> _Need:
        return _Need(path, None if blob == ZERO else blob, rev)  # ZERO: the working tree's side

    # Every version first, so that the cache is asked about all before anything is read.
    plan: list[tuple[Any, _Need | None, _Need | None]] = []
    for c in raw_changes:
        if c.old_blob is None and c.new_blob is None:
            continue
        plan.append((c, need(c.path, c.old_blob, rng.old) if c.old_blob else None, need(c.path, c.new_blob, rng.new) if c.new_blob else None))
    untracked_needs = [_Need(p, None, None) for p in extra_added]
    sides = _Sides(repo, rules, cache or _SHARED_CACHE, use_cache, workers, stats)
    try:
        sides.resolve([n for _c, a, b in plan for n in (a, b) if n is not None] + untracked_needs)
    finally:
        sides.save()

    removed: list[tuple[str, Side]] = []
    added: list[tuple[str, Side]] = []
    rows: list[FileChange] = []
    for c, a, b in plan:
        if a is None:
            added.append((c.path, _side(b)))
        elif b is None:
            removed.append((c.path, _side(a)))
        else:
            rows.append(_row("modified", c.path, None, _side(a), _side(b), rules, c.old_blob, _blob(c.new_blob)))
    added += [(n.path, _side(n)) for n in untracked_needs]

    blob_of = {c.path: (c.old_blob, _blob(c.new_blob)) for c in raw_changes}
    pairs = _pair_renames(removed, added)
    old_of = {new: old for old, new in pairs}
    sides_removed = dict(removed)
    paired_old = set(old_of.values())

    def name(path: str) -> str:
        return PurePosixPath(path).name

    for path, b in added:
        old = old_of.get(path)
        if old is not None:
            rows.append(_row("renamed", path, old, sides_removed[old], b, rules, blob_of.get(old, (None, None))[0], blob_of.get(path, (None, None))[1]))
        else:
            rows.append(
                FileChange(
                    "added", path, None, b.test_id, ("healed",) if _healed(b) else (), None, _status(b, name(path), rules),
                    new_blob=blob_of.get(path, (None, None))[1], text_after=b.text if b.ok else None, readable=b.ok,
                )
            )
    for path, a in removed:
        if path in paired_old:
            continue
        rows.append(
            FileChange(
                "removed", path, None, a.test_id, (), _status(a, name(path), rules), None,
                old_blob=blob_of.get(path, (None, None))[0], text_before=a.text if a.ok else None,
            )
        )
    rows = [r for r in rows if inside(r.path) or inside(r.old_path)]
    rows.sort(key=lambda r: (r.test_id or "\uffff", r.path))
    return ChangeSet(rng, rows, repo.root)


def _side(need: _Need | None) -> Side:
    assert need is not None and need.side is not None  # resolve() gave every need its side
    return need.side


def _blob(sha: str | None) -> str | None:
    return None if sha in (None, ZERO) else sha


def _status(side: Side, name: str, rules: profiles.RuleSet) -> str:
    return side.status_for(name, rules)


def _healed(side: Side) -> bool:
    """The side carries heal's marker (``core/checks/healed.py``'s ``HEALED_KEY``, a sibling layer)."""
    return side.ok and isinstance(side.extras.get("healed"), dict)


def _row(
    status: str, path: str, old_path: str | None, a: Side, b: Side, rules: profiles.RuleSet, ob: str | None, nb: str | None
) -> FileChange:
    classes, req = classify_pair(a, b) if a.digest != b.digest else ((), [])  # a pure move changes nothing
    if _healed(b):
        classes = (*classes, "healed")
    before = a.status_for(PurePosixPath(old_path or path).name, rules)
    after = b.status_for(PurePosixPath(path).name, rules)
    texts = (a.text, b.text) if "response" in classes and a.ok and b.ok else (None, None)
    row = FileChange(
        status, path, old_path, b.test_id if b.ok else a.test_id, classes, before, after, req, texts[0], texts[1], ob, nb,
        readable=b.ok,
    )
    if "other" in classes and a.ok and b.ok:
        row.other = _other_paths(a, b, bool(req))
    return row


def _other_paths(a: Side, b: Side, request_changed: bool) -> list[str]:
    """Where an ``other`` change is: ``request.url``, ``request.endpoint``, ``__type__``…"""
    out = [f"request.{c.path}" for c in json_diff(a.unhashed, b.unhashed) if not (request_changed and c.path.startswith("raw body"))]
    out = list(dict.fromkeys(p.split("[")[0] if p.startswith("request.url") else p for p in out))
    if a.labels != b.labels:
        out.append("__type__")
    out += [c.path for c in json_diff(a.extras, b.extras)]
    return out or ["formatting"]


def _read_worktree(root: Path, path: str) -> bytes:
    try:
        with open(root / path, "rb") as f:
            return f.read()
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror or exc}".encode()  # becomes an unreadable side
