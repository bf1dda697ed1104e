"""The app's git view: which recordings changed since a revision, and how.

``recording-inspector --since REV``, the palette's "Compare with revision…", or (with
neither, in a git repository) the working tree against HEAD.  :class:`ChangeWatch`
is an invisible widget the main screen mounts after its first frame: its thread
worker builds the comparison (:func:`~inspector.ui.state.change_marks.build_marks`, over
the core's :func:`~inspector.core.history.changes.collect_changes`) and posts the resulting
:class:`~inspector.ui.state.change_marks.ChangeMarks`; on the UI thread it marks the tree (status and
classes before each changed recording), adds removed recordings greyed (their old
content readable, from git), and keeps the marks for the ``changed:`` filter terms
and for comparing a file with its version at the revision.

Without ``--since`` it runs ``git status --porcelain`` first and stops there when no
recording is touched: a clean checkout costs one short git call.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from textual import on, work
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from inspector.ui.state.change_marks import ChangeMarks, build_marks, deleted_summaries, follow_marks

if TYPE_CHECKING:
    from inspector.core.index.summary import Summary
    from inspector.core.recording.loading import Recording
    from inspector.ui.state.config import AppConfig
    from inspector.ui.state.library import Library
    from inspector.ui.widgets.recording_tree import RecordingTree

__all__ = ["ChangeWatch", "ChangesHost", "watch_of"]


class ChangesHost(Protocol):
    """What :class:`ChangeWatch` needs from the screen that mounts it (the main screen)."""

    config: AppConfig
    library: Library
    change_marks: ChangeMarks | None
    recording_path: str | None

    @property
    def recording_tree(self) -> RecordingTree: ...

    def refilter(self) -> None: ...


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
    def main(self) -> ChangesHost:
        # mounted by the main screen, whichever screen is on top
        return cast("ChangesHost", self.screen)

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


def watch_of(main: Widget) -> ChangeWatch:
    """The main screen's :class:`ChangeWatch`, mounted on first use."""
    found = main.query(ChangeWatch)
    if found:
        return found.first()
    watch = ChangeWatch(cast("ChangesHost", main).config)
    main.mount(watch)  # not attached when the screen is closing: start() then waits for a mount that never comes
    return watch
