"""The Problems view (``p``): ``check`` over the opened paths, grouped by code; enter opens a file.

The check runs in a thread worker that only posts progress and the finished
report (:func:`inspector.ui.screens.check_runner.run_checks`, through the index cache: a
warm run reads no recording).  The report stays on the main screen's library
(``Library.check_report``) so the ``check:`` filter term can narrow the tree to the
files with problems (``f`` here sets it); a run the filter started is reused.
"""

from __future__ import annotations

import os
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

from inspector.core.checks.file_checks import CODES, CheckReport, Finding
from inspector.core.rules import profiles
from inspector.ui.screens.check_runner import ChecksFinished, ChecksProgress, check_and_post
from inspector.ui.screens.messages import OpenRecording, SetFilter
from inspector.ui.widgets.footer import KeyFooter
from inspector.ui.widgets.problem_tree import SEVERITY_STYLES, CodeGroup, ProblemTree

if TYPE_CHECKING:
    from inspector.core.history.why import Why
    from inspector.ui.state.config import AppConfig
    from inspector.ui.state.library import Library

__all__ = ["ProblemsScreen"]


class ProblemsScreen(Screen[OpenRecording | SetFilter | None]):
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

    HELP_TITLE = "Problems (p)"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "filter_tree", "Filter tree", tooltip="Narrow the tree to the files with this problem"),
        Binding("a", "filter_tree(True)", "All with problems", tooltip="Narrow the tree to the files with any problem"),
        Binding("r", "recheck", "Check again"),
        Binding("y", "copy_fix", "Copy fix"),
        Binding("h", "why", "Why stale", tooltip="Why stale: from git history, the commit that broke this file's name"),
        Binding("escape", "back", "Back"),
    ]

    Progress = ChecksProgress
    Finished = ChecksFinished

    @dataclass
    class WhyAnswered(Message):
        """``why`` for one file finished (``error``: git could not say)."""

        finding: Finding
        answer: Why | None
        error: str | None = None

    def __init__(self, library: Library, config: AppConfig) -> None:
        super().__init__()
        self.library = library  # the main screen's: where findings are looked up, and where the report is kept
        self.config = config  # the opened paths and the rule set to check them under
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

    def on_mount(self) -> None:
        self.query_one(ProblemTree).focus()
        if self.library.check_report is not None:
            self._show(self.library.check_report)
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
        config = self.config
        self._check([str(p) for p in config.paths], config.rules)

    @work(thread=True, exclusive=True, group="check")
    def _check(self, paths: list[str], rules: str) -> None:
        check_and_post(self, paths, rules)

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
        self.library.check_report = event.report
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
        path = finding.path
        summary = self.library.get(path)
        if summary is not None:
            self.dismiss(OpenRecording(summary.path))
        elif os.path.isdir(path):  # a test's folder (variant-explosion)
            self.dismiss(SetFilter(f'path:"{Path(path).as_posix()}"'))
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
        self.dismiss(SetFilter(term))

    def action_copy_fix(self) -> None:
        """Copy the suggested fix (e.g. the git mv) of the problem under the cursor."""
        current = self.query_one(ProblemTree).current
        if isinstance(current, Finding) and current.hint:
            hint = current.hint.split(": ", 1)[1] if current.hint.startswith("if the content is right, rename it: ") else current.hint
            self.app.copy_to_clipboard(hint)
            self.notify(f"copied: {hint[:80]}", timeout=3)
        else:
            self.notify("no fix to copy for this line", severity="warning", timeout=2)

    def action_why(self) -> None:
        """For a hash problem: the older rule set the name matches, or the commit that broke it (git history)."""
        current = self.query_one(ProblemTree).current
        if not isinstance(current, Finding) or current.code not in _HASH_CODES:
            self.notify("h explains hash problems: move to a hash-mismatch line", severity="warning", timeout=3)
            return
        self.query_one("#problems-detail", Static).update(Text(f"reading the history of {Path(current.path).name}…", style="dim"))
        self._why(current, self.config.rules)

    @work(thread=True, exclusive=True, group="why")
    def _why(self, finding: Finding, rules: str) -> None:
        from inspector.core.history.git import GitError
        from inspector.core.history.why import why

        try:
            answer, error = why(finding.path, profiles.rule_set(rules)), None
        except (GitError, ValueError) as exc:
            answer, error = None, str(exc)
        if not get_current_worker().is_cancelled:
            self.post_message(self.WhyAnswered(finding, answer, error))

    @on(WhyAnswered)
    def _why_answered(self, event: WhyAnswered) -> None:
        current = self.query_one(ProblemTree).current
        if current is not event.finding:
            return  # the cursor moved on meanwhile
        parts: list[Text | RichGroup] = [_finding_detail(event.finding), Text(""), Text("why (h)", style="bold")]
        if event.answer is None:
            parts.append(Text(event.error or "git could not tell", style="red"))
        else:
            parts += _why_lines(event.answer)
        self.query_one("#problems-detail", Static).update(RichGroup(*parts))

    def action_back(self) -> None:
        """Back to the recordings."""
        self.app.pop_screen()


_HASH_CODES = frozenset({"hash-mismatch", "hash-legacy-rule", "legacy-name"})


def _why_lines(w: Why) -> list[Text]:
    out = [Text(w.note)]
    if w.last_good is not None:
        out.append(Text.assemble(("last good  ", "dim"), (w.last_good.commit[:12], "cyan"), f"  {w.last_good.date}  {w.last_good.subject}"))
    if w.broke_in is not None:
        out.append(Text.assemble(("broke in   ", "dim"), (w.broke_in.commit[:12] or "working tree", "bold red"), f"  {w.broke_in.date}  {w.broke_in.subject}"))
    if w.changed:
        out.append(Text("changed    " + ", ".join(w.changed), style="yellow"))
    return out


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
