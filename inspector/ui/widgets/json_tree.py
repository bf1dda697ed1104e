"""A foldable, highlighted tree of a JSON value, built lazily as you open it.

Each node knows its JSON path (``$.response.body[3].choices[0]``), which the raw
view shows and can copy.  Long strings (base64 images) are shown clipped with
their size; big arrays open a page at a time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from inspector.core.base.jsonpath import format_step
from inspector.ui.widgets.folding_tree import FoldingTree

__all__ = ["JsonTree", "JsonNode", "json_path", "value_preview"]

_PAGE = 500
_CLIP = 120


@dataclass(frozen=True, slots=True)
class JsonNode:
    """Data of one tree node: where it is and what it holds."""

    path: str
    value: Any
    start: int = 0  # first child shown (arrays and objects open a page at a time)
    more: bool = False  # this node is the "… N more" placeholder


def json_path(parent: str, key: str | int) -> str:
    """``$.a.b[2]["odd key"]``: a path a person can read and jq can mostly use."""
    return parent + format_step(key)


def _size(n: int) -> str:
    return f"{n / 1024:.1f} kB" if n >= 1024 else f"{n} chars"


def value_preview(value: Any, clip: int = _CLIP) -> Text:
    """One highlighted line for a value: scalars in full (clipped), containers by size."""
    if isinstance(value, dict):
        return Text(f"{{}} {len(value)} key{'s' if len(value) != 1 else ''}", style="dim")
    if isinstance(value, list):
        return Text(f"[] {len(value)} item{'s' if len(value) != 1 else ''}", style="dim")
    if isinstance(value, str):
        shown = json.dumps(value if len(value) <= clip else value[:clip], ensure_ascii=False)
        text = Text(shown if len(value) <= clip else shown[:-1] + "…\"", style="green")
        if len(value) > clip:
            text.append(f"  ({_size(len(value))})", style="dim")
        return text
    if isinstance(value, bool) or value is None:
        return Text(json.dumps(value), style="magenta italic")
    if isinstance(value, (int, float)):
        return Text(json.dumps(value), style="cyan")
    return Text(repr(value), style="red")


def _label(key: str | int | None, value: Any) -> Text:
    text = Text()
    if key is not None:
        text.append(str(key) if isinstance(key, int) else json.dumps(key, ensure_ascii=False), style="bold blue" if isinstance(key, str) else "dim")
        text.append(": ")
    text.append_text(value_preview(value))
    return text


class JsonTree(FoldingTree[JsonNode]):
    """A JSON value as a tree; open and fold by path."""

    HELP_TITLE = "Raw tab (3) and the request JSON"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "expand_or_down", "Open", show=False),
        Binding("left", "collapse_or_parent", "Fold", show=False),
        Binding("y", "copy_path", "Copy path"),
    ]

    @dataclass
    class PathHighlighted(Message):
        """The cursor moved to the node at ``path``."""

        path: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("$", id=id, classes=classes)
        self.guide_depth = 2

    def show(self, value: Any, *, label: str = "$", open_levels: int = 1) -> None:
        """Show a new value, with its first ``open_levels`` levels open."""
        self.clear()
        self.root.set_label(Text(label, style="bold"))
        self.root.data = JsonNode("$", value)
        self.root.allow_expand = isinstance(value, (dict, list))
        self._fill(self.root)
        self.root.expand()
        if open_levels > 1:
            for child in self.root.children:
                if child.allow_expand:
                    self._fill(child)
                    child.expand()

    def _fill(self, node: TreeNode[JsonNode]) -> None:
        data = node.data
        if data is None or node.children or data.more:
            return
        self._add_page(node, data, data.start)

    def _add_page(self, node: TreeNode[JsonNode], data: JsonNode, start: int) -> None:
        value = data.value
        items: list[tuple[str | int, Any]]
        if isinstance(value, dict):
            items = list(value.items())
        elif isinstance(value, list):
            items = list(enumerate(value))
        else:
            return
        for key, child in items[start : start + _PAGE]:
            container = isinstance(child, (dict, list)) and bool(child)
            node.add(_label(key, child), JsonNode(json_path(data.path, key), child), allow_expand=container)
        rest = len(items) - (start + _PAGE)
        if rest > 0:
            node.add_leaf(Text(f"… {rest:,} more (enter to show)", style="dim italic"), JsonNode(data.path, value, start + _PAGE, more=True))

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[JsonNode]) -> None:
        event.stop()
        self._fill(event.node)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[JsonNode]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.PathHighlighted(event.node.data.path))

    @on(Tree.NodeSelected)
    def _node_selected(self, event: Tree.NodeSelected[JsonNode]) -> None:
        event.stop()
        data = event.node.data
        if data is not None and data.more and event.node.parent is not None:
            parent = event.node.parent
            event.node.remove()
            self._add_page(parent, JsonNode(data.path, data.value), data.start)

    @property
    def current_path(self) -> str | None:
        """The JSON path under the cursor."""
        node = self.cursor_node
        return node.data.path if node is not None and node.data is not None else None

    def action_copy_path(self) -> None:
        """Copy the JSON path under the cursor to the clipboard."""
        path = self.current_path
        if path:
            self.app.copy_to_clipboard(path)
            self.notify(f"copied {path}", timeout=2)
