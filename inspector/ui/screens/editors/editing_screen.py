"""What the three editors share: live edits into an :class:`EditSession`, save, undo, redo, leave.

Typing applies to the session as you go (after a short pause in the real app,
at once in tests), so undo and redo are the session's: one step per field
you typed in, not per key.  A value that cannot be applied (JSON that does
not parse, a usage Ollama cannot hold) is shown under its field and saving is
refused until it is fixed.  Saving goes through the :class:`SaveFlow` the
editor was opened with (the app's editing controller), which asks about
renames and conflicts the same way wherever the save started.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from inspector.core.edit import EditSession
from inspector.ui.screens.dialogs.choice import Choice, ChoiceScreen
from inspector.ui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from inspector.ui.state.config import AppConfig

__all__ = ["EditingScreen", "LEAVE_CHOICES", "SaveFlow"]


class SaveFlow(Protocol):
    """How an editor saves and discards: the one save flow (``ui/main/editing.py``'s :class:`Editing`)."""

    def save_edits(self, path: str, then: Callable[[str | None], None] | None = None, *, follow: bool = True) -> None:
        """Save ``path``; ``then(new_path or None)`` when the flow ends."""

    def discard_edits(self, path: str) -> None:
        """Drop the unsaved edits of ``path``."""

#: What leaving a recording with unsaved edits offers (escape stays).
LEAVE_CHOICES = (
    Choice("s", "save", "save"),
    Choice("d", "discard the edits", "discard"),
    Choice("k", "keep them unsaved for now", "keep"),
)

# Apply typing after this pause (seconds): big streams take ~50 ms per edit.
TYPING_PAUSE = 0.15


class EditingScreen(Screen[str | None]):
    """Base of the editors: subclasses compose their fields and say how a field's text applies."""

    DEFAULT_CSS = """
    #editing-title {
        height: 1;
        padding: 0 1;
        background: $panel;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    #editing-status {
        height: auto;
        max-height: 2;
        padding: 0 1;
        background: $boost;
    }
    """

    HELP_TITLE = "Editor"
    WHAT = "editing"
    #: whether the status line repeats a refused value's reason (False: the editor shows it itself)
    STATUS_ERRORS = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        # priority: the text boxes have an undo of their own; the session's is the one that counts
        Binding("ctrl+z", "undo", "Undo", priority=True),
        Binding("ctrl+y", "redo", "Redo", priority=True),
        # priority: the JSON editor's TextArea would take escape to let go of the focus
        Binding("escape", "leave", "Back", priority=True),
    ]

    def __init__(self, path: str, session: EditSession, *, flow: SaveFlow, config: AppConfig) -> None:
        super().__init__()
        self.flow = flow
        self.config = config  # instant typing in tests, blinking cursors
        self.path = path  # the library's spelling; a save under a new name changes it
        self.session = session
        self.errors: dict[str, str] = {}  # field key -> why its text is not applied
        self._pending: dict[str, str] = {}
        self._timer: Timer | None = None
        self._serial = 0

    # -- what subclasses provide ------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        """The editor's widgets."""
        yield from ()

    def apply_field(self, key: str, text: str) -> str | None:
        """Apply a field's text to the session; the reason when it cannot be applied."""
        raise NotImplementedError

    def sync(self) -> None:
        """Show the session's current state in the widgets (after undo, redo, reload)."""

    def show_field_error(self, key: str, reason: str | None) -> None:
        """Show (or clear) why a field's text is refused."""

    def field_title(self, key: str) -> str:
        return key

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="editing-title")
        yield from self.compose_body()
        yield Static("", id="editing-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.update_status()

    @property
    def delay(self) -> float:
        return 0.0 if self.config.instant else TYPING_PAUSE

    @property
    def blink(self) -> bool:
        return self.config.animations

    # -- typing ------------------------------------------------------------------------

    def group(self, key: str) -> str:
        """The history group of typing in ``key``: one undo step until something else happens."""
        return f"{key}#{self._serial}"

    def edited(self, key: str, text: str) -> None:
        """A field changed: apply it now or after the typing pause."""
        self._pending[key] = text
        if self.delay <= 0:
            self.flush()
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.delay, self.flush)

    def flush(self) -> None:
        """Apply what was typed and not applied yet."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        pending, self._pending = self._pending, {}
        for key, text in pending.items():
            reason = self.apply_field(key, text)
            if reason is None:
                self.errors.pop(key, None)
            else:
                self.errors[key] = reason
            self.show_field_error(key, reason)
        if pending:
            self.update_status()

    def update_status(self) -> None:
        """The title line (file, saved or not) and the status line (rename, errors, undo)."""
        session = self.session
        title = Text(f" {self.WHAT} ", style="bold reverse")
        title.append(f" {session.path.name}")
        if session.dirty:
            title.append("  ● unsaved", style="bold yellow")
        else:
            title.append("  saved", style="green")
        self.query_one("#editing-title", Static).update(title)
        status = Text()
        if self.errors and self.STATUS_ERRORS:
            key, reason = next(iter(self.errors.items()))
            status.append(f"✗ {self.field_title(key)}: {reason}", style="bold red")
            status.append("  (not applied; saving waits until it is fixed)", style="red")
        elif not self.errors:
            plan = session.pending_rename()
            if plan is not None:
                status.append("request changed: ", style="bold magenta")
                status.append(f"saves as {plan.target.name}", style="magenta")
                if plan.folder_changed:
                    status.append(f" in {plan.target.parent}", style="magenta")
            elif session.can_undo:
                status.append(f"ctrl+z undoes: {session.history.undo_label}", style="dim")
        self.query_one("#editing-status", Static).update(status)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim undo/redo in the footer when there is nothing to take back or redo."""
        if action == "undo":
            return True if self.session.can_undo or self._pending else None
        if action == "redo":
            return True if self.session.can_redo else None
        return True

    # -- actions -------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save through the one writer (asks about a rename or a file changed on disk)."""
        self.flush()
        if self.errors:
            key, reason = next(iter(self.errors.items()))
            self.notify(f"cannot save yet: {self.field_title(key)}: {reason}", severity="error", timeout=6)
            return
        self.flow.save_edits(self.path, then=self._saved)

    def _saved(self, path: str | None) -> None:
        if path is not None:
            self.path = path
        self._serial += 1
        self.sync()
        self.update_status()

    def action_undo(self) -> None:
        """Take back the last edit (typing in one field is one step)."""
        self.flush()
        if self.session.undo():
            self._after_history(f"undid: {self.session.history.redo_label}")
        else:
            self.notify("nothing to undo", timeout=2)

    def action_redo(self) -> None:
        """Do again what was undone."""
        self.flush()
        if self.session.redo():
            self._after_history(f"redid: {self.session.history.undo_label}")
        else:
            self.notify("nothing to redo", timeout=2)

    def _after_history(self, message: str) -> None:
        self._serial += 1
        for key in list(self.errors):
            self.show_field_error(key, None)
        self.errors.clear()
        self.sync()
        self.update_status()
        self.notify(message, timeout=2)

    def action_leave(self) -> None:
        """Back to the recordings; asks first when there are unsaved edits."""
        self.flush()
        if not self.session.dirty and not self.errors:
            self.dismiss(None)
            return
        detail = ""
        if self.errors:
            key, reason = next(iter(self.errors.items()))
            detail = f"{self.field_title(key)} is not applied ({reason}); it is dropped when you leave."
        if not self.session.dirty:
            choices: tuple[Choice, ...] = (Choice("l", "leave", "discard"),)
        else:
            choices = LEAVE_CHOICES
        question = f"{self.session.path.name} has unsaved edits" if self.session.dirty else "Leave the editor?"
        self.app.push_screen(ChoiceScreen(question, detail, choices), self._leave_answer)

    def _leave_answer(self, answer: str | None) -> None:
        if answer == "save":
            if self.errors:
                self.notify("fix the value marked in red first, or discard", severity="error")
                return
            self.flow.save_edits(self.path, then=self._saved_then_leave)
        elif answer == "discard":
            self.flow.discard_edits(self.path)
            self.dismiss(None)
        elif answer == "keep":
            self.dismiss(None)

    def _saved_then_leave(self, path: str | None) -> None:
        self._saved(path)
        if not self.session.dirty:
            self.dismiss(None)
