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

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from textual import on, work
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from inspector.ui.state.change_marks import ChangeMarks, build_marks, deleted_summaries

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

    def __init__(self) -> None:
        super().__init__()
        self.since: str | None = None

    @property
    def main(self) -> ChangesHost:
        # mounted by the main screen, whichever screen is on top
        return cast("ChangesHost", self.screen)

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


def watch_of(main: Widget) -> ChangeWatch:
    """The main screen's :class:`ChangeWatch`, mounted on first use."""
    found = main.query(ChangeWatch)
    if found:
        return found.first()
    watch = ChangeWatch()
    main.mount(watch)
    return watch
