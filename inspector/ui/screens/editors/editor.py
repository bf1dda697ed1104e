"""`e`: edit what the response rebuilds to (text, reasoning, tool calls, finish reason, usage).

Each value is a field; typing spreads the new value back over the chunks that
delivered the old one (the core's :mod:`inspector.core.edit.stream`), so the
replay shows exactly what was typed.  Tool call arguments must be JSON; usage
is a JSON object (empty removes it where the format allows).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from inspector.core.edit import EditError, EditSession, Field, FieldKind
from inspector.core.edit.fields import field_text
from inspector.ui.screens.editors.editing_screen import EditingScreen, SaveFlow
from inspector.ui.state.config import AppConfig
from inspector.ui.widgets.edit_field import EditField

__all__ = ["EditorScreen", "HINTS"]

#: The line under a field, by what it edits.
HINTS: dict[FieldKind, str] = {
    FieldKind.TEXT: "the assistant's answer, spread back over its chunks",
    FieldKind.TOOL_ARGS: "JSON",
    FieldKind.FINISH: "empty removes it",
    FieldKind.USAGE: "a JSON object; empty removes it",
}


class EditorScreen(EditingScreen):
    """The rebuilt values of one recording as fields."""

    HELP_TITLE = "Editor (e)"
    WHAT = "edit"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "edit_json", "Whole file as JSON"),
    ]

    def __init__(self, path: str, session: EditSession, *, flow: SaveFlow, config: AppConfig) -> None:
        super().__init__(path, session, flow=flow, config=config)
        # The core's typed fields (core/edit/fields.py); keys stay the same across edits.
        try:
            self.specs: list[Field] = session.fields()
        except EditError:
            self.specs = []
        self._by_key = {f.key: f for f in self.specs}

    def current(self, key: str) -> str:
        """A field's value in the session now (after edits, undo, redo); read from the rebuild, cheap per key."""
        f = self._by_key[key]
        return field_text(self.session.recording.rebuild, f.kind, f.choice, f.tool)

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="editor-fields"):
            for spec in self.specs:
                yield EditField(
                    spec.key,
                    spec.label,
                    spec.text,
                    multiline=not spec.kind.one_line,
                    json=spec.kind.is_json,
                    hint=HINTS.get(spec.kind, ""),
                    blink=self.blink,
                )

    def on_mount(self) -> None:
        super().on_mount()
        # the keyboard starts in the answer (the first text field), else the first field
        first = next((spec for spec in self.specs if spec.kind is FieldKind.TEXT), self.specs[0] if self.specs else None)
        if first is not None:
            self.field(first.key).box.focus()

    def field(self, key: str) -> EditField:
        """The field editing ``key``."""
        return next(f for f in self.query(EditField) if f.key == key)

    def field_title(self, key: str) -> str:
        field = self._by_key.get(key)
        return field.label if field is not None else key

    @on(EditField.Changed)
    def _changed(self, event: EditField.Changed) -> None:
        event.stop()
        unsettled = event.key in self._pending or event.key in self.errors
        if not unsettled and event.text == self.current(event.key):
            return  # what sync() showed: nothing was typed
        self.edited(event.key, event.text)

    def apply_field(self, key: str, text: str) -> str | None:
        return self.session.set_field(self._by_key[key], text, group=self.group(key)).reason

    def show_field_error(self, key: str, reason: str | None) -> None:
        self.field(key).show_error(reason)

    def action_edit_json(self) -> None:
        """Go on in the JSON editor (the same edits, the whole file)."""
        self.flush()
        if self.errors:
            key, reason = next(iter(self.errors.items()))
            self.notify(f"fix {self.field_title(key)} first: {reason}", severity="warning", timeout=5)
            return
        self.dismiss("json")  # whoever opened the editor opens the JSON editor on the same session

    def sync(self) -> None:
        for field in self.query(EditField):
            if field.key not in self.errors:
                field.set_text(self.current(field.key))
