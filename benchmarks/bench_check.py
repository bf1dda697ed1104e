"""``check`` and ``fmt --check`` of a 3,000-file repository against the floor, cold and warm;
the Problems view warm; memory of a cold ``check`` at scale.

    python benchmarks/bench_check.py [--files 3000] [--repeat 3] [--source corpus|synth|both]
                                     [--problems] [--memory 100000]

* floor: read and ``orjson.loads`` every file, one process (as in bench_ls.py)
* ls cold / ls warm: the index alone (summaries, no checks): what a check run cannot beat
* check --no-cache: every file read and checked, the cache left alone (both cores)
* check cold: an empty cache (the run writes it); check warm: the second run
* check --changed-only, one file: what the pre-commit hook does (its folder is read from the cache)
* fmt --check --no-cache / warm
* Problems view (``--problems``): the app headless, warm cache, from ``p`` to the report on screen
* memory (``--memory N``): peak proportional set size of a cold ``check`` of N generated
  files, all its processes together, sampled every 50 ms
* text against JSON (``--text-vs-json``): a warm ``check`` printing its text report (piped, and
  coloured as on a terminal) against the same check with ``--format json``, run in turn
  ``--repeat`` times: median CPU, and the median of each text run's CPU over the JSON run's
  beside it; then the output alone, in one process: the same report as text and as JSON Lines
* stages (``--stages``): where a cold check's time goes, one process, one core: reading and
  parsing every file, summarising it (what ``ls`` does), its own checks, the format verdict
  (``is_recorder_bytes``), the secrets scan alone; each against the orjson loop in the same
  child (the floors a cold check cannot go under)

Each command row is a fresh process (the installed command, output to /dev/null), best of
``--repeat``, with the CPU time (user + system, the process and its workers) of the cheapest run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    BENCH,
    REPO,
    best_and_cpu,
    child_env,
    corpus_sources,
    count_files,
    load,
    machine,
    ms,
    run,
    synthetic_corpus,
    table,
)
from bench_ls import FLOOR


def _command() -> list[str]:
    script = Path(sys.executable).with_name("recording-inspector")
    return [str(script)] if script.exists() else [sys.executable, "-m", "inspector"]


def _quiet(cmd: list[str], env: dict[str, str]) -> None:
    # check and fmt --check exit 1 when they find something: that is a result, not a failure
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=child_env(env))
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()[-500:]}")


def bench(root: Path, repeat: int) -> list[tuple[str, float, float]]:
    py = sys.executable
    ri = _command()
    cache = tempfile.mkdtemp(prefix="ri-cache-", dir=BENCH)
    env = {"RECORDING_INSPECTOR_CACHE_DIR": cache}
    check = [*ri, "check", str(root), "--format", "json"]
    fmt = [*ri, "fmt", "--check", "--quiet", str(root)]
    ls = [*ri, "ls", str(root), "--format", "jsonl"]
    one = str(next(iter(sorted(root.rglob("*.json")))))
    out: list[tuple[str, float, float]] = []

    def cold(cmd: list[str]) -> None:
        shutil.rmtree(cache, ignore_errors=True)
        _quiet(cmd, env)

    out.append(("floor (orjson loop)", *best_and_cpu(lambda: run([py, "-c", FLOOR.format(root=str(root))]), repeat)))
    out.append(("ls cold (index alone)", *best_and_cpu(lambda: cold(ls), repeat)))
    _quiet(ls, env)
    out.append(("ls warm (index alone)", *best_and_cpu(lambda: _quiet(ls, env), repeat)))
    out.append(("check --no-cache", *best_and_cpu(lambda: _quiet([*check, "--no-cache"], env), repeat)))
    out.append(("check --no-cache, one core", *best_and_cpu(lambda: _quiet([*check, "--no-cache"], {**env, "RECORDING_INSPECTOR_WORKERS": "1"}), 1)))
    out.append(("check cold (empty cache, writes it)", *best_and_cpu(lambda: cold(check), repeat)))
    _quiet(check, env)
    out.append(("check warm", *best_and_cpu(lambda: _quiet(check, env), repeat)))
    out.append(("check --changed-only, 1 file, warm", *best_and_cpu(lambda: _quiet([*ri, "check", "--changed-only", one], env), repeat)))
    out.append(("fmt --check --no-cache", *best_and_cpu(lambda: _quiet([*fmt, "--no-cache"], env), repeat)))
    out.append(("fmt --check warm", *best_and_cpu(lambda: _quiet(fmt, env), repeat)))
    out.append(("fmt --check cold (fills the cache)", *best_and_cpu(lambda: cold(fmt), repeat)))
    shutil.rmtree(cache, ignore_errors=True)
    return out


PROBLEMS_CHILD = """
import asyncio, json, sys, time
sys.path.insert(0, {repo!r})
from inspector.ui.app import make_app
from inspector.ui.screens.problems import ProblemsScreen
from inspector.ui.widgets.problem_tree import ProblemTree

