"""What changed in git since a revision, as the app shows it: markers, ``changed:`` values, the comparison.

:func:`build_marks` runs the core's :func:`~inspector.core.history.changes.collect_changes`
for the opened folders and keys the result by the paths the library knows the files
under (:class:`ChangeMarks`); the main screen's ``ChangeWatch`` (``ui/main/changes.py``)
calls it in a worker and marks the tree.  The markers and the ``changed:`` values follow
the core's statuses and classes.  No Textual here (a contract says so); rich for the markers.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from inspector.core.history.changes import FileChange
    from inspector.core.history.git import Repo
    from inspector.core.index.summary import Summary
    from inspector.core.recording.loading import Recording

__all__ = ["CHANGE_MARKERS", "CLASS_SHORT", "ChangeMarks", "build_marks", "changed_values", "deleted_summaries", "follow_marks"]

#: The marker of each of the core's statuses (:data:`inspector.core.history.changes.STATUSES`),
#: in the order the help and the counts list them; tests/ui/test_change_marks.py holds the two together.
CHANGE_MARKERS: dict[str, tuple[str, str]] = {
    "added": ("A", "bold green"),
    "modified": ("M", "bold yellow"),
    "renamed": ("R", "bold cyan"),
    "removed": ("D", "dim"),
}
#: The short name of each of the core's change classes (:data:`~inspector.core.history.changes.CLASSES`).
CLASS_SHORT: dict[str, str] = {"request": "req", "response": "resp", "churn": "churn", "other": "other", "healed": "healed"}


def changed_values() -> tuple[str, ...]:
    """What ``changed:VALUE`` accepts: ``any``, the core's change classes, ``stale`` and its statuses."""
    # The core's module is imported here, not at the top: it reads git and recordings, which
    # the screen that imports this (for the markers) does not need until a comparison runs.
    from inspector.core.history.changes import CLASSES, STATUSES

    return ("any", *CLASSES, "stale", *STATUSES)



@dataclass(slots=True)
class ChangeMarks:
    """One comparison's result, keyed by the paths the library knows the files under."""

    label: str  # "since main", "working tree against HEAD"
    rev: str  # the revision as the user named it ("HEAD" for the working tree's comparison)
    old: str  # the commit compared with
    root: Path  # the repository's top
    by_path: dict[str, FileChange] = field(default_factory=dict)
    deleted: dict[str, bytes] = field(default_factory=dict)  # library path -> content at ``old``
    repo_paths: dict[str, str] = field(default_factory=dict)  # library path -> path at ``old`` (from the root)

    def values(self, path: str) -> set[str]:
        """The ``changed:`` values true for a file (empty when it did not change)."""
        c = self.by_path.get(path)
        if c is None:
            return set()
        out = {"any", c.status, *c.classes}
        if c.stale:
            out.add("stale")
        return out

    def flag(self, path: str) -> Text | None:
        """``M req,resp  `` in front of a changed recording."""
        c = self.by_path.get(path)
        if c is None:
            return None
        mark, style = CHANGE_MARKERS[c.status]
        text = Text(mark, style="bold red" if c.stale else style)
        if c.classes:
            text.append(" " + ",".join(CLASS_SHORT[k] for k in c.classes), style="red" if c.stale else "yellow")
        elif c.status == "removed":
            text.append(" deleted", style="dim")
        text.append("  ")
        return text

    def counts(self) -> str:
        """``3 modified, 1 added, 2 newly stale``: the comparison in one line."""
        n = Counter(c.status for c in self.by_path.values())
        stale = sum(1 for c in self.by_path.values() if c.stale)
        parts = [f"{n[k]} {k}" for k in CHANGE_MARKERS if n[k]]
        if stale:
            parts.append(f"{stale} newly stale")
        return ", ".join(parts) or "no recording changed"

    def merged(self, part: ChangeMarks, covered: set[str]) -> ChangeMarks:
        """These marks with the files ``covered`` as ``part`` (the same comparison, made again for them) sees them."""

        def keep(d: dict) -> dict:
            return {k: v for k, v in d.items() if k not in covered}

        return ChangeMarks(
            self.label, self.rev, self.old, self.root,
            keep(self.by_path) | part.by_path, keep(self.deleted) | part.deleted, keep(self.repo_paths) | part.repo_paths,
        )

    def load(self, path: str) -> Recording | None:
        """A removed recording's old content (the file is gone from disk); None for any other path."""
        raw = self.deleted.get(path)
        if raw is None:
            return None
        from inspector.core.recording.loading import load_bytes

        return load_bytes(raw, Path(path))

    def old_version(self, path: str) -> Recording | None:
        """The file as it was at the compared revision (its old path for a rename); None when it did not exist."""
        if path in self.deleted:
            return self.load(path)
        repo_path = self.repo_paths.get(path)
        if repo_path is None:
            return None
        from inspector.core.history.git import GitError, Repo
        from inspector.core.recording.loading import load_bytes

        try:
            with Repo(self.root) as repo:
                raw = repo.blobs.read(f"{self.old}:{repo_path}")
        except GitError:
            return None
        return None if raw is None else load_bytes(raw, Path(f"{self.old[:12]}:{repo_path}"))


