"""Index one folder in a fresh process and print time and memory as JSON (used by bench_scale.py).

    python benchmarks/_index_child.py ROOT cold|warm|off [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inspector.core.index.listing import IndexStats, iter_summaries  # noqa: E402

# Sampled by a separate process: a thread here would make indexing use spawned workers
# (it avoids forking a threaded process), which is not what `ls` does.
SAMPLER = """
import sys, time
from pathlib import Path
pid = sys.argv[1]
def pss(p):
    try:
        for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1e3
    except OSError:
        pass
    return 0.0
def tree(p):
    out = [p]
    try:
        for task in Path(f"/proc/{p}/task").iterdir():
            for c in (task / "children").read_text().split():
                out += tree(c)
    except OSError:
        pass
    return out
peak = 0.0
while Path(f"/proc/{pid}").exists() and not sys.stdin.closed:
    peak = max(peak, sum(pss(p) for p in tree(pid)))
    print(f"{peak:.1f}", flush=True)
    time.sleep(0.05)
"""


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("mode", choices=("cold", "warm", "off"))
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    before = rss_mb()
    sampler = subprocess.Popen([sys.executable, "-c", SAMPLER, str(os.getpid())], stdout=subprocess.PIPE, text=True)
    stats = IndexStats()
    t = time.perf_counter()
    first = None
    kept = []
    for s in iter_summaries([args.root], use_cache=args.mode != "off", workers=args.workers, stats=stats):
        if first is None:
            first = time.perf_counter() - t
        kept.append(s)  # the app keeps every summary
    took = time.perf_counter() - t
    after = rss_mb()
    sampler.terminate()
    samples = sampler.communicate()[0].split()
    pss_peak = float(samples[-1]) if samples else 0.0
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3
    print(json.dumps({
        "files": len(kept), "seconds": took, "cpu": cpu, "first": first, "read": stats.read, "cached": stats.cached,
        "workers": stats.workers, "rss_before": before, "rss_after": after,
        "peak_main": peak_self, "peak_worker": peak_children, "peak_total_pss": pss_peak,
        "search_mb": sum(len(s.search) for s in kept) / 1e6,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
