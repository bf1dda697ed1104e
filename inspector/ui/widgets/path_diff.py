"""Differences between two recordings by JSON path: the request as the hash sees it, then the response.

The changes come from :mod:`inspector.core.recording.diff`; this module only draws them.
Each change is drawn by :func:`inspector.render.changes.render_change`, shared with the
`diff` and `explain` commands and the Doctor screen.  (A unified text diff of a file is ``diff_view.py``.)
"""

from __future__ import annotations

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.text import Text
from textual.widgets import Static

from inspector.core.recording.diff import RecordingDiff
from inspector.render.changes import render_change, render_changes

__all__ = ["PathDiffView", "render_change", "render_changes", "render_recording_diff"]

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
