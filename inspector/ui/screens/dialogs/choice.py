"""A question with a few answers, each on its own key (save / discard / keep; rename or not).

Each answer is a :class:`Choice`; the screen builds one :class:`Binding` per
answer, so the footer and the help show the keys like everywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from inspector.ui.widgets.footer import KeyFooter

__all__ = ["Choice", "ChoiceScreen"]


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer: the keys that give it (``"s,enter"``), what it says, the value it returns."""

    keys: str
    label: str
    value: str


class ChoiceScreen(ModalScreen[str | None]):
    """Ask a question; dismisses with the chosen answer's value, or None on escape."""

    DEFAULT_CSS = """
    ChoiceScreen {
        align: center middle;
    }

    #choice-box {
        width: 80%;
        max-width: 100;
        height: auto;
        max-height: 90%;
        border: round $accent;
        padding: 1 2;
        background: $surface;
    }

    ChoiceScreen.-warning #choice-box {
        border: round $warning;
    }

    #choice-detail-scroll {
        height: auto;
        max-height: 20;
        margin-top: 1;
    }

    #choice-question {
        text-style: bold;
    }

    #choice-keys {
        margin-top: 1;
    }
    """

    HELP_TITLE = "Question"

    def __init__(self, question: str, detail: str | Text = "", choices: Sequence[Choice] = (), *, warning: bool = True) -> None:
        super().__init__(classes="-warning" if warning else "")
        self.question = question
        self.detail = detail
        self.choices = tuple(choices)
        for choice in self.choices:
            self._bindings.bind(choice.keys, f"answer('{choice.value}')", choice.label)
        self._bindings.bind("escape", "answer('')", "Cancel")

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Static(Text(self.question), id="choice-question")
            if self.detail:
                with VerticalScroll(id="choice-detail-scroll"):
                    yield Static(self.detail if isinstance(self.detail, Text) else Text(self.detail), id="choice-detail")
            keys = Text()
            for choice in self.choices:
                first = choice.keys.split(",")[0]
                keys.append(f" {first} ", style="bold reverse")
                keys.append(f" {choice.label}   ")
            keys.append(" esc ", style="bold reverse")
            keys.append(" cancel")
            yield Static(keys, id="choice-keys")
        yield KeyFooter()

    def action_answer(self, value: str) -> None:
        """Give an answer (escape gives none)."""
        self.dismiss(value or None)

