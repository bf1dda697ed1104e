"""Edits of what a response rebuilds to, written back into its chunks.

The rebuilt text, reasoning, refusal, a tool call's name and arguments, the
finish reason and the usage can be edited.  Text-like values are spread back
over the pieces the response already delivered them in (:mod:`.spread`), so the
chunk count and every other field stay as they were and the file's diff shows
only the pieces that changed.  Chunks are never added or removed; a value with
no piece at all is written into the most natural existing place (the first
delta of the choice, the tool call's first piece), and refused where there is
none.  A piece a server delivered twice in one chunk (Together's
``choices[i].text``, vLLM's ``reasoning``) is rewritten in both fields.

Supported: OpenAI chat and completions (streamed or not), Ollama generate and
chat, google genai (streamed or not), Anthropic-style ``/v1/messages`` (SSE
lines or a message object), Gemini ``/interactions``, the OpenAI Responses API
and tool results.  Other kinds come back refused with a reason.

Where the values live is learnt from the very walker that rebuilds the
response (:mod:`inspector.core.streams.walk`): :class:`Layout` is the
:class:`~inspector.core.streams.events.Where` sink it fills.  Every edit is checked by
rebuilding the edited document: an edit is returned only if the rebuild equals
what was asked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from inspector.core.base.model import Kind, Rebuild
from inspector.core.edit.nodes import JsonPath, assoc, format_path, get_node
from inspector.core.edit.outcome import EditError, EditOutcome
from inspector.core.edit.spread import spread
from inspector.core.edit.sse import decode_data, replace_in_data
from inspector.core.recording.loading import Recording
from inspector.core.streams.walk import args_text, feed_events, group_sse, unwrap

__all__ = [
    "Slot",
    "Layout",
    "layout_of",
    "stream_edit_problem",
    "edit_text",
    "edit_reasoning",
    "edit_refusal",
    "edit_tool_name",
    "edit_tool_arguments",
    "edit_finish_reason",
    "edit_usage",
    "EDITABLE_KINDS",
]

EDITABLE_KINDS = frozenset(
    {
        Kind.CHAT,
        Kind.COMPLETION,
        Kind.OLLAMA_GENERATE,
        Kind.OLLAMA_CHAT,
        Kind.GENAI,
        Kind.GENAI_STREAM,
        Kind.MESSAGES,
        Kind.INTERACTIONS,
        Kind.RESPONSES,
        Kind.TOOL,
    }
)

#: how a kind's usage is written back (default "replace": the object as given)
_USAGE_MODES = {Kind.OLLAMA_GENERATE: "ollama", Kind.OLLAMA_CHAT: "ollama", Kind.TOOL: "none"}

Key = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one value lives: a JSON path, and inside an SSE ``data:`` line, a path in its JSON."""

    path: JsonPath
    inner: tuple[Any, ...] = ()
    sse: bool = False

    def child(self, *parts: Any) -> Slot:
        if self.sse:
            return Slot(self.path, self.inner + parts, True)
        return Slot(self.path + parts, (), False)

    def get(self, doc: Any) -> Any:
        node = get_node(doc, self.path)
        if not self.sse:
            return node
        return get_node(decode_data(node), self.inner)

    def set(self, doc: Any, value: Any) -> Any:
        if not self.sse:
            return assoc(doc, self.path, value)
        line = get_node(doc, self.path)
        return assoc(doc, self.path, replace_in_data(line, self.inner, value))

    def label(self) -> str:
        where = format_path(self.path)
        return f"{where} → {format_path(self.inner)}" if self.sse else where


@dataclass(slots=True)
class Piece:
    """One delivered piece of a channel; ``text`` is False for an object (tool arguments as a dict).

    ``twins`` are other fields of the same chunk carrying the same piece; they are written in step.
    """

    slot: Slot
    value: Any
    text: bool = True
    twins: tuple[Slot, ...] = ()
    group: Any = None  # the part of the channel it belongs to (see Layout.wholes)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a value with no piece would be written (and its twins)."""

    slot: Slot
    text: bool = True
    twins: tuple[Slot, ...] = ()


