"""The app: first frame, time until the index has streamed in, responsiveness meanwhile.

    python benchmarks/bench_app.py [--sizes 3000 100000]

The app is started headless (``inspector.ui.app.make_app`` under Textual's
``run_test``) in a fresh process; times are from spawning the process.  A 20 ms
heartbeat timer on the event loop measures how late it runs while the index
streams in (the worst lateness is the longest the app would not react to a key).
The first row is Textual's own floor on this machine: an app of the same Textual
widgets and no code of ours, timed to its first frame the same way.

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[3000, 100000])
    args = ap.parse_args()
    print(machine())
    corpora = [("shipped samples", REPO / "inspector" / "samples"), ("corpus x32", replicated_corpus(3000))]
    corpora += [(f"generated {n:,}", synthetic_corpus(n)) for n in args.sizes]
    rows = []
    floors = []
    for _ in range(3):
        spawned = time.time()
        out = subprocess.run([sys.executable, str(REPO / "benchmarks" / "_app_child.py"), "--floor", repr(spawned)],
                             check=True, capture_output=True, text=True, env=child_env())
        floors.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = min(floors, key=lambda r: r["first_frame"])
    rows.append(("Textual alone (floor), best of 3", "-", "-", f"{best['startup'] * 1000:.0f} ms",
                 f"{best['first_frame'] * 1000:.0f} ms", "-", "-", "-", "-"))
    for label, root in corpora:
        files, _ = count_files(root)
        cache = tempfile.mkdtemp(prefix="ri-cache-", dir=BENCH)
        for state in ("cold", "warm"):
            r = run(root, cache)
            rows.append((label, f"{files:,}", state, f"{r['startup'] * 1000:.0f} ms", f"{r['first_frame'] * 1000:.0f} ms",
                         f"{r['indexed']:.2f} s", f"{r['lag_p99'] * 1000:.0f} ms", f"{r['lag_max'] * 1000:.0f} ms",
                         f"{r['keys'] * 1000:.0f} ms"))
        shutil.rmtree(cache, ignore_errors=True)
    print()
    print(table(("corpus", "files", "cache", "python+imports", "first frame", "index streamed in", "loop lag p99",
                 "loop lag worst", "6 tree keys"), rows))
    if shutil.which("tmux"):
        print()
        print("In a real terminal (tmux), until the whole first screen, footer included, is shown:")
        print()
        roots = [("shipped samples", REPO / "inspector" / "samples")] + [(f"generated {n:,}", synthetic_corpus(n)) for n in args.sizes]
        print(table(("command", "runs", "best", "median"), terminal_rows(roots)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
