"""Differences between two recordings by JSON path: the request as the hash sees it, then the response.

The changes come from :mod:`inspector.core.diff`; this module only draws them.
:func:`render_change` is shared with the Doctor screen, which shows the paths a
missed request changed.  (A unified text diff of a file is ``diff_view.py``.)
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.text import Text
from textual.widgets import Static

from ...core.diff import PathChange, RecordingDiff, short_value
from ..masking import shown

__all__ = ["PathDiffView", "render_change", "render_changes", "render_recording_diff"]

OP_STYLES = {"added": "green", "removed": "red", "changed": "yellow"}
_CONTEXT = 60  # characters of unchanged text kept around a change


def _trim(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Long unchanged stretches cut to their ends, so the change stays in view."""
    out: list[tuple[str, str]] = []
    for i, (op, text) in enumerate(segments):
        if op == " " and len(text) > 2 * _CONTEXT:
            first, last = i == 0, i == len(segments) - 1
            if first:
                text = "…" + text[-_CONTEXT:]
            elif last:
                text = text[:_CONTEXT] + "…"
            else:
                text = text[:_CONTEXT] + " … " + text[-_CONTEXT:]
        out.append((op, text))
    return out


def render_change(change: PathChange, *, reveal: bool = False, indent: int = 0) -> RenderableType:
    """One change: its path and op, then old → new, or the changed words of a long text."""
    pad = " " * indent
    head = Text(pad)
    head.append(change.path, style="bold")
    head.append(f"  {change.op}", style=OP_STYLES.get(change.op, ""))
    if not change.is_text:
        if change.op == "added":
            rest = short_value(change.new, 100)
        elif change.op == "removed":
            rest = short_value(change.old, 100)
        else:
            rest = change.summary(limit=100).partition(": ")[2]
        head.append(f"  {shown(rest, reveal)}")
        return head
    lines: list[RenderableType] = [head]
    segments = change.inline()
    if sum(1 for op, _ in segments if op != " ") > 6 or "\n" in change.old or "\n" in change.new:
        # Changed all over, or many lines: a line diff reads better than fragments.
        for line in change.unified(context=2)[2:]:
            style = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1], "dim")
            lines.append(Text(pad + "  " + shown(line, reveal), style=style))
        return RichGroup(*lines)
    body = Text(pad + "  ")
    for op, text in _trim(segments):
        text = shown(text, reveal)
        if op == "-":
            body.append(text, style="red strike")
        elif op == "+":
            body.append(text, style="green underline")
        else:
            body.append(text, style="dim")
    lines.append(body)
    return RichGroup(*lines)


def render_changes(
    changes: Sequence[PathChange], *, reveal: bool = False, indent: int = 0, limit: int | None = None
) -> list[RenderableType]:
    """Several changes, with a "… N more" line past ``limit``."""
    kept = changes if limit is None else changes[:limit]
    out = [render_change(c, reveal=reveal, indent=indent) for c in kept]
    if len(changes) > len(kept):
        out.append(Text(" " * indent + f"… {len(changes) - len(kept)} more differences", style="dim"))
    return out


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def render_recording_diff(diff: RecordingDiff, *, reveal: bool = False) -> RenderableType:
    """The request section (what decides replay), then the rebuilt response."""
    parts: list[RenderableType] = []
    if diff.same:
        parts.append(Text("same request, same response", style="bold green"))
    else:
        summary = Text(
            f"{_plural(len(diff.request), 'request difference')} · {_plural(len(diff.response), 'response difference')}",
            style="bold",
        )
        if diff.request:
            summary.append("  different requests: replay treats them as two recordings", style="dim")
        else:
            summary.append("  same request: replay would find either under one name", style="dim")
        parts.append(summary)
    for title, changes, what in (
        ("request", diff.request, "as the hash sees it (normalised; headers and endpoint are not hashed)"),
        ("response", diff.response, "the rebuilt result: text, tool calls, finish reason, usage"),
    ):
        head = Text(title, style="bold underline")
        head.append(f"  {what}", style="dim")
        parts += [Text(""), head]
        if not changes:
            parts.append(Text("same", style="dim green"))
        parts += render_changes(changes, reveal=reveal, limit=200)
    return RichGroup(*parts)


class PathDiffView(Static):
    """Shows what differs between two recordings (A is the old one, B the new one)."""

    def show_diff(self, diff: RecordingDiff, *, reveal: bool = False) -> None:
        """Render ``diff``; credentials masked unless ``reveal``."""
        self.update(render_recording_diff(diff, reveal=reveal))
