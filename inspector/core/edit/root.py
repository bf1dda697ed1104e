"""Keeping every new name inside the folder the user opened (the root).

File names and test ids come from recordings, i.e. from data: a test id such
as ``../../etc/x.py::t`` or a symlinked folder must never make a rename, a move
or a new fixture land outside the root.  :class:`Root` checks real paths
(symlinks resolved); :func:`test_folder` turns a test id into the recorder's
folder for it, refusing anything that is not a plain relative path.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from .outcome import EditError

__all__ = ["OutsideRootError", "Root", "find_root", "test_folder", "safe_relative", "expected_folder"]


class OutsideRootError(EditError):
    """A path that would leave the root (``..``, an absolute path, a symlink pointing out)."""


def safe_relative(text: str, what: str = "path") -> PurePosixPath:
    """``text`` as a relative POSIX path with no ``..``, or :class:`OutsideRootError`."""
    if not text or "\x00" in text:
        raise OutsideRootError(f"the {what} is empty or contains a NUL byte")
    if "\\" in text:
        raise OutsideRootError(f"the {what} {text!r} contains a backslash")
    p = PurePosixPath(text)
    if p.is_absolute() or (len(text) > 1 and text[1] == ":"):
        raise OutsideRootError(f"the {what} {text!r} is an absolute path")
    if any(part == ".." for part in p.parts):
        raise OutsideRootError(f"the {what} {text!r} goes up with '..'")
    return p


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


def find_root(path: str | os.PathLike[str]) -> Path:
    """The root for ``path``: the nearest folder above it holding ``.git``, else the current folder."""
    p = Path(os.path.abspath(path))
    for folder in [p, *p.parents] if p.is_dir() else list(p.parents):
        if (folder / ".git").exists():
            return folder
    return Path.cwd()


def test_folder(test_id: str | None) -> PurePosixPath | None:
    """The recorder's folder for a test id: ``<test file's folder>/recordings``.

    None when the test id has no folder part (or there is no test id); raises
    :class:`OutsideRootError` when the test id is not a plain relative path.
    """
    if not test_id:
        return None
    file_part = test_id.split("::", 1)[0]
    rel = safe_relative(file_part, "test id's file")
    if len(rel.parts) < 2:
        return None
    return rel.parent / "recordings"


def expected_folder(path: Path, test_id: str | None, root: Root | None = None) -> Path | None:
    """Where the recorder would keep a recording of ``test_id`` found at ``path``.

    Only the current layout (``…/<test dir>/recordings/<hash>.json``) is placed by
    test id; None means "leave it where it is" (no test id, an older layout, or
    no folder above it that the test id's path starts from).
    """
    rel = test_folder(test_id)
    if rel is None or path.parent.name != "recordings":
        return None
    parts = rel.parent.parts
    here = Path(os.path.abspath(path.parent.parent))
    if here.parts[-len(parts) :] == parts:
        return path.parent
    for anchor in [here, *here.parents]:
        if root is not None and not root.contains(anchor):
            break
        if (anchor / parts[0]).is_dir():
            return anchor / Path(*rel.parts)
    return None
