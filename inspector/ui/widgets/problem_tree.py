"""The findings of a check, grouped by code (errors first), one line per problem."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import Tree

from inspector.core.checks.file_checks import CODES, ERROR, CheckReport, Finding
from inspector.render.paths import short_name
from inspector.ui.widgets.folding_tree import FoldingTree

if TYPE_CHECKING:
    from textual.widgets.tree import TreeNode

__all__ = ["ProblemTree", "CodeGroup", "SEVERITY_STYLES"]

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow"}
_OPEN_ALL = 300  # open every group when there are at most this many findings


@dataclass(frozen=True, slots=True)
class CodeGroup:
    """Data of a group node: one check code and its findings."""

    code: str
    severity: str
    findings: tuple[Finding, ...]


def _short(path: str) -> str:
    """The part of a path that tells recordings apart: folder/…/name."""
    parts = path.replace(os.sep, "/").split("/")
    if len(parts) <= 3:
        return path
    return "/".join([parts[-3], parts[-2], short_name(parts[-1])])


def finding_label(f: Finding) -> Text:
    """``inference/recordings/3b7c82….json  the stream ends after 5 chunks …``."""
    text = Text(_short(f.path), style="bold")
    text.append("  ")
    text.append(f.message.splitlines()[0] if f.message else "", style="")
    return text


def group_label(group: CodeGroup) -> Text:
    """``error  hash-mismatch  3``."""
    text = Text(f"{group.severity:<7} ", style=SEVERITY_STYLES.get(group.severity, ""))
    text.append(group.code, style="bold")
    text.append(f"  {len(group.findings)}", style="dim")
    return text


def group_findings(report: CheckReport) -> list[CodeGroup]:
    """Findings by code, errors before warnings, codes in the order the check lists them."""
    by_code: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_code.setdefault(f.code, []).append(f)
    order = list(CODES)
    groups = [
        CodeGroup(code, CODES[code].severity if code in CODES else fs[0].severity, tuple(fs)) for code, fs in by_code.items()
    ]
    groups.sort(key=lambda g: (g.severity != ERROR, order.index(g.code) if g.code in order else 99))
    return groups


class ProblemTree(FoldingTree[Any]):
    """Check findings by code; enter opens the file."""

    HELP_TITLE = "Problems list"

    @dataclass
    class FindingChosen(Message):
        """A finding was chosen: open its file."""

        finding: Finding

    @dataclass
    class FindingHighlighted(Message):
        """The cursor moved onto a finding (or onto a group: ``finding`` is None)."""

        finding: Finding | None
        group: CodeGroup | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("problems", id=id)
        self.show_root = False
        self.guide_depth = 2

    def show(self, report: CheckReport) -> None:
        """Show a report's findings, grouped."""
        self.clear()
        groups = group_findings(report)
        open_all = len(report.findings) <= _OPEN_ALL
        for group in groups:
            node = self.root.add(group_label(group), group, expand=open_all, allow_expand=True)
            if open_all:
                self._fill(node)
            # else its rows are made when it is opened: thousands of findings would cost a second
        self.root.expand()
        if groups:
            self.move_cursor(self.root.children[0])

    def _fill(self, node: TreeNode[Any]) -> None:
        group = node.data
        if isinstance(group, CodeGroup) and not node.children:
            for f in group.findings:
                node.add_leaf(finding_label(f), f)

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[Any]) -> None:
        event.stop()
        self._fill(event.node)

    @property
    def current(self) -> Finding | CodeGroup | None:
        """The finding or group under the cursor."""
        node = self.cursor_node
        return node.data if node is not None else None

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Any]) -> None:
        event.stop()
        data = event.node.data
        self.post_message(
            self.FindingHighlighted(data if isinstance(data, Finding) else None, data if isinstance(data, CodeGroup) else None)
        )

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[Any]) -> None:
        event.stop()
        if isinstance(event.node.data, Finding):
            self.post_message(self.FindingChosen(event.node.data))
