"""The editable values of a response as typed fields: what an editor shows, and how one is applied.

An editor (the app's ``e`` screen, the CLI's ``edit``) asks :func:`fields` for
the values a recording rebuilds to (its text, reasoning, refusal, each tool
call's name and arguments, the finish reason, the usage) and applies what the
user typed with :func:`apply_field` (or :meth:`EditSession.set_field
<inspector.core.edit.session.EditSession.set_field>`).  Where the values live
in the chunks stays inside :mod:`.stream`; editors see only :class:`Field`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from inspector.core.base.jsonio import json_error_text
from inspector.core.base.model import ChoiceResult, Kind, Rebuild
from inspector.core.edit import stream
from inspector.core.edit.outcome import EditError, EditOutcome
from inspector.core.recording.loading import Recording

__all__ = ["Field", "FieldKind", "apply_field", "field_for", "field_text", "fields", "find_field"]


class FieldKind(StrEnum):
    """What a field edits."""

    TEXT = "text"
    REASONING = "reasoning"
    REFUSAL = "refusal"
    TOOL_NAME = "tool.name"
    TOOL_ARGS = "tool.args"
    FINISH = "finish"
    USAGE = "usage"

    @property
    def is_json(self) -> bool:
        """Whether the field's text must be JSON (tool arguments, usage)."""
        return self in (FieldKind.TOOL_ARGS, FieldKind.USAGE)

    @property
    def one_line(self) -> bool:
        """Whether the value is a single line (a tool name, a finish reason)."""
        return self in (FieldKind.TOOL_NAME, FieldKind.FINISH)


@dataclass(frozen=True, slots=True)
class Field:
    """One editable value of a response.

    ``key`` is stable across edits of the same recording (``text:0``,
    ``tool.args:0:1``, ``usage``), so an editor can keep its widgets by key;
    ``text`` is the value when the fields were read.
    """

    key: str
    kind: FieldKind
    label: str
    text: str
    choice: int = 0
    tool: int | None = None


def _choice(rebuild: Rebuild, c: int) -> ChoiceResult | None:
    return next((ch for ch in rebuild.choices if ch.index == c), None)


def _key(kind: FieldKind, choice: int, tool: int | None) -> str:
    if kind is FieldKind.USAGE:
        return "usage"
    return f"{kind.value}:{choice}" if tool is None else f"{kind.value}:{choice}:{tool}"


def field_text(rebuild: Rebuild, kind: FieldKind, choice: int = 0, tool: int | None = None) -> str:
    """The value of one field in ``rebuild``, as an editor shows it ("" when it is absent)."""
    if kind is FieldKind.USAGE:
        return "" if rebuild.usage is None else json.dumps(rebuild.usage, indent=2, ensure_ascii=False)
    ch = _choice(rebuild, choice)
    if ch is None:
        return ""
    if kind is FieldKind.TEXT:
        return ch.text
    if kind is FieldKind.REASONING:
        return ch.reasoning
    if kind is FieldKind.REFUSAL:
        return ch.refusal or ""
    if kind is FieldKind.FINISH:
        return ch.finish_reason or ""
    call = next((tc for tc in ch.tool_calls if tc.index == tool), None)
    if call is None:
        return ""
    return (call.name or "") if kind is FieldKind.TOOL_NAME else call.arguments


