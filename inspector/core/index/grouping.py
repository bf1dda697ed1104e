"""Grouping summaries into the app's tree: by test, by endpoint and model, or by folder.

Plain data, no UI: a :class:`Grouper` takes summaries one at a time (they stream
in while a repository is indexed) and keeps a tree of :class:`Group` nodes with
counts.  The app renders it lazily; the notebook or a report can walk it too.

By test, a recording sits under suite → test file → test → parametrisation, from
its pytest node id ``tests/integration/<suite>/<file>.py::<test>[<params>]``.
A recording without a test id sits under its folder (inside the suite the folder
belongs to).  Captured replay misses (kind ``miss``) sit in one group of their own,
:data:`MISSES_LABEL`, first whatever the grouping: they are what a person opened
the app with ``--misses`` to look at.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath

from inspector.core.index.summary import Summary
from inspector.core.rules.nodeid import split_node_id

__all__ = [
    "GroupBy",
    "Group",
    "Grouper",
    "TestIdParts",
    "parse_test_id",
    "group_path",
    "common_base",
    "MISSES_KEY",
    "MISSES_LABEL",
]

_MISS = "miss"  # Kind.MISS.value
#: The group every captured miss sits in, above every other group.
MISSES_KEY = "(replay misses)"
MISSES_LABEL = "Replay misses"


class GroupBy(StrEnum):
    """How the tree is grouped; :meth:`next` cycles through them."""

    TEST = "test"
    ENDPOINT = "endpoint"
    FOLDER = "folder"

    @property
    def title(self) -> str:
        return {"test": "by test", "endpoint": "by endpoint and model", "folder": "by folder"}[self.value]

    def next(self) -> GroupBy:
        order = list(GroupBy)
        return order[(order.index(self) + 1) % len(order)]


@dataclass(frozen=True, slots=True)
class TestIdParts:
    """A pytest node id split the way the tree shows it."""

    __test__ = False  # not a pytest test class, whatever its name says

    suite: str  # the folder of the test file under tests/integration, e.g. "responses"
    file: str  # the test file's name, e.g. "test_basic_responses.py"
    test: str  # e.g. "test_x" or "TestClass::test_x"
    params: str | None  # the text inside [...], if any


def parse_test_id(test_id: str) -> TestIdParts:
    """Split ``tests/integration/<suite>/<file>.py::<test>[<params>]`` (any shape is accepted)."""
    nid = split_node_id(test_id)
    if not nid.file:  # not a node id; keep it whole as the test's name
        return TestIdParts("(no file)", "(no file)", nid.qualname, nid.params)
    suite, name = _suite_and_file(nid.file)
    return TestIdParts(suite, name, nid.qualname or "(module)", nid.params)


@functools.lru_cache(maxsize=8192)
def _suite_and_file(file_part: str) -> tuple[str, str]:
    """(suite, file name) of a test file path; cached, as a repository has far fewer test files than recordings."""
    p = PurePath(file_part)
    parts = p.parts
    suite = ""
    if "integration" in parts[:-1]:
        after = parts[parts.index("integration") + 1 : -1]
        suite = "/".join(after)
    elif len(parts) > 1:
        suite = parts[-2]
    return suite or "(top level)", p.name


# level names, in the order they appear from the top
_LEVEL_ORDER = {"misses": -1, "suite": 0, "file": 1, "test": 2, "param": 3, "endpoint": 0, "model": 1, "folder": 5}


@dataclass(eq=False, slots=True)
class Group:
    """A node of the grouping: child groups by key, the recordings directly in it, a count below it."""

    key: str
    label: str
    level: str  # root | suite | file | test | param | folder | endpoint | model
    parent: Group | None = None
    groups: dict[str, Group] = field(default_factory=dict)
    items: list[Summary] = field(default_factory=list)
    count: int = 0  # recordings in this group and below

    def sorted_groups(self) -> list[Group]:
        """Child groups in display order."""
        return sorted(self.groups.values(), key=Group.sort_key)

    def sort_key(self) -> tuple[int, str, str]:
        return (_LEVEL_ORDER.get(self.level, 9), self.label.lower(), self.key)

    def ancestors(self) -> list[Group]:
        """This group's parents from the top (root excluded), then itself."""
        out: list[Group] = []
        g: Group | None = self
        while g is not None and g.parent is not None:
            out.append(g)
            g = g.parent
        return out[::-1]

    def walk(self) -> Iterable[Summary]:
        """Every recording in this group and below, in display order."""
        for g in self.sorted_groups():
            yield from g.walk()
        yield from self.items


