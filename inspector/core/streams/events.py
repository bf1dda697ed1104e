"""The walkers' shared vocabulary: events, the :class:`Where` sink an editor passes, and the small
steps every family takes (a text piece, tool arguments, a call's start, what ends a choice).

An event is ``("append", channel, text)`` (text added to a channel such as choice 0's text or
tool call 1's arguments), ``("set", field, value)`` (a finish reason, usage), ``("first", …)``
or ``("touch", …)``; the driver (:mod:`.walk`) and every family module speak it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

__all__ = [
    "Event",
    "Emit",
    "Rel",
    "Where",
    "unwrap",
    "as_str",
    "as_int",
    "args_text",
    "emit_text",
    "emit_args",
    "emit_ending",
    "emit_call_start",
    "emit_function",
    "emit_whole_call",
    "new_tool",
]

#: (op, key, value) where op is "append", "set", "first" or "touch"
Event = tuple[str, tuple[Any, ...], Any]
Emit = Callable[[str, tuple[Any, ...], Any], None]
Rel = tuple[Any, ...]  # a JSON path inside the current chunk's data


class Where(Protocol):
    """What an editor learns while a walker reads: where each value lives in the chunk.

    Paths are relative to the data of the chunk being read (inside ``__data__``
    of a typed value, inside the JSON of an SSE ``data:`` line); :meth:`enter`
    tells the sink which chunk that is.
    """

    def enter(self, index: int, chunk: Any) -> None:
        """The walker starts on chunk ``index`` (its raw value, before unwrapping)."""

    def piece(
        self, key: tuple[Any, ...], rel: Rel, value: Any, *, text: bool = True, twins: tuple[Rel, ...] = (), group: Any = None
    ) -> None:
        """A delivered piece of channel ``key``; ``twins`` hold the same piece again (rewritten in step).

        ``group`` names the part of the channel the piece belongs to (an output item's text), for :meth:`whole`.
        """

    def whole(self, key: tuple[Any, ...], rel: Rel, group: Any) -> None:
        """A place repeating, whole, what the pieces of ``group`` delivered (a ``.done`` event, a final response).

        The rebuild does not read it (a piece counts once); an edit rewrites it in step.
        """

    def anchor(self, key: tuple[Any, ...], rel: Rel, *, text: bool = True, twins: tuple[Rel, ...] = ()) -> None:
        """The natural place for ``key`` when it has no piece (the first anchor seen wins)."""

    def finish(self, c: int, rel: Rel, present: bool) -> None:
        """Where choice ``c``'s finish reason is (``present``) or could go (the last place wins)."""

    def usage(self, rel: Rel, present: bool) -> None:
        """Where the usage is (``present``) or could go (the last place wins)."""

    def usage_start(self, rel: Rel) -> None:
        """The usage a stream starts with, merged into later usage (``/v1/messages``)."""


def unwrap(value: Any) -> Any:
    """The data of a typed value ``{"__type__", "__data__"}``; ``__type__`` is only a label."""
    if isinstance(value, dict) and "__type__" in value and "__data__" in value:
        return value["__data__"]
    return value


def as_str(value: Any) -> str | None:
    """A string, or None."""
    return value if isinstance(value, str) else None


def as_int(value: Any, default: int) -> int:
    """An int (not a bool), or ``default``."""
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def args_text(value: Any) -> str:
    """Tool arguments as the text a client sees (an object as JSON)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def emit_text(emit: Emit, at: Where | None, key: tuple[Any, ...], rel: Rel, value: str) -> None:
    """A text piece: appended, and placed for an editor."""
    emit("append", key, value)
    if at is not None:
        at.piece(key, rel, value)


def emit_args(emit: Emit, at: Where | None, key: tuple[Any, ...], rel: Rel, value: Any) -> None:
    """Tool arguments as delivered (text, or an object some families store): appended as text."""
    emit("append", key, args_text(value))
    if at is not None:
        at.piece(key, rel, value, text=isinstance(value, str))


def emit_ending(emit: Emit, at: Where | None, finish: Any, finish_rel: Rel, usage: Any, usage_rel: Rel) -> None:
    """What ends choice 0 (a finish reason, usage), and for an editor where each is or would go."""
    if finish is not None:
        emit("set", ("finish", 0), finish)
    if isinstance(usage, dict):
        emit("set", ("usage",), usage)
    if at is not None:
        at.finish(0, finish_rel, finish is not None)
        at.usage(usage_rel, isinstance(usage, dict))


def emit_call_start(emit: Emit, at: Where | None, c: int, t: int, call_id: Any, name: Any, name_rel: Rel) -> None:
    """A tool call begins: its id (the first one seen counts) and its name, a piece."""
    emit("touch", ("tool", c, t), None)
    if isinstance(call_id, str):
        emit("first", ("tool.id", c, t), call_id)
    if isinstance(name, str):
        emit_text(emit, at, ("tool.name", c, t), name_rel, name)
    if at is not None:
        at.anchor(("tool.name", c, t), name_rel)


def new_tool(state: dict[str, Any], counter: Any = "tools") -> int:
    """The index of the next tool call, counted in ``state[counter]``."""
    t = state.get(counter, 0)
    state[counter] = t + 1
    return t


def emit_function(emit: Emit, at: Where | None, c: int, t: int, fn: dict[str, Any], rel: Rel | None) -> None:
    """An OpenAI ``function`` piece: a name piece, an arguments piece (text)."""
    name = fn.get("name")
    if isinstance(name, str) and name:
        emit("append", ("tool.name", c, t), name)
    args = fn.get("arguments")
    if args is not None and args != "":
        emit("append", ("tool.args", c, t), args_text(args))
    if at is not None and rel is not None:
        if isinstance(name, str) and name:
            at.piece(("tool.name", c, t), rel + ("name",), name)
        if args is not None and args != "":
            at.piece(("tool.args", c, t), rel + ("arguments",), args, text=isinstance(args, str))
        at.anchor(("tool.name", c, t), rel + ("name",))
        at.anchor(("tool.args", c, t), rel + ("arguments",))


def emit_whole_call(emit: Emit, at: Where | None, c: int, t: int, fn: dict[str, Any], rel: Rel, args_key: str) -> None:
    """A call delivered whole (Ollama, genai): its name, and arguments always (an object)."""
    if isinstance(fn.get("name"), str):
        emit_text(emit, at, ("tool.name", c, t), rel + ("name",), fn["name"])
    emit_args(emit, at, ("tool.args", c, t), rel + (args_key,), fn.get(args_key))
    if at is not None:
        at.anchor(("tool.name", c, t), rel + ("name",))
        at.anchor(("tool.args", c, t), rel + (args_key,), text=False)
