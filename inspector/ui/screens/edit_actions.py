"""Editing from the main screen: open an editor, save, undo, redo, and never lose work.

:class:`EditActions` is mixed into :class:`~inspector.ui.screens.main.MainScreen`
(its keys are :data:`EDITING_BINDINGS`, listed in the screen's ``BINDINGS``).
It keeps the edit sessions in a :class:`~inspector.ui.workbench.Workbench`,
shows a recording's unsaved state instead of the file, marks unsaved
recordings in the tree and the title, asks before leaving one, and owns the
one save flow every editor uses: rename question, conflict dialog, re-index.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding

from ..labels import MARKERS

# The editing machinery (core.edit, the writer, the editor screens) is imported
# where it is first used, not here: the main screen's first frame needs none of it
# (tests/ui/test_startup_imports.py keeps it that way).
if TYPE_CHECKING:
    from ...core.edit import RenamePlan
    from ...core.hashing import RuleSet
    from ...core.model import HashInfo
    from ...core.recording import Recording
    from ...core.summary import Summary
    from ..app import InspectorApp
    from ..config import AppConfig
    from ..library import Library
    from ..widgets.recording_tree import RecordingTree
    from ..workbench import Workbench
    from .editing_screen import EditingScreen

__all__ = ["EDITING_BINDINGS", "EditActions", "summary_of", "flag_text"]

#: The main screen's editing keys.
EDITING_BINDINGS = [
    Binding("e", "edit", "Edit", tooltip="Edit the answer, reasoning, tool calls, finish reason and usage; on a JSON node (Raw tab), that node"),
    Binding("E", "edit_json", "Edit JSON", show=False, tooltip="Edit the whole file as JSON"),
    Binding("ctrl+s", "save", "Save", tooltip="Save the edits (asks before a rename or over a file changed on disk)"),
    Binding("ctrl+z", "undo", "Undo", tooltip="Undo the last edit of this recording"),
    Binding("ctrl+y", "redo", "Redo", tooltip="Redo what was undone"),
]

#: Called when a save flow ends: the file's path now (a rename changes it), or None when nothing was saved.
Then = Callable[[str | None], None]


def summary_of(path: str, rules: RuleSet | None = None) -> Summary:
    """A fresh summary of one file (after a save, a move, a restore); never raises."""
    from ...core.recording import load
    from ...core.summary import summarize

    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        mtime = 0.0
    return summarize(load(path), mtime=mtime, rules=rules)


def flag_text(dirty: bool, marked: bool) -> Text | None:
    """The tree's prefix for a recording: ``●`` unsaved edits, ``✓`` marked (styles from MARKERS)."""
    if not dirty and not marked:
        return None
    text = Text()
    if dirty:
        text.append("●", style=MARKERS["●"][1])
    if marked:
        text.append("✓", style=MARKERS["✓"][1])
    text.append(" ")
    return text


def _same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def rename_detail(plan: RenamePlan, root: Path) -> Text:
    """Old and new name and folder, for the question before a save renames."""

    def folder(p: Path) -> str:
        try:
            return os.path.relpath(p.parent, root) + "/"
        except ValueError:
            return str(p.parent) + "/"

    text = Text()
    text.append("old  ", style="dim")
    text.append(plan.source.name, style="red")
    text.append(f"\n     in {folder(plan.source)}\n", style="dim")
    text.append("new  ", style="dim")
    text.append(plan.target.name, style="green")
    text.append(f"\n     in {folder(plan.target)}", style="bold" if plan.folder_changed else "dim")
    if plan.folder_changed:
        text.append("  (the folder the recorder uses for this test id)", style="dim")
    if plan.details:
        text.append(f"\n\n{plan.details}", style="dim")
    text.append("\n\nReplay looks a recording up by this name; keeping the old name leaves it unfindable.", style="dim italic")
    return text


