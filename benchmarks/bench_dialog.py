"""The duplicate dialog's check, per keystroke, on the largest recording of ../shared/corpus.

    python benchmarks/bench_dialog.py

The dialog (`n`) names the copy's file on every keystroke.  It used to plan the whole
copy each time (read, parse, re-point every id in the response); it now reads the file
once (``Curator.duplicate_source``) and hashes only the request per keystroke.  Both
are timed here in the same run, best of 20, so the old cost is the floor it is measured against.
"""

from __future__ import annotations

import sys
import time

from _common import SHARED, machine, table

from inspector.core.edit.curate import Curator


def best(fn, runs: int = 20) -> float:
    out = float("inf")
    for i in range(runs):
        t = time.perf_counter()
        fn(i)
        out = min(out, time.perf_counter() - t)
    return out


def main() -> int:
    corpus = SHARED / "corpus"
    files = sorted(corpus.rglob("*.json"), key=lambda p: p.stat().st_size) if corpus.is_dir() else []
    if not files:
        raise SystemExit(f"{corpus} is not present (set INSPECTOR_SHARED)")
    big = files[-1]
    root = next(p for p in big.parents if (p / "tests").is_dir())
    curator = Curator(root)
    test = "tests/integration/responses/test_copies.py::test_copy_{}"
    print(machine())
    print(f"{big.name[:16]}… {big.stat().st_size / 1e6:.2f} MB")
    whole = best(lambda i: curator.plan_duplicate(big, test.format(i)))
    opened = best(lambda i: curator.duplicate_source(big), runs=5)
    source = curator.duplicate_source(big)
    key = best(lambda i: source.target(test.format(i)))
    print(table(("step", "best"), [
        ("plan the whole copy (the old per-keystroke check)", f"{whole * 1000:.2f} ms"),
        ("open the dialog: read and parse once", f"{opened * 1000:.2f} ms"),
        ("per keystroke now: name the target", f"{key * 1000:.3f} ms"),
    ]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
