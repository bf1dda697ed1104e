"""The Raw tab: the whole file as a foldable, highlighted JSON tree, with the cursor's path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from inspector.ui.widgets.json_tree import JsonTree

if TYPE_CHECKING:
    from inspector.core.recording.loading import Recording

__all__ = ["RawPane"]


class RawPane(Vertical):
    """The recording as stored, folded by JSON path."""

    DEFAULT_CSS = """
    RawPane {
        height: 1fr;
    }

    #raw-path {
        height: 1;
        padding: 0 1;
        background: $boost;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    #raw-tree {
        height: 1fr;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="raw-path")
        yield JsonTree(id="raw-tree")

    def show(self, rec: Recording, path: str) -> None:
        """Show a recording's JSON (or why it could not be read)."""
        tree = self.query_one("#raw-tree", JsonTree)
        label = self.query_one("#raw-path", Static)
        if rec.data is None:
            tree.show(None, label=path)
            label.update(Text(f"{path}: {rec.problem}", style="bold red"))
            return
        tree.show(rec.data, label=path.rsplit("/", 1)[-1], open_levels=2)
        self._path("$")

    def _path(self, path: str) -> None:
        text = Text("path ", style="dim")
        text.append(path, style="bold")
        text.append("   y copies it · ←/→ fold and open", style="dim")
        self.query_one("#raw-path", Static).update(text)

    @on(JsonTree.PathHighlighted)
    def _highlighted(self, event: JsonTree.PathHighlighted) -> None:
        event.stop()
        self._path(event.path)
