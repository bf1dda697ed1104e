"""Finding recordings on disk.

A folder is searched for ``*.json`` files that sit under a folder named
``recordings`` (every layout the recorder has used: ``…/recordings/<sha256>.json``,
``recordings/responses/<h12>.json``, ``recordings/vision/responses/…``,
``models-<hash>-<digest>.json``).  A folder with no ``recordings`` folder inside
it is taken as a folder of recordings itself.  A file named directly is always
taken.  The 2025 layout's ``index.sqlite`` is read when present.

Nothing here raises for what it finds: loops, unreadable folders and index rows
whose file is missing come back as :class:`DiscoveryIssue` values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from inspector.core.base.writer import temp_target

__all__ = [
    "IndexRow",
    "DiscoveryIssue",
    "Discovery",
    "discover",
    "read_sqlite_index",
    "leftover_target",
    "is_recording_path",
    "RECORDINGS_DIR",
]

_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".inspector-trash"})


@dataclass(frozen=True, slots=True)
class IndexRow:
    """A row of the 2025 layout's ``index.sqlite``."""

    request_hash: str
    response_file: str
    endpoint: str | None
    model: str | None
    timestamp: str | None
    is_streaming: bool | None
    path: Path  # where the file should be


@dataclass(frozen=True, slots=True)
class DiscoveryIssue:
    """Something found while searching that is worth telling the user."""

    path: Path
    code: str  # missing-path | unreadable-dir | symlink-loop | index-missing-file | bad-index
    message: str


@dataclass(slots=True)
class Discovery:
    """What a search found: recording files, index rows by file, and issues."""

    files: list[Path] = field(default_factory=list)
    index_rows: dict[Path, IndexRow] = field(default_factory=dict)
    issues: list[DiscoveryIssue] = field(default_factory=list)
    roots: list[Path] = field(default_factory=list)
    leftovers: list[Path] = field(default_factory=list)  # temporary files of interrupted saves


#: The file name a save was writing, for the name of its leftover temporary file (the writer's rule).
leftover_target = temp_target

#: The folder name every recorder layout keeps recordings under.
RECORDINGS_DIR = "recordings"


def is_recording_path(path: str) -> bool:
    """A ``.json`` file below a ``recordings`` folder (a repository-relative POSIX path, as git names it)."""
    p = PurePosixPath(path)
    return p.suffix == ".json" and RECORDINGS_DIR in p.parts[:-1]


def read_sqlite_index(db: Path) -> tuple[list[IndexRow], str | None]:
    """Rows of a 2025-era ``index.sqlite`` (read-only); ``(rows, error)``."""
    import sqlite3  # here: only the 2025 layout has an index, and listings start faster without it

    responses = db.parent / "responses"
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        return [], f"cannot open index: {exc}"
    try:
        cur = con.execute(
            "SELECT request_hash, response_file, endpoint, model, timestamp, is_streaming FROM recordings"
        )
        rows = [
            IndexRow(
                str(h),
                str(f),
                e,
                m or None,
                t,
                None if s is None else bool(s),
                responses / str(f),
            )
            for h, f, e, m, t, s in cur.fetchall()
        ]
        return rows, None
    except sqlite3.Error as exc:
        return [], f"unreadable index: {exc}"
    finally:
        con.close()


def _has_recordings_dir(root: Path, issues: list[DiscoveryIssue]) -> bool:
    return any("recordings" in dirnames for _dirpath, dirnames, _files in _walk(root, issues, report=False))


def _walk(root: Path, issues: list[DiscoveryIssue], *, report: bool = True):
    """os.walk that follows directory symlinks once and reports loops and unreadable folders."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        current = stack.pop()
        try:
            st = current.stat()
        except OSError as exc:
            if report:
                issues.append(DiscoveryIssue(current, "unreadable-dir", f"cannot read folder: {exc.strerror or exc}"))
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            if report:
                issues.append(DiscoveryIssue(current, "symlink-loop", "folder reached twice (symlink loop), skipped"))
            continue
        seen.add(key)
        try:
            entries = list(os.scandir(current))
        except OSError as exc:
            if report:
                issues.append(DiscoveryIssue(current, "unreadable-dir", f"cannot read folder: {exc.strerror or exc}"))
            continue
        dirnames: list[str] = []
        filenames: list[str] = []
        for entry in entries:
            try:
                if entry.is_dir():
                    if entry.name not in _SKIP_DIRS:
                        dirnames.append(entry.name)
                else:
                    filenames.append(entry.name)
            except OSError:
                filenames.append(entry.name)
        dirnames.sort()
        yield current, dirnames, filenames
        for d in reversed(dirnames):
            stack.append(current / d)


def discover(paths: list[str | os.PathLike[str]]) -> Discovery:
    """Find every recording file under ``paths`` (files and/or folders)."""
    result = Discovery()
    seen_files: set[Path] = set()
    # One folder's walk never meets a file twice (each folder is entered once), and hashing
    # Path objects is a third of the time at 100,000 files: only several roots need the check.
    dedupe = len(paths) > 1
    for raw in paths:
        p = Path(raw)
        result.roots.append(p)
        if not os.path.lexists(p):
            result.issues.append(DiscoveryIssue(p, "missing-path", "no such file or folder"))
            continue
        if p.is_file() or (not p.is_dir() and p.suffix == ".json"):
            if p not in seen_files:
                seen_files.add(p)
                result.files.append(p)
            continue
        if not p.is_dir():
            result.issues.append(DiscoveryIssue(p, "missing-path", "not a file or folder (broken symlink?)"))
            continue
        inside = p.name == "recordings" or any(part == "recordings" for part in p.resolve().parts)
        only_recordings = not inside and _has_recordings_dir(p, [])
        for dirpath, _dirs, files in _walk(p, result.issues):
            in_rec = inside or not only_recordings or "recordings" in dirpath.relative_to(p).parts
            if not in_rec:
                continue
            if "index.sqlite" in files:
                rows, err = read_sqlite_index(dirpath / "index.sqlite")
                if err:
                    result.issues.append(DiscoveryIssue(dirpath / "index.sqlite", "bad-index", err))
                for row in rows:
                    result.index_rows[row.path] = row
                    if not row.path.exists():
                        result.issues.append(
                            DiscoveryIssue(row.path, "index-missing-file", f"index.sqlite lists {row.response_file} but the file is missing")
                        )
            for name in sorted(files):
                if temp_target(name):
                    result.leftovers.append(dirpath / name)
                elif name.endswith(".json"):
                    f = dirpath / name
                    if not dedupe:
                        result.files.append(f)
                    elif f not in seen_files:
                        seen_files.add(f)
                        result.files.append(f)
    result.files.sort()
    return result
