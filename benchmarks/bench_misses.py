"""``misses`` on a repository of generated recordings, against the floor, by the number of misses.

    python benchmarks/bench_misses.py [--files 3000] [--misses 1,10,40] [--repeat 2]

``misses`` ranks every recording of the root for each miss (``explain``'s ranking), so its
time grows with misses × recordings.  The rows:

* floor: read and ``json.loads`` every file once, one process (what any scan costs)
* misses, M misses: the installed command (``--format json``, output to /dev/null), best of
  ``--repeat``, with the CPU time of the cheapest run; and the time per miss

The misses are made from recordings of the corpus, half renamed tests (``safe``), half a
changed first message (``unsafe``), as a capture would write them.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import best_and_cpu, child_env, count_files, load, machine, ms, synthetic_corpus, table

from inspector.core.rules import hashing, layout


def _command() -> list[str]:
    script = Path(sys.executable).with_name("recording-inspector")
    return [str(script)] if script.exists() else [sys.executable, "-m", "inspector"]


def _floor(root: Path) -> float:
    start = time.perf_counter()
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(".json"):
                with open(os.path.join(dirpath, name), "rb") as f:
                    json.loads(f.read())
    return time.perf_counter() - start


def _sources(root: Path, n: int) -> list[dict]:
    """``n`` chat recordings with a test id and a first message to change."""
    out = []
    for path in sorted(root.rglob("*.json")):
        data = json.loads(path.read_text())
        req = data.get("request") or {}
        body = req.get("body") if isinstance(req.get("body"), dict) else None
        messages = body.get("messages") if body else None
        if data.get("test_id") and messages and isinstance(messages[0].get("content"), str) and "url" in req:
            out.append(data)
            if len(out) == n:
                break
    return out


def _write_misses(capture: Path, root: Path, sources: list[dict]) -> None:
    (capture / "misses").mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(sources):
        request = copy.deepcopy(data["request"])
        test_id = data["test_id"]
        if i % 2:
            request["body"]["messages"][0]["content"] += " Please answer briefly."
        else:
            test_id = test_id.replace("::test_", "::test_renamed_", 1)
        h = hashing.request_hash(request, test_id)
        looked = layout.replay_lookup(root, test_id, h, model_list=False)
        doc = {
            "test_id": test_id,
            "request": request,
            "miss": {"hash": h, "kind": "inference", "looked_in": [str(f) for f in looked.folders], "at": "2026-12-07T00:00:00.000000Z",
                     "recorder": "ogx 1.5.0", "module": "ogx.testing.api_recorder", "pid": 1, "argv": ["pytest"]},
        }
        (capture / "misses" / f"{h}.json").write_text(json.dumps(doc, indent=2) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--misses", default="1,10,40")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    counts = [int(x) for x in args.misses.split(",")]
    root = synthetic_corpus(args.files)
    n, size = count_files(root)
    print(machine())
    print(f"{n} generated recordings, {size / 1e6:.0f} MB; {load()}")
    floor = min(_floor(root) for _ in range(args.repeat))
    sources = _sources(root, max(counts))
    rows = [["floor: read and parse every file once", ms(floor), "", ""]]
    work = Path(tempfile.mkdtemp(prefix="bench-misses-"))
    try:
        for m in counts:
            capture = work / f"cap-{m}"
            _write_misses(capture, root, sources[:m])
            cmd = [*_command(), "misses", str(capture), "--root", str(root), "--format", "json"]

            def once(cmd: list[str] = cmd) -> None:
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=child_env())

            wall, cpu = best_and_cpu(once, args.repeat)
            rows.append([f"misses, {m} miss{'es' if m != 1 else ''}", ms(wall), f"{ms(cpu)} CPU", f"{ms(wall / m)} a miss ({wall / floor:.1f}× floor)"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table(["what", "wall (best)", "cpu", "per miss"], rows))


if __name__ == "__main__":
    main()
