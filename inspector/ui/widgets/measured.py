"""A Static that re-lays out the screen only when its height changes.

``Static.update`` asks Textual for a new layout of the whole screen every time,
which is most of what a replay frame costs (the response and the chunk views
change up to 60 times a second).  :class:`MeasuredStatic` measures the new
content's height the way Textual does (the number of lines it renders to at the
content width) and asks for a layout only when that differs from the height the
widget has now.

While a replay plays, even a growing height is too often: the answer gains a line
every few frames, and each new line laid the whole screen out again (50-90 ms on a
small machine).  :meth:`MeasuredStatic.update_pinned` shows content at a fixed
height, the height of the view it sits in: the last lines of a growing answer (the
view sits at its end while playing anyway) or the first lines of a chunk, padded
with blank lines when shorter.  The height no longer changes from frame to frame,
so playing lays the screen out once, when it starts; and only the lines that
changed are drawn again (most frames add a word to the last line), so the
compositor redraws a line or two instead of the whole view.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual, VisualType, visualize
from textual.widgets import Static

__all__ = ["MeasuredStatic"]


class _BlankLines:
    """``height`` empty lines (a Rich renderable): what gives a pinned view its height."""

    __slots__ = ("height",)

    def __init__(self, height: int) -> None:
        self.height = height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        newline = Segment.line()
        for _ in range(self.height):
            yield newline


class MeasuredStatic(Static):
    """A :class:`~textual.widgets.Static` for content that changes often and grows seldom."""

    _pinned: list[Strip] | None = None  # the lines shown while pinned (see update_pinned)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        self._pinned = None
        super().update(content, layout=layout)

    def render_line(self, y: int) -> Strip:
        pinned = self._pinned
        if pinned is None:
            return super().render_line(y)
        return pinned[y] if y < len(pinned) else Strip.blank(self.size.width, self.visual_style.rich_style)

    def update_measured(self, content: RenderableType) -> None:
        """Show ``content``; the screen is laid out again only if the height changes."""
        width = self.content_size.width
        if width <= 0 or isinstance(content, (str, Text)):  # not laid out yet, or measured otherwise by Textual
            self.update(content)
            return
        app = self.app
        options = app.console_options.update_width(width).update(highlight=False)
        height = sum(text.count("\n") for text, _style, _control in app.console.render(content, options))
        self.update(content, layout=height != self.content_size.height)

    def update_pinned(self, content: RenderableType, height: int, keep: Literal["first", "last"]) -> None:
        """Show ``content`` exactly ``height`` lines tall: its ``keep`` lines, padded with blank ones.

        The screen is laid out again only when ``height`` changes (the view was resized),
        and only the lines that differ from the last call's are drawn again.
        """
        width = self.content_size.width
        if width <= 0 or height <= 0:  # not laid out yet
            self.update_measured(content)
            return
        strips = self._strips(content, width, height, keep)
        if len(strips) > height:
            strips = strips[-height:] if keep == "last" else strips[:height]
        old = self._pinned
        if old is None or height != self.content_size.height:
            # Pinning starts (or the view was resized): blank lines of the height give the size.
            super().update(_BlankLines(height), layout=height != self.content_size.height)
            self._pinned = strips
            return
        self._pinned = strips
        changed = [y for y in range(height) if (old[y] if y < len(old) else None) != (strips[y] if y < len(strips) else None)]
        for first, last in _runs(changed):
            self.refresh(Region(0, first, width, last - first + 1))

    def _strips(self, content: RenderableType, width: int, height: int, keep: str) -> list[Strip]:
        """The lines Textual itself would draw for ``content`` (see ``Widget._render_content``).

        Of a group kept from its end, only the last parts that fill ``height`` lines are
        rendered (a group's lines are its parts' lines one after the other): an answer's
        reasoning and earlier tool calls cost nothing once the text below fills the view.
        """
        style = self.visual_style
        if keep != "last" or not isinstance(content, Group):
            return Visual.to_strips(self, visualize(self, content, markup=False), width, None, style)
        strips: list[Strip] = []
        for part in reversed(content.renderables):
            strips[:0] = Visual.to_strips(self, visualize(self, Group(part), markup=False), width, None, style)
            if len(strips) >= height:
                break
        return strips


def _runs(lines: list[int]) -> list[tuple[int, int]]:
    """Sorted line numbers as (first, last) runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for y in lines:
        if runs and runs[-1][1] == y - 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs
