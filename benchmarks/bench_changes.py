"""``changes`` on a range that rewrote 1,000 recordings, against git's own floor (issue 16).

    python benchmarks/bench_changes.py [--count 1000] [--repeat 3]

Builds (once, under the bench folder) a git repository of ``count`` generated
recordings (``inspector/testing/factories.py``) and a second commit that rewrites every one
of them: most re-recorded with churn only (ids, fingerprints), every 10th with a
changed request, every 10th (offset 1) with an edited response, every 10th (offset 2)
pointed at another host.  Then, each in a fresh process:

- *floor*: ``git diff --raw`` of the range plus ``git cat-file --batch`` of every
  blob on both sides (what any review of the range must read), no parsing;
- *changes json*: ``recording-inspector changes A..B --format json``;
- *changes text*: the same in text;

each of those twice: with a *cold* blob cache (an empty cache folder per run: every
blob read and reduced, on both cores) and a *warm* one (primed by one run first:
no blob read).

The goal: under 10 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import BENCH, REPO, machine

from inspector.core.base.writer import render
from inspector.testing.factories import generate

_ENV = {**os.environ, "PYTHONPATH": str(REPO), "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}


def _git(root: Path, *args: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=_ENV, **kw)  # type: ignore[call-overload]


def _rewrite(data: dict, i: int) -> None:
    """Re-record file ``i``: churn for most, a request / response / host change for some."""
    def churn(value: object) -> None:
        if isinstance(value, dict):
            for k in value:
                if k in ("system_fingerprint", "created", "id", "created_at") or k.endswith("_duration"):
                    value[k] = f"fp_{i}" if isinstance(value[k], str) else 1_700_000_000 + i
                else:
                    churn(value[k])
        elif isinstance(value, list):
            for v in value:
                churn(v)

    churn(data["response"])
    data["response"].setdefault("body", None)
    req = data["request"]
    if i % 10 == 0:
        target = req.get("body") if isinstance(req.get("body"), dict) else req.get("payload") or req.get("kwargs")
        if isinstance(target, dict):
            target["seed"] = i
    elif i % 10 == 1:
        data["response"]["is_streaming"] = data["response"].get("is_streaming", False)
        data["response"]["status"] = 500  # beyond churn: a response change
    elif i % 10 == 2 and isinstance(req.get("url"), str):
        req["url"] = req["url"].replace("localhost", "127.0.0.1", 1).replace("://", "://proxy.", 1)


def build(count: int) -> Path:
    root = BENCH / f"git-changes-{count}"
    if (root / ".git" / "bench-complete").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    generate(root, count, seed=1)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "recordings")
    _git(root, "tag", "before")
    files = sorted((root / "tests").rglob("*.json"))
    for i, f in enumerate(files):
        raw = f.read_bytes()
        data = json.loads(raw)
        _rewrite(data, i)
        if render(data) == raw:  # nothing the recorder regenerates in this one: a value nobody reads
            data["id_normalization_mapping"] = {"bench": str(i)}
        f.write_bytes(render(data))
    _git(root, "commit", "-q", "-am", f"re-record {len(files)} recordings")
    _git(root, "tag", "after")
    (root / ".git" / "bench-complete").write_text("ok\n")
    return root


_FLOOR = r"""
import subprocess, sys
root = sys.argv[1]
raw = subprocess.run(["git", "-C", root, "diff", "--raw", "-z", "--no-renames", "--abbrev=40", "before", "after"], capture_output=True, check=True).stdout
fields = raw.split(b"\0")
shas = []
for meta in fields[0::2]:
    if meta.startswith(b":"):
        parts = meta[1:].split(b" ")
        shas += [parts[2], parts[3]]
p = subprocess.Popen(["git", "-C", root, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
total = 0
for sha in shas:
    p.stdin.write(sha + b"\n"); p.stdin.flush()
    size = int(p.stdout.readline().split()[2])
    total += len(p.stdout.read(size + 1))
p.stdin.close(); p.wait()
print(len(shas), total)
"""


def _time(cmd: list[str], cache: str | None = None) -> tuple[float, float, str]:
    """Wall time, and CPU time of the process and its children (git included): the load cannot inflate that."""
    env = {**_ENV, "RECORDING_INSPECTOR_CACHE_DIR": cache} if cache else _ENV
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, env=env, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {out.stderr.decode()[:300]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out.stdout.decode()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    if shutil.which("git") is None:
        raise SystemExit("git is not installed")
    root = build(a.count)
    py = sys.executable
    json_cmd = [py, "-m", "inspector", "changes", "--repo", str(root), "before..after", "--format", "json"]
    text_cmd = [py, "-m", "inspector", "changes", "--repo", str(root), "before..after"]
    warm = tempfile.mkdtemp(prefix="changes-warm-", dir=BENCH)
    _time(json_cmd, warm)  # primes the blob cache (the text run shares it: same blobs, same rules)
    runs: dict[str, tuple[list[str], str | None]] = {
        "floor (git diff --raw + cat-file --batch)": ([py, "-c", _FLOOR, str(root)], None),
        "changes --format json, cold cache": (json_cmd, "cold"),
        "changes --format json, warm cache": (json_cmd, warm),
        "changes (text), cold cache": (text_cmd, "cold"),
        "changes (text), warm cache": (text_cmd, warm),
    }
    print(f"# {machine()}; load average {os.getloadavg()[0]:.1f}")
    print(f"# {a.count} recordings rewritten in one commit; best and median of {a.repeat} fresh processes\n")
    print("| run | best s | median s | × floor | CPU s (best) | CPU × floor |")
    print("|---|---:|---:|---:|---:|---:|")
    floor_best = floor_cpu = None
    outputs: dict[str, str] = {}
    for name, (cmd, cache) in runs.items():
        times, cpus = [], []
        out = ""
        for _ in range(a.repeat):
            cold = tempfile.mkdtemp(prefix="changes-cold-", dir=BENCH) if cache == "cold" else None
            try:
                wall, cpu, out = _time(cmd, cold or cache)
            finally:
                if cold:
                    shutil.rmtree(cold, ignore_errors=True)
            times.append(wall)
            cpus.append(cpu)
        times.sort()
        best, median, cpu = times[0], times[len(times) // 2], min(cpus)
        floor_best, floor_cpu = floor_best or best, floor_cpu or cpu
        print(f"| {name} | {best:.2f} | {median:.2f} | {best / floor_best:.1f} | {cpu:.2f} | {cpu / floor_cpu:.1f} |")
        outputs[name] = out
    shutil.rmtree(warm, ignore_errors=True)
    if outputs["changes --format json, cold cache"] != outputs["changes --format json, warm cache"]:
        raise SystemExit("cold and warm runs disagree")
    rows = [json.loads(line) for line in outputs["changes --format json, warm cache"].splitlines() if line]
    classes: dict[str, int] = {}
    for r in rows:
        for c in r["classes"] or ():
            classes[c] = classes.get(c, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(classes.items()))
    print(f"\n# rows: {len(rows)}; classes: {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
