"""The Doctor (``w``): why replay missed a recording, and which recording the request drifted from.

Paste the ``Recording not found for request hash: …`` message (or a whole pytest
output) and, optionally, the request that missed; ``f5`` explains.  The work is
:func:`inspector.core.checks.explain.explain`, run in a thread worker over the recordings
the app has indexed; the screen shows where replay looked, whether a file for
the request exists and why replay did not see it, and the ranked candidates with
the JSON paths that changed.  Choosing a file opens it in the main screen.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, ProgressBar, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from inspector.core.base.jsonio import JsonError, parse_bytes
from inspector.core.checks.explain import Candidates, ExplainError, Explanation, explain, parse_misses
from inspector.core.recording.discovery import discover
from inspector.core.rules import layout
from inspector.render.paths import short_name
from inspector.ui.screens.messages import OpenRecording
from inspector.ui.state.masking import secrets_revealed, shown
from inspector.ui.widgets.footer import KeyFooter
from inspector.ui.widgets.path_diff import render_changes

if TYPE_CHECKING:
    from inspector.ui.state.config import AppConfig
    from inspector.ui.state.library import Library

__all__ = ["DoctorScreen", "Diagnosis", "FolderFacts"]

_PROGRESS_EVERY = 0.1
_EXAMPLE = "Recording not found for request hash: 3b7c82…\nModel: gpt-4o | Request: POST https://api.openai.com/v1/v1/chat/completions"


@dataclass(frozen=True, slots=True)
class FolderFacts:
    """A folder replay searched: whether it exists and how many recordings it holds."""

    path: Path
    role: str
    exists: bool
    count: int


@dataclass(slots=True)
class Diagnosis:
    """One explained miss, with the facts about the folders replay searched."""

    explanation: Explanation
    folders: list[FolderFacts] = field(default_factory=list)


def _show(path: Path | str, folder: bool = False) -> str:
    """A path relative to the current folder when below it."""
    p = str(path)
    try:
        rel = os.path.relpath(p)
    except ValueError:
        rel = p
    out = p if rel.startswith("..") else rel
    return out + ("/" if folder and not out.endswith("/") else "")


def _short(path: Path) -> str:
    """``…/inference/recordings/8bc14bf72ba3dbb8….json``: the folder that matters and enough of the name."""
    parts = Path(_show(path)).parts
    name = short_name(parts[-1], keep=20) if parts else str(path)
    folder = parts[-3:-1]
    return ("…/" if len(parts) > 3 else "") + "/".join([*folder, name])


class DoctorScreen(Screen[OpenRecording | None]):
    """Paste a replay failure; read why it missed; jump to the recording it drifted from."""

    DEFAULT_CSS = """
    #doctor {
        height: 1fr;
    }
    #doctor-inputs {
        height: 12;
    }
    /* A short terminal (under 30 rows): the pasted failure and body get a third of it, not half. */
    DoctorScreen.-short #doctor-inputs {
        height: 7;
    }
    #doctor-miss-box {
        width: 3fr;
        border: round $panel-lighten-2;
        border-title-color: $accent;
        border-subtitle-color: $text-muted;
    }
    #doctor-body-box {
        width: 2fr;
        border: round $panel-lighten-2;
        border-title-color: $accent;
        border-subtitle-color: $text-muted;
    }
    #doctor-miss-box:focus-within, #doctor-body-box:focus-within {
        border: round $accent;
    }
    #doctor-inputs TextArea {
        height: 1fr;
        border: none;
        padding: 0 1;
    }
    #doctor-actions {
        height: 1;
        padding: 0 1;
    }
    #doctor-explain {
        width: auto;
        margin-right: 2;
    }
    #doctor-test-id {
        width: 1fr;
        max-width: 80;
    }
    #doctor-bar {
        width: 30;
        padding: 0 1;
    }
    #doctor-status {
        height: auto;
        max-height: 3;
        padding: 0 1;
    }
    #doctor-results {
        height: 1fr;
        border-top: hkey $panel-lighten-2;
    }
    #doctor-report-scroll {
        width: 2fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    #doctor-files {
        width: 3fr;
        height: 1fr;
        border: none;
        border-left: solid $panel-lighten-2;
        scrollbar-size-vertical: 1;
    }
    """

    HELP_TITLE = "Doctor (w)"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "explain", "Explain"),
        Binding("f6", "focus_results", "Results"),
        Binding("ctrl+l", "clear", "Clear"),
        Binding("escape", "back", "Back"),
    ]

    @dataclass
    class Progress(Message):
        """Recordings compared so far."""

        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, DoctorScreen.Progress)

    @dataclass
    class Explained(Message):
        """The explanations are ready (or ``error`` says why there are none)."""

        diagnoses: list[Diagnosis]
        error: str | None = None

    def __init__(self, library: Library, config: AppConfig) -> None:
        super().__init__()
        self.library = library  # the main screen's: the files indexed, where a chosen file is looked up
        self.config = config  # the opened paths (where to look), animations
        self.diagnoses: list[Diagnosis] = []
        self.running = False
        self._explaining = ""  # "explaining 2 misses", while running
        self._targets: dict[str, Path] = {}  # option id -> file

    def compose(self) -> ComposeResult:
        with Vertical(id="doctor"):
            with Horizontal(id="doctor-inputs"):
                with Vertical(id="doctor-miss-box") as box:
                    box.border_title = "replay failure"
                    box.border_subtitle = "paste the message or a whole pytest output"
                    yield TextArea(id="doctor-miss", soft_wrap=True, show_line_numbers=False)
                with Vertical(id="doctor-body-box") as box:
                    box.border_title = "request that missed (optional)"
                    box.border_subtitle = "JSON: a body, a request or a recording"
                    yield TextArea(id="doctor-body", soft_wrap=True, show_line_numbers=False)
            with Horizontal(id="doctor-actions"):
                yield Button("Explain  f5", id="doctor-explain", variant="primary", compact=True)
                yield Input(placeholder="test id (when the text does not name it)", id="doctor-test-id", compact=True)
                yield ProgressBar(show_eta=False, id="doctor-bar")
            yield Static(id="doctor-status")
            with Horizontal(id="doctor-results"):
                with VerticalScroll(id="doctor-report-scroll"):
                    yield Static(id="doctor-report")
                yield OptionList(id="doctor-files")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#doctor-bar").display = False
        self.query_one("#doctor-results").display = False
        if not self.config.animations:
            for area in self.query(TextArea):
                area.cursor_blink = False
            self.query_one("#doctor-test-id", Input).cursor_blink = False
        self._status(Text(f"paste a failure such as:\n{_EXAMPLE}", style="dim"))
        self.query_one("#doctor-miss", TextArea).focus()
        self.watch(self.app, "reveal_secrets", self._render_results, init=False)
        # While the user pastes, read the indexed files once: a warm index means the app never
        # read them, and an explain that reads every one from a cold disk took seconds more.
        self._warm([s.path for s in self.library.summaries])

    @work(thread=True, exclusive=True, group="doctor-warm")
    def _warm(self, paths: list[str]) -> None:
        """Bring the files explain reads into the operating system's cache (their bytes are dropped)."""
        worker = get_current_worker()
        for path in paths:
            if worker.is_cancelled:
                return
            try:
                with open(path, "rb") as f:
                    while f.read(1 << 20):
                        pass
            except OSError:
                continue  # explain says what is wrong with it

    # -- explaining ------------------------------------------------------------------------

    def action_explain(self) -> None:
        """Explain the pasted failure against the opened recordings."""
        if self.running:
            return
        text = self.query_one("#doctor-miss", TextArea).text
        misses = parse_misses(text)
        if not misses:
            self._status(Text("no replay miss found in the text (expected 'Recording not found for request hash: …')", style="bold red"))
            self.query_one("#doctor-miss", TextArea).focus()
            return
        body: Any = None
        raw_body = self.query_one("#doctor-body", TextArea).text.strip()
        if raw_body:
            try:
                body = parse_bytes(raw_body.encode("utf-8"))
            except JsonError as exc:
                self._status(Text(f"the request that missed is not JSON: {exc.reason}", style="bold red"))
                self.query_one("#doctor-body", TextArea).focus()
                return
            if len(misses) > 1:
                self._status(Text(f"the text holds {len(misses)} misses; a request body can only belong to one (paste just that failure)", style="bold red"))
                return
        test_id = self.query_one("#doctor-test-id", Input).value.strip() or None
        # The files the app has indexed; while it is still indexing, explain finds them itself.
        files = [Path(s.path) for s in self.library.summaries] if self.library.complete else None
        self.running = True
        bar = self.query_one("#doctor-bar", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._explaining = f"explaining {len(misses)} miss{'es' if len(misses) != 1 else ''}"
        self._status(Text(f"{self._explaining}…", style="dim"))
        # The repository root comes from the recorder's layout, as for check and rehash.
        config = self.config
        self._explain(misses, body, test_id, layout.write_root(config.paths, opened=True), files, list(config.paths))

    @work(thread=True, exclusive=True, group="explain")
    def _explain(
        self, misses: list[Any], body: Any, test_id: str | None, root: Path, files: list[Path] | None, opened: list[Path]
    ) -> None:
        worker = get_current_worker()
        last = 0.0
        if files is None:  # still indexing: search what was opened, not the whole repository
            files = discover(opened).files

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= _PROGRESS_EVERY:
                last = now
                self.post_message(self.Progress(done, total))

        # several misses: each recording is read and reduced once for all of them
        candidates = Candidates(files, once=len(misses) == 1)
        diagnoses: list[Diagnosis] = []
        try:
            for miss in misses:
                if worker.is_cancelled:
                    return
                e = explain(miss, root, body=body, test_id=test_id, files=candidates, progress=progress)
                diagnoses.append(Diagnosis(e, _folder_facts(e)))
        except (ExplainError, OSError) as exc:
            self.post_message(self.Explained([], str(exc)))
            return
        self.post_message(self.Explained(diagnoses))

    @on(Progress)
    def _progress(self, event: Progress) -> None:
        self.query_one("#doctor-bar", ProgressBar).update(total=max(event.total, 1), progress=event.done)
        if self.running:  # in words too: the bar alone looked like nothing happening
            self._status(Text(f"{self._explaining}: {event.done:,} of {event.total:,} recordings compared…", style="dim"))

    @on(Explained)
    def _explained(self, event: Explained) -> None:
        self.running = False
        self.query_one("#doctor-bar", ProgressBar).display = False
        if event.error:
            self._status(Text(event.error, style="bold red"))
            return
        self.diagnoses = event.diagnoses
        self._render_results()
        files = self.query_one("#doctor-files", OptionList)
        if self._targets:
            files.focus()
        n = sum(len(d.explanation.candidates) for d in self.diagnoses)
        self._status(
            Text.assemble(
                (self.diagnoses[0].explanation.verdict if len(self.diagnoses) == 1 else f"{len(self.diagnoses)} misses explained", "bold"),
                ("   " + ("enter on a file opens it" if n or self._targets else "no file to open"), "dim"),
            )
        )

    def _render_results(self, *_: object) -> None:
        reveal = secrets_revealed(self.app)
        self.query_one("#doctor-results").display = bool(self.diagnoses)
        report: list[RenderableType] = []
        files = self.query_one("#doctor-files", OptionList)
        highlighted = files.highlighted
        files.clear_options()
        self._targets = {}
        many = len(self.diagnoses) > 1
        for i, d in enumerate(self.diagnoses, 1):
            report.append(_render_report(d, i if many else None, reveal))
            report.append(Text(""))
            self._add_files(files, d, i, many, reveal)
        self.query_one("#doctor-report", Static).update(RichGroup(*report))
        if highlighted is not None and highlighted < files.option_count:
            files.highlighted = highlighted
        else:  # the best file, below its heading
            files.highlighted = next((i for i in range(files.option_count) if not files.get_option_at_index(i).disabled), None)

    def _add_files(self, files: OptionList, d: Diagnosis, number: int, many: bool, reveal: bool) -> None:
        e = d.explanation
        prefix = f"miss {number}: " if many else ""
        if e.sightings:
            files.add_option(Option(Text(f"{prefix}files holding this request", style="bold"), disabled=True))
            for s in e.sightings:
                key = f"{number}:s:{s.path}"
                self._targets[key] = s.path
                lines: list[RenderableType] = [
                    Text.assemble((_short(s.path), "green" if s.how == "present" else "yellow"), (f"  {s.how}", "cyan")),
                    Text(f"   {shown(s.reason, reveal)}"),
                ]
                if s.hint:
                    lines.append(Text(f"   → {s.hint}", style="dim"))
                files.add_option(Option(RichGroup(*lines), id=key))
        if e.candidates:
            files.add_option(Option(Text(f"{prefix}most likely drifted from (best first)", style="bold"), disabled=True))
        for rank, c in enumerate(e.candidates, 1):
            key = f"{number}:c:{c.path}"
            self._targets[key] = c.path
            lines = [Text.assemble((f"{rank}. ", "bold"), (_short(c.path), "bold"))]
            if c.reasons:
                lines.append(Text("   " + " · ".join(c.reasons), style="dim"))
            if c.test_id and c.test_id != e.miss.test_id:
                lines.append(Text(f"   test {c.test_id}", style="dim"))
            close = rank == 1 or (c.similarity is not None and c.similarity >= 0.5)
            if close and c.changes:
                lines += render_changes(c.changes, reveal=reveal, indent=3, limit=12)
            elif c.changes:
                lines.append(Text(f"   {len(c.changes)} differences in the request", style="dim"))
            elif e.body is not None and c.similarity == 1.0:
                lines.append(Text("   the body is the same: the test id or the URL differs", style="dim"))
            files.add_option(Option(RichGroup(*lines), id=key))
        if not e.sightings and not e.candidates:
            files.add_option(Option(Text(f"{prefix}no file to show (see the verdict)", style="dim italic"), disabled=True))

    @on(OptionList.OptionSelected, "#doctor-files")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        path = self._targets.get(event.option_id or "")
        if path is not None:
            self.open_file(path)

    def open_file(self, path: Path) -> None:
        """Back to the main screen with ``path`` selected."""
        summary = self.library.get(path)
        self.dismiss(OpenRecording(summary.path if summary is not None else str(path)))

    @on(Button.Pressed, "#doctor-explain")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_explain()

    @on(Input.Submitted, "#doctor-test-id")
    def _test_id_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_explain()

    # -- keys --------------------------------------------------------------------------------

    def action_focus_results(self) -> None:
        """Move to the list of files (candidates) once explained."""
        if self.diagnoses:
            self.query_one("#doctor-files", OptionList).focus()

    def action_clear(self) -> None:
        """Clear the pasted text, the body and the results."""
        self.query_one("#doctor-miss", TextArea).clear()
        self.query_one("#doctor-body", TextArea).clear()
        self.query_one("#doctor-test-id", Input).value = ""
        self.diagnoses = []
        self._render_results()
        self._status(Text(f"paste a failure such as:\n{_EXAMPLE}", style="dim"))
        self.query_one("#doctor-miss", TextArea).focus()

    def action_back(self) -> None:
        """Back to the recordings (what was pasted stays here)."""
        self.app.pop_screen()

    def _status(self, text: Text) -> None:
        self.query_one("#doctor-status", Static).update(text)


def _folder_facts(e: Explanation) -> list[FolderFacts]:
    """Counted in the worker: globbing a folder is disk work."""
    out: list[FolderFacts] = []
    if e.lookup is None:
        return out
    for i, folder in enumerate(e.lookup.folders):
        role = "the test's folder" if (i == 0 and e.miss.test_id) else "the common fallback"
        exists = folder.is_dir()
        try:
            count = sum(1 for _ in folder.glob("*.json")) if exists else 0
        except OSError:
            count = 0
        out.append(FolderFacts(folder, role, exists, count))
    return out


def _render_report(d: Diagnosis, number: int | None, reveal: bool) -> RenderableType:
    e = d.explanation
    m = e.miss
    grid: list[RenderableType] = []
    head = Text(f"miss {number}  " if number else "replay miss  ", style="bold")
    head.append(m.hash[:16] + "…" if m.hash else "(no hash)", style="bold cyan")
    grid.append(head)
    if m.describe():
        grid.append(Text.assemble(("request  ", "dim"), shown(m.describe(), reveal)))
    grid.append(Text.assemble(("test     ", "dim"), (m.test_id, "") if m.test_id else ("unknown", "yellow")))
    grid.append(Text.assemble(("verdict  ", "dim"), (shown(e.verdict, reveal), "bold")))
    if e.lookup is not None:
        name = e.lookup.file_name.replace(m.hash, m.hash[:12] + "…") if m.hash else e.lookup.file_name
        grid.append(Text(""))
        grid.append(Text(f"replay looked for {name} in", style="bold"))
        for i, f in enumerate(d.folders, 1):
            state = f"{f.count} recording{'s' if f.count != 1 else ''}" if f.exists else "does not exist"
            grid.append(Text.assemble(f"  {i}. ", (_show(f.path, folder=True), "bold"), (f"  {f.role}, {state}", "dim")))
    grid.append(Text(""))
    if e.sightings:
        many = len(e.sightings) != 1
        grid.append(Text(f"{len(e.sightings)} file{'s' if many else ''} under the root hold{'' if many else 's'} this request (listed on the right)", style="yellow"))
    else:
        grid.append(Text(f"no file with this hash under {_show(e.root, folder=True)} ({e.scanned} recordings searched)", style="dim"))
    if e.body is not None:
        mark = ("✓ ", "green") if e.body.matches else ("✗ ", "yellow")
        grid.append(Text.assemble(("body     ", "dim"), mark, e.body.note))
    for note in e.notes:
        note = note.replace("pass --test-id", "type it in the test id field")
        grid.append(Text(f"note: {note}", style="yellow"))
    return RichGroup(*grid)
