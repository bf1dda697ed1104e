"""Replay: seeking against stream length, and stepping frames on the largest stream.

    python benchmarks/bench_replay.py [--no-app]

Streams of 100 … 100,000 chunks are generated in memory (chat completions with
text, plus tool-call and reasoning channels), and the largest real stream
(``../shared/corpus/…/0ea735928993….json``) is read from disk.  For each:

* open: ``load()`` + building the seek index (the first ``state()``),
* seek: ``Replay.state(n)`` at 500 random positions (median, 99th percentile, worst),
* frames: stepping ``state(n)``, ``state(n+1)``, … 600 times as a 60 fps player
  does; a step must stay well under the 16.7 ms a frame has.

Then the app (``benchmarks/_replay_app_child.py``): the Replay tab playing the largest
stream and a generated one with tool calls and reasoning, at one chunk a frame and at 8
(16x), headless.  Its timer asks for 60 frames a second; *frames drawn* counts the
screen's redraws, *tick gap* the time between two frames' updates, *view update* what
updating the views costs, *redraw* what Textual's compositor then costs to redraw the
screen (the terminal write excluded).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from _common import SHARED, machine, table

from inspector.core import load
from inspector.core.recording.loading import Recording
from inspector.testing.factories import chat_stream

FRAME = 1 / 60


def _recording(n: int, tools: int = 0, reasoning: bool = False) -> Recording:
    rng = random.Random(n)
    body = chat_stream(rng, "rec-bench", "gpt-4o", n, tools=tools, reasoning=reasoning)
    data = {"test_id": None, "request": {"method": "POST", "url": "http://x/v1/chat/completions", "body": {}},
            "response": {"body": body, "is_streaming": True}}
    return Recording(None, data)


def measure(label: str, make) -> tuple:
    t = time.perf_counter()
    rec = make()
    replay = rec.replay
    replay.state(0)
    opened = time.perf_counter() - t
    total = replay.total
    rng = random.Random(1)
    seeks = []
    for _ in range(500):
        n = rng.randint(0, total)
        t = time.perf_counter()
        replay.state(n)
        seeks.append(time.perf_counter() - t)
    steps = []
    start = rng.randint(0, max(0, total - 600))
    for n in range(start, min(total, start + 600) + 1):
        t = time.perf_counter()
        replay.state(n)
        steps.append(time.perf_counter() - t)
    seeks.sort()
    steps.sort()
    p99 = seeks[int(len(seeks) * 0.99)]
    step99 = steps[int(len(steps) * 0.99)]
    return (label, f"{total:,}", f"{opened * 1000:.0f} ms", f"{statistics.median(seeks) * 1000:.3f} ms",
            f"{p99 * 1000:.3f} ms", f"{seeks[-1] * 1000:.2f} ms", f"{step99 * 1000:.3f} ms", f"{steps[-1] * 1000:.2f} ms")


def play_in_app(label: str, *args, seconds: float = 4.0, frame: float = FRAME) -> tuple:
    """Play in the app's Replay tab: ``args`` are ``path, rate`` (chunks a second), or
    ``"--floor", "one"|"two"`` (Textual alone, one or two views changing), or
    ``"--compare", path_a, path_b, rate``; how the frames went."""
    import json
    import subprocess

    from _common import REPO, child_env

    rate = args[-1]
    out = subprocess.run([sys.executable, str(REPO / "benchmarks" / "_replay_app_child.py"), *map(str, args), str(seconds)],
                         check=True, capture_output=True, text=True, env=child_env())
    r = json.loads(out.stdout.strip().splitlines()[-1])
    ticks = r["ticks"]
    gaps = sorted(b - a for a, b in zip(ticks, ticks[1:], strict=False))
    updates = sorted(r["updates"])
    redraws = sorted(r["redraws"])

    def pct(xs: list[float], q: float) -> str:
        return f"{xs[min(len(xs) - 1, int(len(xs) * q))] * 1000:.1f} ms" if xs else "-"

    # frames that never came: a gap of k frames' time (rounded) between two ticks drops k - 1
    dropped = sum(round(g / frame) - 1 for g in gaps if g > 1.5 * frame)
    return (label, f"{r['chunks']:,}", f"{rate:g}" if isinstance(rate, (int, float)) else "60", f"{len(redraws) / r['played']:.0f}",
            f"{dropped} of {round(r['played'] / frame)}", pct(gaps, 0.5), pct(gaps, 0.99),
            pct(updates, 0.5), pct(updates, 0.99), pct(redraws, 0.5), pct(redraws, 0.99))


APP_COLUMNS = ("stream", "chunks", "chunks/s", "frames drawn/s (of 60)", "dropped frames", "tick gap median", "tick gap p99",
               "view update median", "view update p99", "redraw median", "redraw p99")


def app_rows(biggest) -> list[tuple]:
    import tempfile
    from pathlib import Path

    import orjson

    rows = [play_in_app("Textual alone: one view growing a word a frame", "--floor", "one"),
            play_in_app("Textual alone: that, and a 25-line view replaced every frame", "--floor", "two")]
    with tempfile.TemporaryDirectory() as tmp:
        gen = Path(tmp) / "stream-10000.json"
        gen.write_bytes(orjson.dumps(_recording(10_000, tools=4, reasoning=True).data))
        cases = [("generated, tool calls + reasoning", gen)]
        if biggest:
            cases.insert(0, (f"largest corpus stream ({biggest[0].stat().st_size / 1e6:.1f} MB)", biggest[0]))
        for label, path in cases:
            for rate in (60, 480):  # one chunk a frame; 8 a frame (16x)
                rows.append(play_in_app(label, path, rate))
    second = sorted((SHARED / "corpus").rglob("669d8f20cdff*.json"))
    if biggest and second:  # compare mode: two panes, 30 frames a second asked
        rows.append(play_in_app("compare mode: the two largest corpus streams (30 asked)", "--compare", biggest[0], second[0], 60,
                                frame=1 / 30))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-app", action="store_true", help="only the core's seeks and steps")
    ap.add_argument("--app-only", action="store_true", help="only the frames drawn in the app")
    args = ap.parse_args()
    print(machine())
    biggest = sorted((SHARED / "corpus").rglob("0ea735928993*.json"))
    if args.app_only:
        print(table(APP_COLUMNS, app_rows(biggest)))
        return 0
    rows = []
    for n in (100, 1_000, 10_000, 100_000):
        rows.append(measure(f"generated text stream, {n:,} chunks", lambda n=n: _recording(n)))
    rows.append(measure("generated, 4 tool calls + reasoning, 10,000 chunks", lambda: _recording(10_000, tools=4, reasoning=True)))
    if biggest:
        rows.append(measure(f"largest corpus stream ({biggest[0].stat().st_size / 1e6:.1f} MB)", lambda: load(biggest[0])))
    print()
    print(table(("stream", "chunks", "open + index", "seek median", "seek p99", "seek worst", "frame step p99", "frame step worst"), rows))
    print(f"\nA frame at 60 fps has {FRAME * 1000:.1f} ms; the worst cases are the scheduler preempting the process (the machine is shared).")
    if not args.no_app:
        print("\nIn the app: the Replay tab playing (headless, 160x48), 4 s or to the end:\n")
        print(table(APP_COLUMNS, app_rows(biggest)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
