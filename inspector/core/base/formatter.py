"""Formatting recordings like a code formatter: the exact bytes the recorder writes.

:func:`format_file` checks (and, unless asked only to check, rewrites) one file;
only JSON files that are recordings (an object with ``request`` and
``response``) are ever touched.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from inspector.core.base.jsonio import JsonError, parse_bytes
from inspector.core.base.writer import ConflictError, WriteError, fingerprint_bytes, render, write_text_atomic

__all__ = ["FormatResult", "format_bytes", "format_file"]


@dataclass(frozen=True, slots=True)
class FormatResult:
    """What formatting one file found or did.

    ``status``: ``unchanged``, ``changed`` (rewritten), ``would-change`` (check
    only), ``skipped`` (not a recording; ``message`` says why) or ``error``
    (unreadable, invalid JSON, the save failed).
    """

    path: Path
    status: str
    message: str = ""
    diff: str = ""

    @property
    def needs_change(self) -> bool:
        return self.status in ("changed", "would-change")


def format_bytes(raw: bytes) -> tuple[bytes | None, str | None]:
    """``(formatted bytes, None)`` for a recording, ``(None, why not)`` otherwise."""
    try:
        data = parse_bytes(raw)
    except JsonError as exc:
        return None, exc.reason
    if not isinstance(data, dict) or "request" not in data or "response" not in data:
        return None, "not a recording (no request and response at the top level)"
    try:
        return render(data), None
    except WriteError as exc:
        return None, str(exc)


def _diff(path: Path, old: bytes, new: bytes) -> str:
    a = old.decode("utf-8", "replace").splitlines(keepends=True)
    b = new.decode("ascii").splitlines(keepends=True)
    if a and not a[-1].endswith("\n"):
        a[-1] += "\n\\ No newline at end of file\n"
    return "".join(difflib.unified_diff(a, b, fromfile=f"{path} (original)", tofile=f"{path} (formatted)"))


def format_file(path: str | os.PathLike[str], *, check: bool = False, diff: bool = False) -> FormatResult:
    """Format one file through the writer (``check``: change nothing, report only)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
        st = p.stat()
    except IsADirectoryError:
        return FormatResult(p, "skipped", "is a folder")
    except OSError as exc:
        return FormatResult(p, "error", f"cannot read: {exc.strerror or exc}")
    formatted, why = format_bytes(raw)
    if formatted is None:
        assert why is not None
        status = "skipped" if why.startswith("not a recording") else "error"
        return FormatResult(p, status, why)
    if formatted == raw:
        return FormatResult(p, "unchanged")
    text = _diff(p, raw, formatted) if diff else ""
    if check:
        return FormatResult(p, "would-change", diff=text)
    try:
        write_text_atomic(p, formatted, expect=fingerprint_bytes(raw, st))
    except ConflictError as exc:
        return FormatResult(p, "error", f"{exc} (not formatted)")
    except WriteError as exc:
        return FormatResult(p, "error", str(exc))
    return FormatResult(p, "changed", diff=text)
