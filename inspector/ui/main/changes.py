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
    from inspector.core.history.git import Repo
    from inspector.core.index.summary import Summary
    from inspector.core.recording.loading import Recording
    from inspector.ui.main.screen import MainScreen
    from inspector.ui.state.config import AppConfig

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
    from inspector.core.rules.hashing import rule_set

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
    from inspector.core.rules.hashing import rule_set

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
    from inspector.core.rules.hashing import rule_set

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
        covered: set[str] | None = None  # a comparison made again for these files only (None: all of it)
        quiet: bool = False  # made again after the app's own writes: no notification

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self.since: str | None = None
        self._asked_early = False  # start() came before the watch was mounted
        self._whole_running = False  # a whole comparison is on its way
        self._failed = False  # the last whole comparison was an error (nothing to follow)
        self._quiet = False  # the whole comparison waiting for the mount was asked for quietly
        self._following: set[str] = set()  # written files whose comparison is on its way

    @property
    def main(self) -> MainScreen:
        return self.screen  # type: ignore[return-value]  # mounted by the main screen, whichever screen is on top

    @property
    def _roots(self) -> list[Path]:
        return [Path(p) for p in self.config.paths]

    def start(self, since: str | None, *, quiet: bool = False) -> None:
        """Compare the opened folders with ``since`` (None: the working tree against HEAD).

        Called before the watch is mounted (``watch_of`` mounts and starts at once), the
        comparison starts on mount; if the screen is closing meanwhile it never mounts,
        and nothing starts (the screen is not asked for: it may be gone).
        """
        self.since = since
        self._whole_running = True
        self._quiet = quiet
        if not self.is_mounted:
            self._asked_early = True
            return
        self._compute(self._roots, since, self.config.rules, quiet)

    def on_mount(self) -> None:
        if self._asked_early:  # (is_mounted turns true only after this handler)
            self._asked_early = False
            self._compute(self._roots, self.since, self.config.rules, self._quiet)

    @work(thread=True, exclusive=True, group="changes")
    def _compute(self, roots: list[Path], since: str | None, rules: str, quiet: bool) -> None:
        from inspector.core.history.git import GitError

        try:
            marks = build_marks(roots, since, rules)
            deleted = deleted_summaries(marks, rules) if marks is not None else []
            error = None
        except GitError as exc:
            marks, deleted, error = None, [], str(exc)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Ready(marks, deleted, error, since is not None and not quiet, quiet=quiet))

    def follow(self, paths: list[str]) -> None:
        """Files the app wrote, moved, deleted or restored: mark them as git sees them now.

        Only those files are compared again (against the same commit); with no marks yet,
        or a whole comparison still running (it may have read the files before the
        write), the whole comparison is made again, quietly.
        """
        marks = self.main.change_marks
        if marks is None and (self._failed or self.since is not None) and not self._whole_running:
            return  # the comparison asked for failed: there is nothing to follow
        if marks is None or self._whole_running:
            self.start(self.since, quiet=True)
            return
        self._following.update(paths)
        wanted = sorted(self._following)
        old_paths = [marks.repo_paths[p] for p in wanted if p in marks.repo_paths]
        self._follow(self._roots, self.since, self.config.rules, wanted, old_paths, marks.old)

    @work(thread=True, exclusive=True, group="changes-follow")
    def _follow(self, roots: list[Path], since: str | None, rules: str, paths: list[str], old_paths: list[str], against: str) -> None:
        from inspector.core.history.git import GitError

        try:
            got = follow_marks(roots, since, rules, paths, old_paths, against)
            if got is None:  # the revision moved: compare everything again
                marks, covered = build_marks(roots, since, rules), None
            else:
                marks, covered = got
            deleted = deleted_summaries(marks, rules) if marks is not None else []
        except GitError:
            return  # the files stay marked as they were; the next whole comparison says what is wrong
        if not get_current_worker().is_cancelled:
            self.post_message(self.Ready(marks, deleted, None, False, covered=covered if got is not None else None, quiet=True))

    @on(Ready)
    def _ready(self, event: Ready) -> None:
        main = self.main
        old = main.change_marks
        if event.covered is None:
            self._whole_running = False
            self._failed = event.error is not None
        if event.error:
            self.notify(f"compare with revision: {event.error}", severity="error", timeout=8)
            return
        if event.covered is not None and old is not None and event.marks is not None:
            self._following -= set(event.covered)
            marks: ChangeMarks | None = old.merged(event.marks, event.covered)
            leaving = [p for p in old.deleted if p in event.covered]
        else:
            self._following.clear()
            marks = event.marks
            leaving = list(old.deleted) if old is not None else []
        main.change_marks = marks
        tree = main.recording_tree
        # The removed files that are not any more leave the tree, unless they are back on disk
        # (restored by the app, and re-indexed already).
        leaving = [p for p in leaving if not os.path.exists(p)]
        flags = {p: f for p in marks.by_path if (f := marks.flag(p)) is not None} if marks else {}
        tree.set_flags(flags, layer="changes", greyed=set(marks.deleted) if marks else set())
        if leaving or event.deleted:
            main.library.replace(leaving, event.deleted)
        if leaving or event.deleted or "changed:" in main.library.query.text:
            main.refilter()  # regroup with the removed files (and what changed: terms now read)
        if event.quiet:
            return
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
                with find_repo(self.config.paths[0]) as repo:
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

        at = f"at {marks.rev} ({marks.old[:12]})" if marks.rev != marks.old else f"at {marks.old[:12]}"
        sides = (at, "working tree")  # the names alone look alike: say which side is which
        self.app.push_screen(CompareScreen(old_name, path, chunks_per_second=self.config.replay_speed, loader=loader, sides=sides))


def watch_of(main: MainScreen) -> ChangeWatch:
    """The main screen's :class:`ChangeWatch`, mounted on first use."""
    found = main.query(ChangeWatch)
    if found:
        return found.first()
    watch = ChangeWatch(main.config)
    main.mount(watch)  # not attached when the screen is closing: start() then waits for a mount that never comes
    return watch
