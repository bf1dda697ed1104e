"""`E`: the whole file in a JSON editor (line numbers, JSON highlighting).

The text is checked as you type: a parse error shows its line and column
(`f8` jumps there) and saving is refused until the document is valid JSON
and still a recording (an object with ``request`` and ``response``).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static, TextArea

from inspector.core.edit import EditOutcome, EditSession
from inspector.core.edit.nodes import DocumentError, parse_document
from inspector.ui.screens.editors.editing_screen import EditingScreen, SaveFlow
from inspector.ui.state.config import AppConfig
from inspector.ui.widgets.edit_field import json_language, make_text_area

__all__ = ["JsonEditorScreen"]

_KEY = "document"


class JsonEditorScreen(EditingScreen):
    """The whole recording as JSON text."""

    DEFAULT_CSS = """
    #json-editor {
        height: 1fr;
    }

    #json-check {
        height: auto;
        padding: 0 1;
    }
    """

    HELP_TITLE = "JSON editor (E)"
    WHAT = "JSON"
    STATUS_ERRORS = False  # the check line under the editor says it, with "f8 goes there"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f8", "goto_error", "Go to the error"),
    ]

    def __init__(self, path: str, session: EditSession, *, flow: SaveFlow, config: AppConfig) -> None:
        super().__init__(path, session, flow=flow, config=config)
        self.document_error: DocumentError | None = None

    def compose_body(self) -> ComposeResult:
        yield make_text_area(self.session.text(), json=True, code=True, id="json-editor", blink=self.blink)
        yield Static("", id="json-check")

    def on_mount(self) -> None:
        super().on_mount()
        self._show_check()
        self.query_one("#json-editor", TextArea).focus()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#json-editor", TextArea)

    def field_title(self, key: str) -> str:
        return "the document"

    @on(TextArea.Changed, "#json-editor")
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.edited(_KEY, event.text_area.text)

    def apply_field(self, key: str, text: str) -> str | None:
        data, error = parse_document(text)
        self.document_error = error
        if error is not None:
            return error.one_line()
        if data == self.session.data:
            return None
        # one history step per stretch of typing (the session's replace_document would add one per key)
        outcome = EditOutcome(data, label="edit JSON", changed=((),))
        return self.session.apply(outcome, group=self.group(_KEY)).reason

    def show_field_error(self, key: str, reason: str | None) -> None:
        self._show_check()

    def _show_check(self) -> None:
        check = self.query_one("#json-check", Static)
        error = self.document_error
        if error is None:
            lines = self.editor.document.line_count
            text = Text(f"✓ valid JSON, a recording · {lines:,} lines", style="green")
            if self.editor.language is None and json_language() is not None:
                text.append("  (a big file: no highlighting; e on a node of the Raw tab edits one value quicker)", style="dim")
            check.update(text)
        else:
            text = Text(f"✗ {error.one_line()}", style="bold red")
            if error.line is not None:
                text.append("   f8 goes there", style="dim")
            check.update(text)

    def sync(self) -> None:
        current, _error = parse_document(self.editor.text)
        if current == self.session.data:
            # what is typed already says this (a save, a redo of the last step): keep the
            # text and the cursor; reloading a big file costs seconds
            self.document_error = None
            self._show_check()
            return
        text = self.session.text()
        if text != self.editor.text:
            row, col = self.editor.cursor_location
            self.editor.load_text(text)
            lines = text.split("\n")
            row = min(row, len(lines) - 1)
            self.editor.cursor_location = (row, min(col, len(lines[row])))
        self.document_error = None
        self._show_check()

    def action_goto_error(self) -> None:
        """Put the cursor where the JSON stops parsing."""
        error = self.document_error
        if error is None or error.line is None:
            self.notify("the JSON is valid", timeout=2)
            return
        self.editor.cursor_location = (error.line - 1, max((error.column or 1) - 1, 0))
        self.editor.focus()
