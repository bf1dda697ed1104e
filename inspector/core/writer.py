"""The one writer: every file this project saves goes through here.

Files are written exactly as the recorder writes them (``json.dumps(indent=2)``
plus a newline, see :func:`jsonio.dumps_recorder`), atomically: a temporary file
in the same folder, ``fsync``, then ``os.replace`` (or a hard link when the
target must not exist yet), keeping the old file's mode.  A crash at any point
leaves either the old file or the new one, never a partial one.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .jsonio import dumps_recorder

__all__ = ["WriteError", "ConflictError", "Fingerprint", "fingerprint", "render", "write_recording", "write_text_atomic"]


class WriteError(OSError):
    """A save that did not happen; the message is one line for the user. Nothing was changed."""


class ConflictError(WriteError):
    """The file changed on disk since it was read (or a new file's name is taken)."""


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file looked like when it was read, to notice changes made behind our back."""

    size: int
    mtime_ns: int
    sha256: str


def fingerprint(path: str | os.PathLike[str]) -> Fingerprint | None:
    """The fingerprint of a file now, or None if it does not exist."""
    try:
        with open(path, "rb") as f:
            data = f.read()
            st = os.fstat(f.fileno())
    except FileNotFoundError:
        return None
    return Fingerprint(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())


def render(data: Any) -> bytes:
    """The bytes the recorder would write for ``data``."""
    return dumps_recorder(data).encode("ascii")


def _describe(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"cannot save {path.name}: the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot save {path.name}: permission denied in {path.parent}"
    if exc.errno == errno.EROFS:
        return f"cannot save {path.name}: the file system is read-only"
    if exc.errno == errno.ENOENT:
        return f"cannot save {path.name}: the folder {path.parent} no longer exists"
    return f"cannot save {path.name}: {exc.strerror or exc}"


def write_text_atomic(
    path: str | os.PathLike[str],
    payload: bytes,
    *,
    expect: Fingerprint | None = None,
    create: bool = False,
) -> Fingerprint:
    """Write ``payload`` to ``path`` atomically and return the new fingerprint.

    ``expect``: the file must still be as it was when read, else :class:`ConflictError`.
    ``create``: the file must not exist yet (never overwrite), else :class:`ConflictError`.
    """
    target = Path(path)
    if expect is not None:
        now = fingerprint(target)
        if now is None:
            raise ConflictError(f"{target.name} was deleted since it was opened")
        if now.sha256 != expect.sha256:
            raise ConflictError(f"{target.name} changed on disk since it was opened")
    mode: int | None = None
    try:
        st = target.stat()
        mode = stat.S_IMODE(st.st_mode)
        if create:
            raise ConflictError(f"{target.name} already exists; not overwriting it")
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise WriteError(_describe(exc, target)) from None
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
            if mode is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
        if create:
            try:
                os.link(tmp_name, target)  # fails if the name was taken meanwhile
            except FileExistsError:
                raise ConflictError(f"{target.name} already exists; not overwriting it") from None
            os.unlink(tmp_name)
        else:
            os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(target.parent)
    except ConflictError:
        raise
    except OSError as exc:
        raise WriteError(_describe(exc, target)) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    done = fingerprint(target)
    assert done is not None
    return done


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_recording(
    path: str | os.PathLike[str],
    data: Any,
    *,
    expect: Fingerprint | None = None,
    create: bool = False,
) -> Fingerprint:
    """Save a recording as the recorder writes it (see :func:`write_text_atomic`)."""
    return write_text_atomic(path, render(data), expect=expect, create=create)
