"""Running ``check`` for the app: the Problems view and the ``check:`` filter terms share one run.

:func:`run_checks` is the body of a thread worker: it checks the opened paths
through the index cache (:func:`inspector.core.checks.runner.check_indexed`, so a
warm run reads no recording) and reports progress at most every
:data:`PROGRESS_EVERY` seconds.  The workers post :class:`ChecksProgress` and
:class:`ChecksFinished`; the report is kept in the library.  It sits with the screens
(not in ``ui/main``) because both the main screen and the Problems screen run it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from inspector.core.checks.file_checks import CheckReport

__all__ = ["PROGRESS_EVERY", "ChecksProgress", "ChecksFinished", "run_checks", "check_and_post"]

PROGRESS_EVERY = 0.1  # seconds between progress messages


@dataclass
class ChecksProgress(Message):
    """Files checked so far."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ChecksProgress)


@dataclass
class ChecksFinished(Message):
    """The check is done (``error`` when it could not run)."""

    report: CheckReport | None
    error: str | None = None


def run_checks(
    paths: list[str],
    rules: str,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool] = lambda: False,
) -> tuple[CheckReport | None, str | None]:
    """Check ``paths`` under rule set ``rules``: ``(report, None)`` or ``(None, why not)``."""
    from inspector.core.checks.file_checks import CheckOptions
    from inspector.core.checks.runner import check_indexed
    from inspector.core.recording.discovery import discover
    from inspector.core.rules import profiles

    try:
        opts = CheckOptions(rules=profiles.rule_set(rules))
    except (KeyError, ValueError) as exc:
        return None, f"cannot check: {exc}"
    found = discover(paths)
    total = len(found.files)
    last = 0.0

    def step(done: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY or done == total:
            last = now
            progress(done, total)

    progress(0, total)

    class _Stop(Exception):
        pass

    def checked(done: int) -> None:
        if cancelled():
            raise _Stop
        step(done)

    try:
        return check_indexed(found, opts, progress=checked), None
    except _Stop:
        return None, "cancelled"


def check_and_post(node: DOMNode, paths: list[str], rules: str, run: Callable[..., tuple[CheckReport | None, str | None]] | None = None) -> None:
    """The body of a thread worker of ``node``: check, posting progress and the report to ``node``.

    ``run``: the function that checks (:func:`run_checks`; tests slow it down).
    """
    from textual.worker import get_current_worker

    worker = get_current_worker()
    report, error = (run or run_checks)(
        paths, rules, lambda done, total: node.post_message(ChecksProgress(done, total)), lambda: worker.is_cancelled
    )
    if not worker.is_cancelled:
        node.post_message(ChecksFinished(report, error))
