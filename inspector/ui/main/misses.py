"""Replay misses in the app: read the capture folders, explain the misses, open one in Compare, heal it.

:class:`Misses` is a controller the main screen holds when the app was opened with
``--misses DIR…`` or ``--runs DIR…`` (or found ``DIR`` in ``RECORDING_INSPECTOR_MISSES``).
Reading and explaining run in worker threads that only post messages
(:class:`CapturesRead`, :class:`MissesExplained`, :class:`UnreadFound`); the main
screen hands them back here.  Healing is :func:`inspector.core.heal.heal` (the one
writer), after a dialog naming the file it writes and the class (``unsafe`` asks a
second time); the re-index afterwards is the main screen's handler of
:class:`~inspector.ui.screens.messages.FilesChanged`, as for curating.

Nothing here is imported by a plain app's first frame beyond this module: the core's
capture machinery loads in the workers (tests/ui/test_startup_imports.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from textual.binding import Binding
from textual.message import Message
from textual.worker import get_current_worker

from inspector.ui.screens.messages import FilesChanged
from inspector.ui.state.captures import HEALED, PENDING, PRESENT, Captures, CapturesRead

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.worker import Worker

    from inspector.core.checks.misses import MissReport
    from inspector.core.index.summary import Summary
    from inspector.ui.state.config import AppConfig
    from inspector.ui.state.library import Library

__all__ = ["MISSES_BINDINGS", "CapturesLoaded", "Misses", "MissesExplained", "MissesHost", "UnreadFound"]

#: The main screen's key for misses (shown in the footer only when the app has misses).
MISSES_BINDINGS = [
    Binding(
        "h",
        "heal",
        "Heal",
        tooltip="Heal the replay miss under the cursor: write the recording replay looked for, from its nearest (asks first)",
    ),
]


@dataclass
class CapturesLoaded(Message, bubble=False):
    """The capture folders were read (in a worker): the misses' summaries for the tree, the run records."""

    read: CapturesRead


@dataclass
class MissesExplained(Message, bubble=False):
    """Each miss explained by the core (nearest, changed paths, class, target), by miss file."""

    reports: dict[str, MissReport]


@dataclass
class UnreadFound(Message, bubble=False):
    """The recordings no run read, judged against the run records (``token``: the latest asked for)."""

    unread: frozenset[str]
    token: int


class MissesHost(Protocol):
    """What :class:`Misses` needs from the screen it serves (the main screen)."""

    def notify(self, message: str, *, severity: Any = "information", timeout: float | None = None) -> None: ...
    def push_dialog(self, screen: Screen[Any], callback: Callable[[Any], None] | None = None) -> None: ...
    def post_message(self, message: Message) -> bool: ...
    def run_worker(self, work: Callable[[], Any], *, thread: bool = ..., exclusive: bool = ..., group: str = ...) -> Worker[Any]: ...


