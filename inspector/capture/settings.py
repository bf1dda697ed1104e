"""How capture is switched on: the environment variable, the pytest flag and the folder they name.

Kept free of imports beyond ``os`` so the pytest plugin and the start-up hook can read it at
no cost while capture is off.
"""

from __future__ import annotations

import os

#: Set to a folder to capture in every Python process that inherits it (pytest or not).
ENV_VAR = "RECORDING_INSPECTOR_MISSES"

#: The recorder modules capture watches for, newest name first (ogx, then llama-stack).
RECORDER_MODULES = ("ogx.testing.api_recorder", "llama_stack.testing.api_recorder")

#: The pytest option (``pytest --capture-misses DIR``).
FLAG = "--capture-misses"


def resolve_dir(value: str, base: str | os.PathLike[str]) -> str:
    """The absolute folder ``value`` names, a relative one taken from ``base``.

    Resolved once, where capture is switched on, and put back into the environment
    (:func:`export`) so every child process writes into the same folder whatever its
    working directory.  ``~`` is expanded; symbolic links are kept as written.
    """
    path = os.path.expanduser(value)
    if not os.path.isabs(path):
        path = os.path.join(os.fspath(base), path)
    return os.path.normpath(path)


def export(directory: str) -> None:
    """Hand the absolute folder to child processes through :data:`ENV_VAR`."""
    os.environ[ENV_VAR] = directory