def _folder_of(path: str) -> tuple[str, str]:
    """(suite, folder) for a recording without a test id, from where its file is."""
    return _suite_and_folder(os.path.dirname(path))


@functools.lru_cache(maxsize=8192)
def _suite_and_folder(folder: str) -> tuple[str, str]:
    parts = PurePath(folder).parts if folder else ()
    if "recordings" in parts:
        i = len(parts) - 1 - parts[::-1].index("recordings")  # the innermost recordings folder
        suite = parts[i - 1] if i > 0 else "recordings"
        return suite, "/".join(parts[i:])
    return (parts[-1] if parts else "."), (parts[-1] if parts else ".")


def group_path(summary: Summary, by: GroupBy, base: str | None = None) -> list[tuple[str, str, str]]:
    """The chain of ``(level, key, label)`` from the top group down to the recording's group."""
    if summary.kind == _MISS:
        return [("misses", MISSES_KEY, MISSES_LABEL)]
    if by is GroupBy.TEST:
        if summary.test_id:
            t = parse_test_id(summary.test_id)
            chain = [("suite", t.suite, t.suite), ("file", t.file, t.file), ("test", t.test, t.test)]
            if t.params is not None:
                chain.append(("param", t.params, f"[{t.params}]"))
            return chain
        suite, folder = _folder_of(summary.path)
        return [("suite", suite, suite), ("folder", folder, f"{folder}/ (no test id)")]
    if by is GroupBy.ENDPOINT:
        endpoint = summary.endpoint or f"({summary.kind})"
        model = summary.model or "(no model)"
        return [("endpoint", endpoint, endpoint), ("model", model, model)]
    folder = _folder_key(os.path.dirname(summary.path), base)
    return [("folder", folder, folder.rstrip("/") + "/")]


@functools.lru_cache(maxsize=8192)
def _folder_key(folder: str, base: str | None) -> str:
    """A recording's folder as the folder grouping names it: relative to ``base`` when inside it."""
    if base:
        try:
            rel = os.path.relpath(folder, base)
        except ValueError:
            rel = folder
        folder = folder if rel.startswith("..") else rel
    return folder or "."


def common_base(roots: Sequence[str | os.PathLike[str]]) -> str | None:
    """The folder that holds every root (a file root counts as its folder)."""
    dirs = [os.path.dirname(str(r)) or "." if str(r).endswith(".json") and not os.path.isdir(r) else str(r) for r in roots]
    if not dirs:
        return None
    try:
        return os.path.commonpath([os.path.abspath(d) for d in dirs])
    except ValueError:
        return None


class Grouper:
    """A grouping tree that recordings are added to as they arrive."""

    def __init__(self, by: GroupBy = GroupBy.TEST, roots: Sequence[str | os.PathLike[str]] = ()) -> None:
        self.by = by
        self.base = common_base(roots)
        self._relative_base: str | None = None  # base relative to the current folder, made once
        self.root = Group("", "", "root")
        self._where: dict[str, Group] = {}  # path -> the group holding it

    def __len__(self) -> int:
        return self.root.count

    def _folder_base(self, summary: Summary) -> str | None:
        if self.base is None:
            return None
        # Summaries carry paths as given; compare like with like.
        if os.path.isabs(summary.path):
            return self.base
        if self._relative_base is None:
            self._relative_base = os.path.relpath(self.base)
        return self._relative_base

    def add(self, summary: Summary) -> list[Group]:
        """Add one recording; returns the groups it now counts in, top first (root included)."""
        base = self._folder_base(summary) if self.by is GroupBy.FOLDER else None
        node = self.root
        node.count += 1
        chain = [node]
        for level, key, label in group_path(summary, self.by, base):
            child = node.groups.get(key)
            if child is None:
                child = node.groups[key] = Group(key, label, level, node)
            child.count += 1
            chain.append(child)
            node = child
        node.items.append(summary)
        self._where[summary.path] = node
        return chain

    def add_many(self, summaries: Iterable[Summary]) -> set[Group]:
        """Add several; returns every group whose count changed."""
        touched: set[Group] = set()
        for s in summaries:
            touched.update(self.add(s))
        return touched

    def group_of(self, path: str) -> Group | None:
        """The group a recording (by path) sits in, or None when it is not in this tree."""
        return self._where.get(path)

    def __contains__(self, path: object) -> bool:
        return path in self._where