class EditActions:
    """The editing half of the main screen (a mixin: ``self`` is the :class:`MainScreen`).

    A plain class rather than a Screen: the main screen lists :data:`EDITING_BINDINGS`
    after its own keys, so the footer shows the tabs first.
    """

    if TYPE_CHECKING:
        app: InspectorApp
        config: AppConfig
        library: Library
        recording: Recording | None
        recording_path: str | None
        recording_tree: RecordingTree
        _pending_reveal: str | None
        focused: Any

        def notify(self, message: str, **kw: Any) -> None: ...
        def open_recording(self, path: str) -> None: ...
        def show_recording(self, rec: Recording, path: str, h: HashInfo) -> None: ...
        def _regroup(self, query: Any, by: Any) -> None: ...
        def refresh_bindings(self) -> None: ...
        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...

    _leave_ok: str | None = None

    # -- state ------------------------------------------------------------------------

    @property
    def workbench(self) -> Workbench:
        """Edit sessions and marks (made on first use)."""
        wb: Workbench | None = getattr(self, "_workbench", None)
        if wb is None:
            from ..workbench import Workbench

            wb = self._workbench = Workbench(self.config.paths, self.config.rules)
        return wb

    @property
    def workbench_if_open(self) -> Workbench | None:
        """The workbench when anything has been edited or marked yet (None before: nothing to ask it)."""
        return getattr(self, "_workbench", None)

    def hash_of(self, rec: Recording) -> HashInfo:
        """The hash status under the rule set the user counts as ok."""
        rules = self.config.rules
        if rules in ("newest", "latest", "current"):
            return rec.hash
        from ...core.hashing import rule_set

        return rec.hash_info(rule_set(rules))

    def edited_view(self, path: str) -> tuple[Recording, HashInfo] | None:
        """What to show for ``path`` when it has unsaved edits (the file otherwise).

        Also refreshes the footer, whose Save / Undo / Redo depend on the recording shown.
        """
        self.refresh_bindings()
        wb = self.workbench_if_open
        session = wb.session(path) if wb is not None else None
        if session is None or not session.dirty:
            return None
        rec = session.recording
        return rec, self.hash_of(rec)

    def edit_badge(self, path: str) -> Text:
        """The start of the title: ``● unsaved`` when ``path`` has unsaved edits."""
        wb = self.workbench_if_open
        session = wb.session(path) if wb is not None else None
        if session is None or not session.dirty:
            return Text()
        text = Text("● unsaved", style="bold yellow")
        if session.pending_rename() is not None:
            text.append(" (renames on save)", style="magenta")
        text.append("  ")
        return text

    def update_flags(self) -> None:
        """Show unsaved and marked recordings in the tree."""
        wb = self.workbench
        flags: dict[str, Text] = {}
        dirty = set(wb.dirty_paths())
        for path in dirty | set(wb.marked):
            flag = flag_text(path in dirty, wb.is_marked(path))
            if flag is not None:
                flags[path] = flag
        self.recording_tree.set_flags(flags)

    def refresh_edited(self, path: str | None = None) -> None:
        """Show the current state of the recording on screen (after an edit, undo, reload)."""
        path = path or self.recording_path
        if path is not None and path == self.recording_path:
            session = self.workbench.session(path)
            if session is not None:
                rec = session.recording
                self.show_recording(rec, path, self.hash_of(rec))
        self.update_flags()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Save, undo and redo appear in the footer only when there is something to do."""
        if action in ("save", "undo", "redo"):
            wb = self.workbench_if_open
            session = wb.session(self.recording_path) if wb is not None else None
            if session is None:
                return False
            if action == "save":
                return session.dirty
            return session.can_undo if action == "undo" else session.can_redo
        return True

    # -- opening an editor -----------------------------------------------------------------

    def _session(self) -> Any:
        from ...core.edit import EditError
        from ..workbench import open_error

        path = self.recording_path
        if path is None:
            self.notify("select a recording first", severity="warning", timeout=3)
            return None
        try:
            return self.workbench.open(path)
        except EditError as exc:
            self.notify(open_error(exc), severity="error", timeout=8)
            return None

    def action_edit(self) -> None:
        """Edit the selected recording: its answer, tool calls, finish and usage; on a JSON node, that node."""
        from ...core.edit import parse_path
        from ...core.edit.nodes import has_node
        from ...core.edit.stream import stream_edit_problem
        from ..widgets.json_tree import JsonTree
        from .editor import EditorScreen
        from .json_editor import JsonEditorScreen
        from .node_editor import NodeEditorScreen

        session = self._session()
        if session is None:
            return
        path = self.recording_path
        assert path is not None
        focused = self.focused
        if isinstance(focused, JsonTree) and focused.id in ("raw-tree", "request-json") and focused.current_path:
            node = parse_path(focused.current_path)
            if focused.id == "request-json":
                node = ("request", *node)
            if not node:
                self._push_editor(JsonEditorScreen(path, session))
            elif has_node(session.data, node):
                self._push_editor(NodeEditorScreen(path, session, node))
            else:
                self.notify("that node is no longer in the recording", severity="warning", timeout=4)
            return
        problem = stream_edit_problem(session.recording)
        if problem:
            self.notify(f"{problem} (opened the JSON editor)", timeout=6)
            self._push_editor(JsonEditorScreen(path, session))
            return
        self._push_editor(EditorScreen(path, session))

    def action_edit_json(self) -> None:
        """Edit the whole file as JSON."""
        from .json_editor import JsonEditorScreen

        session = self._session()
        if session is not None and self.recording_path is not None:
            self._push_editor(JsonEditorScreen(self.recording_path, session))

    def _push_editor(self, screen: EditingScreen) -> None:
        def closed(_: None = None) -> None:
            self.refresh_edited(screen.path)

        self.app.push_screen(screen, closed)

    # -- undo, redo, save ---------------------------------------------------------------------

    def action_undo(self) -> None:
        """Take back the last edit of the selected recording."""
        session = self.workbench.session(self.recording_path)
        if session is not None and session.undo():
            self.notify(f"undid: {session.history.redo_label}", timeout=2)
            self.refresh_edited()

    def action_redo(self) -> None:
        """Do again what was undone."""
        session = self.workbench.session(self.recording_path)
        if session is not None and session.redo():
            self.notify(f"redid: {session.history.undo_label}", timeout=2)
            self.refresh_edited()

    def action_save(self) -> None:
        """Save the selected recording's edits."""
        if self.recording_path is not None:
            self.save_edits(self.recording_path)

    def discard_edits(self, path: str) -> None:
        """Drop the unsaved edits of ``path`` and show the file again."""
        self.workbench.discard(path)
        if path == self.recording_path:
            self._leave_ok = path
            self.open_recording(path)
        self.update_flags()
        self.refresh_bindings()

    def save_edits(self, path: str, then: Then | None = None, *, follow: bool = True) -> None:
        """Save ``path`` through the one writer, asking first when the name changes.

        ``then(new_path)`` runs when the flow ends: the path the file has now, or
        None when nothing was saved.  ``follow``: select the file under its new
        name after a rename (not when leaving it for another recording).
        """
        done: Then = then or (lambda _path: None)
        session = self.workbench.session(path)
        if session is None or not session.dirty:
            self.notify("nothing to save", timeout=2)
            done(None)
            return
        plan = session.pending_rename()
        if plan is None:
            self._write(path, rename=False, force=False, then=done, follow=follow)
            return

        def answer(value: str | None) -> None:
            if value is None:
                self.notify("not saved; the edits are kept", timeout=3)
                done(None)
            else:
                self._write(path, rename=value == "rename", force=False, then=done, follow=follow)

        from .choice import Choice, ChoiceScreen

        choices = [Choice("enter,s", "save under the new name", "rename"), Choice("k", "keep the old name", "keep")]
        question = "The request changed, so its hash and the file's name change"
        self.app.push_screen(ChoiceScreen(question, rename_detail(plan, self.workbench.root_path), choices, warning=False), answer)

    def _write(self, path: str, *, rename: bool, force: bool, then: Then, follow: bool) -> None:
        from ...core.edit import EditError
        from ...core.writer import ConflictError, WriteError
        from ..workbench import like

        session = self.workbench.session(path)
        assert session is not None
        try:
            result = session.save(rename=rename, force=force)
        except ConflictError as exc:
            if exc.path is not None and not _same_file(exc.path, session.path):
                # the new name holds a different recording: never overwritten
                self.notify(f"not saved: {exc}", severity="error", timeout=10)
                then(None)
                return
            self._conflict(path, str(exc), rename=rename, then=then, follow=follow)
            return
        except (WriteError, EditError) as exc:
            self.notify(f"not saved: {exc}", severity="error", timeout=10)
            then(None)
            return
        new_path = path
        message = result.describe()
        if result.renamed:
            new_path = like(result.path, path)
            self.workbench.moved(path, new_path)
            if result.ids_repointed:
                message += f"; {result.ids_repointed} id{'s' if result.ids_repointed != 1 else ''} re-pointed"
            if result.identical_existed:
                message += "; an identical file was already there"
            self.files_changed(removed=[path], changed=[new_path], select=new_path if follow else None)
        else:
            self.files_changed(changed=[path])
            self.refresh_edited(path)
        self.notify(message, timeout=4)
        then(new_path)

    def _conflict(self, path: str, reason: str, *, rename: bool, then: Then, follow: bool) -> None:
        from ...core.edit import EditError
        from .conflict import ConflictScreen

        session = self.workbench.session(path)
        assert session is not None

        def answer(value: str | None) -> None:
            if value == "overwrite":
                self._write(path, rename=rename, force=True, then=then, follow=follow)
                return
            if value == "reload":
                try:
                    session.reload()
                except EditError as exc:
                    self.notify(f"cannot reload: {exc.reason}", severity="error", timeout=8)
                else:
                    self.notify(f"reloaded {session.path.name} from disk; your edits were dropped", timeout=4)
                    self.files_changed(changed=[path])
                    self.refresh_edited(path)
            else:
                self.notify("not saved; your edits are kept", timeout=3)
            then(None)

        self.app.push_screen(ConflictScreen(session.path.name, reason, session.diff_with_disk), answer)

    # -- files on disk changed ---------------------------------------------------------------

    def files_changed(self, *, removed: Iterable[str] = (), changed: Iterable[str] = (), select: str | None = None) -> None:
        """Re-index files the app wrote, moved or deleted, and rebuild the tree (keeping the selection)."""
        changed = list(changed)
        removed = [p for p in removed if p not in changed]
        from ...core.hashing import rule_set

        fresh = [summary_of(p, rule_set(self.config.rules)) for p in changed if os.path.isfile(p)]
        self.library.replace([*removed, *changed], fresh)
        self.workbench.forget(removed)
        if select is not None:
            self._pending_reveal = select
            if select != self.recording_path:
                self._leave_ok = select
                self.open_recording(select)
        self.checks_outdated()
        self._regroup(self.library.query, self.library.by)
        self.update_flags()

    # -- leaving a recording with unsaved edits -------------------------------------------------

    def may_leave(self, path: str) -> bool:
        """Whether the screen may switch to ``path`` now; otherwise ask about the unsaved edits first."""
        current = self.recording_path
        if self._leave_ok == path:
            self._leave_ok = None
            return True
        wb = self.workbench_if_open
        if current is None or path == current or wb is None or not wb.is_dirty(current):
            return True
        from .choice import ChoiceScreen
        from .editing_screen import LEAVE_CHOICES

        def go() -> None:
            self._leave_ok = path
            self.open_recording(path)

        def back() -> None:
            self.recording_tree.reveal(current)

        def answer(value: str | None) -> None:
            if value == "save":
                self.save_edits(current, then=lambda saved: go() if saved else back(), follow=False)
            elif value == "discard":
                self.workbench.discard(current)
                self.update_flags()
                go()
            elif value == "keep":
                self.update_flags()
                go()
            else:
                back()

        detail = "Save them, discard them, or keep them unsaved for now (● in the tree; quitting asks again)."
        self.app.push_screen(ChoiceScreen(f"{Path(current).name} has unsaved edits", detail, LEAVE_CHOICES), answer)
        return False

    def unsaved(self) -> list[str]:
        """What quitting would lose, one line per recording."""
        wb = self.workbench_if_open
        return wb.unsaved() if wb is not None else []

