"""A Tree whose arrow keys fold: → opens a node (or steps down), ← folds it (or goes up).

The recordings tree, the Problems list and the JSON trees all move this way.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.widgets import Tree

__all__ = ["FoldingTree"]

T = TypeVar("T")


class FoldingTree(Tree[T]):
    """A :class:`~textual.widgets.Tree` with → to open or step down and ← to fold or go up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "expand_or_down", "Expand", show=False),
        Binding("left", "collapse_or_parent", "Collapse", show=False),
    ]

    def action_expand_or_down(self) -> None:
        """Open the node under the cursor, or step into it when it is open already."""
        node = self.cursor_node
        if node is not None and node.allow_expand and not node.is_expanded:
            node.expand()
        else:
            self.action_cursor_down()

    def action_collapse_or_parent(self) -> None:
        """Fold the node under the cursor, or go to its parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and (self.show_root or node.parent is not self.root):
            self.move_cursor(node.parent)

