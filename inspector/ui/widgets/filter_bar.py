"""The filter above the tree: a query in the filter language and "N of M" beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

__all__ = ["FilterBar"]


class FilterBar(Horizontal):
    """Type to narrow the tree (`model:gpt-4o has:tools -is:stream …`); escape clears."""

    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        background: $boost;
    }

    #filter-input {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }

    #filter-count {
        width: auto;
        max-width: 60%;
        height: 1;
        padding: 0 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    #filter-count.-error {
        color: $error;
    }

    /* A message is read whole: it goes under the box, as wide as the bar, on as many lines as it needs
       (beside the box it had 60% of a sidebar at most 80 columns wide, and lost its end). */
    FilterBar.-error {
        layout: vertical;
        height: auto;
    }

    FilterBar.-error #filter-count {
        width: 1fr;
        max-width: 100%;
        height: auto;
        text-wrap: wrap;
    }
    """

    HELP_TITLE = "Filter (/)"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter"),
        Binding("enter", "done", "To the tree", show=False),
    ]

    @dataclass
    class Changed(Message):
        """The filter text changed (it may not parse yet)."""

        text: str

    @dataclass
    class Done(Message):
        """The user is done typing; focus can go back to the tree."""

        cleared: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._input = Input(placeholder="filter: words, model: endpoint: test: kind: has:tools has:error is:stream hash:stale -neg", id="filter-input")
        self._count = Static("", id="filter-count")

    def compose(self) -> ComposeResult:
        yield self._input
        yield self._count

    @property
    def text(self) -> str:
        return self._input.value

    def open(self) -> None:
        """Show the bar and put the cursor in it, at once.

        ``Widget.focus()`` only queues the change, behind keys already waiting (a paste,
        a fast typist, a busy app), which would then reach the tree as commands: ``/quality``
        quit.  Setting the screen's focus now routes every following key to the box.
        """
        self.display = True
        self.screen.set_focus(self._input)

    def set_text(self, text: str) -> None:
        """Replace the filter text (the tree follows)."""
        self.display = True
        self._input.value = text
        self._input.cursor_position = len(text)

    def show_count(self, shown: int, total: int, *, loading: bool = False) -> None:
        """``N of M`` (and that more may still come while indexing)."""
        more = "+" if loading else ""
        self._count.update(f"{shown:,} of {total:,}{more}")
        self._count.remove_class("-error")
        self.remove_class("-error")

    def show_counting(self) -> None:
        """A count is on its way (a large library counts in the regrouping worker)."""
        self._count.update("counting…")
        self._count.remove_class("-error")
        self.remove_class("-error")

    def clear_count(self) -> None:
        """No filter, no count."""
        self._count.update("")
        self._count.remove_class("-error")
        self.remove_class("-error")

    def show_error(self, message: str) -> None:
        """Say why the query does not parse, in place of the count: whole, under the box."""
        self._count.update(message)
        self._count.add_class("-error")
        self.add_class("-error")

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_done()

    def action_clear(self) -> None:
        """Clear the filter, hide the bar and go back to the tree."""
        self._input.value = ""
        self.clear_count()  # now, not when the regrouping lands: `/` again must show an empty box alone
        self.display = False
        self.post_message(self.Done(cleared=True))

    def action_done(self) -> None:
        """Keep the filter and go back to the tree."""
        if not self._input.value:
            self.display = False
        self.post_message(self.Done(cleared=False))
