"""``ls`` of a 3,000-file repository against the floor and the peer, cold and warm.

    python benchmarks/bench_ls.py [--files 3000] [--repeat 5] [--source corpus|synth|both]

* floor: read and ``orjson.loads`` every file, one process (``os.walk`` to find them)
* peer:  a ``json.load`` loop over every file, as the upstream helper scripts do
* ls --no-cache: every file read and summarised, the cache neither read nor written
* ls cold: an empty cache (the run also writes it)
* ls warm: the second run, through the cache

Every row is a fresh process (``python -c`` / ``recording-inspector ls … --format
jsonl > /dev/null``, the installed command), so each pays interpreter start-up alike; the best of
``--repeat`` runs is shown, with the CPU time (user + system, the ls process
and its workers) of the cheapest run: on a shared machine the wall time depends
on what else runs, the CPU time does not.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from _common import (
    best_and_cpu,
    corpus_sources,
    count_files,
    load,
    machine,
    ms,
    run,
    table,
)

FLOOR = (
    "import os, orjson\n"
    "for d, _, fs in os.walk({root!r}):\n"
    "    for n in fs:\n"
    "        if n.endswith('.json'):\n"
    "            with open(os.path.join(d, n), 'rb') as f: orjson.loads(f.read())\n"
)
PEER = (
    "import os, json\n"
    "for d, _, fs in os.walk({root!r}):\n"
    "    for n in fs:\n"
    "        if n.endswith('.json'):\n"
    "            with open(os.path.join(d, n)) as f: json.load(f)\n"
)


def bench(root, repeat: int) -> list[tuple[str, float, float]]:
    py = sys.executable
    cache = tempfile.mkdtemp(prefix="ri-cache-")
    env = {"RECORDING_INSPECTOR_CACHE_DIR": cache}
    # The installed command, as a user runs it (``python -m inspector`` adds runpy's start-up).
    script = Path(py).with_name("recording-inspector")
    ls = [*([str(script)] if script.exists() else [py, "-m", "inspector"]), "ls", str(root), "--format", "jsonl"]
    out: list[tuple[str, float, float]] = []
    out.append(("floor (orjson loop)", *best_and_cpu(lambda: run([py, "-c", FLOOR.format(root=str(root))]), repeat)))
    out.append(("peer (json.load loop)", *best_and_cpu(lambda: run([py, "-c", PEER.format(root=str(root))]), repeat)))
    out.append(("ls --no-cache", *best_and_cpu(lambda: run([*ls, "--no-cache"], env), repeat)))
    out.append(("ls --no-cache, one core", *best_and_cpu(lambda: run([*ls, "--no-cache"], {**env, "RECORDING_INSPECTOR_WORKERS": "1"}), repeat)))

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        run(ls, env)

    out.append(("ls cold (empty cache, writes it)", *best_and_cpu(cold, repeat)))
    run(ls, env)
    out.append(("ls warm (cache)", *best_and_cpu(lambda: run(ls, env), repeat)))
    out.append(("ls warm, table output", *best_and_cpu(lambda: run([*ls[:-2], "--format", "table"], env), repeat)))
    shutil.rmtree(cache, ignore_errors=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--source", choices=("corpus", "synth", "both"), default="both")
    args = ap.parse_args()
    print(machine())
    for label, root in corpus_sources(args.source, args.files):
        n, size = count_files(root)
        before = load()
        rows = bench(root, args.repeat)
        floor, floor_cpu = rows[0][1], rows[0][2]
        print(f"\n{label}: {n} files, {size / 1e6:.0f} MB ({root}); {before}, after: {load()}\n")
        print(table(("run", "wall", "x floor", "CPU", "x floor CPU"),
                    [(name, ms(t), f"{t / floor:.2f}", ms(c), f"{c / floor_cpu:.2f}") for name, t, c in rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
