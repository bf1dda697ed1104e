"""Export the selected recording as curl, Python, a pytest skeleton or Markdown (``x``).

The text comes from :mod:`inspector.core.export`, which never writes a credential
(keys are read from environment variables, recorded ones are masked).  Copy puts
it on the clipboard; save writes it through the one writer, never over an
existing file unless asked twice.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static, Tab, Tabs

from inspector.core.base.writer import ConflictError, WriteError, write_text_atomic
from inspector.core.export import FORMATS, ExportError, export
from inspector.core.recording.loading import Recording
from inspector.core.rules.nodeid import parse_node_id

__all__ = ["ExportScreen", "default_file_name"]

#: format -> (tab title, syntax lexer, what it is)
_FORMATS: dict[str, tuple[str, str, str]] = {
    "curl": ("curl", "bash", "a curl command making the same request"),
    "python": ("Python", "python", "a Python snippet making the same call with the provider's SDK"),
    "pytest": ("pytest", "python", "a pytest skeleton for the recording's test id"),
    "markdown": ("Markdown", "markdown", "a transcript of the request and the rebuilt response"),
}
_SUFFIXES = {"curl": ".sh", "python": ".py", "pytest": ".py", "markdown": ".md"}


def default_file_name(rec: Recording, fmt: str) -> str:
    """A file name to offer when saving: ``<hash12>.sh``, ``test_<name>.py``, …"""
    stem = rec.name.removesuffix(".json")
    stem = "models-" + stem[7:19] if stem.startswith("models-") else stem[:12]
    if fmt == "pytest":
        node = parse_node_id(rec.test_id) if rec.test_id else None
        name = node.names[-1] if node else stem
        name = re.sub(r"\W+", "_", name).strip("_") or stem
        return f"{name}.py" if name.startswith("test_") else f"test_{name}.py"
    return stem + _SUFFIXES[fmt]


class ExportScreen(ModalScreen[None]):
    """The selected recording as something to run or read; copy it or save it."""

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
    }
    #export-box {
        width: 90%;
        max-width: 130;
        height: 85%;
        border: round $accent;
        background: $surface;
    }
    #export-tabs {
        height: 2;
    }
    #export-about {
        height: 1;
        padding: 0 1;
    }
    #export-scroll {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    #export-save {
        height: 1;
        padding: 0 1;
    }
    #export-save-label {
        width: auto;
        padding-right: 1;
    }
    #export-path {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0;
    }
    #export-status {
        height: 1;
        padding: 0 1;
    }
    """

    HELP_TITLE = "Export (x)"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show_format('curl')", "curl"),
        Binding("2", "show_format('python')", "Python"),
        Binding("3", "show_format('pytest')", "pytest"),
        Binding("4", "show_format('markdown')", "Markdown"),
        Binding("y", "copy", "Copy"),
        Binding("s", "save", "Save as…"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, rec: Recording, fmt: str = "curl") -> None:
        super().__init__()
        self.recording = rec
        self.format = fmt if fmt in FORMATS else "curl"
        self._texts: dict[str, str | ExportError] = {}
        self._overwrite: str | None = None  # a path the user was warned exists

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = f"export {self.recording.name}"
            box.border_subtitle = "1-4 format · y copy · s save · escape close"
            yield Tabs(*(Tab(f"{i} {_FORMATS[f][0]}", id=f"export-{f}") for i, f in enumerate(FORMATS, 1)), id="export-tabs")
            yield Static(id="export-about")
            with VerticalScroll(id="export-scroll"):
                yield Static(id="export-text")
            with Horizontal(id="export-save"):
                yield Static("save as", id="export-save-label")
                yield Input(id="export-path")
            yield Static(id="export-status")

    def on_mount(self) -> None:
        self.query_one("#export-save").display = False
        self.query_one(Tabs).active = f"export-{self.format}"
        self._show()
        self.query_one("#export-scroll").focus()

    # -- the text -------------------------------------------------------------------

    def text_of(self, fmt: str) -> str | ExportError:
        """The export in ``fmt`` (or why it cannot be made), computed once."""
        if fmt not in self._texts:
            try:
                self._texts[fmt] = export(self.recording, fmt)
            except ExportError as exc:
                self._texts[fmt] = exc
        return self._texts[fmt]

    @property
    def text(self) -> str | None:
        """The text shown now (None when this format cannot be made)."""
        value = self.text_of(self.format)
        return value if isinstance(value, str) else None

    def _show(self) -> None:
        title, lexer, about = _FORMATS[self.format]
        value = self.text_of(self.format)
        self.query_one("#export-about", Static).update(Text(about, style="dim italic"))
        body: RenderableType
        if isinstance(value, ExportError):
            body = Text(f"cannot export as {title}: {value}", style="bold red")
        else:
            body = Syntax(value, lexer, theme="ansi_dark", background_color="default", word_wrap=True)
        self.query_one("#export-text", Static).update(body)
        self.query_one("#export-scroll", VerticalScroll).scroll_home(animate=False)
        self._status("")

    def _status(self, message: str, style: str = "dim") -> None:
        self.query_one("#export-status", Static).update(Text(message, style=style))

    # -- actions ----------------------------------------------------------------------

    def action_show_format(self, fmt: str) -> None:
        """Show the export in another format."""
        if fmt not in FORMATS:
            return
        self.format = fmt
        self._overwrite = None
        self.query_one(Tabs).active = f"export-{fmt}"
        self._show()
        save = self.query_one("#export-save")
        if save.display:
            self.query_one("#export-path", Input).value = default_file_name(self.recording, fmt)

    @on(Tabs.TabActivated, "#export-tabs")
    def _tab(self, event: Tabs.TabActivated) -> None:
        fmt = (event.tab.id or "").removeprefix("export-")
        if fmt != self.format:
            self.action_show_format(fmt)

    def action_copy(self) -> None:
        """Copy the export to the clipboard."""
        text = self.text
        if text is None:
            self.notify("nothing to copy: this format cannot be made for this recording", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        lines = text.count("\n") + 1
        self.notify(f"copied the {_FORMATS[self.format][0]} export ({lines} line{'s' if lines != 1 else ''})", timeout=3)

    def action_save(self) -> None:
        """Ask where to save the export, then write it (never over another file unless confirmed)."""
        if self.text is None:
            self.notify("nothing to save: this format cannot be made for this recording", severity="warning")
            return
        row = self.query_one("#export-save")
        field = self.query_one("#export-path", Input)
        if not row.display:
            row.display = True
            field.value = default_file_name(self.recording, self.format)
        field.focus()
        self._status("enter saves (relative to the current folder) · escape cancels")

    @on(Input.Submitted, "#export-path")
    def _save_to(self, event: Input.Submitted) -> None:
        event.stop()
        text = self.text
        name = event.value.strip()
        if text is None or not name:
            self._status("type a file name", "bold red")
            return
        target = Path(os.path.expanduser(name))
        overwrite = self._overwrite == str(target)
        try:
            write_text_atomic(target, text.encode("utf-8"), create=not overwrite)
        except ConflictError:
            self._overwrite = str(target)
            self._status(f"{target} already exists: enter again to overwrite it, or change the name", "bold yellow")
            return
        except (WriteError, OSError) as exc:
            self._status(str(exc) or f"cannot save {target}", "bold red")
            return
        self._overwrite = None
        self.query_one("#export-save").display = False
        self.query_one("#export-scroll").focus()
        self._status(f"saved {target}", "green")
        self.notify(f"saved {target}", timeout=3)

    def action_close(self) -> None:
        """Cancel saving, or close the export."""
        row = self.query_one("#export-save")
        if row.display:
            row.display = False
            self._overwrite = None
            self.query_one("#export-scroll").focus()
            self._status("")
            return
        self.dismiss(None)
