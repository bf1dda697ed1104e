"""One editable value in an editor: its title, a text box, and why the value is refused.

Short values (a tool name, a finish reason) get a one-line :class:`Input`; text
and JSON get a :class:`TextArea` (JSON highlighted when tree-sitter's JSON
grammar is installed, the ``syntax`` extra).  Every change is posted as
:class:`EditField.Changed`; the screen decides what it means.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from importlib import metadata

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.document._document import Location
from textual.document._wrapped_document import WrappedDocument
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

__all__ = ["EditField", "EditorArea", "HIGHLIGHT_LIMIT", "json_language", "make_text_area"]


@functools.cache
def json_language() -> str | None:
    """``"json"`` when the TextArea can highlight JSON here, else None (plain text).

    tree-sitter 0.26 crashes the process inside Textual 8's TextArea, so only
    0.25 counts (the ``syntax`` extra pins it).
    """
    from textual._tree_sitter import TREE_SITTER

    if not TREE_SITTER or importlib.util.find_spec("tree_sitter_json") is None:
        return None
    try:
        major, minor = (int(x) for x in metadata.version("tree-sitter").split(".")[:2])
    except (metadata.PackageNotFoundError, ValueError):
        return None
    return "json" if (major, minor) == (0, 25) else None


#: Above this many characters JSON is not highlighted (tree-sitter makes every key cost
#: seconds) and the bracket under the cursor is not matched (see :class:`EditorArea`).
HIGHLIGHT_LIMIT = 150_000


class _CountedHeight(WrappedDocument):
    """Textual's wrapped document, its height counted at once.

    ``WrappedDocument.height`` sums over every line, and TextArea asks for it once per line
    it draws: in a 1 MB recording (264,000 lines) that was a quarter of a second a key.
    It has one entry in ``_offset_to_line_info`` per line on screen, kept by ``wrap`` and
    ``wrap_range``, so its length is the same number (tests/ui/test_editing.py checks it).
    """

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)


class EditorArea(TextArea):
    """A TextArea that stays quick on a whole large recording.

    Above :data:`HIGHLIGHT_LIMIT` characters the bracket under the cursor is not matched
    (TextArea finds its partner by walking the text a character at a time, on every
    cursor move: half a second a key in a 1 MB recording), and the document's height is
    counted, not summed (:class:`_CountedHeight`).  The whole document is wrapped again
    only when the width or tab width to wrap at changes: TextArea rewraps on every resize
    and setting (six times while an editor opened, 0.4 s each for 1 MB), though edits keep
    the wrapping up to date themselves.  Give the text with :meth:`start_with` once the
    settings are made (:func:`make_text_area` does): it is then wrapped once.
    """

    _large = False

    def start_with(self, text: str) -> None:
        """Edit ``text`` from here (before mounting: no ``Changed`` message, no history)."""
        self._set_document(text, self.language)

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        self._large = len(text) > HIGHLIGHT_LIMIT
        self.wrapped_document.__class__ = _CountedHeight  # the same object, one property faster

    def _rewrap_and_refresh_virtual_size(self) -> None:
        wrapped = self.wrapped_document
        if wrapped._width == self.wrap_width and wrapped._tab_width == self.indent_width:
            self._line_cache.clear()  # wrapped so already (edits keep it so): size and lines only
            self._refresh_size()
            return
        super()._rewrap_and_refresh_virtual_size()

    def find_matching_bracket(self, bracket: str, search_from: Location) -> Location | None:
        if self._large:
            return None
        return super().find_matching_bracket(bracket, search_from)


def make_text_area(text: str, *, json: bool, code: bool = False, id: str | None = None, blink: bool = True) -> EditorArea:
    """A TextArea for text or JSON: soft-wrapped, tab moves focus; line numbers for whole documents."""
    language = json_language() if json and len(text) <= HIGHLIGHT_LIMIT else None
    if code:
        area = EditorArea.code_editor("", language=language, soft_wrap=False, id=id)
        area.indent_width = 2
    else:
        area = EditorArea("", language=language, soft_wrap=True, tab_behavior="focus", id=id)
    area.cursor_blink = blink
    area.start_with(text)
    return area


class EditField(Vertical):
    """A titled text box with an error line under it."""

    DEFAULT_CSS = """
    EditField {
        height: auto;
        margin-bottom: 1;
    }

    .edit-field-title {
        color: $accent;
    }

    EditField TextArea {
        height: auto;
        min-height: 3;
        max-height: 20;
    }

    EditField Input {
        width: 1fr;
    }

    EditField.-invalid TextArea, EditField.-invalid Input {
        border: tall $error;
    }

    .edit-field-error {
        height: auto;
        padding: 0 1;
    }
    """

    @dataclass
    class Changed(Message):
        """The text of field ``key`` changed (typed, pasted, or set)."""

        field: EditField
        key: str
        text: str

    def __init__(self, key: str, title: str, value: str, *, multiline: bool = True, json: bool = False, hint: str = "", blink: bool = True) -> None:
        super().__init__(classes="edit-field -multiline" if multiline else "edit-field")
        self.key = key
        self.field_title = title
        self.value = value
        self.multiline = multiline
        self.json = json
        self.hint = hint
        self.blink = blink

    def compose(self) -> ComposeResult:
        title = Text(self.field_title, style="bold")
        if self.hint:
            title.append(f"  {self.hint}", style="dim")
        yield Static(title, classes="edit-field-title")
        if self.multiline:
            yield make_text_area(self.value, json=self.json, blink=self.blink)
        else:
            field = Input(self.value)
            field.cursor_blink = self.blink
            yield field
        yield Static("", classes="edit-field-error")

    def on_mount(self) -> None:
        self.query_one(".edit-field-error").display = False

    @property
    def box(self) -> Widget:
        """The text box (to focus it)."""
        return self.query_one(TextArea) if self.multiline else self.query_one(Input)

    @property
    def text(self) -> str:
        """What the box holds now."""
        return self.query_one(TextArea).text if self.multiline else self.query_one(Input).value

    def set_text(self, text: str) -> None:
        """Show ``text`` (after an undo or a reload); no-op when it is already shown."""
        if text == self.text:
            return
        if self.multiline:
            area = self.query_one(TextArea)
            row, col = area.cursor_location
            area.load_text(text)
            lines = text.split("\n")
            row = min(row, len(lines) - 1)
            area.cursor_location = (row, min(col, len(lines[row])))
        else:
            self.query_one(Input).value = text

    def show_error(self, reason: str | None) -> None:
        """Say why the value is refused (None clears it)."""
        line = self.query_one(".edit-field-error", Static)
        line.display = reason is not None
        self.set_class(reason is not None, "-invalid")
        if reason is not None:
            line.update(Text(f"✗ {reason}", style="bold red"))

    @property
    def error(self) -> str | None:
        line = self.query_one(".edit-field-error", Static)
        return str(line.content)[2:] if line.display else None

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.key, event.text_area.text))

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.key, event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # enter in a one-line field moves on, as tab does
        event.stop()
        self.screen.focus_next()
