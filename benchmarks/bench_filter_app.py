"""The filter box's count in the app: from a keystroke until "N of M" is right, measured with Pilot.

    python benchmarks/bench_filter_app.py [--root PATH] [--query TEXT]

The app is started headless on ROOT (default: the corpus copied to 3,040 files, as in
bench_app.py); once the index has streamed in, ``/`` opens the filter and the query is typed
one key at a time, 0.2 s apart.  Each key is posted as the terminal driver posts it; the
time is until the count shown after it is the number of recordings that prefix matches
(counted directly from the app's summaries; every call that shows a count is timed).
Printed: the median and worst time per keystroke, and the keys whose count never came.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time

from _common import machine, replicated_corpus, table


async def measure(root: str, query: str) -> list[float | None]:
    from textual import events

    from inspector.core.index.query import QueryError, parse_query
    from inspector.ui.app import make_app
    from inspector.ui.widgets.filter_bar import FilterBar

    shown: list[tuple[float, int]] = []  # (when, the count shown), from every call that shows one
    original = FilterBar.show_count

    def show_count(self, n: int, total: int, *, loading: bool = False) -> None:
        shown.append((time.perf_counter(), n))
        original(self, n, total, loading=loading)

    FilterBar.show_count = show_count  # type: ignore[method-assign]
    app = make_app([root], autoplay=False, animations=False)
    out: list[float | None] = []
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.main_screen
        while not getattr(screen, "_finished", False):
            await asyncio.sleep(0.01)
        await pilot.pause(0.3)
        await pilot.press("slash")
        await pilot.pause(0.3)
        summaries = list(screen.library.summaries)
        for i, key in enumerate(query):
            try:
                q = parse_query(query[: i + 1])
            except QueryError:
                continue
            want = sum(1 for s in summaries if q.matches(s))
            t = time.perf_counter()
            # The key as the terminal driver posts it, without Pilot's own waits for the screen.
            app.post_message(events.Key("space" if key == " " else key, key))
            came = None
            while time.perf_counter() - t < 5 and came is None:
                came = next((at - t for at, n in shown if at >= t and n == want), None)
                await asyncio.sleep(0.001)
            out.append(came)
            await pilot.pause(0.2)  # a person's pace between keys: the worker finishes
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default=None)
    ap.add_argument("--query", default="saturn rings")
    args = ap.parse_args()
    root = args.root or str(replicated_corpus(3000))
    print(machine())
    times = asyncio.run(measure(root, args.query))
    got = [t for t in times if t is not None]
    rows = [(repr(args.query), str(len(times)), f"{statistics.median(got) * 1000:.0f} ms" if got else "-",
             f"{max(got) * 1000:.0f} ms" if got else "-", str(len(times) - len(got)))]
    print(table(("typed", "keys", "median key → count", "worst", "never right (5 s)"), rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
