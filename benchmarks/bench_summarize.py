"""Where a cold listing's time goes: CPU per file for each step of ``summarize()``.

    python benchmarks/bench_summarize.py [--files 600]

For each file: read + ``orjson.loads`` (the floor's work), then ``load()`` (the
same parse plus checks), kind and chunks, the request hash under the newest
rules (``json.dumps(sort_keys)`` + sha256 of the normalised request, as the
recorder does), the rebuild of the response (every chunk folded), the request
view (messages for the label and the search text) and the rest of the summary.
Times are process CPU time, best of five passes, so other work on the machine
matters little.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict

from _common import SHARED, machine, synthetic_corpus, table

from inspector.core.index.summary import summarize
from inspector.core.recording.discovery import discover
from inspector.core.recording.loading import load

STEPS = ("read + orjson (floor)", "load()", "kind + chunks", "hash", "rebuild", "request view", "rest of summary")


def profile(files) -> dict[str, float]:
    clock = time.process_time
    best: dict[str, float] = defaultdict(lambda: float("inf"))
    import orjson

    for _ in range(5):
        spent: dict[str, float] = defaultdict(float)
        for f in files:
            t0 = clock()
            orjson.loads(f.read_bytes())
            t1 = clock()
            rec = load(f)
            t2 = clock()
            _ = rec.kind, rec.chunks  # each computed once and cached: what summarize() then reuses
            t3 = clock()
            _ = rec.hash
            t4 = clock()
            _ = rec.rebuild
            t5 = clock()
            _ = rec.request
            t6 = clock()
            summarize(rec)
            t7 = clock()
            for step, a, b in zip(STEPS, (t0, t1, t2, t3, t4, t5, t6), (t1, t2, t3, t4, t5, t6, t7), strict=True):
                spent[step] += b - a
        for k, v in spent.items():
            best[k] = min(best[k], v)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=600)
    args = ap.parse_args()
    print(machine())
    sources = [("../shared/corpus (95 files)", discover([SHARED / "corpus"]).files)]
    sources.append((f"generated, first {args.files}", discover([synthetic_corpus(3000)]).files[: args.files]))
    results = [(label, files, profile(files)) for label, files in sources]
    rows = []
    for step in STEPS:
        row = [step]
        for _label, files, best in results:
            floor = best[STEPS[0]]
            row += [f"{best[step] / len(files) * 1e6:.0f} µs", f"{best[step] / floor:.2f}"]
        rows.append(row)
    row = ["load() to summary, total"]
    for _label, files, best in results:
        total = sum(best[s] for s in STEPS[1:])
        row += [f"{total / len(files) * 1e6:.0f} µs", f"{total / best[STEPS[0]]:.2f}"]
    rows.append(row)
    headers = ["step"]
    for label, _files, _best in results:
        headers += [f"{label}: CPU / file", "x floor"]
    print()
    print(table(headers, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
