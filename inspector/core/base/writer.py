"""The one writer: every file this project saves, moves or removes goes through here.

Files are written exactly as the recorder writes them (``json.dumps(indent=2)``
plus a newline, see :func:`jsonio.dumps_recorder`), atomically: a temporary file
in the same folder, ``fsync``, then ``os.replace`` (or a hard link when the
target must not exist yet), keeping the old file's mode.  A crash at any point
leaves either the old file or the new one, never a partial one (a killed save
may leave a ``.<name>.<random>.tmp`` file beside it, which nothing reads as a recording;
``check`` reports it as ``interrupted-save``).

Never lose work:

* ``expect=Fingerprint``: the file must still hold what was read, else
  :class:`ConflictError` and nothing is written.  The check and the replace run
  under an advisory lock on the folder, so two of our saves racing on one file
  end with one winner and one conflict, never a silent overwrite.
* ``create=True``: the name must be free; a taken name is a :class:`ConflictError`
  (``identical`` tells whether the file there already holds the same bytes).

A symbolic link is written through: the file it points to is replaced and the
link is kept.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector.core.base.jsonio import dumps_recorder

try:  # advisory locks are a POSIX facility; elsewhere the fingerprint check stands alone
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "WriteError",
    "ConflictError",
    "Fingerprint",
    "fingerprint",
    "fingerprint_bytes",
    "render",
    "write_recording",
    "write_text_atomic",
    "move_file",
    "remove_file",
    "append_text",
    "TEMP_SUFFIX",
    "temp_prefix",
    "temp_target",
    "save_in_progress",
]

#: Temporary files are named ``.<target name>.<random>`` + this suffix.
TEMP_SUFFIX = ".tmp"
# mkstemp puts eight characters of its alphabet between the prefix and the suffix
_TEMP_NAME = re.compile(r"^\.(.+\.json)\.[a-z0-9_]{8}\.tmp$")


def temp_prefix(target_name: str) -> str:
    """The start of the temporary file's name a save of ``target_name`` writes first."""
    return f".{target_name}."


def temp_target(name: str) -> str | None:
    """The file name a save was writing, for the name of one of its temporary files (else None)."""
    m = _TEMP_NAME.match(name) if name.startswith(".") and name.endswith(TEMP_SUFFIX) else None
    return m.group(1) if m else None


class WriteError(OSError):
    """A save that did not happen; the message is one line for the user. Nothing was changed."""