async def main():
    app = make_app([{root!r}], replay_speed=0, autoplay=False, animations=False)
    async with app.run_test(size=(160, 50)) as pilot:
        while not app.screen._finished:
            await pilot.pause(0.05)
        await pilot.pause()
        t = time.perf_counter()
        await pilot.press("p")
        while not (isinstance(app.screen, ProblemsScreen) and app.screen.report is not None):
            await pilot.pause(0.01)
        await pilot.pause()  # the tree drawn
        took = time.perf_counter() - t
        tree = app.screen.query_one(ProblemTree)
        print(json.dumps({{"seconds": took, "findings": len(app.screen.report.findings), "groups": len(tree.root.children)}}))

asyncio.run(main())
"""


def problems_view(root: Path, repeat: int) -> tuple[float, int]:
    cache = tempfile.mkdtemp(prefix="ri-cache-", dir=BENCH)
    env = child_env({"RECORDING_INSPECTOR_CACHE_DIR": cache})
    _quiet([*_command(), "check", str(root)], {"RECORDING_INSPECTOR_CACHE_DIR": cache})  # warm: checked once
    code = PROBLEMS_CHILD.format(repo=str(REPO), root=str(root))
    best, findings = float("inf"), 0
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        best, findings = min(best, r["seconds"]), r["findings"]
    shutil.rmtree(cache, ignore_errors=True)
    return best, findings




OUTPUT_CHILD = """
import io, json, os, sys, time
sys.path.insert(0, {repo!r})
from inspector.cli import check as cli_check
from inspector.cli.output import json_line
from inspector.cli.paths import display_path
from inspector.core.checks.file_checks import CheckOptions
from inspector.core.checks.runner import check_indexed
from inspector.core.recording.discovery import discover

report = check_indexed(discover([{root!r}]), CheckOptions(), display=display_path)
sink = open(os.devnull, "w")

def as_json():
    for f in report.findings:
        sink.write(json_line(f.to_json()) + "\\n")
    sink.flush()

def as_text():
    saved, sys.stdout = sys.stdout, sink
    try:
        cli_check._print_text(report)
    finally:
        sys.stdout = saved

out = {{"findings": len(report.findings)}}
for name, fn in (("json", as_json), ("text", as_text)):
    best = float("inf")
    for _ in range({repeat}):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    out[name] = best
print(json.dumps(out))
"""


def _cpu(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU time (user + system) of one run of ``cmd``."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    _quiet(cmd, env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def text_vs_json(root: Path, repeat: int) -> tuple[list[tuple[str, float, float, float]], dict[str, float]]:
    """A warm check as JSON, as text and as coloured text, run in turn ``repeat`` times (fresh
    processes; on a shared machine a run's neighbours change, so each text run is compared with
    the JSON run beside it); then the two outputs alone, in one process."""
    import statistics

    ri = _command()
    cache = tempfile.mkdtemp(prefix="ri-cache-", dir=BENCH)
    env = {"RECORDING_INSPECTOR_CACHE_DIR": cache}
    check = [*ri, "check", str(root)]
    _quiet(check, env)  # warm
    runs = {
        "check warm --format json": ([*check, "--format", "json"], env),
        "check warm, text (piped)": (check, env),
        "check warm, text with colours": (check, {**env, "FORCE_COLOR": "1"}),
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (cmd, e) in runs.items():
            times[name].append(_cpu(cmd, e))
    json_cpu = [c for _, c in times["check warm --format json"]]
    rows = []
    for name, got in times.items():
        cpu = [c for _, c in got]
        paired = statistics.median(c / j for c, j in zip(cpu, json_cpu, strict=True))
        rows.append((name, min(w for w, _ in got), statistics.median(cpu), paired))
    code = OUTPUT_CHILD.format(repo=str(REPO), root=str(root), repeat=max(repeat, 3))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=child_env(env), check=True)
    shutil.rmtree(cache, ignore_errors=True)
    return rows, json.loads(done.stdout.strip().splitlines()[-1])


STAGES_CHILD = """
import json, os, sys, time
sys.path.insert(0, {repo!r})
import orjson
from inspector.core.checks.runner import _read, check_context, file_checks
from inspector.core.recording.discovery import discover
from inspector.core.base.jsonio import is_recorder_bytes
from inspector.core.recording.secrets import scan_value
from inspector.core.index.summary import summarize

