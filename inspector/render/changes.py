"""Differences by JSON path, drawn for the terminal: the `diff` and `explain` commands, the app's compare and Doctor screens."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.text import Text

from inspector.core.recording.diff import PathChange, inline_diff, short_value
from inspector.core.recording.secrets import mask_text

__all__ = ["OP_STYLES", "render_change", "render_changes", "word_diff", "word_segments"]

def _shown(text: str, reveal: bool) -> str:
    return text if reveal else mask_text(text)


OP_STYLES = {"added": "green", "removed": "red", "changed": "yellow"}
_WORD_CONTEXT = 8  # unchanged words kept on each side of a change


def word_segments(old: str, new: str) -> list[tuple[str, str]]:
    """Word diff segments ``(op, text)`` with long unchanged runs cut to their ends, newlines as ``⏎``."""
    segs = inline_diff(old, new)
    out: list[tuple[str, str]] = []
    for i, (op, text) in enumerate(segs):
        if op == " ":
            words = text.split(" ")
            if len(words) > 2 * _WORD_CONTEXT:
                first, last = i == 0, i == len(segs) - 1
                if first:
                    text = "…" + " ".join(words[-_WORD_CONTEXT:])
                elif last:
                    text = " ".join(words[:_WORD_CONTEXT]) + "…"
                else:
                    text = " ".join(words[:_WORD_CONTEXT]) + " … " + " ".join(words[-_WORD_CONTEXT:])
        out.append((op, text.replace("\n", "⏎")))
    return out


def word_diff(old: str, new: str, *, lead: str = "", reveal: bool = False) -> Text:
    """A word diff on one line: ``[-removed-]{+added+}``, coloured too, so it reads the same without colour.

    The one word-diff rendering of the command line (``diff``, ``changes``) and the app.
    """
    line = Text(lead, style="dim")
    for op, seg in word_segments(old, new):
        seg = _shown(seg, reveal)
        if op == "-":
            line.append(f"[-{seg}-]", style="red")
        elif op == "+":
            line.append(f"{{+{seg}+}}", style="green")
        else:
            line.append(seg)
    return line


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
    lines.append(word_diff(change.old, change.new, lead=pad + "  ", reveal=reveal))
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
