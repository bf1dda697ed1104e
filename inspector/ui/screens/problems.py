"""The Problems view (``p``): ``check`` over the opened paths, grouped by code; enter opens a file.

The check runs in a thread worker that only posts progress and the finished
report (:func:`inspector.core.checks.check_files`).  The report stays on the main
screen (``MainScreen.check_report``) so the ``check:`` filter term can narrow the
tree to the files with problems (``f`` here sets it).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group as RichGroup
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from ...core import hashing
from ...core.checks import CODES, CheckOptions, CheckReport, Finding, check_files
from ...core.discovery import discover
from ..widgets.footer import KeyFooter
from ..widgets.problem_tree import SEVERITY_STYLES, CodeGroup, ProblemTree

if TYPE_CHECKING:
    from ..app import InspectorApp
    from .main import MainScreen

__all__ = ["ProblemsScreen"]

_PROGRESS_EVERY = 0.1  # seconds between progress messages


class ProblemsScreen(Screen[None]):
    """Every problem ``check`` finds in the opened paths, grouped by code."""

    DEFAULT_CSS = """
    #problems {
        height: 1fr;
    }
    #problems-head {
        height: 1;
        background: $boost;
    }
    #problems-bar {
        width: auto;
        padding: 0 1;
    }
    #problems-status {
        width: 1fr;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    #problems-body {
        height: 1fr;
    }
    #problems-tree {
        width: 3fr;
        scrollbar-size-vertical: 1;
    }
    #problems-detail-scroll {
        width: 2fr;
        padding: 0 1;
        border-left: solid $panel-lighten-2;
    }
    """

    app: InspectorApp  # type: ignore[assignment]

    HELP_TITLE = "Problems (p)"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "filter_tree", "Filter tree", tooltip="Narrow the tree to the files with this problem"),
        Binding("a", "filter_tree(True)", "All with problems", tooltip="Narrow the tree to the files with any problem"),
        Binding("r", "recheck", "Check again"),
        Binding("y", "copy_fix", "Copy fix"),
        Binding("escape", "back", "Back"),
    ]

    @dataclass
    class Progress(Message):
        """Files checked so far."""

        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ProblemsScreen.Progress)

    @dataclass
    class Finished(Message):
        """The check is done (``error`` when it could not run)."""

        report: CheckReport | None
        error: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self.report: CheckReport | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="problems"):
            with Horizontal(id="problems-head"):
                yield ProgressBar(show_eta=False, id="problems-bar")
                yield Static(id="problems-status")
            with Horizontal(id="problems-body"):
                yield ProblemTree(id="problems-tree")
                with VerticalScroll(id="problems-detail-scroll", can_focus=False):
                    yield Static(id="problems-detail")
        yield KeyFooter()

    @property
    def main(self) -> MainScreen:
        return self.app.main_screen

    def on_mount(self) -> None:
        self.query_one(ProblemTree).focus()
        if self.main.check_report is not None:
            self._show(self.main.check_report)
        else:
            self.action_recheck()

    # -- running the check ---------------------------------------------------------------

    def action_recheck(self) -> None:
        """Run the check again over the opened paths (after fixing things)."""
        if self.running:
            return
        self.running = True
        bar = self.query_one("#problems-bar", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._status(Text("finding recordings…", style="dim"))
        config = self.main.config
        self._check([str(p) for p in config.paths], config.rules)

    @work(thread=True, exclusive=True, group="check")
    def _check(self, paths: list[str], rules: str) -> None:
        worker = get_current_worker()
        try:
            opts = CheckOptions(rules=hashing.rule_set(rules))
        except (KeyError, ValueError) as exc:
            self.post_message(self.Finished(None, f"cannot check: {exc}"))
            return
        found = discover(paths)
        total = len(found.files)
        last = 0.0

        def progress(done: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= _PROGRESS_EVERY or done == total:
                last = now
                self.post_message(self.Progress(done, total))

        self.post_message(self.Progress(0, total))
        report = check_files(found.files, opts, issues=found.issues, leftovers=found.leftovers, progress=progress)
        if not worker.is_cancelled:
            self.post_message(self.Finished(report))

    @on(Progress)
    def _progress(self, event: Progress) -> None:
        self.query_one("#problems-bar", ProgressBar).update(total=max(event.total, 1), progress=event.done)
        self._status(Text(f"checking {event.done:,} of {event.total:,} files…", style="dim"))

    @on(Finished)
    def _finished(self, event: Finished) -> None:
        self.running = False
        if event.report is None:
            self.query_one("#problems-bar", ProgressBar).display = False
            self._status(Text(event.error or "the check could not run", style="bold red"))
            return
        self.main.check_report = event.report
        self._show(event.report)

    def _show(self, report: CheckReport) -> None:
        self.report = report
        self.query_one("#problems-bar", ProgressBar).display = False
        status = Text(f"{report.files:,} files checked: ", style="bold")
        status.append(f"{report.errors} error{'s' if report.errors != 1 else ''}", style="bold red" if report.errors else "green")
        status.append(", ")
        status.append(f"{report.warnings} warning{'s' if report.warnings != 1 else ''}", style="yellow" if report.warnings else "green")
        status.append("   enter opens · f/a filter the tree · r checks again", style="dim")
        self._status(status)
        tree = self.query_one(ProblemTree)
        tree.show(report)
        if not report.findings:
            self.query_one("#problems-detail", Static).update(Text("No problems found.", style="bold green"))

    def _status(self, text: Text) -> None:
        self.query_one("#problems-status", Static).update(text)

    # -- the list --------------------------------------------------------------------------

    @on(ProblemTree.FindingHighlighted)
    def _highlighted(self, event: ProblemTree.FindingHighlighted) -> None:
        detail = self.query_one("#problems-detail", Static)
        if event.finding is not None:
            detail.update(_finding_detail(event.finding))
        elif event.group is not None:
            detail.update(_group_detail(event.group))

    @on(ProblemTree.FindingChosen)
    def _chosen(self, event: ProblemTree.FindingChosen) -> None:
        self.open_finding(event.finding)

    def open_finding(self, finding: Finding) -> None:
        """Go back to the main screen with the finding's file selected."""
        main = self.main
        path = finding.path
        summary = main.library.get(path)
        if summary is not None:
            self.app.pop_screen()
            main.jump_to(summary.path)
        elif os.path.isdir(path):  # a test's folder (variant-explosion)
            self.app.pop_screen()
            main.set_filter(f'path:"{Path(path).as_posix()}"')
            main.recording_tree.focus()
        else:
            self.notify(f"{Path(path).name} is not a recording on disk: {finding.message}", severity="warning", timeout=6)

    def action_filter_tree(self, any_problem: bool = False) -> None:
        """Narrow the main tree to the files with the problem under the cursor (or with any problem)."""
        if self.report is None:
            self.notify("the check has not finished yet", severity="warning")
            return
        current = self.query_one(ProblemTree).current
        code = current.code if isinstance(current, (Finding, CodeGroup)) and not any_problem else None
        term = f"check:{code}" if code else "check:any"
        self.app.pop_screen()
        self.main.set_filter(term)
        self.main.recording_tree.focus()

    def action_copy_fix(self) -> None:
        """Copy the suggested fix (e.g. the git mv) of the problem under the cursor."""
        current = self.query_one(ProblemTree).current
        if isinstance(current, Finding) and current.hint:
            hint = current.hint.split(": ", 1)[1] if current.hint.startswith("if the content is right, rename it: ") else current.hint
            self.app.copy_to_clipboard(hint)
            self.notify(f"copied: {hint[:80]}", timeout=3)
        else:
            self.notify("no fix to copy for this line", severity="warning", timeout=2)

    def action_back(self) -> None:
        """Back to the recordings."""
        self.app.pop_screen()


def _finding_detail(f: Finding) -> RichGroup:
    info = CODES.get(f.code)
    head = Text(f"{f.severity} ", style=SEVERITY_STYLES.get(f.severity, ""))
    head.append(f.code, style="bold")
    parts = [head, Text(f.path, style="cyan"), Text(""), Text(f.message)]
    if f.hint:
        parts += [Text(""), Text("fix (y copies)", style="bold"), Text(f.hint, style="green")]
    if info:
        parts += [Text(""), Text(info.summary, style="dim italic")]
    return RichGroup(*parts)


def _group_detail(g: CodeGroup) -> RichGroup:
    info = CODES.get(g.code)
    head = Text(f"{g.severity} ", style=SEVERITY_STYLES.get(g.severity, ""))
    head.append(g.code, style="bold")
    files = len({f.path for f in g.findings})
    parts = [head, Text(f"{len(g.findings)} problem{'s' if len(g.findings) != 1 else ''} in {files} file{'s' if files != 1 else ''}", style="dim")]
    if info:
        parts += [Text(""), Text(info.summary)]
    parts += [Text(""), Text(f"f narrows the tree to these files (check:{g.code})", style="dim")]
    return RichGroup(*parts)
