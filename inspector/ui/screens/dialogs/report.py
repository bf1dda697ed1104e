"""What a batch action did to each file: one line per file, failures in red."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from inspector.ui.widgets.footer import KeyFooter

__all__ = ["ReportLine", "ReportScreen", "render_report"]


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One file's outcome: ``ok`` (done, or nothing to do) and what happened."""

    ok: bool
    message: str
    note: bool = False  # nothing was done (already up to date, identical): shown dimmed


def render_report(lines: Sequence[ReportLine]) -> Text:
    """``✓ a.json → b.json`` / ``✗ c.json: …`` one per line, then the counts."""
    out = Text()
    for line in lines:
        if not line.ok:
            out.append("✗ ", style="bold red")
            out.append(line.message + "\n", style="red")
        elif line.note:
            out.append("· ", style="dim")
            out.append(line.message + "\n", style="dim")
        else:
            out.append("✓ ", style="bold green")
            out.append(line.message + "\n")
    failed = sum(not line.ok for line in lines)
    done = sum(line.ok and not line.note for line in lines)
    summary = f"{done} done"
    if failed:
        summary += f", {failed} failed"
    skipped = len(lines) - failed - done
    if skipped:
        summary += f", {skipped} unchanged"
    out.append(summary, style="bold red" if failed else "bold")
    return out


class ReportScreen(ModalScreen[None]):
    """A scrollable per-file report; any of escape, enter or q closes it."""

    DEFAULT_CSS = """
    ReportScreen {
        align: center middle;
    }

    #report-body {
        width: 90%;
        max-width: 120;
        height: auto;
        max-height: 90%;
        border: round $accent;
        padding: 0 2;
        background: $surface;
    }
    """

    HELP_TITLE = "Report"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close"),
    ]

    def __init__(self, title: str, lines: Sequence[ReportLine]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report-body") as body:
            body.border_title = self.title_text
            body.border_subtitle = "escape closes"
            yield Static(render_report(self.lines), id="report-text")
        yield KeyFooter()

    def action_close(self) -> None:
        """Close the report."""
        self.dismiss(None)
