"""What the parts of the app tell the main screen: open this recording, filter so, these files changed.

Other screens hand these back as their ``dismiss`` result (the main screen,
which pushed them, posts the result to itself); the palette and the editing
and curating controllers post them to the main screen.  They do not bubble:
the main screen is their one reader.  The main screen
handles each in one place with ``@on(...)``, so nothing reaches into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

__all__ = ["FilesChanged", "OpenRecording", "SetFilter"]


@dataclass
class OpenRecording(Message, bubble=False):
    """Show ``path`` on the right and put the tree cursor on it (clearing a filter that hides it)."""

    path: str


@dataclass
class SetFilter(Message, bubble=False):
    """Filter the tree by ``text``, as if typed after ``/`` (empty clears the filter)."""

    text: str


@dataclass
class FilesChanged(Message, bubble=False):
    """The app wrote, moved, deleted or restored files: re-index them and rebuild the tree.

    ``removed`` are gone (or renamed away), ``changed`` are new or rewritten;
    ``select`` is the recording to show afterwards (None keeps the selection).
    """

    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    select: str | None = None
