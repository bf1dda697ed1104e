#!/usr/bin/env python
"""Write N synthetic recordings in the recorder's layout, for benchmarks and scale tests.

    python scripts/generate_corpus.py OUT --count 100000 --seed 1 [--jobs 2]

The same seed always gives the same files (recording i depends only on the seed
and i); see ``inspector/testing/factories.py`` for the mix of kinds and sizes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inspector.testing.factories import GenerateReport, generate  # noqa: E402


def _part(args: tuple[str, int, int, int, bool]) -> GenerateReport:
    out, seed, start, count, durable = args
    return generate(out, count, seed=seed, start=start, durable=durable)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path, help="folder to write into (created; existing files are never overwritten)")
    p.add_argument("--count", type=int, default=1000, help="recordings to write (default 1000)")
    p.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    p.add_argument("--jobs", type=int, default=1, help="processes to write with (default 1)")
    p.add_argument("--durable", action="store_true", help="fsync every file through the project's writer (slow)")
    args = p.parse_args(argv)
    if args.count < 0:
        p.error("--count must be 0 or more")
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    jobs = max(1, min(args.jobs, args.count // 500 or 1))
    step = -(-args.count // jobs)
    parts = [(str(args.out), args.seed, s, min(step, args.count - s), args.durable) for s in range(0, args.count, step)]
    total = GenerateReport(kinds=Counter())
    if jobs == 1:
        results = [_part(a) for a in parts]
    else:
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(_part, parts))
    for r in results:
        total.files += r.files
        total.bytes += r.bytes
        total.skipped += r.skipped
        total.kinds.update(r.kinds)
    took = time.perf_counter() - started
    print(f"wrote {total.files} recordings ({total.bytes / 1e6:.1f} MB) to {args.out} in {took:.1f} s")
    if total.skipped:
        print(f"skipped {total.skipped} that already existed")
    for kind, n in total.kinds.most_common():
        print(f"  {kind:16} {n:7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
