"""Ask for one line (a new test id, a folder), checked as you type.

The caller passes ``check(text) -> (ok, message)``: the message under the input
says what will happen (``→ tests/x/recordings/ab12….json``) or why it cannot
(in red); ``enter`` is refused until the text is acceptable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from inspector.ui.widgets.footer import KeyFooter

__all__ = ["PromptScreen", "Check"]

#: ``check(text) -> (ok, message)``
Check = Callable[[str], tuple[bool, str]]


class PromptScreen(ModalScreen[str | None]):
    """One line of input with a live check; dismisses with the text, or None on escape."""

    DEFAULT_CSS = """
    PromptScreen {
        align: center middle;
    }

    #prompt-box {
        width: 80%;
        max-width: 100;
        height: auto;
        max-height: 90%;
        border: round $accent;
        padding: 1 2;
        background: $surface;
    }

    #prompt-title {
        text-style: bold;
    }

    #prompt-keys {
        margin-top: 1;
    }

    #prompt-detail {
        margin-bottom: 1;
    }

    #prompt-check {
        height: auto;
        padding: 0 1;
    }
    """

    HELP_TITLE = "Prompt"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        title: str,
        label: str,
        value: str = "",
        check: Check | None = None,
        *,
        suggestions: Sequence[str] = (),
        detail: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.value = value
        self.check = check
        self.suggestions = list(suggestions)
        self.detail = detail
        self.ok = check is None

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(Text(self.title_text, style="bold"), id="prompt-title")
            if self.detail:
                yield Static(Text(self.detail, style="dim"), id="prompt-detail")
            yield Static(Text(self.label), id="prompt-label")
            suggester = SuggestFromList(self.suggestions, case_sensitive=True) if self.suggestions else None
            yield Input(self.value, id="prompt-input", suggester=suggester)
            yield Static("", id="prompt-check")
            yield Static(Text("enter confirms · tab or → takes the suggestion · esc cancels", style="dim"), id="prompt-keys")
        yield KeyFooter()

    def on_mount(self) -> None:
        field = self.query_one(Input)
        if not self.app.animation_level or self.app.animation_level == "none":
            field.cursor_blink = False
        field.focus()
        field.cursor_position = len(self.value)
        self._check(self.value)

    @property
    def message(self) -> str:
        """What the check says about the text now (plain)."""
        return str(self.query_one("#prompt-check", Static).content)

    def _check(self, text: str) -> None:
        if self.check is None:
            return
        ok, message = self.check(text)
        self.ok = ok
        self.query_one("#prompt-check", Static).update(Text(message, style="green" if ok else "bold red"))

    @on(Input.Changed, "#prompt-input")
    def _changed(self, event: Input.Changed) -> None:
        self._check(event.value)

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._check(event.value)
        if self.ok:
            self.dismiss(event.value)
        else:
            self.app.bell()

    def action_cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss(None)