@dataclass(slots=True)
class Layout:
    """Where each rebuilt value of a response lives in the document."""

    kind: Kind
    channels: dict[Key, list[Piece]] = field(default_factory=dict)
    anchors: dict[Key, Anchor] = field(default_factory=dict)
    #: places repeating a group of pieces whole (the Responses API's .done events, final response)
    wholes: dict[Key, list[tuple[Slot, Any]]] = field(default_factory=dict)
    choices: list[int] = field(default_factory=list)
    tools: list[tuple[int, int]] = field(default_factory=list)
    finish: dict[int, list[Slot]] = field(default_factory=dict)
    finish_anchor: dict[int, Slot] = field(default_factory=dict)
    usage: list[Slot] = field(default_factory=list)
    usage_anchor: Slot | None = None
    usage_mode: str = "replace"  # replace | ollama | anthropic-stream | none
    blocked: str | None = None


class _Places:
    """The :class:`~inspector.core.streams.events.Where` sink that fills a :class:`Layout` while the walker reads.

    ``places`` holds each chunk's slot (None for an event whose data spans
    several lines); the walker reports paths inside the chunk being read.
    """

    __slots__ = ("lay", "places", "base", "start_usage")

    def __init__(self, lay: Layout, places: list[Slot | None]) -> None:
        self.lay = lay
        self.places = places
        self.base: Slot | None = None
        self.start_usage: Slot | None = None

    def enter(self, index: int, chunk: Any) -> None:
        base = self.places[index] if index < len(self.places) else None
        if base is None:
            if isinstance(chunk, dict):
                self.lay.blocked = "an event of this stream spans several data lines; edit its JSON instead"
        elif unwrap(chunk) is not chunk:
            base = base.child("__data__")
        self.base = base

    def emit(self, op: str, key: Key, value: Any) -> None:
        """The walker's events: which choices and tool calls exist, in reading order."""
        lay = self.lay
        head = key[0]
        c = key[1] if len(key) > 1 else None
        if c is not None and c not in lay.choices:
            lay.choices.append(c)
        if head.startswith("tool") and (c, key[2]) not in lay.tools:
            lay.tools.append((c, key[2]))

    def piece(
        self, key: Key, rel: tuple[Any, ...], value: Any, *, text: bool = True, twins: tuple[tuple[Any, ...], ...] = (), group: Any = None
    ) -> None:
        b = self.base
        if b is not None:
            self.lay.channels.setdefault(key, []).append(Piece(b.child(*rel), value, text, tuple(b.child(*t) for t in twins), group))

    def whole(self, key: Key, rel: tuple[Any, ...], group: Any) -> None:
        if self.base is not None:
            self.lay.wholes.setdefault(key, []).append((self.base.child(*rel), group))

    def anchor(self, key: Key, rel: tuple[Any, ...], *, text: bool = True, twins: tuple[tuple[Any, ...], ...] = ()) -> None:
        b = self.base
        if b is not None and key not in self.lay.anchors:
            self.lay.anchors[key] = Anchor(b.child(*rel), text, tuple(b.child(*t) for t in twins))

    def finish(self, c: int, rel: tuple[Any, ...], present: bool) -> None:
        if self.base is not None:
            slot = self.base.child(*rel)
            if present:
                self.lay.finish.setdefault(c, []).append(slot)
            self.lay.finish_anchor[c] = slot

    def usage(self, rel: tuple[Any, ...], present: bool) -> None:
        if self.base is not None:
            slot = self.base.child(*rel)
            if present:
                self.lay.usage.append(slot)
            self.lay.usage_anchor = slot

    def usage_start(self, rel: tuple[Any, ...]) -> None:
        if self.base is not None:
            self.start_usage = self.base.child(*rel)


