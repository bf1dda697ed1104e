"""Start the app headless on ROOT and print, as JSON, when its first frame was drawn,
when the index had streamed in, and how late the event loop ran meanwhile (bench_app.py).

    python benchmarks/_app_child.py ROOT SPAWNED_AT
    python benchmarks/_app_child.py --floor SPAWNED_AT
    python benchmarks/_app_child.py --floor-terminal

``--floor``: Textual alone, no code of ours: an app composing the same kinds of
Textual widgets as the main screen (tree, input, progress bar, three tabs,
collapsible, footer), timed to its first frame the same way (``--floor-terminal``:
the same app run in a real terminal, for the tmux measurement).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def floor_app(marks: dict[str, float]):
    """Textual alone: the main screen's kinds of Textual widgets, no code of ours."""
    from textual.app import App
    from textual.containers import Horizontal, Vertical
    from textual.widgets import Collapsible, Footer, Input, ProgressBar, Static, TabbedContent, TabPane, Tree

    class Floor(App[None]):
        BINDINGS = [("q", "quit", "Quit"), ("question_mark", "help", "Help"), ("1", "a", "Request"), ("2", "b", "Replay"),
                    ("3", "c", "Raw"), ("slash", "d", "Filter"), ("g", "e", "Group"), ("e", "f", "Edit")]

        def compose(self):
            with Horizontal():
                with Vertical():
                    yield Input(placeholder="filter")
                    yield Tree("recordings")
                    yield ProgressBar()
                with Vertical():
                    yield Static("no recording selected")
                    with TabbedContent():
                        with TabPane("1 Request"):
                            yield Static("request")
                            with Collapsible(title="JSON"):
                                yield Tree("request")
                        with TabPane("2 Replay"):
                            yield Static("replay")
                        with TabPane("3 Raw"):
                            yield Tree("raw")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: marks.setdefault("first_frame", time.time()))

    return Floor()


def floor(spawned: float) -> int:
    started = time.time()
    marks: dict[str, float] = {}
    app = floor_app(marks)

    async def run() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            while "first_frame" not in marks:
                await pilot.pause(0.001)

    asyncio.run(run())
    print(json.dumps({"startup": started - spawned, "first_frame": marks["first_frame"] - spawned}))
    return 0


def main() -> int:
    if sys.argv[1] == "--floor":
        return floor(float(sys.argv[2]))
    if sys.argv[1] == "--floor-terminal":  # in a real terminal (bench_app.py runs it in tmux)
        floor_app({}).run()
        return 0
    root, spawned = sys.argv[1], float(sys.argv[2])
    started = time.time()
    from inspector.ui.app import make_app
    from inspector.ui.screens import main as main_screen

    marks: dict[str, float] = {"python_started": started}
    lags: list[float] = []
    original = main_screen.MainScreen.on_mount

    def on_mount(self) -> None:  # the first refresh after mounting is the first frame
        original(self)
        self.call_after_refresh(lambda: marks.setdefault("first_frame", time.time()))

        tick = 0.02
        expected = [time.perf_counter() + tick]

        def beat() -> None:  # an event-loop heartbeat: how late does it run while indexing?
            now = time.perf_counter()
            lags.append(now - expected[0])
            expected[0] = now + tick

        self.set_interval(tick, beat)

    main_screen.MainScreen.on_mount = on_mount
    app = make_app([root], autoplay=False, animations=False)

    async def run() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            screen = app.main_screen
            while not getattr(screen, "_finished", False):
                await asyncio.sleep(0.01)
            marks["indexed"] = time.time()
            await pilot.pause()
            # expand the first group of the tree and move down it: the tree must stay lazy
            t = time.perf_counter()
            for key in ("home", "right", "down", "down", "down", "end"):
                await pilot.press(key)
            await pilot.pause()
            marks["keys_seconds"] = time.perf_counter() - t
            marks["total"] = screen.library.total

    asyncio.run(run())
    busy = sorted(lags)
    print(json.dumps({
        "startup": started - spawned,
        "first_frame": marks.get("first_frame", float("nan")) - spawned,
        "indexed": marks["indexed"] - spawned,
        "keys": marks["keys_seconds"],
        "lag_p99": busy[int(len(busy) * 0.99)] if busy else 0.0,
        "lag_max": busy[-1] if busy else 0.0,
        "total": marks["total"],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
