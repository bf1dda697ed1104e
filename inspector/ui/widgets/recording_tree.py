"""The tree of recordings on the left: groups with counts, recordings with markers.

Nodes are created only when their parent is expanded, and at most a page of
children at a time, so a repository of 100,000 recordings opens as quickly as
one of ten.  While the index is still loading, :meth:`RecordingTree.grow` adds
what arrived to the groups already on screen and updates their counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from inspector.core.index.grouping import MISSES_KEY, Group, Grouper
from inspector.core.index.summary import Summary
from inspector.ui.state.captures import UNEXPLAINED
from inspector.ui.state.labels import group_label, miss_label, recording_label
from inspector.ui.widgets.folding_tree import FoldingTree

__all__ = ["RecordingTree", "PAGE"]

#: Children shown per expansion; the rest wait behind a "… N more" node.
PAGE = 200

_MISS = "miss"  # Kind.MISS.value


@dataclass(eq=False, slots=True)
class More:
    """Data of the node that shows the next page of a group's children."""

    group: Group


@dataclass(eq=False, slots=True)
class _Shown:
    """What of a group is on screen: its node, which child groups, how many items."""

    node: TreeNode[Any]
    groups: dict[str, TreeNode[Any]] = field(default_factory=dict)
    items: int = 0
    more: TreeNode[Any] | None = None


