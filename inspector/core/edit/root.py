"""Keeping every new name inside the folder the user opened (the root).

File names and test ids come from recordings, i.e. from data: a test id such
as ``../../etc/x.py::t`` or a symlinked folder must never make a rename, a move
or a new fixture land outside the root.  :class:`Root` checks real paths
(symlinks resolved).  Which folder a recording belongs in is the recorder's
layout (``core/rules/layout.py``); this module only keeps writes inside the root.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from inspector.core.edit.outcome import EditError
from inspector.core.rules.layout import unsafe_reason

__all__ = ["OutsideRootError", "Root", "safe_relative"]


class OutsideRootError(EditError):
    """A path that would leave the root (``..``, an absolute path, a symlink pointing out)."""


def safe_relative(text: str, what: str = "path") -> PurePosixPath:
    """``text`` as a relative POSIX path with no ``..``, or :class:`OutsideRootError`."""
    reason = unsafe_reason(text, what)
    if reason is not None:
        raise OutsideRootError(reason)
    return PurePosixPath(text)


class Root:
    """The folder everything must stay inside."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(os.path.abspath(path))
        self.real = Path(os.path.realpath(self.path))
        if not self.real.is_dir():
            raise EditError(f"the root {self.path} is not a folder")

    def __repr__(self) -> str:
        return f"Root({str(self.path)!r})"

    def _real(self, p: Path) -> Path:
        """The real path of ``p``, resolving symlinks of the part that exists."""
        p = Path(os.path.abspath(p))
        missing: list[str] = []
        probe = p
        while not os.path.lexists(probe) and probe != probe.parent:
            missing.append(probe.name)
            probe = probe.parent
        real = Path(os.path.realpath(probe))
        for name in reversed(missing):
            real = real / name
        return real

    def contains(self, p: str | os.PathLike[str]) -> bool:
        """Whether ``p`` (symlinks resolved) lies inside the root."""
        real = self._real(Path(p))
        return real == self.real or self.real in real.parents

    def check(self, p: str | os.PathLike[str], what: str = "path") -> Path:
        """``p`` made absolute, or :class:`OutsideRootError` when it would leave the root."""
        path = Path(os.path.abspath(p))
        if any(part == ".." for part in Path(p).parts):
            raise OutsideRootError(f"the {what} {p} goes up with '..'")
        if not self.contains(path):
            raise OutsideRootError(f"the {what} {self.display(path)} is outside {self.path}")
        return path

    def relative(self, p: str | os.PathLike[str]) -> str:
        """``p`` relative to the root, as a POSIX path (for the trash's metadata)."""
        path = Path(os.path.abspath(p))
        try:
            return path.relative_to(self.path).as_posix()
        except ValueError:
            return self._real(path).relative_to(self.real).as_posix()

    def display(self, p: str | os.PathLike[str]) -> str:
        path = Path(os.path.abspath(p))
        try:
            return path.relative_to(self.path).as_posix()
        except ValueError:
            return str(path)
