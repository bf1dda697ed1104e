"""Compare mode (``c`` marks one recording, ``c`` on another compares): the request diff and both replays in lock-step.

The differences come from :func:`inspector.core.recording.diff.diff_recordings` (the request
as the hash sees it, then the rebuilt response).  Below them the two responses
replay side by side in two :class:`ReplayPane` widgets; this screen owns one
position and one timer, so space, the arrows, home and end drive both (a
click on either scrubber moves both too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.console import Group as RichGroup
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from inspector.core.recording.diff import RecordingDiff, diff_recordings
from inspector.core.recording.loading import Recording, load
from inspector.render.paths import short_name
from inspector.ui.state.captures import MissFocus
from inspector.ui.state.labels import HEAL_STYLES
from inspector.ui.state.masking import masked_recording, secrets_revealed, shown
from inspector.ui.widgets.footer import KeyFooter
from inspector.ui.widgets.path_diff import PathDiffView
from inspector.ui.widgets.playback import PlaybackClock, Transport
from inspector.ui.widgets.replay_pane import ReplayPane

__all__ = ["CompareScreen"]



def _show_path(path: str) -> str:
    parts = Path(path).parts
    name = short_name(Path(path).name, keep=16)
    return "/".join([*parts[-3:-1], name]) if len(parts) > 2 else path


class CompareScreen(Transport, Screen[None]):
    """Two recordings: what differs, and both responses replayed together."""

    DEFAULT_CSS = """
    #compare {
        height: 1fr;
    }
    #compare-head {
        height: 2;
        padding: 0 1;
        background: $panel;
    }
    #compare-diff-scroll {
        height: 40%;
        padding: 0 1;
        border-bottom: hkey $panel-lighten-2;
        scrollbar-size-vertical: 1;
    }
    #compare-replays {
        height: 1fr;
    }
    .compare-side {
        width: 1fr;
    }
    #compare-side-b {
        border-left: solid $panel-lighten-2;
    }
    .compare-label {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    /* Side by side, each replay is narrow: the chunk goes under the response. */
    .compare-side ReplayPane {
        height: 1fr;
    }
    .compare-side #replay-body {
        layout: vertical;
    }
    .compare-side #response-scroll {
        width: 1fr;
        height: 3fr;
    }
    .compare-side #chunk-scroll {
        width: 1fr;
        height: 2fr;
        border-left: none;
        border-top: hkey $panel-lighten-2;
    }
    """

    TICK = 1 / 30  # two panes to draw a frame: 60 asked gives 38-43 drawn, unevenly; 30 are steady

    HELP_TITLE = "Compare (c)"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_play", "Play both"),
        Binding("left", "step(-1)", "Back"),
        Binding("right", "step(1)", "Step"),
        Binding("home", "first", "First chunk"),
        Binding("end", "last", "Last chunk"),
        Binding("plus,equals_sign", "faster", "Faster", show=False),
        Binding("minus", "slower", "Slower", show=False),
        Binding("d", "toggle_diff", "Diff"),
        Binding("s", "swap", "Swap A/B"),
        Binding("up", "scroll_diff(-1)", "Scroll diff up", show=False),
        Binding("down", "scroll_diff(1)", "Scroll diff down", show=False),
        Binding("pageup", "scroll_diff(-10)", "Page diff up", show=False),
        Binding("pagedown", "scroll_diff(10)", "Page diff down", show=False),
        Binding("escape", "back", "Back"),
    ]

    # The player draws nothing itself (its views do): no repaint of the whole pane on a frame.
    position: reactive[int] = reactive(0, init=False, repaint=False)
    playing: reactive[bool] = reactive(False, init=False, repaint=False)
    speed: reactive[float] = reactive(1.0, init=False, repaint=False)

    @dataclass
    class Loaded(Message):
        """Both recordings are loaded and compared."""

        a: Recording
        b: Recording
        diff: RecordingDiff | None

    def __init__(
        self,
        a: str,
        b: str,
        *,
        chunks_per_second: float,
        loader: Callable[[str], Recording] | None = None,
        miss: MissFocus | None = None,
        sides: tuple[str, str] | None = None,
    ) -> None:
        """``sides``: what each side is when its path alone does not say (``at v1 (0b2c69a5bb37)``, ``working tree``)."""
        super().__init__()
        self.paths = (a, b)
        # B is a captured miss and A its nearest recording: the changed request paths are marked.
        self.miss = miss
        self.sides = sides
        self.loader = loader or load  # another source for a side, e.g. a file's version at a git revision
        self.chunks_per_second = chunks_per_second
        self.recordings: tuple[Recording, Recording] | None = None
        self.diff: RecordingDiff | None = None
        self._timer: Timer | None = None
        self._clock = PlaybackClock(chunks_per_second)
        self._syncing = False

    def compose(self) -> ComposeResult:
        with Vertical(id="compare"):
            yield Static(Text("loading…", style="dim italic"), id="compare-head")
            with VerticalScroll(id="compare-diff-scroll", can_focus=False):
                yield PathDiffView(id="compare-diff")
            with Horizontal(id="compare-replays"):
                for side in ("a", "b"):
                    with Vertical(classes="compare-side", id=f"compare-side-{side}"):
                        yield Static(classes="compare-label", id=f"compare-label-{side}")
                        pane = ReplayPane(chunks_per_second=self.chunks_per_second, autoplay=False, id=f"compare-{side}")
                        pane.can_focus = False  # the screen's keys drive both panes
                        yield pane
        yield KeyFooter()

    @property
    def panes(self) -> tuple[ReplayPane, ReplayPane]:
        return self.query_one("#compare-a", ReplayPane), self.query_one("#compare-b", ReplayPane)

    @property
    def total(self) -> int:
        """Chunks in the longer of the two streams."""
        return max(p.total for p in self.panes)

    def on_mount(self) -> None:
        for pane in self.panes:
            self.watch(pane, "position", self._pane_moved, init=False)
        self.watch(self.app, "reveal_secrets", self._show, init=False)
        self._load(*self.paths)

    @work(thread=True, exclusive=True, group="compare")
    def _load(self, a_path: str, b_path: str) -> None:
        a, b = self.loader(a_path), self.loader(b_path)
        for rec in (a, b):
            if rec.ok:
                _ = rec.request, rec.rebuild, rec.replay
            masked_recording(rec)
        diff = diff_recordings(a, b) if a.ok and b.ok else None
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(a, b, diff))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.recordings = (event.a, event.b)
        self.diff = event.diff
        self._show()

    def _show(self, *_: object) -> None:
        """Show both recordings (masked unless revealed) at the shared position."""
        if self.recordings is None:
            return
        reveal = secrets_revealed(self.app)
        a, b = self.recordings
        lines: list[Text] = []
        names = self.sides or ("", "")
        for side, rec, path, name in (("A", a, self.paths[0], names[0]), ("B", b, self.paths[1], names[1])):
            head = Text(no_wrap=True, overflow="ellipsis")
            lines.append(head)
            head.append(f"{side} ", style="bold reverse")
            if name:
                head.append(f" {name}", style="bold magenta")
            if self.miss is not None:
                role = self.miss.heal if rec.kind.value == "miss" else None
                head.append(" miss" if role is not None else " nearest", style="bold")
                if role is not None:
                    head.append(f" {role}", style=HEAL_STYLES.get(role, "bold"))
            head.append(f" {_show_path(path)}", style="bold")
            if rec.test_id:
                head.append(f"  {shown(rec.test_id, reveal)}", style="dim")
            if rec.ok and rec.streaming:
                head.append(f"  {rec.chunk_count} chunks", style="cyan")
        self.query_one("#compare-head", Static).update(RichGroup(*lines))
        view = self.query_one(PathDiffView)
        if self.diff is not None and self.miss is not None and self._miss_side() == "b":
            view.show_miss(self.diff, self.miss, reveal=reveal)
        elif self.diff is not None:
            view.show_diff(self.diff, reveal=reveal)
        else:
            bad = [f"{p}: {r.problem}" for p, r in zip(self.paths, (a, b), strict=True) if not r.ok]
            view.update(Text("cannot compare: " + "; ".join(bad), style="bold red"))
        for side, rec, pane, name in (("a", a, self.panes[0], names[0]), ("b", b, self.panes[1], names[1])):
            label = Text(f"{side.upper()} ", style="bold reverse")
            if name:
                label.append(f" {name}", style="bold magenta")
            label.append(f" {rec.kind.value}" + (f" {rec.model}" if rec.model else ""), style="bold")
            self.query_one(f"#compare-label-{side}", Static).update(label)
            self._syncing = True
            try:
                pane.show(rec if reveal else masked_recording(rec), visible=False)
            finally:
                self._syncing = False
        self._apply()

    def _miss_side(self) -> str | None:
        """Which side holds the miss: "b" as opened; "a" after a swap (the plain diff then, read A → B)."""
        if self.recordings is None:
            return None
        a, b = self.recordings
        return "b" if b.kind.value == "miss" else "a" if a.kind.value == "miss" else None

    # -- the shared position ----------------------------------------------------------------

    def watch_position(self) -> None:
        self._apply()

    def watch_speed(self, speed: float) -> None:
        for pane in self.panes:
            pane.speed = speed

    def _apply(self) -> None:
        """Put both panes at the shared position (each stops at its own end)."""
        self._syncing = True
        try:
            for pane in self.panes:
                pane.follow(self.position, self.playing)  # each stops at its own end
        finally:
            self._syncing = False

    def _pane_moved(self, position: int) -> None:
        """A click on one scrubber: move the other with it."""
        if not self._syncing:
            self._stop()
            self.position = position

    # -- playing ----------------------------------------------------------------------------

    def _can_play(self) -> bool:
        return self.recordings is not None

    def _stop(self) -> None:
        super()._stop()
        for pane in self.panes:
            pane.playing = False

    # -- layout -----------------------------------------------------------------------------

    def action_toggle_diff(self) -> None:
        """Hide the differences to give the replays the whole screen, or show them again."""
        scroll = self.query_one("#compare-diff-scroll")
        scroll.display = not scroll.display

    def action_scroll_diff(self, lines: int) -> None:
        """Scroll the differences."""
        scroll = self.query_one("#compare-diff-scroll", VerticalScroll)
        scroll.scroll_relative(y=lines, animate=False)

    def action_swap(self) -> None:
        """Swap A and B (the diff reads A → B)."""
        self._stop()
        self.paths = (self.paths[1], self.paths[0])
        if self.sides is not None:
            self.sides = (self.sides[1], self.sides[0])
        self._load(*self.paths)  # the diff is recomputed off the UI thread

    def action_back(self) -> None:
        """Back to the recordings (the mark stays for the next compare)."""
        self._stop()
        self.app.pop_screen()
