"""Editing from the main screen: open an editor, save, undo, redo, and never lose work.

:class:`Editing` is a controller the main screen holds beside its
:class:`~inspector.ui.state.library.Library`; the screen's keys
(:data:`EDITING_BINDINGS`) call it.  It keeps the edit sessions in a
:class:`~inspector.ui.state.workbench.Workbench`, says what to show for a recording
with unsaved edits, marks unsaved recordings in the tree and the title, asks
before leaving one, and owns the one save flow every editor uses (rename
question, conflict dialog).  It reaches the screen only through
:class:`EditHost`, and asks for a re-index by posting
:class:`~inspector.ui.screens.messages.FilesChanged`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rich.text import Text
from textual.binding import Binding
from textual.message import Message

from inspector.ui.screens.messages import FilesChanged
from inspector.ui.state.labels import MARKERS

# The editing machinery (core.edit, the writer, the editor screens) is imported
# where it is first used, not here: the main screen's first frame needs none of it
# (tests/ui/test_startup_imports.py keeps it that way).
if TYPE_CHECKING:
    from textual.screen import Screen

    from inspector.core.base.model import HashInfo
    from inspector.core.edit import JsonPath, RenamePlan
    from inspector.core.recording.loading import Recording
    from inspector.ui.screens.editors.editing_screen import EditingScreen
    from inspector.ui.state.config import AppConfig
    from inspector.ui.state.workbench import Workbench

__all__ = ["EDITING_BINDINGS", "EditHost", "Editing", "flag_text", "rename_detail"]

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


class EditHost(Protocol):
    """What :class:`Editing` needs from the screen it serves (the main screen)."""

    @property
    def recording_path(self) -> str | None:
        """The recording shown on the right (where its edits show)."""

    def notify(self, message: str, *, severity: Any = "information", timeout: float | None = None) -> None: ...
    def push_dialog(self, screen: Screen[Any], callback: Callable[[Any], None] | None = None) -> None: ...
    def post_message(self, message: Message) -> bool: ...
    def open_recording(self, path: str, *, ask: bool = True) -> None: ...
    def show_recording(self, rec: Recording, path: str, h: HashInfo) -> None: ...
    def reveal(self, path: str) -> None: ...
    def set_flags(self, flags: dict[str, Text]) -> None: ...
    def refresh_bindings(self) -> None: ...


class Editing:
    """Edit sessions, the one save flow, and what unsaved edits change on screen."""

    def __init__(self, host: EditHost, config: AppConfig) -> None:
        self.host = host
        self.config = config
        self._workbench: Workbench | None = None

    # -- state ------------------------------------------------------------------------

    @property
    def workbench(self) -> Workbench:
        """Edit sessions and marks (made on first use: the first frame needs none of it)."""
        if self._workbench is None:
            from inspector.ui.state.workbench import Workbench

            self._workbench = Workbench(self.config.paths, self.config.rules)
        return self._workbench

    @property
    def workbench_if_open(self) -> Workbench | None:
        """The workbench when anything has been edited or marked yet (None before: nothing to ask it)."""
        return self._workbench

    def marked(self) -> tuple[str, ...]:
        """The marked recordings (none before the workbench exists)."""
        wb = self._workbench
        return tuple(wb.marked) if wb is not None else ()

    def hash_of(self, rec: Recording) -> HashInfo:
        """The hash status under the rule set the user counts as ok."""
        rules = self.config.rules
        if rules in ("newest", "latest", "current"):
            return rec.hash
        from inspector.core.rules.profiles import rule_set

        return rec.hash_info(rule_set(rules))

    def edited_view(self, path: str) -> tuple[Recording, HashInfo] | None:
        """What to show for ``path`` when it has unsaved edits (the file otherwise).

        Also refreshes the footer, whose Save / Undo / Redo depend on the recording shown.
        """
        self.host.refresh_bindings()
        wb = self._workbench
        session = wb.session(path) if wb is not None else None
        if session is None or not session.dirty:
            return None
        rec = session.recording
        return rec, self.hash_of(rec)

    def edit_badge(self, path: str) -> Text:
        """The start of the title: ``● unsaved`` when ``path`` has unsaved edits."""
        wb = self._workbench
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
        self.host.set_flags(flags)

    def refresh_edited(self, path: str | None = None) -> None:
        """Show the current state of the recording on screen (after an edit, undo, reload)."""
        shown = self.host.recording_path
        path = path or shown
        if path is not None and path == shown:
            session = self.workbench.session(path)
            if session is not None:
                rec = session.recording
                self.host.show_recording(rec, path, self.hash_of(rec))
        self.update_flags()
        self.host.refresh_bindings()

    def can(self, action: str) -> bool:
        """Whether save, undo or redo has anything to do for the recording shown (the footer shows them then)."""
        wb = self._workbench
        session = wb.session(self.host.recording_path) if wb is not None else None
        if session is None:
            return False
        if action == "save":
            return session.dirty
        return session.can_undo if action == "undo" else session.can_redo

    def forget(self, removed: Iterable[str]) -> None:
        """Files that are gone: no session, no mark (after a re-index)."""
        if self._workbench is not None:
            self._workbench.forget(removed)
            self.update_flags()

    # -- opening an editor -----------------------------------------------------------------

    def _session(self, path: str) -> Any:
        from inspector.core.edit import EditError
        from inspector.ui.state.workbench import open_error

        try:
            return self.workbench.open(path)
        except EditError as exc:
            self.host.notify(open_error(exc), severity="error", timeout=8)
            return None

    def edit(self, path: str, node: JsonPath | None = None) -> None:
        """Edit ``path``: its rebuilt values, or with ``node`` that JSON node (``()``: the whole file)."""
        from inspector.core.edit.nodes import has_node
        from inspector.core.edit.stream import stream_edit_problem
        from inspector.ui.screens.editors.editor import EditorScreen
        from inspector.ui.screens.editors.json_editor import JsonEditorScreen
        from inspector.ui.screens.editors.node_editor import NodeEditorScreen

        session = self._session(path)
        if session is None:
            return
        if node is not None:
            if not node:
                self._push_editor(JsonEditorScreen(path, session, flow=self, config=self.config))
            elif has_node(session.data, node):
                self._push_editor(NodeEditorScreen(path, session, node, flow=self, config=self.config))
            else:
                self.host.notify("that node is no longer in the recording", severity="warning", timeout=4)
            return
        problem = stream_edit_problem(session.recording)
        if problem:
            self.host.notify(f"{problem} (opened the JSON editor)", timeout=6)
            self._push_editor(JsonEditorScreen(path, session, flow=self, config=self.config))
            return
        self._push_editor(EditorScreen(path, session, flow=self, config=self.config))

    def edit_json(self, path: str) -> None:
        """Edit the whole file of ``path`` as JSON."""
        self.edit(path, ())

    def _push_editor(self, screen: EditingScreen) -> None:
        def closed(result: str | None = None) -> None:
            self.refresh_edited(screen.path)
            if result == "json":  # the editor asked to go on in the JSON editor
                self.edit_json(screen.path)

        self.host.push_dialog(screen, closed)

    # -- undo, redo, save ---------------------------------------------------------------------

    def undo(self) -> None:
        """Take back the last edit of the recording shown."""
        session = self.workbench.session(self.host.recording_path)
        if session is not None and session.undo():
            self.host.notify(f"undid: {session.history.redo_label}", timeout=2)
            self.refresh_edited()

    def redo(self) -> None:
        """Do again what was undone."""
        session = self.workbench.session(self.host.recording_path)
        if session is not None and session.redo():
            self.host.notify(f"redid: {session.history.undo_label}", timeout=2)
            self.refresh_edited()

    def save(self) -> None:
        """Save the edits of the recording shown."""
        path = self.host.recording_path
        if path is not None:
            self.save_edits(path)

    def discard_edits(self, path: str) -> None:
        """Drop the unsaved edits of ``path`` and show the file again."""
        self.workbench.discard(path)
        if path == self.host.recording_path:
            self.host.open_recording(path, ask=False)
        self.update_flags()
        self.host.refresh_bindings()

    def save_edits(self, path: str, then: Then | None = None, *, follow: bool = True) -> None:
        """Save ``path`` through the one writer, asking first when the name changes.

        ``then(new_path)`` runs when the flow ends: the path the file has now, or
        None when nothing was saved.  ``follow``: select the file under its new
        name after a rename (not when leaving it for another recording).
        """
        done: Then = then or (lambda _path: None)
        session = self.workbench.session(path)
        if session is None or not session.dirty:
            self.host.notify("nothing to save", timeout=2)
            done(None)
            return
        plan = session.pending_rename()
        if plan is None:
            self._write(path, rename=False, force=False, then=done, follow=follow)
            return

        def answer(value: str | None) -> None:
            if value is None:
                self.host.notify("not saved; the edits are kept", timeout=3)
                done(None)
            else:
                self._write(path, rename=value == "rename", force=False, then=done, follow=follow)

        from inspector.ui.screens.dialogs.choice import Choice, ChoiceScreen

        choices = [Choice("enter,s", "save under the new name", "rename"), Choice("k", "keep the old name", "keep")]
        question = "The request changed, so its hash and the file's name change"
        self.host.push_dialog(ChoiceScreen(question, rename_detail(plan, self.workbench.root_path), choices, warning=False), answer)

    def _write(self, path: str, *, rename: bool, force: bool, then: Then, follow: bool) -> None:
        from inspector.core.base.writer import ConflictError, WriteError
        from inspector.core.edit import EditError
        from inspector.ui.state.workbench import like

        session = self.workbench.session(path)
        assert session is not None
        try:
            result = session.save(rename=rename, force=force)
        except ConflictError as exc:
            if exc.path is not None and not _same_file(exc.path, session.path):
                # the new name holds a different recording: never overwritten
                self.host.notify(f"not saved: {exc}", severity="error", timeout=10)
                then(None)
                return
            self._conflict(path, str(exc), rename=rename, then=then, follow=follow)
            return
        except (WriteError, EditError) as exc:
            self.host.notify(f"not saved: {exc}", severity="error", timeout=10)
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
            self.host.post_message(FilesChanged(removed=(path,), changed=(new_path,), select=new_path if follow else None))
        else:
            self.host.post_message(FilesChanged(changed=(path,)))
            self.refresh_edited(path)
        self.host.notify(message, timeout=4)
        then(new_path)

    def _conflict(self, path: str, reason: str, *, rename: bool, then: Then, follow: bool) -> None:
        from inspector.core.edit import EditError
        from inspector.ui.screens.dialogs.conflict import ConflictScreen

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
                    self.host.notify(f"cannot reload: {exc.reason}", severity="error", timeout=8)
                else:
                    self.host.notify(f"reloaded {session.path.name} from disk; your edits were dropped", timeout=4)
                    self.host.post_message(FilesChanged(changed=(path,)))
                    self.refresh_edited(path)
            else:
                self.host.notify("not saved; your edits are kept", timeout=3)
            then(None)

        self.host.push_dialog(ConflictScreen(session.path.name, reason, session.diff_with_disk), answer)

    # -- leaving a recording with unsaved edits -------------------------------------------------

    def may_leave(self, path: str) -> bool:
        """Whether the screen may switch to ``path`` now; otherwise ask about the unsaved edits first.

        The answer opens ``path`` (``open_recording(path, ask=False)``) or puts the cursor back.
        """
        current = self.host.recording_path
        wb = self._workbench
        if current is None or path == current or wb is None or not wb.is_dirty(current):
            return True
        from inspector.ui.screens.dialogs.choice import ChoiceScreen
        from inspector.ui.screens.editors.editing_screen import LEAVE_CHOICES

        def go() -> None:
            self.host.open_recording(path, ask=False)

        def back() -> None:
            self.host.reveal(current)

        def answer(value: str | None) -> None:
            if value == "save":
                self.save_edits(current, then=lambda saved: go() if saved else back(), follow=False)
            elif value == "discard":
                wb.discard(current)
                self.update_flags()
                go()
            elif value == "keep":
                self.update_flags()
                go()
            else:
                back()

        detail = "Save them, discard them, or keep them unsaved for now (● in the tree; quitting asks again)."
        self.host.push_dialog(ChoiceScreen(f"{Path(current).name} has unsaved edits", detail, LEAVE_CHOICES), answer)
        return False

    def unsaved(self) -> list[str]:
        """What quitting would lose, one line per recording."""
        wb = self._workbench
        return wb.unsaved() if wb is not None else []
