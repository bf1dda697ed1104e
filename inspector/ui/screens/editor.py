"""`e`: edit what the response rebuilds to (text, reasoning, tool calls, finish reason, usage).

Each value is a field; typing spreads the new value back over the chunks that
delivered the old one (the core's :mod:`inspector.core.edit.stream`), so the
replay shows exactly what was typed.  Tool call arguments must be JSON; usage
is a JSON object (empty removes it where the format allows).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from ...core.edit import EditSession, stream
from ...core.edit.stream import Layout, layout_of
from ...core.model import ChoiceResult, Kind, Rebuild
from ..widgets.edit_field import EditField
from .editing_screen import EditingScreen

__all__ = ["EditorScreen", "FieldSpec", "editable_fields"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of the editor: ``key`` says what it edits (``text:0``, ``tool.args:0:1``, ``usage``)."""

    key: str
    title: str
    multiline: bool = True
    json: bool = False
    hint: str = ""


def _choice(rebuild: Rebuild, c: int) -> ChoiceResult | None:
    return next((ch for ch in rebuild.choices if ch.index == c), None)


def editable_fields(session: EditSession) -> list[FieldSpec]:
    """The values of this response that can be edited, in reading order."""
    rec = session.recording
    lay: Layout = layout_of(rec)
    many = len(lay.choices) > 1
    out: list[FieldSpec] = []
    for c in lay.choices:
        where = f" (choice {c})" if many else ""
        choice = _choice(rec.rebuild, c)
        if ("reasoning", c) in lay.channels or (choice is not None and choice.reasoning):
            out.append(FieldSpec(f"reasoning:{c}", f"Reasoning{where}"))
        if ("text", c) in lay.channels or ("text", c) in lay.anchors or (choice is not None and choice.text):
            out.append(FieldSpec(f"text:{c}", f"Text{where}", hint="the assistant's answer, spread back over its chunks"))
        if choice is not None and choice.refusal:
            out.append(FieldSpec(f"refusal:{c}", f"Refusal{where}"))
        for cc, t in lay.tools:
            if cc != c:
                continue
            out.append(FieldSpec(f"tool.name:{c}:{t}", f"Tool call {t} name{where}", multiline=False))
            out.append(FieldSpec(f"tool.args:{c}:{t}", f"Tool call {t} arguments{where}", json=True, hint="JSON"))
        if lay.kind != Kind.TOOL and (lay.finish.get(c) or c in lay.finish_anchor):
            out.append(FieldSpec(f"finish:{c}", f"Finish reason{where}", multiline=False, hint="empty removes it"))
    if lay.usage_mode != "none" and (lay.usage or lay.usage_anchor is not None) and lay.kind != Kind.TOOL:
        out.append(FieldSpec("usage", "Usage", json=True, hint="a JSON object; empty removes it"))
    return out


def field_value(session: EditSession, key: str) -> str:
    """The current value of a field, as the field shows it."""
    rebuild = session.recording.rebuild
    head, *rest = key.split(":")
    if head == "usage":
        usage = rebuild.usage
        return "" if usage is None else json.dumps(usage, indent=2, ensure_ascii=False)
    choice = _choice(rebuild, int(rest[0]))
    if choice is None:
        return ""
    if head == "text":
        return choice.text
    if head == "reasoning":
        return choice.reasoning
    if head == "refusal":
        return choice.refusal or ""
    if head == "finish":
        return choice.finish_reason or ""
    tool = next((tc for tc in choice.tool_calls if tc.index == int(rest[1])), None)
    if tool is None:
        return ""
    return (tool.name or "") if head == "tool.name" else tool.arguments


def _json_error(text: str) -> str | None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
    except RecursionError:
        return "not JSON: nested too deeply"
    return None


class EditorScreen(EditingScreen):
    """The rebuilt values of one recording as fields."""

    HELP_TITLE = "Editor (e)"
    WHAT = "edit"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "edit_json", "Whole file as JSON"),
    ]

    def __init__(self, path: str, session: EditSession) -> None:
        super().__init__(path, session)
        self.specs = editable_fields(session)

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="editor-fields"):
            for spec in self.specs:
                yield EditField(
                    spec.key,
                    spec.title,
                    field_value(self.session, spec.key),
                    multiline=spec.multiline,
                    json=spec.json,
                    hint=spec.hint,
                    blink=self.blink,
                )

    def on_mount(self) -> None:
        super().on_mount()
        fields = list(self.query(EditField))
        first = next((f for f in fields if f.key.startswith("text:")), fields[0] if fields else None)
        if first is not None:
            first.box.focus()

    def field(self, key: str) -> EditField:
        """The field editing ``key``."""
        return next(f for f in self.query(EditField) if f.key == key)

    def field_title(self, key: str) -> str:
        return next((s.title for s in self.specs if s.key == key), key)

    @on(EditField.Changed)
    def _changed(self, event: EditField.Changed) -> None:
        event.stop()
        unsettled = event.key in self._pending or event.key in self.errors
        if not unsettled and event.text == field_value(self.session, event.key):
            return  # what sync() showed: nothing was typed
        self.edited(event.key, event.text)

    def apply_field(self, key: str, text: str) -> str | None:
        session = self.session
        head, *rest = key.split(":")
        group = self.group(key)
        if head == "usage":
            stripped = text.strip()
            if not stripped or stripped == "null":
                usage = None
            else:
                error = _json_error(stripped)
                if error:
                    return error
                usage = json.loads(stripped)
                if not isinstance(usage, dict):
                    return "usage must be a JSON object"
            return session.apply(stream.edit_usage(session.data, usage), group=group).reason
        c = int(rest[0])
        if head == "text":
            return session.set_text(text, choice=c, group=group).reason
        if head == "reasoning":
            return session.set_reasoning(text, choice=c, group=group).reason
        if head == "refusal":
            return session.apply(stream.edit_refusal(session.data, text, choice=c), group=group).reason
        if head == "finish":
            reason = text.strip() or None
            return session.apply(stream.edit_finish_reason(session.data, reason, choice=c), group=group).reason
        t = int(rest[1])
        if head == "tool.name":
            if not text.strip():
                return "a tool call needs a name"
            return session.apply(stream.edit_tool_name(session.data, t, text, choice=c), group=group).reason
        error = _json_error(text)
        if error:
            return error
        return session.set_tool_arguments(t, text, choice=c, group=group).reason

    def show_field_error(self, key: str, reason: str | None) -> None:
        self.field(key).show_error(reason)

    def action_edit_json(self) -> None:
        """Go on in the JSON editor (the same edits, the whole file)."""
        self.flush()
        if self.errors:
            key, reason = next(iter(self.errors.items()))
            self.notify(f"fix {self.field_title(key)} first: {reason}", severity="warning", timeout=5)
            return
        main = self.app.main_screen
        self.dismiss(None)
        main.call_after_refresh(main.action_edit_json)

    def sync(self) -> None:
        for field in self.query(EditField):
            if field.key not in self.errors:
                field.set_text(field_value(self.session, field.key))
