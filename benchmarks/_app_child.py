"""Start the app headless on ROOT and print, as JSON, when its first frame was drawn,
when the index had streamed in, and how late the event loop ran meanwhile (bench_app.py).

    python benchmarks/_app_child.py ROOT SPAWNED_AT
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
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
