"""The main screen: the tree and filter on the left, Request / Replay / Raw on the right.

It owns the flow of data: indexer batches → library → tree; a highlighted
recording → loaded in a worker → the three views.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from ...core.grouping import GroupBy, Grouper
from ...core.query import Query, QueryError
from ..config import AppConfig
from ..library import Library, build_grouper
from ..masking import masked_recording
from ..problem_filter import parse_filter
from ..widgets.filter_bar import FilterBar
from ..widgets.footer import KeyFooter
from ..widgets.indexer import Indexer
from ..widgets.raw_pane import RawPane
from ..widgets.recording_tree import RecordingTree
from ..widgets.replay_pane import ReplayPane
from ..widgets.request_pane import RequestPane
from .curate_actions import CURATING_BINDINGS, CurateActions
from .edit_actions import EDITING_BINDINGS

# Reading a recording (core.recording, the hash rules) is imported by the loading
# worker; the first frame needs none of it (tests/ui/test_startup_imports.py).
if TYPE_CHECKING:
    from ...core.checks import CheckReport
    from ...core.model import HashInfo
    from ...core.recording import Recording
    from ..app import InspectorApp

__all__ = ["MainScreen", "TABS"]

#: tab id -> (key, title); the keys switch tabs.
TABS: dict[str, tuple[str, str]] = {"request": ("1", "Request"), "replay": ("2", "Replay"), "raw": ("3", "Raw")}


class MainScreen(CurateActions, Screen[None]):
    """Browse recordings and look at one closely."""

    app: InspectorApp  # type: ignore[assignment]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show_tab('request')", "Request"),
        Binding("2", "show_tab('replay')", "Replay"),
        Binding("3", "show_tab('raw')", "Raw"),
        Binding("slash", "filter", "Filter"),
        Binding("g", "cycle_grouping", "Group"),
        Binding("escape", "focus_tree", "To the tree", show=False),
        Binding("p", "problems", "Problems", tooltip="Problems: check the opened folders; enter opens a file"),
        Binding("w", "doctor", "Doctor", tooltip="Doctor: why did replay miss? Paste the failure"),
        Binding("c", "compare", "Compare", tooltip="Compare: mark this recording, then c on another compares them", show=False),
        Binding("x", "export", "Export", tooltip="Export as curl, Python, pytest or Markdown", show=False),
        *EDITING_BINDINGS,  # e, E, ctrl+s, ctrl+z, ctrl+y (screens/edit_actions.py)
        *CURATING_BINDINGS,  # m, U, n, v, delete, t, # (screens/curate_actions.py)
    ]

    @dataclass
    class RecordingLoaded(Message):
        """A recording finished loading in the background."""

        recording: Recording
        path: str
        hash: HashInfo
        token: int

    @dataclass
    class GroupingReady(Message):
        """A regrouping (new filter or grouping) finished in the background."""

        grouper: Grouper
        query: Query
        upto: int
        token: int

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self.library = Library(config.paths, config.group_by)
        self.recording: Recording | None = None
        self.recording_path: str | None = None
        self._pending_reveal: str | None = str(config.select) if config.select else None
        self._load_token = 0
        self._group_token = 0
        self._issues = 0
        self._finished = False
        self.recording_hash: HashInfo | None = None
        self.check_report: CheckReport | None = None  # the Problems view's last run (for check: terms)
        self.compare_mark: str | None = None  # the recording `c` marked

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        config = self.config
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield FilterBar(id="filter")
                yield RecordingTree(rules=config.rules, id="tree")
                yield Indexer(show_eta=config.animations, id="indexer")
            with Vertical(id="content"):
                yield Static(Text("no recording selected", style="dim italic"), id="title")
                with TabbedContent(initial="request", id="tabs"):
                    with TabPane(f"{TABS['request'][0]} {TABS['request'][1]}", id="request"):
                        yield RequestPane(id="request-pane")
                    with TabPane(f"{TABS['replay'][0]} {TABS['replay'][1]}", id="replay"):
                        yield ReplayPane(chunks_per_second=config.replay_speed, autoplay=config.autoplay, id="replay-pane")
                    with TabPane(f"{TABS['raw'][0]} {TABS['raw'][1]}", id="raw"):
                        yield RawPane(id="raw-pane")
        yield KeyFooter()

    def on_mount(self) -> None:
        filter_bar = self.query_one(FilterBar)
        filter_bar.display = False
        if not self.config.animations:
            filter_bar.query_one("#filter-input").cursor_blink = False  # type: ignore[attr-defined]
        self.recording_tree.show(self.library.grouper)
        self.recording_tree.focus()
        self.watch(self.app, "reveal_secrets", self._secrets_toggled, init=False)
        # Reading starts once the first frame is on screen, so the screen appears at once
        # whatever the repository's size (the index streams into the tree afterwards).
        self.call_after_refresh(self._start_reading)

    def _start_reading(self) -> None:
        self.query_one(Indexer).start(self.config.paths, self.config.rules)
        if self.config.select is not None and self.recording_path is None:
            self.open_recording(str(self.config.select))

    @property
    def recording_tree(self) -> RecordingTree:
        return self.query_one(RecordingTree)

    @property
    def replay(self) -> ReplayPane:
        return self.query_one(ReplayPane)

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    # -- indexing ----------------------------------------------------------------

    @on(Indexer.Started)
    def _index_started(self, event: Indexer.Started) -> None:
        self._issues = len(event.issues)
        self.query_one(Indexer).show_progress(0, event.total)

    @on(Indexer.Batch)
    def _index_batch(self, event: Indexer.Batch) -> None:
        first = self.library.total == 0
        touched = self.library.add(event.summaries)
        self.recording_tree.grow(touched)
        self.query_one(Indexer).show_progress(event.done, event.total)
        self._show_count()
        if self._pending_reveal and self._pending_reveal in self.library.grouper:
            self._reveal(self._pending_reveal)
        elif first and self._pending_reveal is None and self.recording is None:
            self._open_first_group()

    @on(Indexer.Finished)
    def _index_finished(self, event: Indexer.Finished) -> None:
        self._finished = True
        if event.error:
            self.notify(event.error, severity="warning" if self.library.total else "error", timeout=10)
        self._show_status()
        self._show_count()
        if self.library.total == 0 and not event.error:
            paths = ", ".join(str(p) for p in self.config.paths)
            self.notify(f"no recordings found in {paths}", severity="warning", timeout=8)
        pending = self._pending_reveal
        if pending and pending not in self.library.grouper and self.library.get(pending) is None:
            self._pending_reveal = None

    def _show_status(self) -> None:
        text = f"{self.library.total:,} recordings · {self.library.by.title}"
        if self._issues:
            text += f" · {self._issues} discovery issue{'s' if self._issues != 1 else ''}"
        self.query_one(Indexer).show_status(text)

    def _show_count(self) -> None:
        bar = self.query_one(FilterBar)
        if self.library.query:
            bar.show_count(self.library.shown, self.library.total, loading=not self._finished)
        else:
            bar.clear_count()  # an empty box has no count beside it

    def _open_first_group(self) -> None:
        """Open the first group so the tree does not start as a bare list of folders."""
        root = self.recording_tree.root
        if root.children:
            root.children[0].expand()

    # -- filtering and grouping ----------------------------------------------------------

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        try:
            query = parse_filter(event.text, self.check_report)
        except QueryError as exc:
            self.query_one(FilterBar).show_error(str(exc))
            return
        # The count follows each keystroke; the tree follows when the regrouping worker is done.
        bar = self.query_one(FilterBar)
        shown = self.library.live_count(query) if query else None
        if not query:
            bar.clear_count()
        elif shown is None:
            bar.show_counting()
        else:
            bar.show_count(shown, self.library.total, loading=not self._finished)
        self._regroup(query, self.library.by)

    @on(FilterBar.Done)
    def _filter_done(self, event: FilterBar.Done) -> None:
        self.recording_tree.focus()

    def _regroup(self, query: Query, by: GroupBy) -> None:
        self._group_token += 1
        # A snapshot: batches that arrive meanwhile are added when it is installed.
        summaries = list(self.library.summaries)
        self._build_grouping(summaries, query, by, self._group_token)

    @work(thread=True, exclusive=True, group="regroup")
    def _build_grouping(self, summaries: list, query: Query, by: GroupBy, token: int) -> None:
        grouper = build_grouper(summaries, query, by, self.library.roots)
        if not get_current_worker().is_cancelled:
            self.post_message(self.GroupingReady(grouper, query, len(summaries), token))

    @on(GroupingReady)
    def _grouping_ready(self, event: GroupingReady) -> None:
        if event.token != self._group_token:
            return  # a newer filter was typed meanwhile
        self.library.install(event.grouper, event.query, event.upto)
        self.recording_tree.show(self.library.grouper)
        self._show_count()
        if self._finished:
            self._show_status()
        if self.library.query and len(self.library.grouper) <= 50:
            self.recording_tree.open_all()  # few matches: show them all
        target = self._pending_reveal or self.recording_path
        if target and target in self.library.grouper:
            self._reveal(target)

    def _reveal(self, path: str) -> None:
        if self.recording_tree.reveal(path):
            self._pending_reveal = None

    def action_filter(self) -> None:
        """Open the filter (the query language is in the help, `?`)."""
        self.query_one(FilterBar).open()
        self._show_count()

    def set_filter(self, text: str) -> None:
        """Filter the tree by ``text`` (as if typed)."""
        bar = self.query_one(FilterBar)
        bar.set_text(text)

    def jump_to(self, path: str) -> None:
        """Open a recording and show it in the tree (clearing a filter that hides it)."""
        self.open_recording(path)
        if path in self.library.grouper:
            self._reveal(path)
        else:
            self._pending_reveal = path
            self.set_filter("")
        self.recording_tree.focus()

    def action_cycle_grouping(self) -> None:
        """Group by test → by endpoint and model → by folder."""
        self.set_grouping(self.library.by.next())

    def set_grouping(self, by: GroupBy) -> None:
        """Regroup the tree."""
        self.library.by = by
        self.notify(f"grouping {by.title}", timeout=2)
        self._regroup(self.library.query, by)

    def action_focus_tree(self) -> None:
        """Back to the tree."""
        self.recording_tree.focus()

    # -- the selected recording ----------------------------------------------------------

    @on(RecordingTree.RecordingHighlighted)
    def _highlighted(self, event: RecordingTree.RecordingHighlighted) -> None:
        if event.summary.path != self.recording_path:
            self.open_recording(event.summary.path)

    @on(RecordingTree.RecordingChosen)
    def _chosen(self, event: RecordingTree.RecordingChosen) -> None:
        if event.summary.path != self.recording_path:
            self.open_recording(event.summary.path)
        self._focus_tab(self.active_tab)

    def open_recording(self, path: str) -> None:
        """Load a recording in the background and show it when ready."""
        if not self.may_leave(path):  # unsaved edits of the current one: ask first
            return
        self._load_token += 1
        self.recording_path = path
        self._load(path, self.config.rules, self._load_token)

    @work(thread=True, exclusive=True, group="load")
    def _load(self, path: str, rules: str, token: int) -> None:
        from ...core.hashing import rule_set
        from ...core.recording import load

        rec = load(path)
        # Warm the lazy parts here, off the UI thread: big files take a moment.
        _ = rec.request, rec.rebuild, rec.replay
        masked_recording(rec)  # the masked twin the views show, made here off the UI thread
        h = rec.hash if rules in ("newest", "latest", "current") else rec.hash_info(rule_set(rules))
        if not get_current_worker().is_cancelled:
            self.post_message(self.RecordingLoaded(rec, path, h, token))

    @on(RecordingLoaded)
    def _loaded(self, event: RecordingLoaded) -> None:
        if event.token != self._load_token:
            return
        # a recording with unsaved edits shows them, not the file
        rec, h = self.edited_view(event.path) or (event.recording, event.hash)
        self.show_recording(rec, event.path, h)

    def show_recording(self, rec: Recording, path: str, h: HashInfo) -> None:
        """Show a loaded recording in the title and the three tabs."""
        self.recording, self.recording_path, self.recording_hash = rec, path, h
        self.app.recording = rec
        self.query_one("#title", Static).update(self._title(rec, path))
        # The views get the masked twin unless secrets are revealed (ctrl+r); app.recording stays the real one.
        view = rec if self.app.reveal_secrets else masked_recording(rec)
        self.query_one(RequestPane).show(view, h, path)
        self.replay.show(view, visible=self.active_tab == "replay")
        self.query_one(RawPane).show(view, path)

    def _title(self, rec: Recording, path: str) -> Text:
        text = self.edit_badge(path)
        text.append(rec.kind.value, style="bold")
        if rec.model:
            text.append(f" {rec.model}", style="cyan")
        text.append("  ")
        if rec.test_id:
            file, sep, rest = rec.test_id.partition("::")
            text.append(file.rsplit("/", 1)[-1] + sep + rest)
        else:
            text.append(Path(path).name, style="italic")
        return text

    # -- tabs ----------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        """Switch to a tab and put the keyboard there."""
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    def _focus_tab(self, tab: str) -> None:
        target = {"request": "#request-pane", "replay": "#replay-pane", "raw": "#raw-tree"}[tab]
        self.query_one(target).focus()

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "replay":
            self.replay.shown()

    # -- secrets, doctor, problems, compare, export ----------------------------------

    @property
    def indexed(self) -> bool:
        """Whether every opened path has been indexed (the library is complete)."""
        return self._finished

    def _secrets_toggled(self, reveal: bool) -> None:
        """Show the recording again, masked or revealed, where the replay was."""
        if self.recording is None or self.recording_path is None or self.recording_hash is None:
            return
        position = self.replay.position
        self.show_recording(self.recording, self.recording_path, self.recording_hash)
        self.replay.seek(position)

    def _push_installed(self, name: str, factory: type[Screen[None]]) -> None:
        """Screens that keep their state between visits (pasted text, check results)."""
        if not self.app.is_screen_installed(name):
            self.app.install_screen(factory(), name)
        elif self.app.get_screen(name) in self.app.screen_stack:
            return  # already open (e.g. asked for from the palette on top of it)
        self.app.push_screen(name)

    def action_problems(self) -> None:
        """Check the opened paths and list the problems (enter opens a file, f filters the tree)."""
        from .problems import ProblemsScreen

        self._push_installed("problems", ProblemsScreen)

    def action_doctor(self) -> None:
        """Paste a replay failure: where replay looked, and which recording the request drifted from."""
        from .doctor import DoctorScreen

        self._push_installed("doctor", DoctorScreen)

    def action_compare(self) -> None:
        """Mark this recording; on another one, compare the two (request diff, replays in lock-step)."""
        path = self.recording_path
        if path is None:
            self.notify("select a recording first", severity="warning", timeout=2)
            return
        name = Path(path).name
        if self.compare_mark is None:
            self.compare_mark = path
            self.notify(f"marked {name[:16]} to compare: select another recording and press c", timeout=4)
        elif self.compare_mark == path:
            self.compare_mark = None
            self.notify("compare mark cleared", timeout=2)
        else:
            from .compare import CompareScreen

            # The "marked … to compare" instruction is done with: it must not sit over Compare.
            self.app.clear_notifications()
            self.app.push_screen(CompareScreen(self.compare_mark, path, chunks_per_second=self.config.replay_speed))

    def action_export(self) -> None:
        """Export the selected recording as curl, Python, a pytest skeleton or Markdown."""
        if self.recording is None:
            self.notify("select a recording first", severity="warning", timeout=2)
            return
        from .export import ExportScreen

        # From the masked twin: an export is text to share, and the core masks only what it recognises in text.
        self.app.push_screen(ExportScreen(masked_recording(self.recording)))