class RecordingTree(FoldingTree[Any]):
    """Recordings grouped by test, by endpoint and model, or by folder."""

    DEFAULT_CSS = """
    RecordingTree {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    """

    HELP_TITLE = "Tree (left)"

    @dataclass
    class RecordingHighlighted(Message):
        """The cursor moved onto a recording."""

        summary: Summary

    @dataclass
    class GroupHighlighted(Message):
        """The cursor moved onto a group (actions now act on its recordings)."""

        group: Group

    @dataclass
    class RecordingChosen(Message):
        """A recording was chosen (enter or click) to look at closely."""

        summary: Summary

    def __init__(self, *, rules: str = "newest", id: str | None = None) -> None:
        super().__init__("recordings", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.rules = rules
        self.grouper: Grouper = Grouper()
        self._shown: dict[int, _Shown] = {}  # id(group) -> what of it is on screen (opened groups)
        self._group_nodes: dict[int, TreeNode[Any]] = {}  # id(group) -> its node, opened or not
        # Groups the user has open, by key path, so they stay open through filters.
        self._open_paths: set[tuple[str, ...]] = set()
        self.flags: dict[str, Text] = {}  # path -> prefix (unsaved edits, marks, git changes), see set_flags
        self._layers: dict[str, dict[str, Text]] = {}  # who set which prefixes (editing, git changes)
        self._greyed: dict[str, set[str]] = {}  # per layer: paths drawn dim (files removed in git)
        self.miss_classes: dict[str, str] = {}  # captured misses: path -> heal class (see set_miss_classes)

    # -- building -------------------------------------------------------------

    def show(self, grouper: Grouper) -> None:
        """Show a new grouping (after a filter or a change of grouping).

        Groups that were open stay open when they are still there.
        """
        if grouper.by is not self.grouper.by:
            # The misses group is the same group in every grouping: it stays open or closed.
            self._open_paths = {p for p in self._open_paths if p[:1] == (MISSES_KEY,)}
        opened = set(self._open_paths)
        self.grouper = grouper
        self.clear()
        # Forget the old cursor: its line number would otherwise land on some other
        # recording of the new tree and highlight (open) it.
        self.unselect()
        self._cursor_node = None
        self._shown = {}
        self._group_nodes = {}
        self.root.data = grouper.root
        self._populate(self.root, grouper.root)
        if opened:
            self._reopen(self.root, (), opened)

    def _reopen(self, node: TreeNode[Any], path: tuple[str, ...], opened: set[tuple[str, ...]]) -> None:
        for child in list(node.children):
            group = child.data
            if isinstance(group, Group) and (key := (*path, group.key)) in opened:
                self._populate(child, group)
                child.expand()
                self._reopen(child, key, opened)

    def grow(self, touched: set[Group]) -> None:
        """Add newly indexed recordings to the groups that are on screen."""
        for group in touched:
            node = self._group_nodes.get(id(group))
            if node is not None:
                node.set_label(group_label(group))
            shown = self._shown.get(id(group))
            if shown is not None:
                self._add_new(group, shown)

    def _populate(self, node: TreeNode[Any], group: Group) -> None:
        shown = self._shown.get(id(group))
        if shown is None:
            shown = self._shown[id(group)] = _Shown(node)
            self._add_new(group, shown)

    def _add_new(self, group: Group, shown: _Shown) -> None:
        """Add children of ``group`` not yet on screen, up to a page; the rest go behind "more"."""
        budget = PAGE
        if shown.more is not None:
            self._set_more_label(shown.more, group, shown)
            return
        new_groups = [g for g in group.sorted_groups() if g.key not in shown.groups]
        for child in new_groups:
            if budget <= 0:
                break
            before = self._insertion_point(shown, child)
            node = shown.node.add(group_label(child), child, before=before)
            shown.groups[child.key] = self._group_nodes[id(child)] = node
            budget -= 1
        while shown.items < len(group.items) and budget > 0:
            item = group.items[shown.items]
            shown.node.add_leaf(self._leaf_label(item, group), item)
            shown.items += 1
            budget -= 1
        if self._remaining(group, shown):
            shown.more = shown.node.add_leaf("", More(group))
            self._set_more_label(shown.more, group, shown)

    def _leaf_label(self, item: Summary, group: Any) -> Text:
        # The model is left out when a group above names it ("[txt=openai/gpt-4o]", a model
        # group): in a narrow tree those columns go to the words that tell recordings apart.
        if item.kind == _MISS:  # a miss reads by its heal class and test id (the misses group has no test groups)
            return miss_label(item, self.miss_classes.get(item.path, UNEXPLAINED))
        named = isinstance(group, Group) and bool(item.model) and any(item.model in g.label for g in group.ancestors())
        label = recording_label(item, self.rules, with_model=not named)
        if any(item.path in g for g in self._greyed.values()):
            label.stylize("dim")
        flag = self.flags.get(item.path)
        return flag + label if flag is not None else label

    def set_flags(self, flags: dict[str, Text], *, layer: str = "edits", greyed: set[str] | None = None) -> None:
        """Prefixes for recordings by path (``●`` unsaved, ``✓`` marked, git changes); relabels those on screen.

        Each ``layer`` (editing, git changes) replaces only its own prefixes; a recording
        flagged by several shows them in layer order.  ``greyed`` paths are drawn dim.
        """
        self._layers[layer] = dict(flags)
        old_grey = self._greyed.get(layer, set())
        self._greyed[layer] = set(greyed or ())
        merged: dict[str, Text] = {}
        for name in sorted(self._layers, key=lambda n: n != "changes"):  # git status first, then edits
            for path, text in self._layers[name].items():
                merged[path] = merged[path] + text if path in merged else text.copy()
        changed = set(self.flags) ^ set(merged) | {p for p in merged if self.flags.get(p) != merged[p]}
        changed |= old_grey ^ self._greyed[layer]
        self.flags = merged
        self._relabel(changed)

    def set_miss_classes(self, classes: dict[str, str]) -> None:
        """The heal class shown beside each captured miss (``…`` while explaining); relabels those on screen."""
        changed = {p for p in set(classes) | set(self.miss_classes) if classes.get(p) != self.miss_classes.get(p)}
        self.miss_classes = dict(classes)
        self._relabel(changed)

    def _relabel(self, paths: set[str]) -> None:
        if not paths:
            return
        stack = [self.root]
        while stack:
            node = stack.pop()
            data = node.data
            if isinstance(data, Summary):
                if data.path in paths:
                    node.set_label(self._leaf_label(data, node.parent.data if node.parent else None))
            else:
                stack.extend(node.children)

    def _insertion_point(self, shown: _Shown, child: Group) -> TreeNode[Any] | None:
        """Keep groups sorted when they arrive out of order; recordings stay after groups."""
        key = child.sort_key()
        for node in shown.node.children:
            data = node.data
            if not isinstance(data, Group) or data.sort_key() > key:
                return node
        return None

    def _remaining(self, group: Group, shown: _Shown) -> int:
        return (len(group.groups) - len(shown.groups)) + (len(group.items) - shown.items)

    def _set_more_label(self, node: TreeNode[Any], group: Group, shown: _Shown) -> None:
        node.set_label(Text(f"… {self._remaining(group, shown):,} more (enter to show)", style="dim italic"))

    def _show_more(self, more_node: TreeNode[Any]) -> None:
        data = more_node.data
        assert isinstance(data, More)
        shown = self._shown[id(data.group)]
        shown.more = None
        more_node.remove()
        self._add_new(data.group, shown)

    def open_all(self) -> None:
        """Open every group (for small, filtered trees)."""
        stack = [self.root]
        while stack:
            node = stack.pop()
            if isinstance(node.data, Group):
                self._populate(node, node.data)
                node.expand()
                stack.extend(c for c in node.children if isinstance(c.data, Group))

    # -- events ---------------------------------------------------------------

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[Any]) -> None:
        group = event.node.data
        if isinstance(group, Group):
            self._populate(event.node, group)
            self._open_paths.add(tuple(g.key for g in group.ancestors()))

    @on(Tree.NodeCollapsed)
    def _collapsed(self, event: Tree.NodeCollapsed[Any]) -> None:
        group = event.node.data
        if isinstance(group, Group):
            self._open_paths.discard(tuple(g.key for g in group.ancestors()))

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Any]) -> None:
        event.stop()
        data = event.node.data
        if isinstance(data, Summary):
            self.post_message(self.RecordingHighlighted(data))
        elif isinstance(data, Group) and data.parent is not None:
            self.post_message(self.GroupHighlighted(data))

    @on(Tree.NodeSelected)
    def _node_selected(self, event: Tree.NodeSelected[Any]) -> None:
        event.stop()
        data = event.node.data
        if isinstance(data, Summary):
            self.post_message(self.RecordingChosen(data))
        elif isinstance(data, More):
            self._show_more(event.node)

    # -- finding --------------------------------------------------------------

    @property
    def current(self) -> Summary | None:
        """The recording under the cursor, if the cursor is on one."""
        node = self.cursor_node
        return node.data if node is not None and isinstance(node.data, Summary) else None

    def node_for(self, path: str) -> TreeNode[Any] | None:
        """Open the groups down to a recording and return its node (None when filtered out)."""
        group = self.grouper.group_of(path)
        if group is None:
            return None
        node = self.root
        for g in group.ancestors():
            parent = self._shown.get(id(g.parent)) if g.parent is not None else None
            if parent is None:
                return None
            while g.key not in parent.groups and parent.more is not None:
                self._show_more(parent.more)
            child = parent.groups.get(g.key)
            if child is None:
                return None
            child.expand()
            self._populate(child, g)
            node = child
        shown = self._shown[id(group)]
        while True:
            for leaf in node.children:
                if isinstance(leaf.data, Summary) and leaf.data.path == path:
                    return leaf
            if shown.more is None:
                return None
            self._show_more(shown.more)

    def reveal(self, path: str) -> bool:
        """Move the cursor to a recording, opening its groups; False when it is not shown."""
        node = self.node_for(path)
        if node is None:
            return False
        # Line numbers are known once the tree has been laid out again.
        self.call_after_refresh(self._move_to, node)
        return True

    def _move_to(self, node: TreeNode[Any]) -> None:
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)
