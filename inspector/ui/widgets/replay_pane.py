"""The Replay tab: the stream animated chunk by chunk, with a scrubber and the raw chunk.

The animation is a timer ticking at a fixed rate that advances by however many
chunks the chosen speed allows, so 16x stays smooth.  ``chunks_per_second=0``
is the instant mode tests use: no timer, playing jumps to the end.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.reactive import reactive
from textual.timer import Timer

from inspector.ui.state.config import DEFAULT_CHUNKS_PER_SECOND
from inspector.ui.widgets.chunk_view import ChunkView
from inspector.ui.widgets.playback import PlaybackClock, Transport, hold_collector
from inspector.ui.widgets.response_view import TEXT_WINDOW, ResponseView
from inspector.ui.widgets.scrubber import Scrubber

if TYPE_CHECKING:
    from inspector.core.base.model import ToolSpec
    from inspector.core.recording.loading import Recording

__all__ = ["ReplayPane"]

_CHUNK_HZ = 10  # how often the chunk pane follows while playing
_NARROW = 100  # below this width the chunk goes under the response


class ReplayPane(Transport, Vertical, can_focus=True):
    """Replays the selected recording's response."""

    DEFAULT_CSS = """
    ReplayPane {
        height: 1fr;
    }

    #scrubber {
        height: 2;
        padding: 0 1;
        background: $boost;
    }

    #replay-body {
        height: 1fr;
    }

    #response-scroll {
        width: 3fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }

    #chunk-scroll {
        width: 2fr;
        padding: 0 1;
        border-left: solid $panel-lighten-2;
        scrollbar-size-vertical: 1;
    }

    /* Narrow (set on resize): the chunk goes under the response. */
    ReplayPane.-narrow #replay-body {
        layout: vertical;
    }

    ReplayPane.-narrow #response-scroll {
        width: 1fr;
        height: 3fr;
    }

    ReplayPane.-narrow #chunk-scroll {
        width: 1fr;
        height: 2fr;
        border-left: none;
        border-top: hkey $panel-lighten-2;
    }

    ReplayPane:focus #scrubber {
        background: $primary 20%;
    }
    """

    HELP_TITLE = "Replay tab (2)"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_play", "Play/pause"),
        Binding("left", "step(-1)", "Back"),
        Binding("right", "step(1)", "Step"),
        Binding("home", "first", "First chunk"),
        Binding("end", "last", "Last chunk"),
        Binding("plus,equals_sign", "faster", "Faster"),
        Binding("minus", "slower", "Slower"),
        Binding("pageup", "scroll_response(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_response(1)", "Scroll down", show=False),
    ]

    # The player draws nothing itself (its views do): no repaint of the whole pane on a frame.
    position: reactive[int] = reactive(0, init=False, repaint=False)
    playing: reactive[bool] = reactive(False, init=False, repaint=False)
    speed: reactive[float] = reactive(1.0, init=False, repaint=False)

    def __init__(self, *, chunks_per_second: float = DEFAULT_CHUNKS_PER_SECOND, autoplay: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chunks_per_second = chunks_per_second
        self.autoplay = autoplay
        self.recording: Recording | None = None
        self._tools: dict[str, ToolSpec] = {}
        self._answer_schema: Any = None  # the JSON Schema the request asks the answer to meet
        self._timer: Timer | None = None
        self._clock = PlaybackClock(chunks_per_second)
        self._fresh = False  # a new recording not yet autoplayed
        self._chunk_shown_at = 0.0  # when the chunk pane was last drawn (see _update_view)

    def compose(self) -> ComposeResult:
        yield Scrubber(id="scrubber")
        with Horizontal(id="replay-body"):
            with VerticalScroll(id="response-scroll", can_focus=False):
                yield ResponseView(id="response")
            with VerticalScroll(id="chunk-scroll", can_focus=False):
                yield ChunkView(id="chunk")

    @property
    def instant(self) -> bool:
        return self._clock.instant

    @property
    def total(self) -> int:
        return self.recording.replay.total if self.recording is not None and self.recording.ok else 0

    # -- showing --------------------------------------------------------------

    def show(self, rec: Recording, *, visible: bool) -> None:
        """Load a recording, rewound; it starts playing when ``visible`` and autoplay is on."""
        self._stop()
        self.recording = rec
        self._tools = {t.name: t for t in rec.request.tools} if rec.ok else {}
        from inspector.core.checks.schema import requested_schema  # the schema module (not jsonschema) is small

        self._answer_schema = requested_schema(rec)  # the schema check reads, so the tab and check agree
        scrubber = self.query_one(Scrubber)
        scrubber.total = self.total
        scrubber.set_sizes(rec.replay.sizes if rec.ok else ())
        scrubber.note = "" if rec.ok and (rec.streaming or self.total != 1) else "not streamed: one step"
        self._fresh = True
        self.set_reactive(ReplayPane.position, 0)
        self._update_view()
        if visible:
            self.shown()

    def shown(self) -> None:
        """The tab became visible: autoplay a recording not played yet."""
        if self._fresh and self.autoplay and self.recording is not None and self.position == 0:
            self._fresh = False
            self.action_toggle_play()

    def on_mount(self) -> None:
        # Anchored, the response stays at its end through every layout (Textual's compositor
        # puts it there when it arranges the content): the end of playing must not depend on a
        # scroll_end callback running after the final frame's layout, which a busy screen
        # (held updates) runs before it, leaving the answer at its top.  Scrolling up
        # (page up, the mouse) releases the anchor; playing or going to the end again restores it.
        self.query_one("#response-scroll", VerticalScroll).anchor()

    def watch_position(self) -> None:
        self._update_view()

    def on_unmount(self) -> None:
        hold_collector(self, False)  # removed while playing (a closed compare, a quit)

    def watch_playing(self, playing: bool) -> None:
        hold_collector(self, playing)
        self.query_one(Scrubber).playing = playing
        if not playing:
            self._update_view()  # the views catch up with where playback stopped (whole, not pinned)
            if self.position:  # and stay at the end of the answer, where playing left the eye
                scroll = self.query_one("#response-scroll", VerticalScroll)
                scroll.call_after_refresh(scroll.scroll_end, animate=False)

    def watch_speed(self, speed: float) -> None:
        self.query_one(Scrubber).speed = speed

    def _update_view(self) -> None:
        rec = self.recording
        scrubber = self.query_one(Scrubber)
        scrubber.position = self.position
        if rec is None:
            return
        response = self.query_one(ResponseView)
        chunk = self.query_one(ChunkView)
        if not rec.ok:
            from rich.text import Text

            response.update(Text(f"cannot replay: {rec.problem}", style="bold red"))
            chunk.update("")
            return
        state = rec.replay.state(self.position)
        details = rec.rebuild.details if state.finished else ()
        hint = "space plays · → steps · end jumps to the last chunk" if state.total > 1 else "space or → shows the response"
        scroll = self.query_one("#response-scroll", VerticalScroll)
        limit = TEXT_WINDOW
        live = self.playing and not state.finished
        if live:
            # Playing, the view sits at the end: only the last screenful of text can be seen,
            # and rendering just that keeps every frame as cheap as the first.  Both views keep
            # the height of their pane (pinned), so a growing answer never lays the screen out.
            size = scroll.size
            limit = min(TEXT_WINDOW, max(2_000, size.width * (size.height + 1)))
        pin = self._pin(scroll) if live else None
        response.show_state(state, self._tools, details, hint, limit, pin=pin, answer_schema=self._answer_schema)
        n = self.position
        now = time.monotonic()
        # While playing, the chunk pane follows at most _CHUNK_HZ times a second: redrawing its
        # JSON on every frame would cost more than the response itself, and nobody can read 60 a
        # second.  Stepping, seeking and the end of playback always show the chunk at once.
        if not self.playing or state.finished or now - self._chunk_shown_at >= 1 / _CHUNK_HZ:
            raw: Any = rec.chunks[n - 1] if 0 < n <= len(rec.chunks) else None
            chunk_scroll = self.query_one("#chunk-scroll", VerticalScroll)
            chunk.show_chunk(n, state.total, raw, state.changes, pin=self._pin(chunk_scroll) if live else None)
            self._chunk_shown_at = now
        if state.finished or (self.playing and pin is None):  # (a pinned view is all in sight)
            scroll.call_after_refresh(scroll.scroll_end, animate=False)
        elif n == 0:
            scroll.scroll_home(animate=False)

    @staticmethod
    def _pin(scroll: VerticalScroll) -> int | None:
        """The height a view shown in ``scroll`` is pinned to while playing (None: not laid out yet)."""
        return scroll.scrollable_content_region.height or None

    # -- playing --------------------------------------------------------------

    def _can_play(self) -> bool:
        return self.recording is not None

    def seek(self, position: int) -> None:
        """Show the state after ``position`` chunks."""
        self._stop()
        self.position = max(0, min(self.total, position))

    def follow(self, position: int, playing: bool) -> None:
        """Show ``position`` as a player outside drives it (compare mode plays two panes at once).

        ``playing`` is what the scrubber shows; while it is on, frames are as cheap as in
        the pane's own playback, and turning it off shows the chunk where it stopped.
        """
        if self._timer is not None:
            self._timer.pause()
        self.playing = playing
        self.position = max(0, min(self.total, position))

    def action_scroll_response(self, direction: int) -> None:
        """Page the response up or down."""
        scroll = self.query_one("#response-scroll", VerticalScroll)
        if direction < 0:
            scroll.scroll_page_up()
        else:
            scroll.scroll_page_down()

    @on(Scrubber.Seek)
    def _seek(self, event: Scrubber.Seek) -> None:
        event.stop()
        self.seek(event.position)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < _NARROW, "-narrow")
