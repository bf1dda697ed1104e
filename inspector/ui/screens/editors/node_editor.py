"""`e` on a node of the Raw tab (or the request JSON): edit that one value in place.

The value is edited as JSON; a string can also be edited as plain text
(`ctrl+t`), so a prompt with many lines reads as lines instead of ``\\n``
escapes.  Editing the request changes the hash: the status line says which
name the file will be saved under.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static, TextArea

from inspector.core.base.jsonio import json_error_text
from inspector.core.edit import EditError, EditSession, JsonPath, format_path, get_node
from inspector.ui.screens.editors.editing_screen import EditingScreen, SaveFlow
from inspector.ui.widgets.edit_field import json_language, make_text_area
from inspector.ui.widgets.json_tree import value_preview

__all__ = ["NodeEditorScreen"]

_KEY = "node"


def _as_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


class NodeEditorScreen(EditingScreen):
    """One JSON node of the recording."""

    DEFAULT_CSS = """
    #node-editor {
        height: 1fr;
    }

    #node-check, #node-path {
        height: auto;
        padding: 0 1;
    }
    """

    HELP_TITLE = "Node editor (e on a JSON node)"
    WHAT = "edit node"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "toggle_mode", "Text/JSON"),
    ]

    def __init__(self, path: str, session: EditSession, node: JsonPath, *, flow: SaveFlow) -> None:
        super().__init__(path, session, flow=flow)
        self.node = node
        self.original = self.value
        self.as_text = isinstance(self.original, str)

    @property
    def value(self) -> Any:
        """The node's value in the session now (None when an undo removed it)."""
        try:
            return get_node(self.session.data, self.node)
        except EditError:
            return None

    def _shown(self, value: Any) -> str:
        return value if self.as_text and isinstance(value, str) else _as_json(value)

    def compose_body(self) -> ComposeResult:
        yield Static(self._path_line(), id="node-path")
        yield make_text_area(self._shown(self.value), json=not self.as_text, id="node-editor", blink=self.blink)
        yield Static("", id="node-check")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#node-editor", TextArea).focus()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#node-editor", TextArea)

    def _path_line(self) -> Text:
        text = Text("path ", style="dim")
        text.append(format_path(self.node), style="bold")
        text.append("   was ", style="dim")
        text.append_text(value_preview(self.original, clip=60))
        mode = "plain text (ctrl+t: as JSON)" if self.as_text else "JSON" + ("  (ctrl+t: as plain text)" if isinstance(self.value, str) else "")
        text.append(f"   editing as {mode}", style="dim")
        return text

    def field_title(self, key: str) -> str:
        return format_path(self.node)

    @on(TextArea.Changed, "#node-editor")
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if _KEY not in self._pending and _KEY not in self.errors and text == self._shown(self.value):
            return
        self.edited(_KEY, text)

    def apply_field(self, key: str, text: str) -> str | None:
        if self.as_text:
            value: Any = text
        else:
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                return f"not JSON: {json_error_text(exc)}"
            except RecursionError:
                return "not JSON: nested too deeply"
        return self.session.set_node(self.node, value, group=self.group(_KEY)).reason

    def show_field_error(self, key: str, reason: str | None) -> None:
        check = self.query_one("#node-check", Static)
        check.update(Text(f"✗ {reason}", style="bold red") if reason else Text(""))

    def sync(self) -> None:
        text = self._shown(self.value)
        if text != self.editor.text:
            self.editor.load_text(text)
        self.show_field_error(_KEY, None)

    def action_toggle_mode(self) -> None:
        """Edit a string as plain text, or as JSON (with quotes and escapes)."""
        self.flush()
        if not isinstance(self.value, str) and not self.as_text:
            self.notify("only a string can be edited as plain text", timeout=3)
            return
        if self.errors:
            self.notify("fix the value first", severity="warning", timeout=3)
            return
        self.as_text = not self.as_text
        self.editor.language = None if self.as_text else json_language()
        self.editor.load_text(self._shown(self.value))
        self.query_one("#node-path", Static).update(self._path_line())

