"""A unified diff, coloured: removed lines red, added green, file and hunk headers dimmed."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

__all__ = ["DiffView", "render_diff"]


def render_diff(diff: str, *, limit: int = 4000) -> Text:
    """``diff`` (unified, as from :meth:`EditSession.diff_with_disk`) as highlighted text.

    Only the first ``limit`` lines are shown: a whole re-recording can differ in
    every line, and the point is to see what kind of change it was.
    """
    out = Text()
    if not diff:
        out.append("no differences: the file on disk holds exactly your edits", style="dim italic")
        return out
    lines = diff.splitlines()
    for line in lines[:limit]:
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        else:
            style = "dim"
        out.append(line + "\n", style=style)
    if len(lines) > limit:
        out.append(f"… {len(lines) - limit:,} more lines\n", style="dim italic")
    return out


class DiffView(Static):
    """Shows a unified diff (put it in a scrolling container)."""

    def show_diff(self, diff: str) -> None:
        """Replace what is shown."""
        self.update(render_diff(diff))