class Misses:
    """Captured misses and run records: reading them, explaining them, opening and healing a miss."""

    def __init__(self, host: MissesHost, library: Library, config: AppConfig) -> None:
        self.host = host
        self.library = library
        self.config = config
        self.state = Captures(config.misses, config.runs)
        self._unread_token = 0

    @property
    def any(self) -> bool:
        """Whether the app has misses to heal (the footer shows the key then)."""
        return bool(self.state.misses)

    # -- reading (workers post; the main screen hands the messages back) ------------------------

    def start(self) -> None:
        """Read the capture folders in a worker (after the first frame)."""
        if not self.state.given:
            return
        misses, runs = list(self.state.misses_dirs), list(self.state.runs_dirs)

        def work() -> None:
            from inspector.ui.state.captures import read_captures

            read = read_captures(misses, runs)
            if not get_current_worker().is_cancelled:
                self.host.post_message(CapturesLoaded(read))

        self.host.run_worker(work, thread=True, exclusive=True, group="captures")

    def loaded(self, read: CapturesRead) -> list[Summary]:
        """Keep what was read; explain the misses in a worker; returns the misses' summaries for the tree."""
        state = self.state
        state.misses = read.misses
        state.runs = read.runs
        for error in read.errors[:3]:
            self.host.notify(error, severity="warning", timeout=10)
        if read.misses:
            misses = list(read.misses)
            opened = list(self.config.paths)
            rules = self.config.rules

            def work() -> None:
                from inspector.ui.state.captures import explain, repo_root_of

                # The root above the folders the app opened (it may ask git): off the UI thread too.
                reports = explain(misses, repo_root_of(opened), rules)
                if not get_current_worker().is_cancelled:
                    self.host.post_message(MissesExplained(reports))

            self.host.run_worker(work, thread=True, exclusive=True, group="explain-misses")
        elif state.misses_dirs and not read.errors:
            self.host.notify(f"no replay misses in {', '.join(str(d) for d in state.misses_dirs)}", timeout=6)
        return read.summaries

    def explained(self, reports: dict[str, MissReport]) -> dict[str, str]:
        """Keep the reports; returns the tree's class for each miss."""
        self.state.reports = reports
        return self.state.classes()

    def find_unread(self) -> None:
        """Judge the indexed recordings against the run records, in a worker (again after files change)."""
        runs = self.state.runs
        if runs is None:
            return
        self._unread_token += 1
        token = self._unread_token
        summaries = list(self.library.summaries)

        def work() -> None:
            from inspector.ui.state.captures import unread_paths

            unread = unread_paths(summaries, runs)
            if not get_current_worker().is_cancelled:
                self.host.post_message(UnreadFound(unread, token))

        self.host.run_worker(work, thread=True, exclusive=True, group="unread")

    def unread_found(self, event: UnreadFound) -> bool:
        """Keep the unread set if it is the latest asked for (True when kept)."""
        if event.token != self._unread_token:
            return False
        self.state.unread = event.unread
        return True

    def unread(self) -> frozenset[str] | None:
        """The unread paths (None until known); what ``is:unread`` reads."""
        return self.state.unread

    # -- what the screen shows about a miss ----------------------------------------------------------

    def note(self, path: str) -> tuple[str, str] | None:
        """``(class, why)`` for the title of a miss shown on the right; None when ``path`` is no miss read."""
        if not any(str(m.path) == path for m in self.state.misses):
            return None
        cls = self.state.heal_class(path)
        report = self.state.report(path)
        if cls == PENDING or report is None:
            return PENDING, "explaining…"
        from inspector.ui.state.captures import reason_of

        if cls == HEALED:
            return cls, f"healed into {report.shown(report.target)}"
        if cls == PRESENT:
            return cls, f"{report.shown(report.present)} is already where replay looks"
        return cls, reason_of(report)

    # -- opening a miss --------------------------------------------------------------------------------

    def open(self, path: str, *, chunks_per_second: float) -> bool:
        """Open a miss beside its nearest recording in Compare; False (said why) when it opens alone."""
        report = self.state.report(path)
        if report is None:
            self.host.notify("the misses are still being explained: try again in a moment", severity="warning", timeout=4)
            return False
        if report.nearest is None:
            from inspector.ui.state.captures import reason_of

            self.host.notify(f"no nearest recording to compare with: {reason_of(report)}", severity="warning", timeout=8)
            return False
        from inspector.ui.screens.compare import CompareScreen
        from inspector.ui.state.captures import focus_of
        from inspector.ui.state.workbench import like

        nearest = like(report.nearest.path, self._spelling())
        focus = focus_of(report, healed=path in self.state.healed)
        self.host.push_dialog(CompareScreen(nearest, path, chunks_per_second=chunks_per_second, miss=focus))
        return True

    def _spelling(self) -> str | None:
        return str(self.config.paths[0]) if self.config.paths else None

    # -- healing -------------------------------------------------------------------------------------------

    def heal(self, path: str) -> None:
        """Heal the miss at ``path`` after a dialog naming the file and the class (``unsafe``: a second one)."""
        summary = self.library.get(path)
        if summary is None or summary.kind != "miss":
            self.host.notify(
                "heal needs a replay miss under the cursor (the Replay misses group at the top of the tree)",
                severity="warning",
                timeout=5,
            )
            return
        report = self.state.report(path)
        if report is None:
            self.host.notify("the misses are still being explained: try again in a moment", severity="warning", timeout=4)
            return
        cls = self.state.heal_class(path)
        if cls == HEALED:
            self.host.notify(f"already healed into {report.shown(report.target)}", timeout=5)
            return
        why = self._cannot(report)
        if why is not None:
            self.host.notify(f"this miss cannot be healed: {why}", severity="error", timeout=10)
            return
        self._ask(path, report)

    @staticmethod
    def _cannot(report: MissReport) -> str | None:
        """Why heal would write nothing for ``report`` (the core's reasons), or None.

        An unsafe miss is not refused here: the app asks twice instead of wanting --force.
        """
        from inspector.core.heal import skip_reason

        reason = skip_reason(report, force=True)
        if reason is not None and report.heal == "none":
            return f"class none: {reason}"
        return reason

    def _ask(self, path: str, report: MissReport) -> None:
        from inspector.ui.screens.dialogs.choice import Choice, ChoiceScreen
        from inspector.ui.state.captures import reason_of

        assert report.nearest is not None and report.target is not None
        unsafe = report.heal == "unsafe"
        changed = [c.path for c in report.changed]
        detail = "\n".join(
            [
                f"writes   {report.shown(report.target)}",
                f"from     {report.shown(report.nearest.path)} (its response, ids re-pointed)",
                f"class    {report.heal}: {reason_of(report)}",
                f"changed  {', '.join(changed[:6]) + (' …' if len(changed) > 6 else '') if changed else 'nothing'}",
                "",
                "The file is marked healed: check reports it, and the tree marks it ✚.",
            ]
        )

        def first(answer: str | None) -> None:
            if answer != "heal":
                return
            if unsafe:
                self._ask_again(path, report)
            else:
                self._write(path, report)

        self.host.push_dialog(
            ChoiceScreen(f"Heal this {report.heal} miss?", detail, [Choice("y", "write it", "heal")], warning=unsafe), first
        )

    def _ask_again(self, path: str, report: MissReport) -> None:
        from inspector.core.recording.secrets import mask_text
        from inspector.ui.screens.dialogs.choice import Choice, ChoiceScreen

        changed = [f"  {mask_text(c.summary(70))}" for c in report.changed[:8]]
        if len(report.changed) > 8:
            changed.append(f"  … and {len(report.changed) - 8} more")
        detail = "\n".join(
            [
                "The provider would see a changed request; the answer written was recorded for another one:",
                *changed,
                "",
                "Re-record it when a key is at hand (check warns about it until then).",
            ]
        )

        def second(answer: str | None) -> None:
            if answer == "heal":
                self._write(path, report)

        self.host.push_dialog(
            ChoiceScreen(
                f"Unsafe: write {report.shown(report.target)} anyway?", detail, [Choice("y", "write it anyway", "heal")]
            ),
            second,
        )

    def _write(self, path: str, report: MissReport) -> None:
        from inspector.core.heal import heal
        from inspector.ui.state.workbench import like

        result = heal([report], force=report.heal == "unsafe")
        action = result.actions[0]
        if action.action != "wrote" or action.path is None:
            self.host.notify(f"not healed: {action.reason}", severity="error", timeout=10)
            return
        written = like(action.path, self._spelling())
        self.state.healed[path] = written
        self.host.notify(f"healed: wrote {report.shown(action.path)} ({action.reason})", timeout=6)
        self.host.post_message(FilesChanged(changed=(written,), select=written))
