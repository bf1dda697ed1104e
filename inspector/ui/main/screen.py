"""The main screen: the tree and filter on the left, Request / Replay / Raw on the right.

It owns the flow of data: indexer batches → library → tree; a highlighted
recording → loaded in a worker → the three views.  Editing and curating are
controllers it holds (:class:`~inspector.ui.main.editing.Editing`,
:class:`~inspector.ui.main.curating.Curating`); they and the other screens talk to
it through :mod:`inspector.ui.screens.messages` and ``dismiss`` results, and every
action acts on :attr:`MainScreen.selection`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from inspector.core.index.grouping import MISSES_KEY, Group, GroupBy, Grouper
from inspector.core.index.query import Query, QueryError
from inspector.core.index.summary import Summary
from inspector.core.rules.nodeid import split_node_id
from inspector.ui.main.curating import CURATING_BINDINGS, Curating
from inspector.ui.main.editing import EDITING_BINDINGS, Editing
from inspector.ui.main.misses import MISSES_BINDINGS, CapturesLoaded, Misses, MissesExplained, UnreadFound
from inspector.ui.screens.check_runner import ChecksFinished, ChecksProgress, check_and_post, run_checks
from inspector.ui.screens.messages import FilesChanged, OpenRecording, SetFilter
from inspector.ui.state.config import AppConfig
from inspector.ui.state.library import Library, build_grouper
from inspector.ui.state.masking import masked_recording, secrets_revealed
from inspector.ui.state.problem_filter import needs_checks, parse_filter
from inspector.ui.state.selection import Selection
from inspector.ui.widgets.filter_bar import FilterBar
from inspector.ui.widgets.footer import KeyFooter
from inspector.ui.widgets.indexer import Indexer
from inspector.ui.widgets.raw_pane import RawPane
from inspector.ui.widgets.recording_tree import RecordingTree
from inspector.ui.widgets.replay_pane import ReplayPane
from inspector.ui.widgets.request_pane import RequestPane

# Reading a recording (core.recording, the hash rules) is imported by the loading
# worker; the first frame needs none of it (tests/ui/test_startup_imports.py).
if TYPE_CHECKING:
    from inspector.core.base.model import HashInfo
    from inspector.core.checks.file_checks import CheckReport
    from inspector.core.recording.loading import Recording
    from inspector.ui.state.change_marks import ChangeMarks
    from inspector.ui.state.workbench import Workbench

__all__ = ["MainScreen", "TABS", "main_screen_of"]

NO_RECORDING = Text("no recording selected", style="dim italic")
_UNREAD_TERM = "is:unread"

#: tab id -> (key, title); the keys switch tabs.
TABS: dict[str, tuple[str, str]] = {"request": ("1", "Request"), "replay": ("2", "Replay"), "raw": ("3", "Raw")}


class MainScreen(Screen[None]):
    """Browse recordings and look at one closely."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show_tab('request')", "Request"),
        Binding("2", "show_tab('replay')", "Replay"),
        Binding("3", "show_tab('raw')", "Raw"),
        Binding("slash", "filter", "Filter"),
        Binding("g", "cycle_grouping", "Group"),
        *MISSES_BINDINGS,  # h (ui/main/misses.py): in the footer only when the app has replay misses
        Binding("escape", "focus_tree", "To the tree", show=False),
        Binding("p", "problems", "Problems", tooltip="Problems: check the opened folders; enter opens a file"),
        Binding("w", "doctor", "Doctor", tooltip="Doctor: why did replay miss? Paste the failure"),
        Binding("c", "compare", "Compare", tooltip="Compare: mark this recording, then c on another compares them", show=False),
        Binding("x", "export", "Export", tooltip="Export as curl, Python, pytest or Markdown", show=False),
        *EDITING_BINDINGS,  # e, E, ctrl+s, ctrl+z, ctrl+y (ui/main/editing.py)
        *CURATING_BINDINGS,  # m, U, n, v, delete, t, # (ui/main/curating.py)
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
        self._checks_note: str | None = None  # while a check: term waits for the checks
        self._filter_error: str | None = None  # why the text in the box does not parse (then nothing is filtered)
        self._checks_running = False
        self.compare_mark: str | None = None  # the recording `c` marked
        self.change_marks: ChangeMarks | None = None  # what changed in git since a revision (ui/state/change_marks.py)
        # The controllers see this screen only as their declared host (EditHost, CurateHost).
        self.editing = Editing(self, config)
        self.curating = Curating(self, self.editing, self.library, config)
        self.misses = Misses(self, self.library, config)  # --misses / --runs (ui/main/misses.py)

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        config = self.config
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield FilterBar(id="filter")
                yield RecordingTree(rules=config.rules, id="tree")
                yield Indexer(show_eta=config.animations, id="indexer")
            with Vertical(id="content"):
                yield Static(NO_RECORDING, id="title")
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
        from inspector.ui.main.changes import watch_of

        watch_of(self).start(self.config.since)  # git marks: --since REV, or a dirty tree against HEAD
        self.misses.start()  # --misses / --runs: read in a worker (nothing when not given)
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
        first = self.library.total == len(self.misses.state.misses)  # the first indexed recordings (misses may come first)
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
        self.library.complete = True
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
        self.misses.find_unread()  # with run records: every recording is known now

    def _show_status(self) -> None:
        misses = len(self.misses.state.misses)
        n = self.library.total - misses
        text = f"{n:,} recording{'s' if n != 1 else ''} · {self.library.by.title}"
        if misses:
            text += f" · {misses} miss{'es' if misses != 1 else ''}"
        if self._issues:
            text += f" · {self._issues} discovery issue{'s' if self._issues != 1 else ''}"
        self.query_one(Indexer).show_status(text)

    def _show_count(self) -> None:
        bar = self.query_one(FilterBar)
        if self._filter_error is not None:
            bar.show_error(self._filter_error)  # the count of a query the box no longer holds would mislead
        elif self._checks_note is not None and needs_checks(bar.text):
            bar.show_error(self._checks_note)  # not a count that would be wrong: what it waits for
        elif self.library.query:
            bar.show_count(self.library.shown, self.library.total, loading=not self._finished)
        else:
            bar.clear_count()  # an empty box has no count beside it

    def _open_first_group(self) -> None:
        """Open the first group so the tree does not start as a bare list of folders (the misses group opens on its own)."""
        groups = [n for n in self.recording_tree.root.children if not (isinstance(n.data, Group) and n.data.key == MISSES_KEY)]
        if groups:
            groups[0].expand()

    # -- filtering and grouping ----------------------------------------------------------

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        try:
            query = parse_filter(
                event.text,
                self.library.check_report,
                lambda: self.change_marks,
                self.misses.unread if self.misses.state.has_runs else None,
            )
        except QueryError as exc:
            # What is shown belongs to the whole text in the box: its error, and a tree filtered by
            # nothing. Regrouping (not just returning) also makes a valid prefix's grouping, still in
            # the worker (`is:stream` of `is:streamx` typed fast), stale when it lands.
            self._filter_error = str(exc)
            self.query_one(FilterBar).show_error(self._filter_error)
            self._regroup(Query(event.text, ()), self.library.by)
            return
        self._filter_error = None
        if self.library.check_report is None and needs_checks(event.text):
            self._start_checks()
        # The count follows each keystroke; the tree follows when the regrouping worker is done.
        bar = self.query_one(FilterBar)
        shown = self.library.live_count(query) if query else None
        if self._checks_note is not None and needs_checks(event.text):
            bar.show_error(self._checks_note)  # not a count that would be wrong: what it waits for
        elif not query:
            bar.clear_count()
        elif shown is None:
            bar.show_counting()
        else:
            bar.show_count(shown, self.library.total, loading=not self._finished)
        self._regroup(query, self.library.by)

    # -- checks for the check: terms -----------------------------------------------------

    def _start_checks(self) -> None:
        """Run the checks (once) for a check: term typed before any report exists."""
        if self._checks_running:
            return
        self._checks_running = True
        self._checks_note = "check: terms need the checks: starting…"
        self._show_count()
        self._run_checks([str(p) for p in self.config.paths], self.config.rules)

    @work(thread=True, exclusive=True, group="checks")
    def _run_checks(self, paths: list[str], rules: str) -> None:
        check_and_post(self, paths, rules, run_checks)

    @on(ChecksProgress)
    def _checks_progress(self, event: ChecksProgress) -> None:
        if self._checks_note is None:
            return  # a report arrived meanwhile (from the Problems view)
        self._checks_note = f"check: terms need the checks: checking {event.done:,} of {event.total:,} files…"
        self._show_count()

    @on(ChecksFinished)
    def _checks_finished(self, event: ChecksFinished) -> None:
        self._checks_running = False
        if event.report is None:
            self._checks_note = f"check: terms need the checks, which failed: {event.error or 'unknown error'}"
            self._show_count()
            return
        self.checks_done(event.report)

    def checks_outdated(self) -> None:
        """Files changed on disk: the report no longer holds; a filter with check: terms checks again
        (through the cache, only the changed files are read)."""
        self.library.check_report = None
        if needs_checks(self.query_one(FilterBar).text):
            self._start_checks()

    def on_screen_resume(self) -> None:
        # The Problems view may have (re)checked while this screen was below it.
        report = self.library.check_report
        if report is not None and needs_checks(self.query_one(FilterBar).text):
            self.checks_done(report)

    def checks_done(self, report: CheckReport) -> None:
        """Keep a finished check report, and filter again if the filter was waiting for it."""
        self.library.check_report = report
        self._checks_note = None
        bar = self.query_one(FilterBar)
        if needs_checks(bar.text):
            self._filter_changed(FilterBar.Changed(bar.text))

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
        self._show_title()  # the cursor is gone with the old tree: no group is under it now
        self._show_count()
        if self._finished:
            self._show_status()
        if self.library.query and len(self.library.grouper) <= 50:
            self.recording_tree.open_all()  # few matches: show them all
        target = self._pending_reveal or self.recording_path
        if target and target in self.library.grouper:
            self._reveal(target)

    def refilter(self) -> None:
        """Filter again with the text in the box (after what its terms read changed: a comparison
        that lands makes a `changed:` term valid)."""
        self._filter_changed(FilterBar.Changed(self.query_one(FilterBar).text))

    def _reveal(self, path: str) -> None:
        if self.recording_tree.reveal(path):
            self._pending_reveal = None

    def action_filter(self) -> None:
        """Open the filter (the query language is in the help, `?`)."""
        self.query_one(FilterBar).open()
        self._show_count()

    @on(SetFilter)
    def _set_filter(self, event: SetFilter) -> None:
        """Filter the tree by the text (as if typed), and put the keyboard back on the tree."""
        self.query_one(FilterBar).set_text(event.text)
        self.recording_tree.focus()

    @on(OpenRecording)
    def _open_asked(self, event: OpenRecording) -> None:
        """Open a recording and show it in the tree (clearing a filter that hides it)."""
        path = event.path
        self.open_recording(path)
        if path in self.library.grouper:
            self._reveal(path)
        else:
            self._pending_reveal = path
            self.query_one(FilterBar).set_text("")
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
        elif self.recording is not None:
            self._show_title()  # back from a group onto the recording shown

    @on(RecordingTree.GroupHighlighted)
    def _group_highlighted(self, event: RecordingTree.GroupHighlighted) -> None:
        self._show_title()

    @on(RecordingTree.RecordingChosen)
    def _chosen(self, event: RecordingTree.RecordingChosen) -> None:
        if event.summary.path != self.recording_path:
            self.open_recording(event.summary.path)
        if event.summary.kind == "miss" and self.misses.open(event.summary.path, chunks_per_second=self.config.replay_speed):
            return  # beside its nearest recording in Compare
        self._focus_tab(self.active_tab)  # a miss with no nearest opens alone; its title says why

    def open_recording(self, path: str, *, ask: bool = True) -> None:
        """Load a recording in the background and show it when ready.

        ``ask``: when the one shown has unsaved edits, ask first (the answer opens ``path``).
        """
        if ask and not self.editing.may_leave(path):
            return
        self._load_token += 1
        self.recording_path = path
        self._load(path, self.config.rules, self._load_token)

    @work(thread=True, exclusive=True, group="load")
    def _load(self, path: str, rules: str, token: int) -> None:
        from inspector.core.recording.loading import load
        from inspector.core.rules.profiles import NEWEST, rule_set

        marks = self.change_marks
        rec = (marks.load(path) if marks is not None else None) or load(path)  # a removed file: from git
        # Warm the lazy parts here, off the UI thread: big files take a moment.
        _ = rec.request, rec.rebuild, rec.replay
        masked_recording(rec)  # the masked twin the views show, made here off the UI thread
        profile = rule_set(rules)
        h = rec.hash if profile is NEWEST else rec.hash_info(profile)
        if not get_current_worker().is_cancelled:
            self.post_message(self.RecordingLoaded(rec, path, h, token))

    @on(RecordingLoaded)
    def _loaded(self, event: RecordingLoaded) -> None:
        if event.token != self._load_token:
            return
        # a recording with unsaved edits shows them, not the file
        rec, h = self.editing.edited_view(event.path) or (event.recording, event.hash)
        self.show_recording(rec, event.path, h)

    def show_recording(self, rec: Recording, path: str, h: HashInfo) -> None:
        """Show a loaded recording in the title and the three tabs."""
        self.recording, self.recording_path, self.recording_hash = rec, path, h
        self._show_title()
        # The views get the masked twin unless secrets are revealed (ctrl+r); self.recording stays the real one.
        view = rec if secrets_revealed(self.app) else masked_recording(rec)
        self.query_one(RequestPane).show(view, h, path)
        self.replay.show(view, visible=self.active_tab == "replay")
        self.query_one(RawPane).show(view, path)

    def _show_title(self) -> None:
        """The title says what the actions act on: the group under the cursor, else the recording shown."""
        sel = self.selection
        if sel.group is not None:
            self.query_one("#title", Static).update(_group_title(sel.group))
        elif self.recording is not None and self.recording_path is not None:
            self.query_one("#title", Static).update(self._title(self.recording, self.recording_path))
        else:
            self.query_one("#title", Static).update(NO_RECORDING)

    def _title(self, rec: Recording, path: str) -> Text:
        text = self.editing.edit_badge(path)
        text.append(rec.kind.value, style="bold")
        if rec.model:
            text.append(f" {rec.model}", style="cyan")
        text.append("  ")
        if rec.test_id:
            nid = split_node_id(rec.test_id)
            text.append(f"{nid.file.rsplit('/', 1)[-1]}::{nid.test}" if nid.file else rec.test_id)
        else:
            text.append(Path(path).name, style="italic")
        note = self.misses.note(path) if rec.kind.value == "miss" else None
        if note is not None:
            from inspector.ui.state.labels import HEAL_STYLES

            text.append("  ")
            text.append(note[0], style=HEAL_STYLES.get(note[0], "bold"))
            text.append(f": {note[1]}", style="dim")
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
        return self.library.complete

    def _secrets_toggled(self, reveal: bool) -> None:
        """Show the recording again, masked or revealed, where the replay was."""
        if self.recording is None or self.recording_path is None or self.recording_hash is None:
            return
        position = self.replay.position
        self.show_recording(self.recording, self.recording_path, self.recording_hash)
        self.replay.seek(position)

    def _push_installed(self, name: str, factory: Callable[[Library, AppConfig], Screen[Any]]) -> None:
        """Screens that keep their state between visits (pasted text, check results).

        They are handed the library and the configuration, and hand back what to do next as their ``dismiss``
        result (an :class:`OpenRecording` or :class:`SetFilter`), handled here like any message.
        """
        if not self.app.is_screen_installed(name):
            self.app.install_screen(factory(self.library, self.config), name)
        elif self.app.get_screen(name) in self.app.screen_stack:
            return  # already open (e.g. asked for from the palette on top of it)
        self.app.push_screen(name, self._returned)

    def _returned(self, result: object) -> None:
        if isinstance(result, (OpenRecording, SetFilter, FilesChanged)):
            self.post_message(result)

    def action_problems(self) -> None:
        """Check the opened paths and list the problems (enter opens a file, f filters the tree)."""
        from inspector.ui.screens.problems import ProblemsScreen

        self._push_installed("problems", ProblemsScreen)

    def action_doctor(self) -> None:
        """Paste a replay failure: where replay looked, and which recording the request drifted from."""
        from inspector.ui.screens.doctor import DoctorScreen

        self._push_installed("doctor", DoctorScreen)

    def action_compare(self) -> None:
        """Mark this recording; on another one, compare the two (request diff, replays in lock-step)."""
        path = self._one("compare")
        if path is None:
            return
        name = Path(path).name
        if self.compare_mark is None:
            self.compare_mark = path
            self.notify(f"marked {name[:16]} to compare: select another recording and press c", timeout=4)
        elif self.compare_mark == path:
            self.compare_mark = None
            self.notify("compare mark cleared", timeout=2)
        else:
            from inspector.ui.screens.compare import CompareScreen

            # The "marked … to compare" instruction is done with: it must not sit over Compare.
            self.app.clear_notifications()
            self.app.push_screen(CompareScreen(self.compare_mark, path, chunks_per_second=self.config.replay_speed))

    def action_export(self) -> None:
        """Export the selected recording as curl, Python, a pytest skeleton or Markdown."""
        path = self._one("export")
        if path is None:
            return
        if self.recording is None or path != self.recording_path:
            self.notify("the recording is still loading; try again in a moment", severity="warning", timeout=2)
            return
        from inspector.ui.screens.export import ExportScreen

        # From the masked twin: an export is text to share, and the core masks only what it recognises in text.
        self.app.push_screen(ExportScreen(masked_recording(self.recording)))

    # -- the selection: what every action acts on -----------------------------------------

    @property
    def selection(self) -> Selection:
        """The marked recordings, and what the tree cursor is on (a recording or a group)."""
        marked = self.editing.marked()
        node = self.recording_tree.cursor_node
        if node is None:  # no cursor yet (the tree is still being built): the recording shown
            return Selection(cursor=self.recording_path, marked=marked)
        data = node.data
        if isinstance(data, Summary):
            return Selection(cursor=data.path, marked=marked)
        if isinstance(data, Group) and data.parent is not None:
            return Selection(group=data, marked=marked)
        return Selection(marked=marked)

    def _one(self, verb: str) -> str | None:
        """The recording under the cursor, for actions on one recording; None (said plainly) on a group."""
        sel = self.selection
        if sel.cursor is not None:
            return sel.cursor
        where = f"the cursor is on the group {sel.group.label}" if sel.group is not None else "the cursor is on no recording"
        self.notify(f"{verb} needs a recording: {where}; move it onto one", severity="warning", timeout=4)
        return None

    def next_recording(self, leaving: set[str]) -> str | None:
        """The recording to show when the one shown goes away: the next one in the tree, else the previous."""
        tree = self.recording_tree
        here = tree.cursor_line
        below = range(here + 1, tree.last_line + 1)
        above = range(here - 1, -1, -1)
        for line in [*below, *above]:
            node = tree.get_node_at_line(line)
            if node is not None and isinstance(node.data, Summary) and node.data.path not in leaving:
                return node.data.path
        # none on screen (its neighbours are in closed groups): one from the same folder, else any
        current = self.recording_path
        folder = os.path.dirname(current) if current else None
        rest = [s.path for s in self.library.summaries if s.path not in leaving and s.path in self.library.grouper]
        same = sorted(p for p in rest if os.path.dirname(p) == folder)
        return (same or rest or [None])[0]

    # -- what the controllers ask of the screen (EditHost, CurateHost) ----------------------

    def push_dialog(self, screen: Screen[Any], callback: Callable[[Any], None] | None = None) -> None:
        """Show a dialog or an editor on top; ``callback`` gets its dismiss result."""
        self.app.push_screen(screen, callback)

    def reveal(self, path: str) -> None:
        """Put the tree cursor back on ``path``."""
        self.recording_tree.reveal(path)

    def set_flags(self, flags: dict[str, Text]) -> None:
        """The tree's markers for unsaved and marked recordings."""
        self.recording_tree.set_flags(flags)

    @property
    def workbench(self) -> Workbench:
        """The edit sessions and marks (the editing controller's)."""
        return self.editing.workbench

    def unsaved(self) -> list[str]:
        """What quitting would lose, one line per recording."""
        return self.editing.unsaved()

    # -- replay misses and run records (--misses, --runs; the work is ui/main/misses.py's) ---------

    @on(CapturesLoaded)
    def _captures_loaded(self, event: CapturesLoaded) -> None:
        summaries = self.misses.loaded(event.read)
        if summaries:
            self.recording_tree.set_miss_classes(self.misses.state.classes())  # "…" until explained
            touched = self.library.add(summaries)
            self.recording_tree.grow(touched)
            self._open_misses_group()
            self.refresh_bindings()  # the heal key now applies
        if self.library.complete:
            self.misses.find_unread()
            self._show_status()
        self._show_count()

    def _open_misses_group(self) -> None:
        """The misses are what the app was opened for: their group, at the top, opens."""
        for node in self.recording_tree.root.children:
            data = node.data
            if isinstance(data, Group) and data.key == MISSES_KEY and data.level == "misses":
                node.expand()

    @on(MissesExplained)
    def _misses_explained(self, event: MissesExplained) -> None:
        self.recording_tree.set_miss_classes(self.misses.explained(event.reports))
        if self.recording is not None and self.recording.kind.value == "miss":
            self._show_title()  # its class and why

    @on(UnreadFound)
    def _unread_found(self, event: UnreadFound) -> None:
        if not self.misses.unread_found(event):
            return
        from inspector.ui.state.labels import MARKERS

        flag = Text("∅ ", style=MARKERS["∅"][1])
        self.recording_tree.set_flags({p: flag for p in event.unread}, layer="runs")
        if _UNREAD_TERM in self.query_one(FilterBar).text.lower():
            self._filter_changed(FilterBar.Changed(self.query_one(FilterBar).text))  # it was waiting for them

    def action_heal(self) -> None:
        """Heal the replay miss under the cursor: write the recording replay looked for, from its nearest, after asking."""
        path = self._one("heal")
        if path is not None:
            self.misses.heal(path)

    # -- files on disk changed ---------------------------------------------------------------

    @on(FilesChanged)
    def _files_changed(self, event: FilesChanged) -> None:
        """Re-index files the app wrote, moved or deleted, and rebuild the tree (keeping its order and the selection)."""
        from inspector.core.index.listing import summarize_path
        from inspector.core.rules.profiles import rule_set

        changed = list(event.changed)
        removed = [p for p in event.removed if p not in changed]
        rules = rule_set(self.config.rules)
        fresh = [summarize_path(Path(p), rules=rules) for p in changed if os.path.isfile(p)]
        self.library.replace([*removed, *changed], fresh)
        self.editing.forget(removed)
        select = event.select
        if select is not None:
            self._pending_reveal = select
            if select != self.recording_path:
                self.open_recording(select, ask=False)
        self.checks_outdated()
        self._regroup(self.library.query, self.library.by)
        self.editing.update_flags()
        if self.misses.state.given:
            self.recording_tree.set_miss_classes(self.misses.state.classes())  # a miss healed
            self.misses.find_unread()  # a new file no run read yet, a deleted one
        from inspector.ui.main.changes import watch_of

        watch_of(self).follow([*removed, *changed])  # the git marks follow the app's own writes

    # -- editing and curating keys (the work is the controllers') ----------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Save, undo and redo appear in the footer only when there is something to do."""
        if action in ("save", "undo", "redo"):
            return self.editing.can(action)
        if action == "heal":
            return self.misses.any
        return True

    def action_edit(self) -> None:
        """Edit the recording under the cursor: its answer, tool calls, finish and usage; on a JSON node, that node."""
        from inspector.core.edit import parse_path
        from inspector.ui.widgets.json_tree import JsonTree

        focused = self.focused
        if isinstance(focused, JsonTree) and focused.id in ("raw-tree", "request-json") and focused.current_path:
            # the cursor that counts is the JSON tree's, in the recording shown
            if self.recording_path is None:
                return
            node = parse_path(focused.current_path)
            if focused.id == "request-json":
                node = ("request", *node)
            self.editing.edit(self.recording_path, node)
            return
        path = self._one("editing")
        if path is not None:
            self.editing.edit(path)

    def action_edit_json(self) -> None:
        """Edit the whole file as JSON."""
        path = self._one("editing")
        if path is not None:
            self.editing.edit_json(path)

    def action_save(self) -> None:
        """Save the edits of the recording shown."""
        self.editing.save()

    def action_undo(self) -> None:
        """Take back the last edit of the recording shown."""
        self.editing.undo()

    def action_redo(self) -> None:
        """Do again what was undone."""
        self.editing.redo()

    def action_toggle_mark(self) -> None:
        """Mark or unmark the recording under the cursor (on a group: all of its recordings)."""
        if self.curating.toggle_mark(self.selection):
            self.recording_tree.action_cursor_down()  # as file managers do: mark, then the next one

    def action_unmark_all(self) -> None:
        """Forget every mark."""
        self.curating.unmark_all()

    def action_duplicate(self) -> None:
        """Copy the recording under the cursor (or the group's, or the marked ones) as a new fixture under another test id."""
        self.curating.duplicate(self.selection)

    def action_move(self) -> None:
        """Move the recording under the cursor (or the group's, or the marked ones) into another folder."""
        self.curating.move(self.selection)

    def action_delete(self) -> None:
        """Move the recording under the cursor (or the group's, or the marked ones) into the trash, after asking."""
        self.curating.delete(self.selection)

    def action_trash(self) -> None:
        """List the trash and restore from it."""
        self.curating.trash()

    def action_rehash(self) -> None:
        """Rename the recording under the cursor (or the group's, or the marked ones) to its request hash, after a preview."""
        self.curating.rehash(self.selection)


def _group_title(group: Group) -> Text:
    text = Text("group ", style="dim")
    text.append(group.label, style="bold")
    n = group.count
    text.append(f"  {n:,} recording{'s' if n != 1 else ''}", style="cyan")
    text.append(f"  · keys act on {'all ' + format(n, ',') if n != 1 else 'it'}", style="dim")
    return text


def main_screen_of(app: App[Any]) -> MainScreen:
    """The browser screen of ``app``, under any screen pushed on top of it (``LookupError`` when not running)."""
    for screen in app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen
    raise LookupError("the main screen is not running")
