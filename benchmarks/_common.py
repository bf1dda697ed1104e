"""Shared helpers for the benchmark scripts: test corpora, timing, machine facts, tables.

Benchmarks are run by hand (``python benchmarks/bench_ls.py``) and print tables;
they are not part of the test suite.  Corpora are made once under
``$RECORDING_INSPECTOR_BENCH_DIR`` (default ``/tmp/recording-inspector-bench``)
and reused.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SHARED = Path(os.environ.get("INSPECTOR_SHARED", REPO.parent / "shared"))
BENCH = Path(os.environ.get("RECORDING_INSPECTOR_BENCH_DIR", "/tmp/recording-inspector-bench"))
OLD_MTIME = 1_600_000_000  # corpora look like a checkout made a while ago (the cache skips fresh files)


def machine() -> str:
    """One line: CPU model, usable cores, Python, date."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return f"{cpu}, nproc={cores}, Python {platform.python_version()}, {platform.system()} {platform.release()}, {_dt.date.today()}"


def age(root: Path) -> None:
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(dirpath, name), (OLD_MTIME, OLD_MTIME))


def replicated_corpus(n: int) -> Path:
    """``../shared/corpus`` copied as many times as needed for at least ``n`` files."""
    src = SHARED / "corpus"
    if not src.is_dir():
        raise SystemExit(f"{src} is not present (set INSPECTOR_SHARED)")
    per = sum(1 for _ in src.rglob("*.json"))
    copies = -(-n // per)
    root = BENCH / f"corpus-x{copies}"
    if not (root / f"copy{copies - 1:03}").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        for i in range(copies):
            shutil.copytree(src, root / f"copy{i:03}")
        age(root)
    return root


def synthetic_corpus(n: int, seed: int = 1) -> Path:
    """``n`` generated recordings (made once, with both cores)."""
    root = BENCH / f"synth-{n}-s{seed}"
    marker = root / ".complete"
    if not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(REPO / "scripts" / "generate_corpus.py"), str(root), "--count", str(n), "--seed", str(seed), "--jobs", "2"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        age(root)
        marker.write_text("ok\n")
    return root


def count_files(root: Path) -> tuple[int, int]:
    n = size = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(".json"):
                n += 1
                size += os.path.getsize(os.path.join(dirpath, name))
    return n, size


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds (the machine is shared: the minimum is the least noisy)."""
    return best_and_cpu(fn, repeat)[0]


def best_and_cpu(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Fastest wall time of ``repeat`` runs, and the least CPU time (user + system) the
    processes ``fn`` started used in one run: CPU time does not depend on what else the
    machine is doing, wall time does."""
    import resource

    best = cpu = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = min(cpu, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return best, cpu


def load() -> str:
    """The load average now (other work on a shared machine slows the wall times)."""
    try:
        return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for measured processes: bytecode cached (outside the repository) as
    after an install, whatever ``PYTHONDONTWRITEBYTECODE`` the shell has."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(BENCH / "pycache")
    env.update(extra or {})
    return env


def run(cmd: Sequence[str], env: dict[str, str] | None = None) -> None:
    subprocess.run(list(cmd), check=True, stdout=subprocess.DEVNULL, env=child_env(env))


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (pastes straight into BENCHMARKS.md)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def corpus_sources(source: str, files: int) -> list[tuple[str, Path]]:
    """The corpora a benchmark runs on (``--source corpus|synth|both``), labelled for its tables."""
    sources = []
    if source in ("corpus", "both"):
        sources.append(("../shared/corpus replicated", replicated_corpus(files)))
    if source in ("synth", "both"):
        sources.append(("generated (seed 1)", synthetic_corpus(files)))
    return sources