class ConflictError(WriteError):
    """The file changed on disk since it was read (or a new file's name is taken).

    ``identical`` is True when a taken name already holds exactly the bytes we
    meant to write, so the caller can say so instead of reporting a clash.
    """

    def __init__(self, message: str, *, path: Path | None = None, identical: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.identical = identical

    def __str__(self) -> str:  # OSError's str() would show the args tuple
        return str(self.args[0]) if self.args else "conflict"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file looked like when it was read, to notice changes made behind our back."""

    size: int
    mtime_ns: int
    sha256: str


def fingerprint_bytes(data: bytes, st: os.stat_result | None = None) -> Fingerprint:
    """The fingerprint of bytes already read (``st``: the file's stat, for size and mtime)."""
    return Fingerprint(len(data), st.st_mtime_ns if st else 0, hashlib.sha256(data).hexdigest())


def fingerprint(path: str | os.PathLike[str]) -> Fingerprint | None:
    """The fingerprint of a file now, or None if it does not exist."""
    try:
        with open(path, "rb") as f:
            data = f.read()
            st = os.fstat(f.fileno())
    except FileNotFoundError:
        return None
    return fingerprint_bytes(data, st)


def render(data: Any) -> bytes:
    """The bytes the recorder would write for ``data``.

    Raises :class:`WriteError` for values JSON cannot hold (a set, a cycle…).
    """
    try:
        return dumps_recorder(data).encode("ascii")
    except (TypeError, ValueError, RecursionError) as exc:
        raise WriteError(f"cannot save: the document is not plain JSON ({exc})") from None


def _describe(exc: OSError, path: Path, verb: str = "save") -> str:
    if exc.errno == errno.ENOSPC:
        return f"cannot {verb} {path.name}: the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot {verb} {path.name}: permission denied in {path.parent}"
    if exc.errno == errno.EROFS:
        return f"cannot {verb} {path.name}: the file system is read-only"
    if exc.errno == errno.ENOENT:
        return f"cannot {verb} {path.name}: the folder {path.parent} no longer exists"
    if exc.errno == errno.EISDIR:
        return f"cannot {verb} {path.name}: it is a folder"
    return f"cannot {verb} {path.name}: {exc.strerror or exc}"


def _through_links(path: Path) -> Path:
    """The file a symlink points to (so saving keeps the link), else ``path`` itself."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Serialise check-then-replace between our own writers on one folder.

    ``flock`` on the folder itself: no lock file is left behind in the user's tree.
    """
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield  # cannot lock (odd file system): the fingerprint check still runs
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def save_in_progress(folder: Path) -> bool:
    """True while one of our writers holds ``folder``'s lock (its temporary file is live)."""
    if fcntl is None:
        return False
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _check_expected(target: Path, expect: Fingerprint) -> None:
    now = fingerprint(target)
    if now is None:
        raise ConflictError(f"{target.name} was deleted since it was opened", path=target)
    if now.sha256 != expect.sha256:
        raise ConflictError(f"{target.name} changed on disk since it was opened", path=target)


def _taken(target: Path, payload: bytes) -> ConflictError:
    try:
        identical = target.is_file() and target.read_bytes() == payload
    except OSError:
        identical = False
    note = "an identical file is already there" if identical else "not overwriting it"
    return ConflictError(f"{target.name} already exists; {note}", path=target, identical=identical)


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
    target = _through_links(Path(path))
    mode: int | None = None
    tmp_name: str | None = None
    try:
        with _folder_lock(target.parent):
            if expect is not None:
                _check_expected(target, expect)
            try:
                st = target.stat()
                if stat.S_ISDIR(st.st_mode):
                    raise WriteError(f"cannot save {target.name}: it is a folder")
                mode = stat.S_IMODE(st.st_mode)
                if create:
                    raise _taken(target, payload)
            except FileNotFoundError:
                pass
            fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(target.name), suffix=TEMP_SUFFIX, dir=target.parent)
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
                st_new = os.fstat(fd)
            finally:
                os.close(fd)
            if create:
                try:
                    os.link(tmp_name, target)  # fails if the name was taken meanwhile
                except FileExistsError:
                    raise _taken(target, payload) from None
                os.unlink(tmp_name)
            else:
                os.replace(tmp_name, target)
            tmp_name = None
            _fsync_dir(target.parent)
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(_describe(exc, target)) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return fingerprint_bytes(payload, st_new)


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


def move_file(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    expect: Fingerprint | None = None,
) -> Fingerprint:
    """Move a file to a free name, never overwriting; returns the moved file's fingerprint.

    Within one file system the move is a hard link then an unlink (atomic, and a
    taken name fails instead of being replaced); across file systems the bytes
    are written through :func:`write_text_atomic` with ``create=True`` first.
    ``expect``: the source must still hold what was read.  A symbolic link as the
    source is refused (moving it would move the link, not the recording).
    """
    src, dst = Path(source), Path(target)
    if src.is_symlink():
        raise WriteError(f"cannot move {src.name}: it is a symbolic link")
    try:
        payload = src.read_bytes()
    except OSError as exc:
        raise WriteError(_describe(exc, src, "move")) from None
    if expect is not None and hashlib.sha256(payload).hexdigest() != expect.sha256:
        raise ConflictError(f"{src.name} changed on disk since it was opened", path=src)
    try:
        os.link(src, dst)
    except FileExistsError:
        raise _taken(dst, payload) from None
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EMLINK):
            raise WriteError(_describe(exc, dst, "move")) from None
        done = write_text_atomic(dst, payload, create=True)  # another file system: copy
    else:
        _fsync_dir(dst.parent)
        st = dst.stat()
        done = fingerprint_bytes(payload, st)
    try:
        os.unlink(src)
        _fsync_dir(src.parent)
    except FileNotFoundError:
        pass
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(dst)  # undo: the source stays where it was
        raise WriteError(_describe(exc, src, "move")) from None
    return done


def remove_file(path: str | os.PathLike[str], *, expect: Fingerprint | None = None) -> None:
    """Remove a file; with ``expect``, only if it still holds what was read."""
    p = Path(path)
    try:
        with _folder_lock(p.parent):
            if expect is not None:
                _check_expected(p, expect)
            os.unlink(p)
            _fsync_dir(p.parent)
    except FileNotFoundError:
        if expect is not None:
            raise ConflictError(f"{p.name} was deleted since it was opened", path=p) from None
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(_describe(exc, p, "remove")) from None


def append_text(path: str | os.PathLike[str], text: str) -> None:
    """Append ``text`` (UTF-8) to a log-like file another program reads, e.g. CI's step summary.

    One ``write`` of the whole text on an ``O_APPEND`` descriptor, so what others
    appended is kept and ours is never interleaved; :class:`WriteError` when it fails.
    """
    target = Path(path)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            view = memoryview(text.encode("utf-8"))
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except OSError as exc:
        raise WriteError(_describe(exc, target, "append to")) from None