def fields(rec: Recording) -> list[Field]:
    """The values of ``rec``'s response that can be edited, in reading order.

    Raises :class:`EditError` (one line) when the response has none
    (:func:`~inspector.core.edit.stream.stream_edit_problem` says why).
    """
    lay = stream.layout_of(rec)
    rebuild = rec.rebuild
    many = len(lay.choices) > 1
    out: list[Field] = []

    def add(kind: FieldKind, label: str, c: int, tool: int | None = None) -> None:
        where = f" (choice {c})" if many else ""
        out.append(Field(_key(kind, c, tool), kind, label + where, field_text(rebuild, kind, c, tool), c, tool))

    for c in lay.choices:
        ch = _choice(rebuild, c)
        # A value is offered when the chunks hold it, or hold a place to write it (an anchor).
        if ("reasoning", c) in lay.channels or (ch is not None and ch.reasoning):
            add(FieldKind.REASONING, "Reasoning", c)
        if ("text", c) in lay.channels or ("text", c) in lay.anchors or (ch is not None and ch.text):
            add(FieldKind.TEXT, "Text", c)
        if ch is not None and ch.refusal:
            add(FieldKind.REFUSAL, "Refusal", c)
        for cc, t in lay.tools:
            if cc == c:
                add(FieldKind.TOOL_NAME, f"Tool call {t} name", c, t)
                add(FieldKind.TOOL_ARGS, f"Tool call {t} arguments", c, t)
        if lay.kind != Kind.TOOL and (lay.finish.get(c) or c in lay.finish_anchor):
            add(FieldKind.FINISH, "Finish reason", c)
    if lay.usage_mode != "none" and (lay.usage or lay.usage_anchor is not None) and lay.kind != Kind.TOOL:
        out.append(Field("usage", FieldKind.USAGE, "Usage", field_text(rebuild, FieldKind.USAGE)))
    return out


def field_for(kind: FieldKind, choice: int = 0, tool: int | None = None) -> Field:
    """A field named by what it edits, without reading the recording (its ``text`` is unknown: "").

    For scripts and the CLI, which say ``--tool-args 1=…`` rather than pick from
    :func:`fields`; applying it to a response without that value is refused with the reason.
    """
    if kind in (FieldKind.TOOL_NAME, FieldKind.TOOL_ARGS) and tool is None:
        tool = 0
    elif kind not in (FieldKind.TOOL_NAME, FieldKind.TOOL_ARGS):
        tool = None
    return Field(_key(kind, choice, tool), kind, kind.value, "", choice, tool)


def find_field(rec: Recording, key: str) -> Field | None:
    """The field of ``rec`` with ``key`` (None when the response has no such value, or none at all)."""
    try:
        return next((f for f in fields(rec) if f.key == key), None)
    except EditError:
        return None


def _json_error(text: str) -> str | None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return f"not JSON: {json_error_text(exc)}"
    except RecursionError:
        return "not JSON: nested too deeply"
    return None


def apply_field(data: Any, field: Field, text: str) -> EditOutcome:
    """``data`` with ``field`` set to ``text`` (refused with a one-line reason when it cannot be).

    Tool arguments must be JSON; usage is a JSON object, and empty (or ``null``)
    removes it; an empty finish reason removes it.
    """
    kind, c = field.kind, field.choice
    if kind is FieldKind.USAGE:
        stripped = text.strip()
        if not stripped or stripped == "null":
            return stream.edit_usage(data, None)
        error = _json_error(stripped)
        if error:
            return EditOutcome.refused(error)
        usage = json.loads(stripped)
        if not isinstance(usage, dict):
            return EditOutcome.refused("usage must be a JSON object")
        return stream.edit_usage(data, usage)
    if kind is FieldKind.TEXT:
        return stream.edit_text(data, text, choice=c)
    if kind is FieldKind.REASONING:
        return stream.edit_reasoning(data, text, choice=c)
    if kind is FieldKind.REFUSAL:
        return stream.edit_refusal(data, text, choice=c)
    if kind is FieldKind.FINISH:
        return stream.edit_finish_reason(data, text.strip() or None, choice=c)
    tool = field.tool if field.tool is not None else 0
    if kind is FieldKind.TOOL_NAME:
        if not text.strip():
            return EditOutcome.refused("a tool call needs a name")
        return stream.edit_tool_name(data, tool, text, choice=c)
    error = _json_error(text)
    if error:
        return EditOutcome.refused(error)
    return stream.edit_tool_arguments(data, tool, text, choice=c)
