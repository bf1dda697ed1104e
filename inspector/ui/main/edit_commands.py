"""Command palette (ctrl+p) entries for editing and curating: the same actions as their keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from inspector.ui.main.screen import MainScreen

__all__ = ["EditingCommands"]


class EditingCommands(Provider):
    """Edit, save, undo; mark, duplicate, move, delete, restore, rehash."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        from inspector.ui.main.screen import main_screen_of

        try:
            screen: MainScreen = main_screen_of(self.app)
        except LookupError:
            return []
        wb = screen.workbench
        session = wb.session(screen.recording_path)
        marked = len(wb.marked)
        what = f"the {marked} marked recordings" if marked > 1 else "the marked recording" if marked else "this recording"
        out: list[tuple[str, Callable[[], object], str]] = [
            ("Edit this recording (answer, reasoning, tool calls, finish reason, usage)", screen.action_edit, "e"),
            ("Edit this recording's whole file as JSON", screen.action_edit_json, "E"),
        ]
        if session is not None and session.dirty:
            out.append(("Save the edits", screen.action_save, "ctrl+s"))
        if session is not None and session.can_undo:
            out.append((f"Undo: {session.history.undo_label}", screen.action_undo, "ctrl+z"))
        if session is not None and session.can_redo:
            out.append((f"Redo: {session.history.redo_label}", screen.action_redo, "ctrl+y"))
        out += [
            ("Mark or unmark the recording under the cursor and move down (on a group: all of it)", screen.action_toggle_mark, "m"),
            (f"Duplicate {what} as a new fixture…", screen.action_duplicate, "n · asks for the new test id"),
            (f"Move {what} to another folder…", screen.action_move, "v"),
            (f"Delete {what} (into the trash)…", screen.action_delete, "delete · restorable with t"),
            ("Trash: restore deleted recordings…", screen.action_trash, "t"),
            (f"Rehash {what}: rename to the request hash…", screen.action_rehash, "# · shows the renames first"),
        ]
        if marked:
            out.append((f"Unmark all ({marked})", screen.action_unmark_all, "U"))
        return out

    async def discover(self) -> Hits:
        for title, command, help in self._commands():
            yield DiscoveryHit(title, command, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command, help in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, text=title, help=help)
