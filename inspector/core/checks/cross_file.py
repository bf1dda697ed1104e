"""The checks across files: the same request recorded twice, one test owning too many recordings.

Fed with small facts of each file (:func:`facts_of`), which the runner (:mod:`inspector.core.checks.runner`)
makes from each file's summary: no file is read again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector.core.checks.codes import CheckOptions, Finding, finding, shell_path
from inspector.core.rules import hashing
from inspector.core.rules.nodeid import test_function

__all__ = ["CrossFileFacts", "facts_of", "cross_file_findings"]


@dataclass(slots=True)
class CrossFileFacts:
    """What the cross-file checks need from one file (kept small: no bodies)."""

    path: str
    folder: Path
    store: str | None
    computed: str | None
    digest: str | None
    test_function: str | None
    named_right: bool = False  # its name is the hash its request computes


def facts_of(
    folder: Path, legacy: bool, spath: str, name: str, test_id: str | None, computed: str | None
) -> CrossFileFacts:
    """What the cross-file checks need of one readable file in ``folder`` (``legacy``: of the 2025
    layout); ``computed``: its hash under the newest rules.

    The runner makes them from each file's (cached) summary.
    """
    _, digest = hashing.parse_file_name(name)
    function = test_function(test_id) if test_id else None
    full = computed if computed and len(computed) == 64 else None
    name_hash = hashing.parse_file_name(name)[0]
    return CrossFileFacts(spath, folder, str(folder) if legacy else None, full, digest, function, full is not None and name_hash == full)


def cross_file_findings(facts: list[CrossFileFacts], opts: CheckOptions) -> list[Finding]:
    """``duplicate-request`` and ``variant-explosion`` over the facts of every file of a run."""
    out: list[Finding] = []
    if opts.wants("duplicate-request"):
        groups: dict[tuple[Any, ...], list[CrossFileFacts]] = defaultdict(list)
        for f in facts:
            if f.computed:
                groups[(f.store, f.computed, f.digest)].append(f)
        for group in groups.values():
            if len(group) < 2:
                continue
            kept = any(g.named_right for g in group)
            for f in group:
                others = [g.path for g in group if g is not f]
                shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
                # a stale-named copy beside the rightly named one: rehash sees the duplicate and can trash it
                hint = (
                    f"recording-inspector rehash --drop-duplicates {shell_path(Path(f.path))} (into the trash, restorable)"
                    if kept and not f.named_right
                    else None
                )
                out.append(
                    finding(
                        f.path,
                        "duplicate-request",
                        f"the same request (hash {f.computed[:12] if f.computed else '?'}…) is also recorded in {shown}",
                        hint,
                    )
                )
    if opts.wants("variant-explosion"):
        tests: dict[str, list[CrossFileFacts]] = defaultdict(list)
        for f in facts:
            if f.test_function:
                tests[f.test_function].append(f)
        for test, owned in sorted(tests.items()):
            if len(owned) > opts.max_variants:
                folders: dict[Path, int] = defaultdict(int)
                for f in owned:
                    folders[f.folder] += 1
                folder = max(folders, key=lambda k: folders[k])
                out.append(
                    finding(
                        str(folder),
                        "variant-explosion",
                        f"test {test} owns {len(owned)} recordings (more than {opts.max_variants})",
                        "check whether its parameters or a generated value make every run record anew",
                    )
                )
    return out
