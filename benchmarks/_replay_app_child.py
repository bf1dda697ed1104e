"""Play one recording in the app's Replay tab (headless) and print, as JSON, how the
frames went (bench_replay.py).

    python benchmarks/_replay_app_child.py FILE CHUNKS_PER_SECOND SECONDS
    python benchmarks/_replay_app_child.py --compare FILE_A FILE_B CHUNKS_PER_SECOND SECONDS
    python benchmarks/_replay_app_child.py --floor one|two SECONDS

The Replay tab's timer asks for a frame every 1/60 s.  Recorded for each frame:
when it came (the gap since the previous one: a gap of more than 1.5 frames is a
dropped frame), what updating the views cost, and what the screen's next
redraw cost (Textual's compositor, the terminal write excluded).

``--compare``: the two files in compare mode (``c`` on one, ``c`` on the other), both
panes playing.

``--floor``: Textual alone, no code of ours: a text view that grows by a word a frame
(``one``), plus a 25-line view replaced on every frame (``two``, as the response and
chunk panes), at 60 frames a second, timed the same way.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def floor(views: str, seconds: float) -> int:
    from textual.app import App
    from textual.containers import Horizontal, VerticalScroll
    from textual.screen import Screen
    from textual.widgets import Footer, Static, Tree

    ticks: list[float] = []
    updates: list[float] = []
    redraws: list[float] = []
    redraw = Screen._compositor_refresh

    def timed_redraw(self: Screen) -> None:
        t = time.perf_counter()
        redraw(self)
        redraws.append(time.perf_counter() - t)

    Screen._compositor_refresh = timed_redraw  # type: ignore[method-assign]
    words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"]

    class Floor(App[None]):
        CSS = "#side { width: 40; } #resp { width: 3fr; } #chunk { width: 2fr; }"

        def compose(self):
            with Horizontal():
                yield Tree("recordings", id="side")
                with VerticalScroll(id="resp"):
                    yield Static("", id="r")
                with VerticalScroll(id="chunk"):
                    yield Static("", id="c")
            yield Footer()

        def on_mount(self) -> None:
            self.n = 0
            self.text: list[str] = []
            self.frames = self.set_interval(1 / 60, self.frame)

        def frame(self) -> None:
            t = time.perf_counter()
            self.n += 1
            self.text.append(words[self.n % len(words)])
            self.query_one("#r", Static).update(" ".join(self.text))
            if views == "two":
                self.query_one("#c", Static).update("\n".join(f'"key{i}": {self.n}' for i in range(25)))
            ticks.append(t)
            updates.append(time.perf_counter() - t)

    async def run() -> None:
        app = Floor()
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause(0.3)
            ticks.clear(), updates.clear(), redraws.clear()
            start = time.perf_counter()
            await asyncio.sleep(seconds)
            app.frames.stop()
            print(json.dumps({"chunks": app.n, "position": app.n, "played": time.perf_counter() - start,
                              "ticks": ticks, "updates": updates, "redraws": redraws}))

    asyncio.run(run())
    return 0


class Frames:
    """Times each tick of ``player`` (its views' update) and each redraw of the screen after it."""

    def __init__(self, player: type) -> None:
        from textual.screen import Screen

        self.on = False  # recording
        self.ticks: list[float] = []  # when each frame's tick started
        self.updates: list[float] = []  # what the tick's view update cost
        self.redraws: list[float] = []  # what each redraw of the screen cost
        tick, redraw = player._tick, Screen._compositor_refresh

        def timed_tick(owner) -> None:
            t = time.perf_counter()
            tick(owner)
            if self.on:
                self.ticks.append(t)
                self.updates.append(time.perf_counter() - t)

        def timed_redraw(screen) -> None:
            t = time.perf_counter()
            redraw(screen)
            if self.on:
                self.redraws.append(time.perf_counter() - t)

        player._tick = timed_tick
        Screen._compositor_refresh = timed_redraw

    async def play(self, player, seconds: float) -> None:
        """Play for ``seconds`` (or to the end), then print how the frames went, as JSON."""
        self.on = True
        player.action_toggle_play()
        start = time.perf_counter()
        while player.playing and time.perf_counter() - start < seconds:
            await asyncio.sleep(0.05)
        self.on = False
        played = time.perf_counter() - start
        if player.playing:
            player.action_toggle_play()
        print(json.dumps({"chunks": player.total, "position": player.position, "played": played,
                          "ticks": self.ticks, "updates": self.updates, "redraws": self.redraws}))


def main() -> int:
    if sys.argv[1] == "--floor":
        return floor(sys.argv[2], float(sys.argv[3]))
    if sys.argv[1] == "--compare":
        return compare(sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]))
    path, rate, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    from inspector.ui.app import make_app
    from inspector.ui.widgets.replay_pane import ReplayPane

    frames = Frames(ReplayPane)
    app = make_app([path], select=path, replay_speed=rate, autoplay=False, animations=False)

    async def run() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            screen = app.main_screen
            while screen.recording is None:
                await pilot.pause(0.05)
            await pilot.press("2")
            await pilot.pause(0.2)
            await frames.play(screen.query_one(ReplayPane), seconds)

    asyncio.run(run())
    return 0


def compare(a: str, b: str, rate: float, seconds: float) -> int:
    from inspector.ui.app import make_app
    from inspector.ui.screens.compare import CompareScreen

    frames = Frames(CompareScreen)
    app = make_app([a, b], replay_speed=rate, autoplay=False, animations=False)

    async def run() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            while len(app.main_screen.library.grouper) < 2:
                await pilot.pause(0.05)
            app.push_screen(CompareScreen(a, b, chunks_per_second=rate))
            screen = app.screen
            assert isinstance(screen, CompareScreen)
            while screen.recordings is None:
                await pilot.pause(0.05)
            await pilot.pause(0.2)
            await frames.play(screen, seconds)

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
