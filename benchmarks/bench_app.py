"""The app: first frame, time until the index has streamed in, responsiveness meanwhile.

    python benchmarks/bench_app.py [--sizes 3000 100000]

The app is started headless (``inspector.ui.app.make_app`` under Textual's
``run_test``) in a fresh process; times are from spawning the process.  A 20 ms
heartbeat timer on the event loop measures how late it runs while the index
streams in (the worst lateness is the longest the app would not react to a key).
The first row is Textual's own floor on this machine: an app of the same Textual
widgets and no code of ours, timed to its first frame the same way, and the same six
tree keys pressed in a bare Textual ``Tree``.  The goals are against that floor, in the
same run: the first frame within 1.3x, a tree key within 1.5x.  The first frame is
then split into imports, compose and the rest (mounting, styles, the first layout).

    python benchmarks/bench_app.py --sizes --runs 3 --no-tmux   # the short run: samples and corpus x32

Then, with tmux, what a person sees: the installed command started in a real
terminal (160x48), polled every 5 ms until the whole first screen, footer
included, is on it; the floor app the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import BENCH, REPO, child_env, count_files, machine, replicated_corpus, synthetic_corpus, table


def run(root, cache: str) -> dict:
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "_app_child.py"), str(root), repr(spawned)],
        check=True, capture_output=True, text=True, env=child_env({"RECORDING_INSPECTOR_CACHE_DIR": cache}),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def terminal_first_screen(command: list[str], marker: str, cache: str, runs: int = 8) -> list[float]:
    """Seconds from starting ``command`` in a fresh tmux session until ``marker`` is on screen."""
    import shlex

    times = []
    for i in range(runs):
        name = f"ri-bench-{os.getpid()}-{i}"
        env = child_env({"RECORDING_INSPECTOR_CACHE_DIR": cache})
        t0 = time.time()
        subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "160", "-y", "48", shlex.join(command)],
                       check=True, env=env)
        try:
            while time.time() - t0 < 30:
                shown = subprocess.run(["tmux", "capture-pane", "-t", name, "-p"], capture_output=True, text=True).stdout
                if marker in shown:
                    times.append(time.time() - t0)
                    break
                time.sleep(0.005)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", name], check=False)
    return times


def terminal_rows(roots: list[tuple[str, object]]) -> list[tuple[str, ...]]:
    script = Path(sys.executable).with_name("recording-inspector")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "inspector"]
    rows = []
    cache = tempfile.mkdtemp(prefix="ri-cache-", dir=BENCH)
    # One session kept open throughout: the tmux server would otherwise exit with each
    # measured session and the next one could race its shutdown.
    keeper = f"ri-bench-keeper-{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", keeper, "sleep 3600"], check=True)
    floor_times = terminal_first_screen([sys.executable, str(REPO / "benchmarks" / "_app_child.py"), "--floor-terminal"],
                                        "palette", cache)
    cases = [("Textual alone (floor)", floor_times)]
    for label, root in roots:
        cases.append((f"recording-inspector on {label}", terminal_first_screen([*command, str(root)], "palette", cache)))
    subprocess.run(["tmux", "kill-session", "-t", keeper], check=False)
    shutil.rmtree(cache, ignore_errors=True)
    for label, times in cases:
        times.sort()
        if times:
            rows.append((label, str(len(times)), f"{times[0] * 1000:.0f} ms", f"{times[len(times) // 2] * 1000:.0f} ms"))
    return rows


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else float("nan")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[3000, 100000])
    ap.add_argument("--runs", type=int, default=3, help="runs of the floor and of each corpus (best and median kept)")
    ap.add_argument("--no-tmux", action="store_true", help="skip the real-terminal measurement")
    args = ap.parse_args()
    print(machine())
    corpora = [("shipped samples", REPO / "inspector" / "samples"), ("corpus x32", replicated_corpus(3000))]
    corpora += [(f"generated {n:,}", synthetic_corpus(n)) for n in args.sizes]
    rows = []
    floors: list[dict] = []
    results: dict[str, list[dict]] = {label: [] for label, _ in corpora}
    caches = {label: tempfile.mkdtemp(prefix="ri-cache-", dir=BENCH) for label, _ in corpora}
    for label, root in corpora:
        run(root, caches[label])  # fills the cache: the runs below are warm
    # Interleaved, floor first in each round: a busy moment of the machine touches both alike.
    for _ in range(args.runs):
        spawned = time.time()
        out = subprocess.run([sys.executable, str(REPO / "benchmarks" / "_app_child.py"), "--floor", repr(spawned)],
                             check=True, capture_output=True, text=True, env=child_env())
        floors.append(json.loads(out.stdout.strip().splitlines()[-1]))
        for label, root in corpora:
            results[label].append(run(root, caches[label]))
    for cache in caches.values():
        shutil.rmtree(cache, ignore_errors=True)
    best = min(floors, key=lambda r: r["first_frame"])
    floor_median = _median([r["first_frame"] for r in floors])
    floor_key = _median([k for r in floors for k in r["key_times"]])
    rows.append((f"Textual alone (floor), {args.runs} runs", "-", "-", _ms(best["startup"]), _ms(best["first_frame"]),
                 _ms(floor_median), "-", "-", _ms(sum(best["key_times"])), _ms(floor_key)))
    phases = [("Textual alone (floor)", best["phases"], best["first_frame"])]
    goals = []
    for label, root in corpora:
        files, _ = count_files(root)
        mine = results[label]
        r = min(mine, key=lambda x: x["first_frame"])
        median = _median([x["first_frame"] for x in mine])
        key = _median([k for x in mine for k in x["key_times"]])
        rows.append((label, f"{files:,}", "warm", _ms(r["startup"]), _ms(r["first_frame"]), _ms(median), f"{r['indexed']:.2f} s",
                     _ms(r["lag_max"]), _ms(sum(r["key_times"])), _ms(key)))
        phases.append((label, r["phases"], r["first_frame"]))
        goals.append((label, f"{r['first_frame'] / best['first_frame']:.2f}x", f"{median / floor_median:.2f}x",
                       f"{key / floor_key:.2f}x"))
    print()
    print(table(("corpus", "files", "cache", "python started", "first frame, best", "first frame, median",
                 "index streamed in", "loop lag worst", "6 tree keys", "a tree key (median)"), rows))
    print()
    print("Against the floor measured in this run (goals: first frame 1.3x, a tree key 1.5x):")
    print()
    print(table(("corpus", "first frame, best", "first frame, median", "a tree key, median"), goals))
    print()
    print("Where the first frame's time goes (best run; the rest is Python starting and Textual's app start):")
    print()
    print(table(("app", "imports", "compose", "mount, styles, first layout", "first frame"),
                [(label, _ms(ph["imports"]), _ms(ph["compose"]), _ms(ph["layout"]), _ms(ff)) for label, ph, ff in phases]))
    if shutil.which("tmux") and not args.no_tmux:
        print()
        print("In a real terminal (tmux), until the whole first screen, footer included, is shown:")
        print()
        roots = [("shipped samples", REPO / "inspector" / "samples")] + [(f"generated {n:,}", synthetic_corpus(n)) for n in args.sizes]
        print(table(("command", "runs", "best", "median"), terminal_rows(roots)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
