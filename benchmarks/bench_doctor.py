"""The Doctor's first explain in a new app: the files it reads, cold, and warmed while the user pastes.

    python benchmarks/bench_doctor.py [--files 3162] [--read 3] [--runs 3]

A new app opens a repository from its warm index cache and so has read no recording;
the Doctor's explain then reads every one of them.  Each run is a fresh process
(benchmarks/_doctor_child.py) with the corpus's files dropped from the operating
system's cache, as on a machine that has not read them lately; the first and the
second explain are timed from ``f5`` to the answer.  The floor, in the same run, is the
Doctor without its warm-up (``--no-warm``, how it was): its second explain is what
reading from a warm cache costs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile

from _common import REPO, child_env, count_files, load, machine, replicated_corpus, table


def child(root, read: float, warm: bool, cache: str) -> dict[str, float]:
    cmd = [sys.executable, str(REPO / "benchmarks" / "_doctor_child.py"), str(root), str(read)]
    if not warm:
        cmd.append("--no-warm")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=child_env({"RECORDING_INSPECTOR_CACHE_DIR": cache}))
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--files", type=int, default=3162)
    p.add_argument("--read", type=float, default=3.0, help="seconds between opening the Doctor and f5 (the user pasting)")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    root = replicated_corpus(args.files)
    n, size = count_files(root)
    print(machine())
    print(f"{n:,} recordings, {size / 1e6:.0f} MB; {load()}")
    with tempfile.TemporaryDirectory() as cache:
        child(root, 0, False, cache)  # fills the index cache: every measured run starts warm
        rows = []
        for warm in (False, True):
            runs = [child(root, args.read, warm, cache) for _ in range(args.runs)]
            first = statistics.median(r["first"] for r in runs)
            second = statistics.median(r["second"] for r in runs)
            label = "warmed while pasting (now)" if warm else "not warmed (floor: how it was)"
            rows.append((label, f"{first:.2f} s", f"{second:.2f} s", f"{first / second:.2f}x"))
    print(table(("Doctor", f"first explain (median of {args.runs})", "second explain", "first / second"), rows))
    print(load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
