"""The export formats and the one entry point, :func:`export`."""

from __future__ import annotations

from inspector.core.export.curl import to_curl
from inspector.core.export.markdown import to_markdown
from inspector.core.export.pytest_skeleton import to_pytest
from inspector.core.export.python_script import to_python
from inspector.core.export.target import ExportError
from inspector.core.recording.loading import Recording
from inspector.core.recording.secrets import masked_recording

__all__ = ["FORMATS", "export"]


FORMATS = ("curl", "python", "pytest", "markdown")


_GENERATORS = {"curl": to_curl, "python": to_python, "pytest": to_pytest, "markdown": to_markdown}


def export(rec: Recording, fmt: str) -> str:
    """``rec`` as ``fmt`` (one of :data:`FORMATS`); ``ExportError`` when that cannot be done."""
    try:
        gen = _GENERATORS[fmt]
    except KeyError:
        raise ExportError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})") from None
    if not rec.ok:
        raise ExportError(f"{rec.name}: {rec.problem}")
    # Every credential the scanner knows (keys, tokens, passwords in any field) is masked
    # before a generator sees the recording; keys for the call itself come from env vars.
    return gen(masked_recording(rec))
