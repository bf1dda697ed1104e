"""Start the app headless on ROOT and print, as JSON, when its first frame was drawn,
when the index had streamed in, and how late the event loop ran meanwhile (bench_app.py).

    python benchmarks/_app_child.py ROOT SPAWNED_AT
    python benchmarks/_app_child.py --floor SPAWNED_AT
    python benchmarks/_app_child.py --floor-terminal

``--floor``: Textual alone, no code of ours: an app composing the same kinds of
Textual widgets as the main screen (tree, input, progress bar, three tabs,
collapsible, footer), timed to its first frame the same way (``--floor-terminal``:
the same app run in a real terminal, for the tmux measurement).  It also presses the
same six tree keys as the app run, in a bare Textual ``Tree`` of about the same shape.

Both print where the first frame's time went: ``imports`` (Python started → the app's
modules imported), ``compose`` (the screen's ``compose``), ``layout`` (composed → the
first refresh: mounting, styles, the first layout and paint).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


KEYS = ("home", "right", "down", "down", "down", "end")  # open the first group, move down it, jump to the end


async def press_keys(pilot) -> list[float]:
    """Seconds per key, each with Pilot's wait for the screen (a second pass: the first warms caches)."""
    out: list[float] = []
    for _round in range(2):
        out = []
        for key in KEYS:
            t = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            out.append(time.perf_counter() - t)
    return out


def floor_app(marks: dict[str, float]):
    """Textual alone: the main screen's kinds of Textual widgets, no code of ours."""
    from textual.app import App
    from textual.containers import Horizontal, Vertical
    from textual.widgets import Collapsible, Footer, Input, ProgressBar, Static, TabbedContent, TabPane, Tree

    marks.setdefault("imported", time.time())

    def tree() -> Tree:
        # About the shape of the app's tree on the samples: groups of groups of recordings.
        t: Tree = Tree("recordings", id="floor-tree")
        t.show_root = False
        for i in range(10):
            group = t.root.add(f"suite_{i} 3")
            for j in range(3):
                leaf_parent = group.add(f"test_file_{j}.py 3")
                for k in range(3):
                    leaf_parent.add_leaf(f"≈ƒ  chat gpt-4o What is the weather in city {k}? 1a2b3c4d")
        return t

    class Floor(App[None]):
        BINDINGS = [("q", "quit", "Quit"), ("question_mark", "help", "Help"), ("1", "a", "Request"), ("2", "b", "Replay"),
                    ("3", "c", "Raw"), ("slash", "d", "Filter"), ("g", "e", "Group"), ("e", "f", "Edit")]

        def compose(self):
            marks.setdefault("compose_start", time.time())
            yield from self._widgets()
            marks.setdefault("compose_end", time.time())

        def _widgets(self):
            with Horizontal():
                with Vertical():
                    yield Input(placeholder="filter")
                    yield tree()
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
            self.call_after_refresh(lambda: marks.setdefault("first_frame", time.time()) and _cpu(marks))

    return Floor()


def _cpu(marks: dict[str, float]) -> bool:
    # CPU seconds of the process until the first frame: steadier than wall time on a busy machine.
    marks.setdefault("first_frame_cpu", time.process_time())
    return True


def _phases(marks: dict[str, float], started: float) -> dict[str, float]:
    return {
        "imports": marks["imported"] - started,
        "compose": marks["compose_end"] - marks["compose_start"],
        "layout": marks["first_frame"] - marks["compose_end"],
    }


def floor(spawned: float) -> int:
    started = time.time()
    marks: dict[str, float] = {}
    app = floor_app(marks)
    keys: list[float] = []

    async def run() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            while "first_frame" not in marks:
                await pilot.pause(0.001)
            await pilot.pause(0.3)
            app.query_one("#floor-tree").focus()
            await pilot.pause()
            keys.extend(await press_keys(pilot))

    asyncio.run(run())
    print(json.dumps({"startup": started - spawned, "first_frame": marks["first_frame"] - spawned,
                      "first_frame_cpu": marks["first_frame_cpu"], "phases": _phases(marks, started), "key_times": keys}))
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
    from inspector.ui.main import screen as main_screen

    marks: dict[str, float] = {"python_started": started, "imported": time.time()}
    lags: list[float] = []
    original = main_screen.MainScreen.on_mount
    original_compose = main_screen.MainScreen.compose

    def compose(self):
        marks.setdefault("compose_start", time.time())
        yield from original_compose(self)
        marks.setdefault("compose_end", time.time())

    main_screen.MainScreen.compose = compose

    def on_mount(self) -> None:  # the first refresh after mounting is the first frame
        original(self)
        self.call_after_refresh(lambda: marks.setdefault("first_frame", time.time()) and _cpu(marks))

        tick = 0.02
        expected = [time.perf_counter() + tick]

        def beat() -> None:  # an event-loop heartbeat: how late does it run while indexing?
            now = time.perf_counter()
            lags.append(now - expected[0])
            expected[0] = now + tick

        self.set_interval(tick, beat)

    main_screen.MainScreen.on_mount = on_mount
    app = make_app([root], autoplay=False, animations=False)
    key_times: list[float] = []

    async def run() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            screen = app.main_screen
            while not getattr(screen, "_finished", False):
                await asyncio.sleep(0.01)
            marks["indexed"] = time.time()
            await pilot.pause()
            # expand the first group of the tree and move down it: the tree must stay lazy
            key_times.extend(await press_keys(pilot))
            marks["keys_seconds"] = sum(key_times)
            marks["total"] = screen.library.total

    asyncio.run(run())
    busy = sorted(lags)
    print(json.dumps({
        "startup": started - spawned,
        "first_frame": marks.get("first_frame", float("nan")) - spawned,
        "first_frame_cpu": marks.get("first_frame_cpu", float("nan")),
        "indexed": marks["indexed"] - spawned,
        "keys": marks["keys_seconds"],
        "lag_p99": busy[int(len(busy) * 0.99)] if busy else 0.0,
        "lag_max": busy[-1] if busy else 0.0,
        "total": marks["total"],
        "phases": _phases(marks, started),
        "key_times": key_times,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
