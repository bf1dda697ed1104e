"""Differences between two recordings by JSON path: the request as the hash sees it, then the response.

The changes come from :mod:`inspector.core.recording.diff`; this module only draws them.
Each change is drawn by :func:`inspector.render.changes.render_change`, shared with the
`diff` and `explain` commands and the Doctor screen.  (A unified text diff of a file is ``diff_view.py``.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from inspector.core.recording.diff import RecordingDiff
from inspector.render.changes import render_change, render_changes
from inspector.ui.state.labels import HEAL_STYLES

if TYPE_CHECKING:
    from inspector.ui.state.captures import MissFocus

__all__ = ["CHANGED_MARK", "PathDiffView", "render_change", "render_changes", "render_miss_diff", "render_recording_diff"]

#: Marks a request path that made replay miss (the core's changed paths).
CHANGED_MARK = "▶"

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


def render_miss_diff(diff: RecordingDiff, focus: MissFocus, *, reveal: bool = False) -> RenderableType:
    """A captured miss (B) beside its nearest recording (A): the request paths that changed the hash, marked.

    The marks are the core's changed paths (``core/checks/misses.py``); a miss has no
    response, so there is none to compare: heal would give it A's.
    """
    changed = {c.path for c in focus.changed}
    head = Text("why replay missed", style="bold")
    head.append("  heal ", style="dim")
    head.append(focus.heal, style=HEAL_STYLES.get(focus.heal, "bold"))
    head.append(f"  {focus.reason}", style="dim")
    parts: list[RenderableType] = [head]
    if focus.target and focus.heal not in ("none", "healed"):
        parts.append(Text(f"healing it writes {focus.target} (h, back in the tree)", style="dim"))
    title = Text("request", style="bold underline")
    n = len(changed)
    title.append(f"  as the hash sees it; {CHANGED_MARK} marks the {_plural(n, 'path')} that changed", style="dim")
    parts += [Text(""), title]
    rows = Table.grid(padding=(0, 1))
    rows.add_column(width=1, no_wrap=True)
    rows.add_column()
    shown = set()
    for c in diff.request:
        shown.add(c.path)
        mark = Text(CHANGED_MARK, style="bold red") if c.path in changed else Text(" ")
        rows.add_row(mark, render_change(c, reveal=reveal))
    for c in focus.changed:  # a path the hash sees that the request diff does not list
        if c.path not in shown:
            rows.add_row(Text(CHANGED_MARK, style="bold red"), render_change(c, reveal=reveal))
    if rows.row_count:
        parts.append(rows)
    else:
        parts.append(Text("same request as the hash sees it", style="dim green"))
    parts += [
        Text(""),
        Text("response", style="bold underline"),
        Text("B is a miss: no response was recorded for it (heal gives it A's, ids re-pointed)", style="dim"),
    ]
    return RichGroup(*parts)


class PathDiffView(Static):
    """Shows what differs between two recordings (A is the old one, B the new one)."""

    def show_diff(self, diff: RecordingDiff, *, reveal: bool = False) -> None:
        """Render ``diff``; credentials masked unless ``reveal``."""
        self.update(render_recording_diff(diff, reveal=reveal))

    def show_miss(self, diff: RecordingDiff, focus: MissFocus, *, reveal: bool = False) -> None:
        """Render a miss beside its nearest recording, the changed paths marked."""
        self.update(render_miss_diff(diff, focus, reveal=reveal))
