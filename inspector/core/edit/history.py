"""Undo and redo over document states, with dirty tracking.

States are whole documents, but edits copy only what they change (see
:mod:`.nodes`), so consecutive states share almost everything and a long
history stays small.  The state that was last saved (or opened) is remembered,
so ``dirty`` is exact: undoing back to the saved state makes the document clean
again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["History", "Entry"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Entry(Generic[T]):
    """One state of the history and the label of the edit that produced it."""

    state: T
    label: str
    group: str | None = None  # consecutive pushes of one group merge (typing in one field)


class History(Generic[T]):
    """A linear undo/redo history; pushing after an undo drops the redo branch."""

    def __init__(self, initial: T, *, limit: int = 500) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._entries: list[Entry[T]] = [Entry(initial, "open")]
        self._index = 0
        self._saved: int | None = 0  # index of the saved state; None once it is unreachable
        self.limit = limit

    # -- reading -----------------------------------------------------------------

    @property
    def current(self) -> T:
        return self._entries[self._index].state

    @property
    def can_undo(self) -> bool:
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._entries) - 1

    @property
    def undo_label(self) -> str | None:
        """What undo would take back (for a menu or a notification)."""
        return self._entries[self._index].label if self.can_undo else None

    @property
    def redo_label(self) -> str | None:
        return self._entries[self._index + 1].label if self.can_redo else None

    @property
    def dirty(self) -> bool:
        """True when the current state is not the one last saved."""
        return self._saved != self._index

    def __len__(self) -> int:
        return len(self._entries)

    # -- changing ----------------------------------------------------------------

    def push(self, state: T, label: str = "edit", *, group: str | None = None) -> None:
        """Make ``state`` current.  With ``group`` equal to the last push's, the two merge into one step."""
        top = self._entries[self._index]
        del self._entries[self._index + 1 :]
        if self._saved is not None and self._saved > self._index:
            self._saved = None
        if group is not None and top.group == group and self._index > 0 and self._saved != self._index:
            self._entries[self._index] = Entry(state, label, group)
            return
        self._entries.append(Entry(state, label, group))
        self._index += 1
        overflow = len(self._entries) - self.limit
        if overflow > 0:
            del self._entries[:overflow]
            self._index -= overflow
            if self._saved is not None:
                self._saved = self._saved - overflow if self._saved >= overflow else None

    def undo(self) -> T | None:
        """Step back; returns the new current state, or None when there is nothing to undo."""
        if not self.can_undo:
            return None
        self._index -= 1
        return self.current

    def redo(self) -> T | None:
        """Step forward again; None when there is nothing to redo."""
        if not self.can_redo:
            return None
        self._index += 1
        return self.current

    def mark_saved(self, state: Any = None) -> None:
        """The current state is what is on disk now (``state``: replace it with what was written)."""
        if state is not None:
            e = self._entries[self._index]
            self._entries[self._index] = Entry(state, e.label, None)
        else:
            e = self._entries[self._index]
            self._entries[self._index] = Entry(e.state, e.label, None)  # no merging across a save
        self._saved = self._index

    def reset(self, state: T) -> None:
        """Forget everything: ``state`` (e.g. reloaded from disk) is the new, clean start."""
        self._entries = [Entry(state, "open")]
        self._index = 0
        self._saved = 0
