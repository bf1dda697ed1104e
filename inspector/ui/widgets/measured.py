"""A Static that re-lays out the screen only when its height changes.

``Static.update`` asks Textual for a new layout of the whole screen every time,
which is most of what a replay frame costs (the response and the chunk views
change up to 60 times a second, their heights seldom).  :class:`MeasuredStatic`
measures the new content's height the way Textual does (the number of lines it
renders to at the content width) and asks for a layout only when that differs
from the height the widget has now.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widgets import Static

__all__ = ["MeasuredStatic"]


class MeasuredStatic(Static):
    """A :class:`~textual.widgets.Static` for content that changes often and grows seldom."""

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
