"""Curating recordings: duplicate as a new fixture, move, delete into a trash, restore.

Everything happens inside one root folder (the folder the user opened, usually
the repository): no name taken from a file or a test id can make a file land
outside it (``..``, absolute paths and symlinks pointing out are refused).
Deleting moves a file into ``<root>/.inspector-trash/<entry>/`` beside a small
``trash-info.json`` that says where it came from, so it can be restored.

Single operations raise :class:`CurateError` with a one-line message; the
``*_many`` versions act on many files and report each one, never stopping at
the first failure.  Every file is written or moved through :mod:`.writer`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from inspector.core.base.jsonio import JsonError, parse_bytes
from inspector.core.base.writer import (
    ConflictError,
    WriteError,
    fingerprint_bytes,
    move_file,
    remove_file,
    render,
    write_text_atomic,
)
from inspector.core.edit.ids import old_id_hash, repoint_ids, with_test_id
from inspector.core.edit.outcome import EditError
from inspector.core.edit.root import OutsideRootError, Root, safe_relative
from inspector.core.recording.loading import Recording
from inspector.core.rules import hashing, layout, profiles

__all__ = [
    "DuplicateSource",
    "TRASH_DIR",
    "CurateError",
    "CurateResult",
    "TrashEntry",
    "Curator",
]

#: The trash folder, directly under the root (discovery never lists it).
TRASH_DIR = ".inspector-trash"
_INFO = "trash-info.json"

T = TypeVar("T")


class CurateError(EditError):
    """A curating action that did not happen; nothing was changed."""


@dataclass(frozen=True, slots=True)
class CurateResult:
    """What happened to one file.

    ``status``: ``done``; ``identical`` (the destination already held exactly
    this file, so nothing new was written); ``failed`` (``message`` says why).
    """

    source: Path
    target: Path | None
    status: str
    message: str
    trash_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass(frozen=True, slots=True)
class TrashEntry:
    """One deleted file waiting in the trash."""

    id: str
    original: str  # path relative to the root
    deleted_at: str  # ISO 8601, UTC
    batch: str  # files deleted together share a batch
    size: int
    sha256: str
    file: Path  # where the file is in the trash
    order: int = 0  # when it was deleted, in nanoseconds (sorting)

    @property
    def name(self) -> str:
        return Path(self.original).name


class DuplicateSource:
    """A recording read and checked once, to plan copies of it under test ids.

    A dialog asks :meth:`target` on every keystroke: that hashes only the request under
    the new test id.  Re-pointing the response's ids (a walk over every chunk of a 1 MB
    stream) waits for :meth:`plan`, when the copy is made.
    """

    def __init__(self, curator: Curator, path: str | os.PathLike[str]) -> None:
        self.curator = curator
        self.path = src = curator._source(path)
        try:
            self.data = parse_bytes(src.read_bytes())
        except JsonError as exc:
            raise CurateError(f"{src.name}: {exc.reason}") from None
        except OSError as exc:
            raise CurateError(f"{src.name}: cannot read: {exc.strerror or exc}") from None
        rec = Recording(src, self.data)
        if not rec.ok:
            raise CurateError(f"{src.name}: {rec.problem}")
        self._body = rec.response_raw.get("body")

    def _named(self, test_id: str) -> tuple[Path, dict[str, Any], str]:
        test_file = layout.test_file_of(test_id)
        reason = layout.unsafe_reason(str(test_file), "test id's file") if test_file is not None else None
        if reason is not None:
            raise CurateError(reason)
        if test_file is None or len(test_file.parts) < 2:
            raise CurateError(f"the test id {test_id!r} has no test file folder (expected e.g. tests/x/test_y.py::test_z)")
        src, curator = self.path, self.curator
        new_data = with_test_id(self.data, test_id)  # shallow: the response is shared, not copied
        new_rec = Recording(None, new_data)
        new_hash = hashing.request_hash(new_rec.request_raw, new_rec.test_id, curator.rules)
        if new_hash is None:
            raise CurateError(f"{src.name}: no hash rule for this kind of request, so it cannot be named")
        # The copy is a new fixture of that test: its folder under the repository root, never "where it is".
        base = layout.repo_root(src, test_id) or curator.root.path
        name = layout.file_name_for(new_rec.request_raw, new_hash, self._body, src.name, curator.rules)
        target = base / layout.recordings_dir_of(test_id) / name
        curator._inside(target, "new fixture")
        return target, new_data, new_hash

    def target(self, test_id: str) -> Path:
        """Where the copy under ``test_id`` would go (raises :class:`CurateError` when it cannot)."""
        return self._named(test_id)[0]

    def plan(self, test_id: str) -> tuple[Path, Any]:
        """The copy's path and its whole document, ids re-pointed to the new hash (nothing written)."""
        target, new_data, new_hash = self._named(test_id)
        old_hash, _digest = hashing.parse_file_name(self.path.name)
        old12 = old_id_hash(old_hash, self.data.get("response"))
        if old12 and "response" in new_data:  # (a captured miss has none)
            response, count = repoint_ids(new_data["response"], old12, new_hash[:12])
            if count:
                new_data = {**new_data, "response": response}
        return target, new_data


