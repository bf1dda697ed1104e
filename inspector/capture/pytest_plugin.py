"""The pytest plugin: ``pytest --capture-misses DIR`` (or ``RECORDING_INSPECTOR_MISSES=DIR``).

Registered under the ``pytest11`` entry point, so every pytest run loads it; while neither
the flag nor the variable is given it only adds its option and returns, importing nothing
(not the recorder, not the rest of this package).  Switched on, it starts the process's
capture (see :mod:`inspector.capture.session`), notes the collected node ids in the run
record, and ends the terminal summary with what was captured and the command that reads it.
Outcomes, messages and the exit status are never changed.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .settings import ENV_VAR, FLAG, resolve_dir

if TYPE_CHECKING:
    import pytest

#: The name the active part registers under (``-p no:recording_inspector`` disables the whole plugin).
ACTIVE_NAME = "recording-inspector-capture"


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--capture-misses DIR``."""
    group = parser.getgroup("recording-inspector")
    group.addoption(
        FLAG,
        dest="capture_misses",
        metavar="DIR",
        default=None,
        help=f"capture every replay miss and read of the ogx / llama-stack recorder into DIR "
        f"(misses/<hash>.json, runs/*.jsonl); also {ENV_VAR}=DIR, which child processes inherit",
    )


def capture_dir(flag: str | None, env: str | None, base: str | os.PathLike[str], *, xdist_worker: bool = False) -> str | None:
    """The absolute folder to capture into, or None when capture is off.

    The flag wins over the variable; both relative to ``base`` (pytest's invocation folder).
    An xdist worker takes the variable, which its controller already made absolute.
    """
    if env and (xdist_worker or not flag):
        return resolve_dir(env, base)
    if flag:
        return resolve_dir(flag, base)
    return None


def pytest_configure(config: pytest.Config) -> None:
    """Switch capture on when asked; otherwise do nothing at all."""
    directory = capture_dir(
        config.getoption("capture_misses"),
        os.environ.get(ENV_VAR),
        config.invocation_params.dir,
        xdist_worker=bool(os.environ.get("PYTEST_XDIST_WORKER")),
    )
    if directory is None:
        return
    from . import files
    from .session import activate

    started = files.now()
    capture = activate(directory, origin="pytest")
    capture.in_pytest = True
    config.pluginmanager.register(_Active(capture, started), ACTIVE_NAME)


class _Active:
    """The plugin's hooks while capture is on."""

    def __init__(self, capture: Any, started: Any) -> None:
        self.capture = capture
        self.started = started

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        try:
            self.capture.collected(item.nodeid for item in session.items)
        except Exception as exc:  # noqa: BLE001 - capture never changes the run
            self.capture.problem(f"recording-inspector: could not write the run record ({type(exc).__name__}: {exc})", key="collected")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        from .report import summary_lines

        try:
            lines = summary_lines(self.capture, self.started)
        except Exception as exc:  # noqa: BLE001 - the summary must not fail the run
            lines = [*self.capture.unshown_problems(), f"recording-inspector: could not read back {self.capture.directory} ({type(exc).__name__}: {exc})"]
        terminalreporter.write_sep("-", "recording-inspector")
        for line in lines:
            terminalreporter.write_line(line)
        self.capture.mark_shown(lines)
