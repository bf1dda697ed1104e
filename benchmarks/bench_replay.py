"""Replay: seeking against stream length, and stepping frames on the largest stream.

    python benchmarks/bench_replay.py

Streams of 100 … 100,000 chunks are generated in memory (chat completions with
text, plus tool-call and reasoning channels), and the largest real stream
(``../shared/corpus/…/0ea735928993….json``) is read from disk.  For each:

* open: ``load()`` + building the seek index (the first ``state()``),
* seek: ``Replay.state(n)`` at 500 random positions (median, 99th percentile, worst),
* frames: stepping ``state(n)``, ``state(n+1)``, … 600 times as a 60 fps player
  does; a step must stay well under the 16.7 ms a frame has.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from _common import SHARED, machine, table

from inspector.core import load
from inspector.core.recording import Recording
from inspector.core.synth import chat_stream

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


def main() -> int:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    print(machine())
    rows = []
    for n in (100, 1_000, 10_000, 100_000):
        rows.append(measure(f"generated text stream, {n:,} chunks", lambda n=n: _recording(n)))
    rows.append(measure("generated, 4 tool calls + reasoning, 10,000 chunks", lambda: _recording(10_000, tools=4, reasoning=True)))
    biggest = sorted((SHARED / "corpus").rglob("0ea735928993*.json"))
    if biggest:
        rows.append(measure(f"largest corpus stream ({biggest[0].stat().st_size / 1e6:.1f} MB)", lambda: load(biggest[0])))
    print()
    print(table(("stream", "chunks", "open + index", "seek median", "seek p99", "seek worst", "frame step p99", "frame step worst"), rows))
    print(f"\nA frame at 60 fps has {FRAME * 1000:.1f} ms; the worst cases are the scheduler preempting the process (the machine is shared).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
