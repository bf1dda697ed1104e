"""Server-sent events, grouped once: the SSE lines some families record become events, as a client reads them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SseEvent:
    """One event of a recorded SSE body: its name, its data, and the index of its single data line."""

    name: str | None
    line: int | None  # None when the event's data spans several lines (or it has none)
    data: Any


def sse_data_prefix(line: str) -> str:
    """``"data: "`` or ``"data:"``: the prefix before the JSON of a data line."""
    return "data: " if line.startswith("data: ") else "data:"


def _decode(raw: str) -> Any:
    if raw == "[DONE]":
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def decode_sse_data(line: str) -> Any:
    """The JSON value of a single ``data:`` line (the text itself when it is not JSON)."""
    return _decode(line[len(sse_data_prefix(line)) :])


def group_sse(lines: list[Any]) -> list[SseEvent]:
    """Group server-sent-event lines into events, as an SSE client would.

    ``data: [DONE]`` becomes the string ``"[DONE]"``; undecodable data stays text;
    comments and other fields are ignored.
    """
    out: list[SseEvent] = []
    name: str | None = None
    data_lines: list[int] = []

    def flush() -> None:
        nonlocal name, data_lines
        if data_lines:
            if len(data_lines) == 1:
                out.append(SseEvent(name, data_lines[0], decode_sse_data(lines[data_lines[0]])))
            else:
                out.append(SseEvent(name, None, _decode("\n".join(_payload(lines[i]) for i in data_lines))))
        elif name is not None:
            out.append(SseEvent(name, None, None))
        name, data_lines = None, []

    for i, line in enumerate(lines):
        if not isinstance(line, str):
            continue
        if line == "":
            flush()
        elif line.startswith("event:"):
            if data_lines or name is not None:
                flush()
            name = line[6:].strip()
        elif line.startswith("data:"):
            data_lines.append(i)
    flush()
    return out


def _payload(line: str) -> str:
    return line[5:].lstrip(" ") if line[5:6] == " " else line[5:]
