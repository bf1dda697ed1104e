"""The start-up hook: capture in any Python process that inherits ``RECORDING_INSPECTOR_MISSES``.

``recording_inspector_capture.pth`` (installed into site-packages with the package) runs one
line at every interpreter start.  While the variable is unset that line costs an environment
lookup and imports nothing; when it is set it calls :func:`activate_from_environment`, so a
server the test script starts (``ogx stack run``, which runs the recorder in server mode)
captures like the pytest process does.  Nothing here may break start-up: every failure ends
as one line on stderr.
"""

from __future__ import annotations

import contextlib
import os
import sys

from .settings import ENV_VAR, resolve_dir


def activate_from_environment() -> None:
    """Switch capture on into the folder the variable names (relative: from the working directory)."""
    try:
        value = os.environ.get(ENV_VAR)
        if not value:
            return
        from .session import activate

        activate(resolve_dir(value, os.getcwd()), origin="environment")
    except Exception as exc:  # noqa: BLE001 - a start-up hook must never stop the interpreter
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"recording-inspector: capture not started ({type(exc).__name__}: {exc})\n")
