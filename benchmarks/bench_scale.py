"""Index time and memory at 1,000, 10,000 and 100,000 generated recordings.

    python benchmarks/bench_scale.py [--sizes 1000 10000 100000]

Each run is a fresh process that keeps every summary (as the app does): cold
(empty cache; both cores), warm (through the cache) and, for comparison, one
core.  Memory is the peak resident set of the indexing process and of the
largest worker (a forked worker's RSS counts the pages it shares with its
parent), and the peak proportional set size of all of them together, sampled
every 50 ms (shared pages counted once: the memory the machine really gives).  Corpora are generated once (``scripts/generate_corpus.py``,
seed 1) and reused.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile

from _common import BENCH, REPO, child_env, count_files, load, machine, synthetic_corpus, table


def index(root, mode: str, cache: str, workers: int | None = None) -> dict:
    cmd = [sys.executable, str(REPO / "benchmarks" / "_index_child.py"), str(root), mode]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=child_env({"RECORDING_INSPECTOR_CACHE_DIR": cache}))
    return json.loads(out.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--serial", action="store_true", help="also time one core (cold)")
    args = ap.parse_args()
    print(machine())
    rows = []
    for n in args.sizes:
        root = synthetic_corpus(n)
        files, size = count_files(root)
        cache = tempfile.mkdtemp(prefix="ri-cache-", dir=BENCH)
        runs = [("cold, 2 cores", index(root, "cold", cache))]
        runs.append(("warm (cache)", index(root, "warm", cache)))
        if args.serial:
            runs.append(("cold, 1 core", index(root, "off", cache, workers=1)))
        shutil.rmtree(cache, ignore_errors=True)
        for label, r in runs:
            rows.append((
                f"{files:,}", f"{size / 1e6:,.0f} MB", label, f"{r['seconds']:.2f} s", f"{r['seconds'] / files * 1e6:.0f} µs",
                f"{r['cpu']:.1f} s",
                f"{r['first'] * 1000:.0f} ms" if r["first"] is not None else "-",
                f"{r['peak_main']:.0f} MB", f"{r['peak_worker']:.0f} MB" if r["workers"] else "-",
                f"{r['peak_total_pss']:.0f} MB",
                f"{(r['rss_after'] - r['rss_before']) / files * 1e3:.1f} kB",
            ))
        print(f"  {files:,} files done", file=sys.stderr)
    print()
    print(load())
    print(table(("files", "on disk", "run", "time", "per file", "CPU (all processes)", "first row", "peak RSS main", "peak RSS worker", "peak PSS, all processes", "RSS per summary"), rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