def stream_edit_problem(rec: Recording) -> str | None:
    """Why the rebuilt values of ``rec`` cannot be edited (None when they can)."""
    if not rec.ok:
        return f"not a recording: {rec.problem}"
    if rec.kind not in EDITABLE_KINDS:
        return f"recordings of kind {rec.kind.value} have no rebuilt text to edit; edit its JSON instead"
    body = rec.response_raw.get("body")
    if body is None:
        return "the response has no body to edit"
    if rec.replay.total == 0:
        what = rec.error.one_line() if rec.error else "nothing"
        return f"the response rebuilds to nothing to edit ({what}); edit its JSON instead"
    return None


def layout_of(rec: Recording) -> Layout:
    """Where each rebuilt value of ``rec`` lives; raises :class:`EditError` for kinds without one."""
    problem = stream_edit_problem(rec)
    if problem:
        raise EditError(problem)
    kind = rec.kind
    lay = Layout(kind, usage_mode=_USAGE_MODES.get(kind, "replace"))
    base = Slot(("response", "body"))
    body = rec.response_raw.get("body")
    chunks = rec.chunks
    sse = kind in (Kind.MESSAGES, Kind.INTERACTIONS) and isinstance(body, list)
    places: list[Slot | None]
    if sse:  # each chunk is an event: its single data line, edited in place
        places = [None if ev.line is None else Slot(base.path + (ev.line,), (), True) for ev in group_sse(body)]
    elif isinstance(body, list) and chunks is body:
        places = [base.child(k) for k in range(len(body))]
    else:
        places = [base]
    sink = _Places(lay, places)
    feed_events(kind, chunks, sink.emit, non_stream_sse=not isinstance(body, list), at=sink)
    if sse and kind == Kind.MESSAGES:
        lay.usage_mode = "anthropic-stream"
        if sink.start_usage is not None:
            lay.usage.insert(0, sink.start_usage)
    return lay


# --- applying ------------------------------------------------------------------------


def _channel_value(rebuild: Rebuild, key: Key) -> str | None:
    head, c = key[0], key[1]
    choice = next((ch for ch in rebuild.choices if ch.index == c), None)
    if choice is None:
        return None
    if head == "text":
        return choice.text
    if head == "reasoning":
        return choice.reasoning
    if head == "refusal":
        return choice.refusal or ""
    tool = next((tc for tc in choice.tool_calls if tc.index == key[2]), None)
    if tool is None:
        return None
    return (tool.name or "") if head == "tool.name" else tool.arguments


def _describe_key(key: Key) -> str:
    head = key[0]
    names = {"text": "text", "reasoning": "reasoning", "refusal": "refusal", "tool.name": "tool call name", "tool.args": "tool call arguments"}
    what = names[head]
    if head.startswith("tool"):
        what = f"{what} of tool call {key[2]}"
    return what if key[1] == 0 else f"{what} (choice {key[1]})"


def _start(data: Any) -> tuple[Recording, Layout]:
    rec = Recording(None, data)
    lay = layout_of(rec)
    if lay.blocked:
        raise EditError(lay.blocked)
    return rec, lay


