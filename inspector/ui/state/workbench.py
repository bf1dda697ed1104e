"""What the app is changing: open edit sessions, marked recordings, the root it may write in.

Plain Python over the core (no widgets), so the bookkeeping of editing and
curating can be tested on its own.  Paths are the strings the library indexed
them under (often relative to the current folder); new paths made by the core
(renames, moves, restores) are turned back into that spelling with
:func:`like`, so the tree never holds one file twice.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from inspector.core.edit import EditError, EditSession
from inspector.core.edit.curate import Curator
from inspector.core.edit.root import Root
from inspector.core.rules import layout, profiles
from inspector.render.paths import short_name

__all__ = ["Workbench", "like"]


def like(path: str | os.PathLike[str], spelling: str | None) -> str:
    """``path`` spelled like ``spelling``: relative to the current folder when that one is relative."""
    p = str(path)
    if spelling is None or os.path.isabs(spelling):
        return os.path.abspath(p)
    rel = os.path.relpath(os.path.abspath(p))
    return p if rel.startswith("..") else rel


class Workbench:
    """Edit sessions by path, the marked recordings, and the curator for the root."""

    def __init__(self, paths: Sequence[str | os.PathLike[str]], rules: str = "newest") -> None:
        self.root_path = layout.write_root(paths, opened=True)  # the layout decides, as for the CLI
        self.rules = profiles.rule_set(rules)  # make_app has checked the name
        self._sessions: dict[str, EditSession] = {}
        self._marks: dict[str, None] = {}  # insertion-ordered set
        self._curator: Curator | None = None
        self._root: Root | None = None

    # -- the root ----------------------------------------------------------------

    @property
    def root(self) -> Root:
        """The root as the core checks it (:class:`EditError` when it is not a folder)."""
        if self._root is None:
            self._root = Root(self.root_path)
        return self._root

    @property
    def curator(self) -> Curator:
        """Duplicate, move, delete and restore inside the root."""
        if self._curator is None:
            self._curator = Curator(self.root_path, rules=self.rules)
        return self._curator

    # -- sessions ----------------------------------------------------------------

    def session(self, path: str | None) -> EditSession | None:
        """The open session of ``path``, if any."""
        return self._sessions.get(path) if path is not None else None

    def open(self, path: str) -> EditSession:
        """The session of ``path``, opened now if needed; :class:`EditError` when it cannot be edited.

        A session without edits is read again when the file changed on disk
        meanwhile, so editing always starts from what is there now.
        """
        session = self._sessions.get(path)
        if session is not None and not session.dirty and session.disk_changed():
            session = None
        if session is None:
            session = EditSession.open(path, root=self.root, rules=self.rules)
            self._sessions[path] = session
        return session

    def is_dirty(self, path: str | None) -> bool:
        session = self.session(path)
        return session is not None and session.dirty

    def dirty_paths(self) -> list[str]:
        """Paths with unsaved edits, in the order they were opened."""
        return [p for p, s in self._sessions.items() if s.dirty]

    def discard(self, path: str) -> None:
        """Drop the session of ``path`` and its unsaved edits."""
        self._sessions.pop(path, None)

    def unsaved(self) -> list[str]:
        """One line per recording with unsaved edits (what quitting would lose)."""
        lines = []
        for path in self.dirty_paths():
            name = Path(path).name
            short = short_name(name, keep=16)
            lines.append(f"● {short}  (last edit: {self._sessions[path].history.undo_label or 'edit'})")
        return lines

    # -- files that moved or went away ------------------------------------------------

    def moved(self, old: str, new: str) -> None:
        """``old`` is now called ``new`` (a save under a new name, a move, a rehash)."""
        if old == new:
            return
        session = self._sessions.pop(old, None)
        if session is not None:
            self._sessions[new] = session
        if old in self._marks:
            self._marks = {(new if p == old else p): None for p in self._marks}

    def forget(self, paths: Iterable[str]) -> None:
        """Files that are gone (deleted): no session, no mark."""
        for p in paths:
            self._sessions.pop(p, None)
            self._marks.pop(p, None)

    # -- marks -------------------------------------------------------------------------

    @property
    def marked(self) -> list[str]:
        """Marked paths, in the order they were marked."""
        return list(self._marks)

    def is_marked(self, path: str) -> bool:
        return path in self._marks

    def toggle_mark(self, path: str) -> bool:
        """Mark or unmark ``path``; True when it is marked now."""
        if path in self._marks:
            del self._marks[path]
            return False
        self._marks[path] = None
        return True

    def set_marks(self, paths: Iterable[str], on: bool) -> None:
        for p in paths:
            if on:
                self._marks[p] = None
            else:
                self._marks.pop(p, None)

    def clear_marks(self) -> int:
        """Unmark everything; returns how many were marked."""
        n = len(self._marks)
        self._marks = {}
        return n

    def targets(self, current: str | None) -> list[str]:
        """What a curating action acts on: the marked recordings, else the current one."""
        if self._marks:
            return self.marked
        return [current] if current else []


def open_error(exc: EditError) -> str:
    """The one line shown when a recording cannot be opened for editing."""
    return f"cannot edit: {exc.reason}"
