"""Differences by JSON path, drawn for the terminal: the `diff` and `explain` commands, the app's compare and Doctor screens."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.text import Text

from inspector.core.recording.diff import PathChange, short_value
from inspector.core.recording.secrets import mask_text

__all__ = ["OP_STYLES", "render_change", "render_changes"]

def _shown(text: str, reveal: bool) -> str:
    return text if reveal else mask_text(text)


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
        head.append(f"  {_shown(rest, reveal)}")
        return head
    lines: list[RenderableType] = [head]
    segments = change.inline()
    if sum(1 for op, _ in segments if op != " ") > 6 or "\n" in change.old or "\n" in change.new:
        # Changed all over, or many lines: a line diff reads better than fragments.
        for line in change.unified(context=2)[2:]:
            style = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1], "dim")
            lines.append(Text(pad + "  " + _shown(line, reveal), style=style))
        return RichGroup(*lines)
    body = Text(pad + "  ")
    for op, text in _trim(segments):
        text = _shown(text, reveal)
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