def _set_channel(data: Any, key: Key, new: str) -> EditOutcome:
    label = f"edit {_describe_key(key)}"
    try:
        rec, lay = _start(data)
        c = key[1]
        if c not in lay.choices:
            raise EditError(f"the response has no choice {c}")
        if key[0].startswith("tool") and (c, key[2]) not in lay.tools:
            raise EditError(f"the response has no tool call {key[2]}" + (f" in choice {c}" if c else ""))
        current = _channel_value(rec.rebuild, key) or ""
        if current == new:
            return EditOutcome(data, label=label)
        pieces = lay.channels.get(key, [])
        changed: list[JsonPath] = []
        stored: str | None = None
        expected = new
        doc = data
        if pieces and all(p.text for p in pieces):
            values = spread([p.value for p in pieces], new)
            for piece, value in zip(pieces, values, strict=True):
                if value != piece.value:  # (a twin that differed stays as it was while its piece does)
                    doc = piece.slot.set(doc, value)
                    changed.append(piece.slot.path)
                    doc = _in_step(doc, piece.twins, value, changed)
            doc = _wholes_in_step(doc, lay.wholes.get(key, []), pieces, values, changed)
        elif pieces and len(pieces) == 1:
            # one object piece (arguments stored as a dict): keep it an object
            value = _parse_arguments(new)
            doc = pieces[0].slot.set(doc, value)
            changed.append(pieces[0].slot.path)
            expected = args_text(value)
        elif pieces:
            raise EditError(f"the {_describe_key(key)} are stored in mixed pieces; edit the JSON instead")
        else:
            anchor = lay.anchors.get(key)
            if anchor is None:
                raise EditError(f"this response has no place for the {_describe_key(key)}; edit the JSON instead")
            slot = anchor.slot
            if anchor.text:
                doc = _in_step(slot.set(doc, new), anchor.twins, new, changed)
            else:
                value = _parse_arguments(new)
                doc = slot.set(doc, value)
                expected = args_text(value)
            changed.append(slot.path)
        if expected != new:
            stored = expected
    except EditError as exc:
        return EditOutcome.refused(exc.reason)
    got = _channel_value(Recording(None, doc).rebuild, key)
    if (got or "") != expected:
        return EditOutcome.refused(f"could not write the {_describe_key(key)} back into this response; edit the JSON instead")
    return EditOutcome(doc, label=label, changed=tuple(dict.fromkeys(changed)), stored=stored)


def _in_step(doc: Any, twins: tuple[Slot, ...], value: str, changed: list[JsonPath]) -> Any:
    """The twins of a piece (the same piece in another field of its chunk) set to the same value."""
    for twin in twins:
        if twin.get(doc) != value:
            doc = twin.set(doc, value)
            changed.append(twin.path)
    return doc


def _wholes_in_step(doc: Any, wholes: list[tuple[Slot, Any]], pieces: list[Piece], values: list[str], changed: list[JsonPath]) -> Any:
    """Rewrite the places that repeat a group of pieces whole, where that group changed."""
    if not wholes:
        return doc
    old: dict[Any, list[str]] = {}
    new: dict[Any, list[str]] = {}
    for piece, value in zip(pieces, values, strict=True):
        old.setdefault(piece.group, []).append(piece.value)
        new.setdefault(piece.group, []).append(value)
    for slot, group in wholes:
        if group in new and new[group] != old[group]:
            value = "".join(new[group])
            if slot.get(doc) != value:
                doc = slot.set(doc, value)
                changed.append(slot.path)
    return doc


def _parse_arguments(text: str) -> Any:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise EditError(f"this response stores tool arguments as a JSON object, and the new arguments are not JSON ({exc})") from None
    return value


def edit_text(data: Any, text: str, *, choice: int = 0) -> EditOutcome:
    """Set the rebuilt assistant text of ``choice`` (spread over the existing pieces)."""
    return _set_channel(data, ("text", choice), text)


def edit_reasoning(data: Any, text: str, *, choice: int = 0) -> EditOutcome:
    """Set the rebuilt reasoning (thinking) text of ``choice``."""
    return _set_channel(data, ("reasoning", choice), text)


def edit_refusal(data: Any, text: str, *, choice: int = 0) -> EditOutcome:
    """Set the rebuilt refusal text of ``choice`` (OpenAI chat)."""
    return _set_channel(data, ("refusal", choice), text)


def edit_tool_name(data: Any, tool: int, name: str, *, choice: int = 0) -> EditOutcome:
    """Set the name of tool call ``tool`` (its ``ToolCall.index``)."""
    if not name:
        return EditOutcome.refused("a tool call needs a name")
    return _set_channel(data, ("tool.name", choice, tool), name)


def edit_tool_arguments(data: Any, tool: int, arguments: str, *, choice: int = 0) -> EditOutcome:
    """Set the arguments (JSON text) of tool call ``tool``, re-split over their pieces.

    Families that store arguments as an object (genai, Ollama, a message object)
    need JSON; the outcome's ``stored`` then shows the text the rebuild will give.
    """
    return _set_channel(data, ("tool.args", choice, tool), arguments)


