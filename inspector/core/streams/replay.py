"""Incremental replay: the state of a response after any number of chunks.

Built once from the per-chunk events of :mod:`inspector.core.streams.walk`.  Every
text channel (a choice's text, reasoning, refusal; a tool call's id, name and
arguments) is stored as its final string plus the cumulative length after each
chunk that touched it, so the state at chunk *i* is a slice per channel found by
binary search: seeking anywhere costs O(channels x log chunks), and the state
after the last chunk *is* the full rebuild.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Literal

from inspector.core.base.model import ChoiceResult, Rebuild, RecordedError, ToolCall
from inspector.core.streams.events import Event

__all__ = ["Change", "ReplayState", "Replay", "Fold"]


@dataclass(frozen=True, slots=True)
class Change:
    """What one chunk did: ``what`` names the channel or field, ``value`` the text added or value set.

    ``op`` is ``"append"`` when the value was added to a text channel (the answer, tool
    arguments), ``"set"`` when it replaced the field (role, finish reason, usage) or, for
    ``"first"`` fields such as a tool call's id, when it was the first one seen.
    """

    what: str
    value: Any
    op: Literal["append", "set"] = "set"


@dataclass(frozen=True, slots=True)
class ReplayState:
    """The response as the client had it after ``position`` chunks (0 … total)."""

    position: int
    total: int
    choices: tuple[ChoiceResult, ...]
    usage: dict[str, Any] | None
    error: RecordedError | None
    changes: tuple[Change, ...] = ()

    @property
    def primary(self) -> ChoiceResult:
        return self.choices[0] if self.choices else ChoiceResult(index=0)

    @property
    def finished(self) -> bool:
        return self.position >= self.total


@dataclass(slots=True)
class _Channel:
    parts: list[str] = field(default_factory=list)
    at: list[int] = field(default_factory=list)  # chunk index of each change
    cum: list[int] = field(default_factory=list)  # cumulative length after it
    final: str = ""


@dataclass(slots=True)
class _Field:
    at: list[int] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)


def _describe(key: tuple[Any, ...]) -> str:
    head = key[0]
    if head in ("text", "reasoning", "refusal", "finish", "role", "choice"):
        return head if key[1] == 0 else f"{head}[{key[1]}]"
    if head.startswith("tool"):
        prefix = "" if key[1] == 0 else f"choice[{key[1]}]."
        return f"{prefix}tool_calls[{key[2]}]{head[4:] or ''}"
    return head


class Replay:
    """Replay over a recording's chunks; ``state(n)`` is the state after ``n`` chunks.

    The seek index is built on the first ``state``/``sizes`` call: a listing only
    needs :meth:`final`, which folds the events once without it.
    """

    def __init__(self, per_chunk: list[list[Event]], *, error: RecordedError | None = None) -> None:
        self.total = len(per_chunk)
        self.error = error
        self._events = per_chunk
        self._channels: dict[tuple[Any, ...], _Channel] = {}
        self._fields: dict[tuple[Any, ...], _Field] = {}
        self._present: dict[tuple[Any, ...], int] = {}  # key -> first chunk it appeared in
        self._sizes: tuple[int, ...] | None = None

    @property
    def sizes(self) -> tuple[int, ...]:
        """Characters of text each chunk added."""
        if self._sizes is None:
            self._build()
        assert self._sizes is not None
        return self._sizes

    def _build(self) -> None:
        sizes: list[int] = []
        for i, events in enumerate(self._events):
            added = 0
            for op, key, value in events:
                if op == "append":
                    ch = self._channels.get(key)
                    if ch is None:
                        ch = self._channels[key] = _Channel()
                    ch.parts.append(value)
                    prev = ch.cum[-1] if ch.cum else 0
                    if ch.at and ch.at[-1] == i:
                        ch.cum[-1] = prev + len(value)
                    else:
                        ch.at.append(i)
                        ch.cum.append(prev + len(value))
                    added += len(value)
                    self._mark(key, i)
                elif op == "set":
                    f = self._fields.setdefault(key, _Field())
                    if f.at and f.at[-1] == i:
                        f.values[-1] = value
                    else:
                        f.at.append(i)
                        f.values.append(value)
                    self._mark(key, i)
                elif op == "first":
                    if key not in self._fields:
                        self._fields[key] = _Field([i], [value])
                    self._mark(key, i)
                elif op == "touch":
                    self._mark(key, i)
            sizes.append(added)
        for ch in self._channels.values():
            ch.final = "".join(ch.parts)
            ch.parts = []
        self._sizes = tuple(sizes)

    def _mark(self, key: tuple[Any, ...], i: int) -> None:
        if key[0].startswith("tool"):
            self._present.setdefault(("tool", key[1], key[2]), i)
            self._present.setdefault(("choice", key[1]), i)
        elif len(key) > 1:
            self._present.setdefault(("choice", key[1]), i)

    # -- reading -------------------------------------------------------------

    def _text(self, key: tuple[Any, ...], n: int) -> str | None:
        ch = self._channels.get(key)
        if ch is None:
            return None
        k = bisect_right(ch.at, n - 1)
        if k == 0:
            return None
        return ch.final[: ch.cum[k - 1]]

    def _value(self, key: tuple[Any, ...], n: int) -> Any:
        f = self._fields.get(key)
        if f is None:
            return None
        k = bisect_right(f.at, n - 1)
        return f.values[k - 1] if k else None

    def state(self, n: int) -> ReplayState:
        """The state after ``n`` chunks; ``n`` is clamped to ``0 … total``."""
        n = max(0, min(n, self.total))
        if self._sizes is None:
            self._build()
        choice_ids = sorted(k[1] for k, first in self._present.items() if k[0] == "choice" and first < n)
        choices = []
        for c in choice_ids:
            tool_ids = sorted(k[2] for k, first in self._present.items() if k[0] == "tool" and k[1] == c and first < n)
            tools = tuple(
                ToolCall(
                    index=t,
                    id=self._value(("tool.id", c, t), n),
                    name=self._text(("tool.name", c, t), n),
                    arguments=self._text(("tool.args", c, t), n) or "",
                    type=self._value(("tool.type", c, t), n) or "function",
                )
                for t in tool_ids
            )
            choices.append(
                ChoiceResult(
                    index=c,
                    text=self._text(("text", c), n) or "",
                    reasoning=self._text(("reasoning", c), n) or "",
                    tool_calls=tools,
                    refusal=self._text(("refusal", c), n),
                    finish_reason=self._value(("finish", c), n),
                )
            )
        changes = self.changes(n - 1) if n > 0 else ()
        return ReplayState(
            position=n,
            total=self.total,
            choices=tuple(choices),
            usage=self._value(("usage",), n),
            error=self.error if n >= self.total else None,
            changes=changes,
        )

    def after(self, i: int) -> ReplayState:
        """The state after chunk ``i`` (0-based), i.e. ``state(i + 1)``."""
        return self.state(i + 1)

    def changes(self, i: int) -> tuple[Change, ...]:
        """What chunk ``i`` changed (text appended, values set)."""
        if not 0 <= i < self.total:
            return ()
        out: list[Change] = []
        for op, key, value in self._events[i]:
            if op == "touch":
                continue
            out.append(Change(_describe(key), value, "append" if op == "append" else "set"))
        return tuple(out)

    def final(self, details: tuple[tuple[str, str], ...] = ()) -> Rebuild:
        """The full rebuild: the state after the last chunk, with the recorded error."""
        if self._sizes is not None:
            st = self.state(self.total)
            return Rebuild(choices=st.choices, usage=st.usage, error=self.error, details=details)
        return self._fold(details)

    def _fold(self, details: tuple[tuple[str, str], ...]) -> Rebuild:
        fold = Fold()
        emit = fold.emit
        for events in self._events:
            for op, key, value in events:
                emit(op, key, value)
        return fold.rebuild(self.error, details)


class Fold:
    """The final result of a stream of events, without the seek index.

    Gives what ``Replay(events).final()`` gives (``Replay.state(total)``), in one
    pass: feed it events through :attr:`emit` (see :func:`streams.feed_events`).
    """

    __slots__ = ("emit", "_texts", "_values", "_choices", "_tools")

    def __init__(self) -> None:
        texts: dict[tuple[Any, ...], list[str]] = {}
        values: dict[tuple[Any, ...], Any] = {}
        choice_ids: set[Any] = set()
        tool_ids: set[tuple[Any, Any]] = set()
        self._texts, self._values, self._choices, self._tools = texts, values, choice_ids, tool_ids

        def emit(op: str, key: tuple[Any, ...], value: Any) -> None:
            if op == "touch":
                pass
            elif op == "append":
                parts = texts.get(key)
                if parts is None:
                    texts[key] = [value]
                else:
                    parts.append(value)
            elif op == "set":
                values[key] = value
            elif op == "first":
                if key not in values:
                    values[key] = value
            else:
                return
            # which choices and tool calls exist, as Replay._mark (the common heads first)
            head = key[0]
            if head == "choice" or head == "text":
                choice_ids.add(key[1])
            elif head.startswith("tool"):
                tool_ids.add((key[1], key[2]))
                choice_ids.add(key[1])
            elif len(key) > 1:
                choice_ids.add(key[1])

        self.emit = emit

    def _text(self, key: tuple[Any, ...]) -> str | None:
        parts = self._texts.get(key)
        return None if parts is None else "".join(parts)

    def rebuild(self, error: RecordedError | None, details: tuple[tuple[str, str], ...] = ()) -> Rebuild:
        """The rebuild of everything fed so far."""
        values = self._values
        text = self._text
        choices = []
        for c in sorted(self._choices):
            tools = tuple(
                ToolCall(
                    index=t,
                    id=values.get(("tool.id", c, t)),
                    name=text(("tool.name", c, t)),
                    arguments=text(("tool.args", c, t)) or "",
                    type=values.get(("tool.type", c, t)) or "function",
                )
                for t in sorted(t for tc, t in self._tools if tc == c)
            )
            choices.append(
                ChoiceResult(
                    index=c,
                    text=text(("text", c)) or "",
                    reasoning=text(("reasoning", c)) or "",
                    tool_calls=tools,
                    refusal=text(("refusal", c)),
                    finish_reason=values.get(("finish", c)),
                )
            )
        return Rebuild(choices=tuple(choices), usage=values.get(("usage",)), error=error, details=details)
