"""`t`: the trash: what was deleted, when, from where; restore one file or a whole deletion.

Restoring never overwrites: a different file back at the old place is
reported and the entry stays in the trash.  Purging deletes for good (asks).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from inspector.core.edit.curate import CurateResult, Curator, TrashEntry
from inspector.render.paths import short_name
from inspector.ui.screens.dialogs.choice import Choice, ChoiceScreen
from inspector.ui.widgets.footer import KeyFooter

__all__ = ["TrashScreen"]


def entry_label(entry: TrashEntry, batch_size: int) -> Text:
    """``2026-10-01 12:00  tests/…/recordings/ab12cd34ef56….json  (3 deleted together)``: one line."""
    text = Text(entry.deleted_at.replace("T", " ")[:16], style="dim")
    text.append("  ")
    folder, _, name = entry.original.rpartition("/")
    name = short_name(name)  # a 64-hex hash: its start tells files apart (a model list's digest is kept)
    if folder:
        text.append(folder + "/", style="dim")
    text.append(name, style="bold")
    if batch_size > 1:
        text.append(f"  ({batch_size} deleted together)", style="dim italic")
    return text


class TrashScreen(ModalScreen[list[CurateResult] | None]):
    """Dismisses with what was restored (None when nothing was)."""

    DEFAULT_CSS = """
    TrashScreen {
        align: center middle;
    }

    #trash-box {
        width: 90%;
        max-width: 120;
        height: 80%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }

    #trash-summary {
        height: 1;
        margin-bottom: 1;
    }

    #trash-list {
        height: 1fr;
    }
    """

    HELP_TITLE = "Trash (t)"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,r", "restore", "Restore"),
        Binding("b", "restore_batch", "Restore all deleted with it"),
        Binding("delete", "purge", "Delete for good"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, curator: Curator) -> None:
        super().__init__()
        self.curator = curator
        self.entries: list[TrashEntry] = []
        self.restored: list[CurateResult] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="trash-box") as box:
            box.border_title = "trash"
            box.border_subtitle = f"{self.curator.root.display(self.curator.trash_dir)}"
            yield Static("", id="trash-summary")
            yield OptionList(id="trash-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self, keep: int = 0) -> None:
        self.entries = list(reversed(self.curator.trash()))  # newest first
        sizes: dict[str, int] = {}
        for e in self.entries:
            sizes[e.batch] = sizes.get(e.batch, 0) + 1
        listing = self.query_one(OptionList)
        listing.set_options([Option(entry_label(e, sizes[e.batch]), id=e.id) for e in self.entries])
        summary = self.query_one("#trash-summary", Static)
        if not self.entries:
            summary.update(Text("The trash is empty. Deleted recordings wait here until restored.", style="dim italic"))
        else:
            n = len(self.entries)
            summary.update(Text(f"{n} deleted recording{'s' if n != 1 else ''}, newest first", style="bold"))
            listing.highlighted = min(keep, n - 1)

    @property
    def current(self) -> TrashEntry | None:
        """The entry under the cursor."""
        index = self.query_one(OptionList).highlighted
        return self.entries[index] if index is not None and 0 <= index < len(self.entries) else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_restore()

    def _restore(self, entries: list[TrashEntry]) -> None:
        results = self.curator.restore_many(entries)
        self.restored.extend(r for r in results if r.ok)
        failed = [r for r in results if not r.ok]
        for r in failed:
            self.notify(r.message, severity="error", timeout=8)
        done = [r for r in results if r.ok]
        if done:
            self.notify("restored " + ", ".join(self.curator.root.display(r.target) for r in done if r.target)[:200], timeout=4)
        index = self.query_one(OptionList).highlighted or 0
        self._fill(index)

    def action_restore(self) -> None:
        """Put the highlighted file back where it was."""
        entry = self.current
        if entry is not None:
            self._restore([entry])

    def action_restore_batch(self) -> None:
        """Put back every file deleted together with the highlighted one."""
        entry = self.current
        if entry is not None:
            self._restore([e for e in self.entries if e.batch == entry.batch])

    def action_purge(self) -> None:
        """Delete the highlighted entry for good (asks first)."""
        entry = self.current
        if entry is None:
            return

        def answer(value: str | None) -> None:
            if value == "purge":
                self.curator.purge(entry)
                self.notify(f"deleted {entry.name} for good", timeout=3)
                self._fill(self.query_one(OptionList).highlighted or 0)

        self.app.push_screen(
            ChoiceScreen(f"Delete {entry.original} for good?", "It cannot be restored afterwards.", [Choice("y", "delete for good", "purge")]),
            answer,
        )

    def action_close(self) -> None:
        """Close the trash."""
        self.dismiss(self.restored or None)