def edit_finish_reason(data: Any, reason: str | None, *, choice: int = 0) -> EditOutcome:
    """Set the finish (stop) reason of ``choice``; None removes it where the format allows."""
    label = "edit finish reason"
    try:
        rec, lay = _start(data)
        if choice not in lay.choices:
            raise EditError(f"the response has no choice {choice}")
        if rec.rebuild.choices and next((c.finish_reason for c in rec.rebuild.choices if c.index == choice), None) == reason:
            return EditOutcome(data, label=label)
        slots = lay.finish.get(choice, [])
        doc = data
        changed: list[JsonPath] = []
        if lay.kind == Kind.TOOL:
            raise EditError("a tool recording has no finish reason")
        if reason is None:
            if lay.usage_mode == "ollama":
                raise EditError("Ollama marks the end with done; its finish reason cannot be removed")
            for slot in slots:
                doc = slot.set(doc, None)
                changed.append(slot.path)
        else:
            slot = slots[-1] if slots else lay.finish_anchor.get(choice)
            if slot is None:
                raise EditError("this response has no place for a finish reason; edit the JSON instead")
            doc = slot.set(doc, reason)
            changed.append(slot.path)
    except EditError as exc:
        return EditOutcome.refused(exc.reason)
    got = next((c.finish_reason for c in Recording(None, doc).rebuild.choices if c.index == choice), None)
    if got != reason:
        return EditOutcome.refused("could not write the finish reason back into this response; edit the JSON instead")
    return EditOutcome(doc, label=label, changed=tuple(dict.fromkeys(changed)))


_OLLAMA_USAGE = ("prompt_eval_count", "eval_count")


def edit_usage(data: Any, usage: dict[str, Any] | None) -> EditOutcome:
    """Set the usage (token counts) the response ends with; None removes it where allowed."""
    label = "edit usage"
    try:
        rec, lay = _start(data)
        if usage is not None and not isinstance(usage, dict):
            raise EditError("usage must be a JSON object")
        if rec.rebuild.usage == usage:
            return EditOutcome(data, label=label)
        doc = data
        changed: list[JsonPath] = []
        if lay.usage_mode == "none":
            raise EditError(f"a {lay.kind.value} recording has no usage")
        if lay.usage_mode == "ollama":
            if usage is None or set(usage) != set(_OLLAMA_USAGE):
                raise EditError("Ollama usage is exactly prompt_eval_count and eval_count")
            slot = lay.usage[-1] if lay.usage else lay.usage_anchor
            if slot is None:
                raise EditError("this response has no final (done) chunk to hold usage")
            for k in _OLLAMA_USAGE:
                doc = slot.child(k).set(doc, usage[k])
            changed.append(slot.path)
        elif lay.usage_mode == "anthropic-stream":
            if usage is None:
                raise EditError("usage cannot be removed from a /v1/messages stream; edit the JSON instead")
            slots = lay.usage
            start = slots[0] if slots and slots[0].inner[:1] == ("message",) else None
            last = slots[-1] if slots and slots[-1] is not start else lay.usage_anchor
            if last is None:
                last = start
            if last is None:
                raise EditError("this stream has no place for usage; edit the JSON instead")
            doc = last.set(doc, usage)
            changed.append(last.path)
            if start is not None and start is not last:
                kept = {k: v for k, v in start.get(doc).items() if k in usage}
                if kept != start.get(doc):
                    doc = start.set(doc, kept)
                    changed.append(start.path)
        else:
            if usage is None:
                for slot in lay.usage:
                    doc = slot.set(doc, None)
                    changed.append(slot.path)
            else:
                slot = lay.usage[-1] if lay.usage else lay.usage_anchor
                if slot is None:
                    raise EditError("this response has no place for usage; edit the JSON instead")
                doc = slot.set(doc, usage)
                changed.append(slot.path)
    except EditError as exc:
        return EditOutcome.refused(exc.reason)
    if Recording(None, doc).rebuild.usage != usage:
        return EditOutcome.refused("could not write the usage back into this response; edit the JSON instead")
    return EditOutcome(doc, label=label, changed=tuple(dict.fromkeys(changed)))
