"""The file changed on disk while you were editing it: reload, overwrite, or look at the diff first."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from inspector.ui.widgets.diff_view import DiffView
from inspector.ui.widgets.footer import KeyFooter

__all__ = ["ConflictScreen"]


class ConflictScreen(ModalScreen[str | None]):
    """Dismisses with ``"reload"``, ``"overwrite"`` or None (keep editing, nothing saved)."""

    DEFAULT_CSS = """
    ConflictScreen {
        align: center middle;
    }

    #conflict-box {
        width: 90%;
        max-width: 120;
        height: auto;
        max-height: 90%;
        border: round $error;
        padding: 1 2;
        background: $surface;
    }

    #conflict-question {
        text-style: bold;
    }

    #conflict-diff-scroll {
        height: auto;
        max-height: 30;
        margin-top: 1;
        border-top: hkey $panel-lighten-2;
    }
    """

    HELP_TITLE = "Changed on disk"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "answer('reload')", "Reload (drop my edits)"),
        Binding("o", "answer('overwrite')", "Overwrite"),
        Binding("d", "toggle_diff", "Diff"),
        Binding("escape", "answer('')", "Cancel"),
    ]

    def __init__(self, name: str, reason: str, diff: Callable[[], str]) -> None:
        super().__init__()
        self.file_name = name
        self.reason = reason
        self._diff = diff
        self._diff_shown = False

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-box"):
            # the reason names the file: "x.json changed on disk since it was opened" (or was deleted)
            yield Static(Text(self.reason, style="bold"), id="conflict-question")
            yield Static(
                Text(
                    "Re-recorded, checked out or edited elsewhere. Nothing was saved; your edits are kept.\n"
                    "r reload it (your edits are dropped) · o overwrite it with your edits · "
                    "d show what differs · esc keep editing",
                ),
                id="conflict-detail",
            )
            with VerticalScroll(id="conflict-diff-scroll"):
                yield DiffView(id="conflict-diff")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#conflict-diff-scroll").display = False

    def action_toggle_diff(self) -> None:
        """Show (or hide) the diff from the file on disk to your edits."""
        scroll = self.query_one("#conflict-diff-scroll", VerticalScroll)
        if not self._diff_shown:
            self.query_one(DiffView).show_diff(self._diff())
            self._diff_shown = True
        scroll.display = not scroll.display
        if scroll.display:
            scroll.focus()

    def action_answer(self, value: str) -> None:
        """Reload, overwrite, or cancel."""
        self.dismiss(value or None)
