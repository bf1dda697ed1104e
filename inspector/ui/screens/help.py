"""The `?` screen: every key of the app, what the tree's markers mean, the filter language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from inspector.core.index.query import IS_TERMS
from inspector.ui.state.change_marks import CHANGE_MARKERS
from inspector.ui.state.labels import MARKERS
from inspector.ui.state.problem_filter import CHANGED_HELP, CHECK_HELP

__all__ = ["HelpScreen", "binding_sections", "FILTER_HELP"]

FILTER_HELP: tuple[tuple[str, str], ...] = (
    ("words", "match test id, model, endpoint, the request's messages and the response text"),
    ('"two words"', "match as one phrase"),
    ("model:gpt-4o", "model contains gpt-4o"),
    ("endpoint:chat", "endpoint contains chat"),
    ("test:basic", "test id contains basic"),
    ("kind:ollama", "kind starts with ollama (chat, completion, embeddings, models, messages, tool, …)"),
    ("path:inference", "file path contains inference"),
    ("has:tools", "the response made tool calls"),
    ("has:error", "a recorded exception or HTTP error, or an unreadable file"),
    *((f"is:{value}", what) for value, what in IS_TERMS.items()),  # the core's one list of is: values
    ("hash:stale", "the file name is not the newest request hash (also hash:ok, hash:legacy, hash:mismatch)"),
    CHECK_HELP,
    CHANGED_HELP,
    ("-term", "negate any term: -is:stream, -model:gpt"),
)


def _title_of(node: DOMNode) -> str:
    title = getattr(node, "HELP_TITLE", None)
    if title:
        return str(title)
    if isinstance(node, App):
        return "Everywhere"
    if isinstance(node, Screen):
        return "Main screen"
    doc = (type(node).__doc__ or type(node).__name__).strip().splitlines()[0].rstrip(".")
    return f"{type(node).__name__}: {doc}"


def _ours(node: DOMNode) -> bool:
    module = type(node).__module__
    return module.startswith("inspector.") or isinstance(node, (App, Screen))


def binding_sections(app: App[object], screen: Screen[object]) -> list[tuple[str, list[Binding]]]:
    """Bindings of the app, the screen and every widget of ours on it, by where they work."""
    nodes: list[DOMNode] = [app, screen]
    nodes.extend(w for w in screen.walk_children() if _ours(w))
    sections: list[tuple[str, list[Binding]]] = []
    seen_types: set[type] = set()
    for node in nodes:
        if type(node) in seen_types:
            continue
        seen_types.add(type(node))
        bindings: list[Binding] = []
        seen: set[tuple[str, str]] = set()
        for key_bindings in node._bindings.key_to_bindings.values():
            for b in key_bindings:
                if b.system or (b.key, b.action) in seen or not b.description or b.action.startswith(_SCROLLING):
                    continue
                seen.add((b.key, b.action))
                bindings.append(b)
        if bindings:
            sections.append((_title_of(node), bindings))
    return sections


# Scrolling keys work in every pane that scrolls; the help says so once instead.
_SCROLLING = ("scroll_", "page_")


def _table(app: App[object], bindings: Iterable[Binding]) -> Table:
    """One row per action: every key that does it, then what it does."""
    rows: dict[tuple[str, str], list[str]] = {}
    for b in bindings:
        rows.setdefault((b.action, b.tooltip or b.description), []).append(app.get_key_display(b))
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True, min_width=12)
    table.add_column()
    for (_action, what), keys in rows.items():
        table.add_row(", ".join(keys), what)
    return table


class HelpScreen(ModalScreen[None]):
    """Every binding of the app, the tree markers and the filter language."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help-body {
        width: 90%;
        max-width: 110;
        height: 90%;
        border: round $accent;
        padding: 0 2;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "help"
            body.border_subtitle = "escape closes"
            yield Static(self._help_text(), id="help-text")

    def _help_text(self) -> RenderableType:
        parts: list[RenderableType] = [Text("Keys", style="bold underline"), Text("")]
        for title, bindings in self.sections:
            parts.append(Text(title, style="bold"))
            parts.append(_table(self.app, bindings))
            parts.append(Text(""))
        parts.append(Text("Tree markers", style="bold underline"))
        markers = Table.grid(padding=(0, 2))
        markers.add_column(no_wrap=True, min_width=12)
        markers.add_column()
        for mark, (meaning, style) in MARKERS.items():
            markers.add_row(Text(mark, style=style), meaning)
        for status, (mark, style) in CHANGE_MARKERS.items():
            markers.add_row(Text(mark, style=style), f"{status} in git since the compared revision (--since, Compare with revision…), then its classes")
        parts += [markers, Text(""), Text("Filter (/)", style="bold underline")]
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold green", no_wrap=True, min_width=12)
        grid.add_column()
        for term, meaning in FILTER_HELP:
            grid.add_row(term, meaning)
        parts += [grid, Text("Terms combine with AND; escape clears the filter.", style="dim")]
        parts += [Text(""), Text("Panes that scroll also take the arrow keys, page up/down, home and end.", style="dim")]
        parts += [Text("escape closes this help", style="dim italic")]
        return RichGroup(*parts)

    def action_dismiss(self) -> None:  # type: ignore[override]
        """Close the help."""
        self.dismiss(None)
