"""The app's git view: which recordings changed since a revision, and how.

``recording-inspector --since REV``, the palette's "Compare with revision…", or (with
neither, in a git repository) the working tree against HEAD.  :class:`ChangeWatch`
is an invisible widget the main screen mounts after its first frame: its thread
worker runs the core's :func:`~inspector.core.history.changes.collect_changes` and posts
the resulting :class:`ChangeMarks`; on the UI thread it marks the tree (status and
classes before each changed recording), adds removed recordings greyed (their old
content readable, from git), and keeps the marks for the ``changed:`` filter terms
and for comparing a file with its version at the revision.

Without ``--since`` it runs ``git status --porcelain`` first and stops there when no
recording is touched: a clean checkout costs one short git call.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from inspector.core.history.changes import FileChange
    from inspector.core.index.summary import Summary
    from inspector.core.recording.loading import Recording
    from inspector.ui.main.screen import MainScreen

__all__ = ["ChangeMarks", "ChangeWatch", "build_marks", "CHANGE_MARKERS", "CHANGED_VALUES", "watch_of"]

#: status -> (marker, style); the help screen lists these
CHANGE_MARKERS: dict[str, tuple[str, str]] = {
    "added": ("A", "bold green"),
    "modified": ("M", "bold yellow"),
    "renamed": ("R", "bold cyan"),
    "removed": ("D", "dim"),
}
_CLASS_SHORT = {"request": "req", "response": "resp", "churn": "churn", "other": "other"}

#: what ``changed:VALUE`` accepts
CHANGED_VALUES = ("any", "request", "response", "churn", "other", "stale", "added", "removed", "renamed", "modified")


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
            text.append(" " + ",".join(_CLASS_SHORT[k] for k in c.classes), style="red" if c.stale else "yellow")
        elif c.status == "removed":
            text.append(" deleted", style="dim")
        text.append("  ")
        return text

    def counts(self) -> str:
        from collections import Counter

        n = Counter(c.status for c in self.by_path.values())
        stale = sum(1 for c in self.by_path.values() if c.stale)
        parts = [f"{n[k]} {k}" for k in CHANGE_MARKERS if n[k]]
        if stale:
            parts.append(f"{stale} newly stale")
        return ", ".join(parts) or "no recording changed"

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
        label = f"since {since}" if since else "working tree against HEAD"
        marks = ChangeMarks(label, since or "HEAD", rng.old, repo.root)
        spellings = _spellings(roots)
        removed = [c for c in cs if c.status == "removed"]
        contents = repo.blobs.read_many([f"{rng.old}:{c.path}" for c in removed])
        for c in cs:
            key = _library_path(os.path.realpath(repo.root / c.path), spellings)
            if key is None:
                continue
            marks.by_path[key] = c
            if c.status == "removed":
                raw = contents.get(f"{rng.old}:{c.path}")
                if raw is not None:
                    marks.deleted[key] = raw
            if c.status != "added":
                marks.repo_paths[key] = c.old_path or c.path
        return marks


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


class ChangeWatch(Widget):
    """Invisible: computes a comparison off the UI thread, then marks the main screen's tree."""

    DEFAULT_CSS = "ChangeWatch { display: none; }"

    @dataclass
    class Ready(Message):
        """A comparison finished (``marks`` None: nothing to show; ``error``: say why)."""

        marks: ChangeMarks | None
        deleted: list[Summary]
        error: str | None
        asked: bool  # the user asked for it (--since, the palette): report even "nothing changed"

    def __init__(self) -> None:
        super().__init__()
        self.since: str | None = None

    @property
    def main(self) -> MainScreen:
        return self.screen  # type: ignore[return-value]  # mounted by the main screen, whichever screen is on top

    def start(self, since: str | None) -> None:
        """Compare the opened folders with ``since`` (None: the working tree against HEAD)."""
        self.since = since
        main = self.main
        self._compute([Path(p) for p in main.config.paths], since, main.config.rules)

    @work(thread=True, exclusive=True, group="changes")
    def _compute(self, roots: list[Path], since: str | None, rules: str) -> None:
        from inspector.core.history.git import GitError

        try:
            marks = build_marks(roots, since, rules)
            deleted = deleted_summaries(marks, rules) if marks is not None else []
            error = None
        except GitError as exc:
            marks, deleted, error = None, [], str(exc)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Ready(marks, deleted, error, since is not None))

    @on(Ready)
    def _ready(self, event: Ready) -> None:
        main = self.main
        if event.error:
            self.notify(f"compare with revision: {event.error}", severity="error", timeout=8)
            return
        old = main.change_marks
        main.change_marks = event.marks
        tree = main.recording_tree
        if old is not None and old.deleted:  # the previous comparison's removed files leave the tree
            main.library.replace(list(old.deleted), [])
        marks = event.marks
        flags = {p: f for p in marks.by_path if (f := marks.flag(p)) is not None} if marks else {}
        tree.set_flags(flags, layer="changes", greyed=set(marks.deleted) if marks else set())
        if event.deleted:
            main.library.replace([], event.deleted)
        if (old is not None and old.deleted) or event.deleted or "changed:" in main.library.query.text:
            main.refilter()  # regroup with the removed files (and what changed: terms now read)
        if marks is not None:
            self.notify(f"{marks.label}: {marks.counts()}", timeout=6)
        elif event.asked:
            self.notify("no recording changed", timeout=4)

    def ask_revision(self) -> None:
        """Ask for a revision and mark the tree against it."""
        from inspector.ui.screens.dialogs.prompt import PromptScreen

        def check(text: str) -> tuple[bool, str]:
            from inspector.core.history.git import GitError, find_repo

            if not text.strip():
                return False, "a branch, tag or commit (e.g. main, HEAD~3)"
            try:
                with find_repo(self.main.config.paths[0]) as repo:
                    sha = repo.resolve(text.strip())
            except (GitError, IndexError) as exc:
                return False, str(exc) if not isinstance(exc, IndexError) else "no folder opened"
            return True, f"→ {sha[:12]}: mark what changed since then"

        def answer(rev: str | None) -> None:
            if rev:
                self.start(rev.strip())

        self.app.push_screen(
            PromptScreen("Compare with revision", "Revision", self.since or "HEAD", check, suggestions=["HEAD", "HEAD~1", "main"]),
            answer,
        )

    def compare_current(self) -> None:
        """Open the compare view: the selected recording at the revision (A) against the file now (B)."""
        main = self.main
        path, marks = main.recording_path, main.change_marks
        if path is None:
            self.notify("select a recording first", severity="warning", timeout=3)
            return
        if marks is None:
            self.notify("no revision to compare with: use 'Compare with revision…' first", severity="warning", timeout=4)
            return
        if path in marks.deleted:
            self.notify("this recording was deleted: nothing on disk to compare with", severity="warning", timeout=4)
            return
        if path not in marks.repo_paths:
            why = "it is new since then" if path in marks.by_path else "it is the same as then"
            self.notify(f"{Path(path).name[:16]}…: {why}", severity="warning" if path in marks.by_path else "information", timeout=4)
            return
        from inspector.ui.screens.compare import CompareScreen

        old_name = f"{marks.old[:12]}:{marks.repo_paths[path]}"

        def loader(name: str) -> Recording:
            from inspector.core.recording.loading import load

            if name == old_name:
                rec = marks.old_version(path)
                if rec is not None:
                    return rec
            return load(name)

        self.app.push_screen(CompareScreen(old_name, path, chunks_per_second=main.config.replay_speed, loader=loader))


def watch_of(main: MainScreen) -> ChangeWatch:
    """The main screen's :class:`ChangeWatch`, mounted on first use."""
    found = main.query(ChangeWatch)
    if found:
        return found.first()
    watch = ChangeWatch()
    main.mount(watch)
    return watch