def _spellings(roots: list[Path]) -> list[tuple[str, str]]:
    """``(real folder, as the library spells it)`` for each opened folder, longest first."""
    out = []
    for r in roots:
        folder = r if r.is_dir() else r.parent
        out.append((os.path.realpath(folder), str(folder) if r.is_dir() else str(folder)))
    return sorted(out, key=lambda t: -len(t[0]))


def _library_path(real: str, spellings: list[tuple[str, str]]) -> str | None:
    for folder, spelled in spellings:
        if real == folder or real.startswith(folder + os.sep):
            rel = os.path.relpath(real, folder)
            return os.path.join(spelled, rel) if spelled not in ("", ".") else rel
    return None


def build_marks(roots: list[Path], since: str | None, rules: str = "newest") -> ChangeMarks | None:
    """The comparison for the opened folders (a :class:`GitError` for a bad revision).

    ``since=None``: the working tree against HEAD, and ``None`` at once when
    ``git status`` shows no recording touched (or the folders are not in git).
    """
    from inspector.core.history.changes import collect_changes, is_recording_path, resolve_range
    from inspector.core.history.git import GitError, find_repo
    from inspector.core.rules.profiles import rule_set

    if not roots:
        return None
    try:
        repo = find_repo(roots[0])
    except GitError:
        if since is not None:
            raise
        return None
    with repo:
        limit = []
        for r in roots:
            try:
                rel = repo.relative(r if r.is_dir() else r.parent)
            except GitError:
                continue
            if rel not in ("", "."):
                limit.append(rel)
        if since is None:
            touched = [p for p in repo.status_paths(limit) if is_recording_path(p)]
            if not touched:
                return None  # a clean tree: nothing to mark, and no diff run
        rng = resolve_range(repo, since)
        cs = collect_changes(repo, rng, limit, rules=rule_set(rules))
        return _marks_of(repo, rng.old, list(cs), roots, since)


def _marks_of(repo: Repo, old: str, cs: list[FileChange], roots: list[Path], since: str | None) -> ChangeMarks:
    label = f"since {since}" if since else "working tree against HEAD"
    marks = ChangeMarks(label, since or "HEAD", old, repo.root)
    spellings = _spellings(roots)
    removed = [c for c in cs if c.status == "removed"]
    contents = repo.blobs.read_many([f"{old}:{c.path}" for c in removed])
    for c in cs:
        key = _library_path(os.path.realpath(repo.root / c.path), spellings)
        if key is None:
            continue
        marks.by_path[key] = c
        if c.status == "removed":
            raw = contents.get(f"{old}:{c.path}")
            if raw is not None:
                marks.deleted[key] = raw
        if c.status != "added":
            marks.repo_paths[key] = c.old_path or c.path
    return marks


def follow_marks(
    roots: list[Path], since: str | None, rules: str, paths: list[str], old_paths: list[str], against: str
) -> tuple[ChangeMarks, set[str]] | None:
    """The comparison made again for the files the app just wrote, moved or removed.

    ``paths`` are library paths, ``old_paths`` the repository paths their marks came from
    (a rename's other end, so it pairs again); ``against`` the commit the marks compare
    with. Returns marks for those files alone and the library paths they answer for
    (the files, and the old ends of the renames now found), or None when the revision
    now names another commit and everything must be compared again.
    """
    from inspector.core.history.changes import collect_changes, resolve_range
    from inspector.core.history.git import GitError, find_repo
    from inspector.core.rules.profiles import rule_set

    with find_repo(roots[0]) as repo:
        rng = resolve_range(repo, since)
        if rng.old != against:
            return None
        limit = set(old_paths)
        for p in paths:
            try:
                limit.add(repo.relative(p))
            except GitError:
                continue  # outside the repository: git has no mark for it
        cs = list(collect_changes(repo, rng, sorted(limit), rules=rule_set(rules))) if limit else []
        marks = _marks_of(repo, rng.old, cs, roots, since)
        spellings = _spellings(roots)
        covered = set(paths)
        for c in cs:
            if c.old_path is not None and (key := _library_path(os.path.realpath(repo.root / c.old_path), spellings)):
                covered.add(key)  # its earlier "removed" mark is now this rename
        return marks, covered


def deleted_summaries(marks: ChangeMarks, rules: str = "newest") -> list[Summary]:
    """Summaries for the removed recordings, so the tree can list them (greyed)."""
    from inspector.core.index.summary import summarize
    from inspector.core.rules.profiles import rule_set

    target = rule_set(rules)
    out = []
    for path in marks.deleted:
        rec = marks.load(path)
        if rec is not None:
            out.append(summarize(rec, rules=target))
    return out
