"""Structural differences between JSON values, and between two recordings.

:func:`json_diff` walks two JSON values and returns one :class:`PathChange` per
leaf that differs, named by a JSON path such as ``tools[0].function.description``.
Lists are aligned (an inserted message shows as one added item, not as every
later message changed).  Long strings carry a word-level and a line-level text
diff, so a changed tool description reads as the words that changed.

:func:`diff_recordings` compares two recordings the way a person maintaining
fixtures wants: the request after the recorder's hash normalisation (what decides
whether replay finds a file), then the rebuilt response (text, tool calls, finish
reason, usage) rather than chunk-by-chunk noise, which is available on request.
``explain`` and the app's compare mode reuse the same functions.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from inspector.core.base.jsonpath import format_path, json_type
from inspector.core.recording.loading import Recording
from inspector.core.rules import hashing, profiles

__all__ = [
    "CHURN_KEYS",
    "PathChange",
    "RecordingDiff",
    "format_path",
    "json_diff",
    "text_diff",
    "inline_diff",
    "comparable_request",
    "comparable_result",
    "comparable_chunks",
    "diff_recordings",
    "is_churn",
    "short_value",
]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")

#: Strings longer than this (or spanning lines) are shown as a text diff.
LONG_TEXT = 80


def short_value(value: Any, limit: int = 60) -> str:
    """A one-line rendering of a JSON value for messages."""
    text = json.dumps(value, ensure_ascii=False)
    text = text.replace("\\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class PathChange:
    """One difference between two JSON values.

    ``op`` is ``added`` (only in the new value), ``removed`` (only in the old one)
    or ``changed``.  ``old``/``new`` are the values at ``path`` (``None`` when
    absent; check ``op``).
    """

    path: str
    op: str
    old: Any = None
    new: Any = None
    parts: tuple[str | int, ...] = ()

    @property
    def is_text(self) -> bool:
        """Both sides are strings long enough (or multi-line) to show as a text diff."""
        return (
            self.op == "changed"
            and isinstance(self.old, str)
            and isinstance(self.new, str)
            and (len(self.old) > LONG_TEXT or len(self.new) > LONG_TEXT or "\n" in self.old or "\n" in self.new)
        )

    def summary(self, limit: int = 60) -> str:
        """One line: ``path: old → new`` (or the changed words for long text)."""
        if self.op == "added":
            return f"{self.path}: added {short_value(self.new, limit)}"
        if self.op == "removed":
            return f"{self.path}: removed {short_value(self.old, limit)}"
        if (
            self.old is not None
            and self.new is not None
            and json_type(self.old) != json_type(self.new)
            and not (
                isinstance(self.old, (int, float))
                and isinstance(self.new, (int, float))
                and not isinstance(self.old, bool)
            )
        ):
            return f"{self.path}: {json_type(self.old)} {short_value(self.old, limit)} → {json_type(self.new)} {short_value(self.new, limit)}"
        if self.is_text:
            return f"{self.path}: {inline_excerpt(self.old, self.new)}"
        return f"{self.path}: {short_value(self.old, limit)} → {short_value(self.new, limit)}"

    def unified(self, context: int = 2, names: tuple[str, str] = ("old", "new")) -> list[str]:
        """A unified diff of the two strings (empty unless :attr:`is_text`)."""
        if not self.is_text:
            return []
        return text_diff(self.old, self.new, names, context)

    def inline(self) -> list[tuple[str, str]]:
        """Word-level segments ``(op, text)`` with op `` ``, ``-`` or ``+`` (strings only)."""
        if isinstance(self.old, str) and isinstance(self.new, str):
            return inline_diff(self.old, self.new)
        return []

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "op": self.op}
        if self.op != "added":
            out["old"] = self.old
        if self.op != "removed":
            out["new"] = self.new
        if self.is_text:
            out["diff"] = self.unified()
        return out


def json_diff(old: Any, new: Any, prefix: tuple[str | int, ...] = ()) -> list[PathChange]:
    """Every leaf difference between ``old`` and ``new``, in document order.

    Paths of changed and added list items use the index in ``new``; removed items
    the index in ``old``.  ``1`` and ``1.0`` differ (the recorder's hash sees them
    differently), as do ``true`` and ``1``.
    """
    out: list[PathChange] = []
    _diff(old, new, prefix, out)
    return out


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _change(op: str, parts: tuple[str | int, ...], old: Any = None, new: Any = None) -> PathChange:
    return PathChange(format_path(parts), op, old, new, parts)


def _diff(a: Any, b: Any, parts: tuple[str | int, ...], out: list[PathChange]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k, v in a.items():
            if k not in b:
                out.append(_change("removed", (*parts, k), old=v))
            else:
                _diff(v, b[k], (*parts, k), out)
        for k, v in b.items():
            if k not in a:
                out.append(_change("added", (*parts, k), new=v))
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                _diff(x, y, (*parts, i), out)
            return
        _diff_lists(a, b, parts, out)
        return
    if not _same(a, b):
        out.append(_change("changed", parts, a, b))


def _key(value: Any) -> str:
    try:
        return json.dumps(value, sort_keys=True)
    except (TypeError, ValueError):
        return repr(value)


def _diff_lists(a: list[Any], b: list[Any], parts: tuple[str | int, ...], out: list[PathChange]) -> None:
    matcher = difflib.SequenceMatcher(None, [_key(x) for x in a], [_key(y) for y in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            _diff(a[i1 + k], b[j1 + k], (*parts, j1 + k), out)
        for i in range(i1 + paired, i2):
            out.append(_change("removed", (*parts, i), old=a[i]))
        for j in range(j1 + paired, j2):
            out.append(_change("added", (*parts, j), new=b[j]))


# --- text ------------------------------------------------------------------------


def text_diff(old: str, new: str, names: tuple[str, str] = ("old", "new"), context: int = 3) -> list[str]:
    """A unified diff of two texts, line by line (no trailing newlines in the lines)."""
    a = old.splitlines() or [""]
    b = new.splitlines() or [""]
    lines = list(difflib.unified_diff(a, b, names[0], names[1], n=context, lineterm=""))
    if len(a) == 1 and len(b) == 1 and lines:
        # One long line each: the line diff says nothing; add the changed words.
        lines.append("~ " + inline_excerpt(old, new, context_words=8))
    return lines


def inline_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level segments: ``(" ", same)``, ``("-", removed)``, ``("+", added)``."""
    a = _WORDS.findall(old)
    b = _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segments: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append((" ", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("+", "".join(b[j1:j2])))
    return segments


def inline_excerpt(old: str, new: str, context_words: int = 5) -> str:
    """The changed words with a little context: ``…the [-old-]{+new+} text…``."""
    parts: list[str] = []
    segments = inline_diff(old, new)
    for i, (op, text) in enumerate(segments):
        if op == "-":
            parts.append(f"[-{text}-]")
        elif op == "+":
            parts.append(f"{{+{text}+}}")
        else:
            words = _WORDS.findall(text)
            keep = context_words * 2  # words and the spaces between them
            first, last = i == 0, i == len(segments) - 1
            if first and not last and len(words) > keep:
                parts.append("…" + "".join(words[-keep:]))
            elif last and not first and len(words) > keep:
                parts.append("".join(words[:keep]) + "…")
            elif not first and not last and len(words) > 2 * keep:
                parts.append("".join(words[:keep]) + " … " + "".join(words[-keep:]))
            else:
                parts.append(text)
    return "".join(parts).replace("\n", "⏎")


# --- recordings --------------------------------------------------------------------


def comparable_request(rec: Recording, rules: profiles.RuleSet = profiles.NEWEST) -> dict[str, Any]:
    """The request as the hash sees it (:func:`~inspector.core.rules.hashing.hashed_request`).

    Fields the recorder stores but does not hash (the URL's host for inference calls, ``endpoint``,
    ``model``, ``headers``, ``provider_metadata``) are left out: they never decide whether
    replay finds a file.
    """
    return hashing.hashed_request(rec.request_raw, rec.test_id, rules)


def _args_value(arguments: str) -> Any:
    """Tool arguments parsed when they are JSON, so key order and spacing are not differences."""
    try:
        return json.loads(arguments)
    except ValueError:
        return arguments


def comparable_result(rec: Recording) -> dict[str, Any]:
    """The rebuilt response as a JSON value: text, reasoning, tool calls, finish, usage, error.

    Tool call ids are left out: providers generate them per call, so they differ
    between any two recordings.  With several choices, each is under ``choices[i]``.
    """

    def choice(c: Any) -> dict[str, Any]:
        d: dict[str, Any] = {"text": c.text}
        if c.reasoning:
            d["reasoning"] = c.reasoning
        if c.refusal:
            d["refusal"] = c.refusal
        d["tool_calls"] = [{"name": t.name, "arguments": _args_value(t.arguments)} for t in c.tool_calls]
        d["finish_reason"] = c.finish_reason
        return d

    rb = rec.rebuild
    out: dict[str, Any] = {"kind": rec.kind.value, "streaming": rec.streaming}
    if len(rb.choices) > 1:
        out["choices"] = [choice(c) for c in rb.choices]
    else:
        out.update(choice(rb.primary))
    out["usage"] = rb.usage
    out["error"] = rb.error.to_json() if rb.error else None
    for k, v in rb.details:
        out.setdefault("details", {})[k] = v
    return out


#: Values the recorder (or the provider) makes anew on every recording, whatever the
#: content: `changes` calls a change of only these "churn", `diff --chunks` leaves them
#: out.  Any ``*_duration`` (Ollama's timings) is churn too, and so is every key here
#: except a model object's ``id``, which names the model.
CHURN_KEYS = frozenset(
    {
        "id",
        "created",
        "created_at",
        "completed_at",
        "timestamp",
        "obfuscation",
        "system_fingerprint",
        "call_id",
        "item_id",
        "response_id",
        "sequence_number",
    }
)


def is_churn(key: str, in_model: bool = False) -> bool:
    """Whether ``key`` holds churn (see :data:`CHURN_KEYS`); ``in_model``: the key belongs to a model object."""
    return (key in CHURN_KEYS and not (in_model and key == "id")) or key.endswith("_duration")


def _without_churn(value: Any) -> Any:
    """``value`` with every churn key left out, at any depth."""
    if isinstance(value, dict):
        model = value.get("object") == "model"
        return {k: _without_churn(v) for k, v in value.items() if not is_churn(k, model)}
    if isinstance(value, list):
        return [_without_churn(v) for v in value]
    return value


def comparable_chunks(rec: Recording, churn: bool = False) -> list[Any]:
    """The response chunks without what the recorder regenerates (:data:`CHURN_KEYS`, at any depth).

    Ids, timestamps, ``obfuscation`` and the like differ between any two recordings by
    construction, so they are not differences worth showing; ``churn=True`` keeps them.
    """
    out: list[Any] = []
    for chunk in rec.chunks:
        data = chunk.get("__data__", chunk) if isinstance(chunk, dict) else chunk
        out.append(data if churn else _without_churn(data))
    return out


@dataclass(slots=True)
class RecordingDiff:
    """The differences between two recordings ``a`` (old) and ``b`` (new)."""

    a: str
    b: str
    request: list[PathChange] = field(default_factory=list)
    response: list[PathChange] = field(default_factory=list)
    chunks: list[PathChange] | None = None  # only when asked for
    chunk_counts: tuple[int, int] = (0, 0)

    @property
    def same(self) -> bool:
        return not self.request and not self.response and not self.chunks

    def changes(self) -> Iterator[tuple[str, PathChange]]:
        """Every change with its section name (``request``, ``response``, ``chunks``)."""
        for c in self.request:
            yield "request", c
        for c in self.response:
            yield "response", c
        for c in self.chunks or ():
            yield "chunks", c

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "a": self.a,
            "b": self.b,
            "same": self.same,
            "request": [c.to_json() for c in self.request],
            "response": [c.to_json() for c in self.response],
        }
        if self.chunks is not None:
            out["chunks"] = [c.to_json() for c in self.chunks]
            out["chunk_counts"] = list(self.chunk_counts)
        return out


def diff_recordings(a: Recording, b: Recording, *, chunks: bool = False, churn: bool = False) -> RecordingDiff:
    """Compare two readable recordings: request (normalised), rebuilt response, optionally chunks.

    ``churn``: compare the chunks with what the recorder regenerates kept (see :func:`comparable_chunks`).
    """
    result = RecordingDiff(
        str(a.path) if a.path else a.name,
        str(b.path) if b.path else b.name,
        chunk_counts=(a.chunk_count, b.chunk_count),
    )
    result.request = json_diff(comparable_request(a), comparable_request(b))
    result.response = json_diff(comparable_result(a), comparable_result(b))
    if chunks:
        result.chunks = json_diff(comparable_chunks(a, churn), comparable_chunks(b, churn), ("chunks",))
    return result
