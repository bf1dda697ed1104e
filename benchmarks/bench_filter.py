"""Free-text filtering, one keystroke at a time, over 3,000 (and 100,000) summaries.

    python benchmarks/bench_filter.py [--files 3000]

Each keystroke re-runs the whole query (``parse_query(text)``) over every
summary, as the app's filter box does; the text searched is extracted once into
``Summary.search`` by the index, so no file is read.  Printed: the median and
the worst keystroke for a few typed queries.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from _common import machine, synthetic_corpus, table

from inspector.core.index.listing import iter_summaries
from inspector.core.index.query import QueryError, parse_query

QUERIES = (
    "weather paris",
    "model:gpt-4o has:tools",
    "tokyo -kind:embeddings",
    '"compute return"',
    "hash:stale",
    "zzzz-no-match",
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, nargs="+", default=[3000, 100000])
    args = ap.parse_args()
    print(machine())
    rows = []
    for n in args.files:
        summaries = list(iter_summaries([synthetic_corpus(n)]))
        text_mb = sum(len(s.search) for s in summaries) / 1e6
        for q in QUERIES:
            times = []
            matched = 0
            for i in range(1, len(q) + 1):
                t = time.perf_counter()
                try:
                    query = parse_query(q[:i])
                except QueryError:  # "model:" while typing: the app shows why and keeps the list
                    times.append(time.perf_counter() - t)
                    continue
                matched = sum(1 for s in summaries if query.matches(s))
                times.append(time.perf_counter() - t)
            rows.append((f"{len(summaries):,} ({text_mb:.0f} MB text)", q, len(q), f"{statistics.median(times) * 1000:.1f} ms",
                         f"{max(times) * 1000:.1f} ms", f"{matched:,}"))
    print()
    print(table(("summaries", "typed", "keys", "median / key", "worst / key", "matches"), rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