files = [str(p) for p in discover([{root!r}]).files]
context = check_context()
clock = time.process_time
out = dict.fromkeys(("floor (orjson loop, this process)", "read and parse (load_bytes)", "summarize (the index's part)",
                     "file_checks (all per-file checks)", "  of which: format verdict", "  of which: secrets scan"), 0.0)
names = list(out)
t = clock()
for f in files:
    with open(f, "rb") as fh:
        orjson.loads(fh.read())
out[names[0]] = clock() - t
for f in files:  # one file at a time, as a check goes (all of them in memory would time the collector)
    t0 = clock()
    raw, rec = _read(f)
    t1 = clock()
    summarize(rec, mtime=0.0)
    t2 = clock()
    file_checks(rec, raw, None, context)
    t3 = clock()
    out[names[1]] += t1 - t0
    out[names[2]] += t2 - t1
    out[names[3]] += t3 - t2
    t0 = clock()
    if raw is not None and rec.ok:
        is_recorder_bytes(rec.data, raw)
    t1 = clock()
    scan_value(rec.data)
    out[names[4]] += t1 - t0
    out[names[5]] += clock() - t1
print(json.dumps(out))
"""


def stages(root: Path) -> list[tuple[str, str, str]]:
    code = STAGES_CHILD.format(repo=str(REPO), root=str(root))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=child_env(), check=True)
    r = json.loads(done.stdout.strip().splitlines()[-1])
    floor = next(iter(r.values()))
    return [(name, ms(v), f"{v / floor:.2f}") for name, v in r.items()]


def _tree(pid: int) -> list[int]:
    out = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for c in (task / "children").read_text().split():
                out += _tree(int(c))
    except OSError:
        pass
    return out


def _pss(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1e3
    except OSError:
        pass
    return 0.0


def memory(n: int) -> list[tuple[str, str, str]]:
    root = synthetic_corpus(n)
    cache = tempfile.mkdtemp(prefix="ri-cache-", dir=BENCH)
    rows = []
    for label in ("cold (empty cache, 2 cores)", "warm"):
        cmd = [*_command(), "check", str(root), "--format", "json"]
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env({"RECORDING_INSPECTOR_CACHE_DIR": cache}))
        peak = 0.0
        while p.poll() is None:
            peak = max(peak, sum(_pss(q) for q in _tree(p.pid)))
            time.sleep(0.05)
        rows.append((label, f"{time.perf_counter() - t:.1f} s", f"{peak:.0f} MB"))
    shutil.rmtree(cache, ignore_errors=True)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--source", choices=("corpus", "synth", "both"), default="both")
    ap.add_argument("--problems", action="store_true", help="also time the app's Problems view (warm)")
    ap.add_argument("--memory", type=int, metavar="N", help="also measure a cold check of N generated files")
    ap.add_argument("--stages", action="store_true", help="also time a cold check's stages in one process")
    ap.add_argument("--text-vs-json", action="store_true", help="also time a warm check's text report against JSON")
    ap.add_argument("--skip-commands", action="store_true", help="only the --problems / --memory / --stages / --text-vs-json parts")
    args = ap.parse_args()
    print(machine())
    for label, root in corpus_sources(args.source, args.files):
        n, size = count_files(root)
        before = load()
        if not args.skip_commands:
            rows = bench(root, args.repeat)
            floor, floor_cpu = rows[0][1], rows[0][2]
            print(f"\n{label}: {n} files, {size / 1e6:.0f} MB ({root}); {before}, after: {load()}\n")
            print(table(("run", "wall", "x floor", "CPU", "x floor CPU"),
                        [(name, ms(t), f"{t / floor:.2f}", ms(c), f"{c / floor_cpu:.2f}") for name, t, c in rows]))
        if args.stages:
            print(f"\n{label}: a cold check's stages, one process, CPU time ({load()}):\n")
            print(table(("stage", "CPU", "x floor CPU"), stages(root)))
        if args.text_vs_json:
            rows, alone = text_vs_json(root, args.repeat)
            print(f"\n{label}: text against JSON, warm cache, {int(alone['findings']):,} findings, {args.repeat} runs each ({load()}):\n")
            print(table(("run", "best wall", "median CPU", "x json CPU (paired median)"),
                        [(name, ms(w), ms(c), f"{r:.2f}") for name, w, c, r in rows]))
            print(f"\nthe output alone, one process: JSON Lines {ms(alone['json'])}, text {ms(alone['text'])}"
                  f" ({alone['text'] / alone['json']:.2f}x)")
        if args.problems:
            took, findings = problems_view(root, args.repeat)
            print(f"\n{label}: Problems view, warm cache, p to the report on screen: {ms(took)} ({findings:,} findings)")
    if args.memory:
        print(f"\ncheck of {args.memory:,} generated files ({load()}):\n")
        print(table(("run", "time", "peak PSS, all processes"), memory(args.memory)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