class Curator:
    """Curating actions confined to ``root``."""

    def __init__(self, root: str | os.PathLike[str], *, rules: profiles.RuleSet = profiles.NEWEST) -> None:
        try:
            self.root = Root(root)
        except EditError as exc:
            raise CurateError(exc.reason) from None
        self.rules = rules

    @property
    def trash_dir(self) -> Path:
        return self.root.path / TRASH_DIR

    # -- checks ------------------------------------------------------------------

    def _source(self, path: str | os.PathLike[str]) -> Path:
        p = Path(os.path.abspath(path))
        try:
            self.root.check(p, "file")
        except OutsideRootError as exc:
            raise CurateError(exc.reason) from None
        if p.is_symlink():
            raise CurateError(f"{p.name} is a symbolic link; act on the file it points to")
        if not p.exists():
            raise CurateError(f"{self.root.display(p)}: no such file")
        if not p.is_file():
            raise CurateError(f"{self.root.display(p)} is not a file")
        if self.trash_dir in p.parents:
            raise CurateError(f"{self.root.display(p)} is in the trash; restore it instead")
        return p

    def _inside(self, p: Path, what: str) -> Path:
        try:
            return self.root.check(p, what)
        except OutsideRootError as exc:
            raise CurateError(exc.reason) from None

    def _mkdir(self, folder: Path) -> bool:
        """Create ``folder`` (inside the root); True when it was created."""
        self._inside(folder, "folder")
        if folder.is_dir():
            return False
        if folder.exists():
            raise CurateError(f"{self.root.display(folder)} exists and is not a folder")
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise CurateError(f"cannot create {self.root.display(folder)}: {exc.strerror or exc}") from None
        self._inside(folder, "folder")  # a symlink raced in meanwhile?
        return True

    # -- duplicate -----------------------------------------------------------------

    def plan_duplicate(self, path: str | os.PathLike[str], test_id: str) -> tuple[Path, Any]:
        """Where a copy of ``path`` under ``test_id`` would go, and its document (nothing written)."""
        return self.duplicate_source(path).plan(test_id)

    def duplicate_source(self, path: str | os.PathLike[str]) -> DuplicateSource:
        """``path`` read once, to name copies of it under any test id (see :class:`DuplicateSource`)."""
        return DuplicateSource(self, path)

    def duplicate(self, path: str | os.PathLike[str], test_id: str) -> CurateResult:
        """Copy a recording as a new fixture of ``test_id``: new hash, the test's folder, ids re-pointed."""
        src = Path(os.path.abspath(path))
        target, data = self.plan_duplicate(src, test_id)
        self._mkdir(target.parent)
        try:
            write_text_atomic(target, render(data), create=True)
        except ConflictError as exc:
            if exc.identical:
                return CurateResult(src, target, "identical", f"{self.root.display(target)} already exists with the same content")
            raise CurateError(f"{self.root.display(target)} already exists with different content; not overwriting it") from None
        except WriteError as exc:
            raise CurateError(str(exc)) from None
        return CurateResult(src, target, "done", f"{self.root.display(src)} → {self.root.display(target)}")

    # -- move ------------------------------------------------------------------------

    def move(self, path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> CurateResult:
        """Move a recording into ``folder`` (created if needed), keeping its name; never overwrites."""
        src = self._source(path)
        dest_folder = self._inside(Path(os.path.abspath(folder)), "destination")
        if self.trash_dir == dest_folder or self.trash_dir in dest_folder.parents:
            raise CurateError("the destination is the trash; delete the file instead")
        target = dest_folder / src.name
        if target == src:
            return CurateResult(src, target, "identical", f"{self.root.display(src)} is already in {self.root.display(dest_folder)}")
        created = self._mkdir(dest_folder)
        raw = src.read_bytes()
        try:
            move_file(src, target, expect=fingerprint_bytes(raw))
        except ConflictError as exc:
            if exc.identical:
                raise CurateError(
                    f"{self.root.display(target)} already exists with the same content; delete {src.name} instead"
                ) from None
            raise CurateError(f"{self.root.display(target)} already exists with different content; not overwriting it") from None
        except WriteError as exc:
            raise CurateError(str(exc)) from None
        note = f" (created {self.root.display(dest_folder)})" if created else ""
        hint = self._folder_hint(target, raw)
        return CurateResult(src, target, "done", f"{self.root.display(src)} → {self.root.display(target)}{note}{hint}")

    def _folder_hint(self, target: Path, raw: bytes) -> str:
        """A warning when the new folder is not where the recorder looks for this test id."""
        try:
            rec = Recording(target, parse_bytes(raw))
            if not rec.ok or layout.accepted(target, rec.test_id, self.rules):
                return ""
            wanted = layout.home(target, rec.test_id, self.rules)
        except (JsonError, EditError):
            return ""
        if wanted != target.parent:
            return f"; note: the recorder looks for this test's recordings in {self.root.display(wanted)}"
        return ""

    # -- trash -----------------------------------------------------------------------

    def delete(self, path: str | os.PathLike[str], *, batch: str | None = None) -> CurateResult:
        """Move a file into the trash (restorable with :meth:`restore`)."""
        src = self._source(path)
        try:
            raw = src.read_bytes()
        except OSError as exc:
            raise CurateError(f"{src.name}: cannot read: {exc.strerror or exc}") from None
        original = self.root.relative(src)
        now = datetime.now(UTC)
        stamp = now.strftime("%Y%m%dT%H%M%S")
        digest = hashlib.sha256(f"{original}\0{time.time_ns()}".encode()).hexdigest()[:8]
        entry_id = f"{stamp}-{digest}"
        entry_dir = self.trash_dir / entry_id
        self._make_trash()
        try:
            entry_dir.mkdir()
        except FileExistsError:
            raise CurateError(f"trash entry {entry_id} already exists; try again") from None
        except OSError as exc:
            raise CurateError(f"cannot create the trash folder: {exc.strerror or exc}") from None
        fp = fingerprint_bytes(raw)
        info = {
            "original": original,
            "deleted_at": now.isoformat(timespec="seconds"),
            "deleted_ns": time.time_ns(),
            "batch": batch or entry_id,
            "size": len(raw),
            "sha256": fp.sha256,
        }
        try:
            write_text_atomic(entry_dir / _INFO, (json.dumps(info, indent=2) + "\n").encode("ascii"), create=True)
            move_file(src, entry_dir / src.name, expect=fp)
        except WriteError as exc:
            shutil.rmtree(entry_dir, ignore_errors=True)
            raise CurateError(str(exc)) from None
        return CurateResult(src, entry_dir / src.name, "done", f"{original} → trash ({entry_id})", trash_id=entry_id)

    def _make_trash(self) -> None:
        """Create the trash with a ``.gitignore`` of ``*`` so git never offers to commit it."""
        if self._mkdir(self.trash_dir):
            ignore = b"# deleted recordings, restorable with `recording-inspector restore`\n*\n"
            with contextlib.suppress(WriteError):  # only a convenience
                write_text_atomic(self.trash_dir / ".gitignore", ignore, create=True)

    def trash(self) -> list[TrashEntry]:
        """The trash's entries, oldest first (unreadable entries are left out)."""
        entries: list[TrashEntry] = []
        if not self.trash_dir.is_dir():
            return entries
        for entry_dir in sorted(self.trash_dir.iterdir()):
            if not entry_dir.is_dir():
                continue
            entry = self._entry(entry_dir)
            if entry is not None:
                entries.append(entry)
        entries.sort(key=lambda e: (e.order, e.id))
        return entries

    def _entry(self, entry_dir: Path) -> TrashEntry | None:
        try:
            info = json.loads((entry_dir / _INFO).read_text("utf-8"))
            original = str(info["original"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        file = entry_dir / Path(original).name
        if not file.is_file():
            return None
        return TrashEntry(
            id=entry_dir.name,
            original=original,
            deleted_at=str(info.get("deleted_at", "")),
            batch=str(info.get("batch", entry_dir.name)),
            size=int(info.get("size", 0) or 0),
            sha256=str(info.get("sha256", "")),
            file=file,
            order=int(info.get("deleted_ns", 0) or 0),
        )

    def find_entries(self, ids: Iterable[str]) -> list[TrashEntry]:
        """Entries by id, unique id prefix, or original path; :class:`CurateError` for unknown ones."""
        entries = self.trash()
        out: list[TrashEntry] = []
        for key in ids:
            matches = [e for e in entries if e.id == key or e.original == key] or [e for e in entries if e.id.startswith(key)]
            if not matches:
                raise CurateError(f"nothing in the trash matches {key!r}")
            if len({e.id for e in matches}) > 1 and not all(e.original == key for e in matches):
                raise CurateError(f"{key!r} matches {len(matches)} trash entries; give more of the id")
            out.append(matches[-1])  # the latest deletion of a path
        return out

    def last_batch(self) -> list[TrashEntry]:
        """The entries deleted together most recently."""
        entries = self.trash()
        if not entries:
            return []
        batch = entries[-1].batch
        return [e for e in entries if e.batch == batch]

    def restore(self, entry: TrashEntry | str) -> CurateResult:
        """Put a trashed file back where it was; never over a different file."""
        if isinstance(entry, str):
            entry = self.find_entries([entry])[0]
        try:
            rel = safe_relative(entry.original, f"original path of trash entry {entry.id}")
        except OutsideRootError as exc:
            raise CurateError(exc.reason) from None
        target = self._inside(self.root.path / Path(*rel.parts), "restored file")
        self._mkdir(target.parent)
        entry_dir = entry.file.parent
        try:
            move_file(entry.file, target)
        except ConflictError as exc:
            if not exc.identical:
                raise CurateError(f"{entry.original} exists again with different content; not overwriting it") from None
            remove_file(entry.file)
            status, message = "identical", f"{entry.original} is already back with the same content; removed it from the trash"
        except WriteError as exc:
            raise CurateError(str(exc)) from None
        else:
            status, message = "done", f"trash ({entry.id}) → {entry.original}"
        shutil.rmtree(entry_dir, ignore_errors=True)
        return CurateResult(entry.file, target, status, message, trash_id=entry.id)

    def purge(self, entry: TrashEntry) -> None:
        """Delete a trash entry for good."""
        self._inside(entry.file, "trash entry")
        shutil.rmtree(entry.file.parent, ignore_errors=True)

    # -- batches ---------------------------------------------------------------------

    def duplicate_many(self, paths: Iterable[str | os.PathLike[str]], test_id: str) -> list[CurateResult]:
        """Duplicate each file under ``test_id``, reporting each."""
        return _each(paths, lambda p: self.duplicate(p, test_id))

    def move_many(self, paths: Iterable[str | os.PathLike[str]], folder: str | os.PathLike[str]) -> list[CurateResult]:
        """Move each file into ``folder``, reporting each."""
        return _each(paths, lambda p: self.move(p, folder))

    def delete_many(self, paths: Iterable[str | os.PathLike[str]]) -> list[CurateResult]:
        """Move each file into the trash as one batch (restorable together)."""
        batch = f"batch-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**8:08d}"
        return _each(paths, lambda p: self.delete(p, batch=batch))

    def restore_many(self, entries: Iterable[TrashEntry | str]) -> list[CurateResult]:
        """Restore each entry, reporting each."""
        return _each(entries, self.restore)


def _each(items: Iterable[T], action: Callable[[T], CurateResult]) -> list[CurateResult]:
    out: list[CurateResult] = []
    for item in items:
        try:
            out.append(action(item))
        except EditError as exc:  # CurateError and the root checks
            source = item.file if isinstance(item, TrashEntry) else Path(str(item))
            out.append(CurateResult(source, None, "failed", f"{source.name}: {exc.reason}"))
    return out
