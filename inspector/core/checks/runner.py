"""``check`` through the index cache: each file checked once, then answered from its summary.

A file's own findings (:func:`~inspector.core.checks.file_checks.check_recording`), whether its
bytes are already the recorder's (what ``fmt --check`` asks) and whether
``normalize`` would change it are worked out in the same read that makes its
summary, and stored with it (``Summary.checks``, a :class:`FileChecks`).  The index
cache then keys them as it keys summaries: size, ``mtime_ns``, rule set and the
fingerprint of the code (the check modules included), plus a *check context* (the
working folder the hints' paths are relative to, and ``--tests-root``).

What does not belong to one file is worked out afterwards, from the summaries:

- the cross-file checks (duplicates, variants) get their facts from the summaries;
- ``orphan-test`` depends on the test files, not on the recording: it is looked up
  every run (one ``ast`` parse per test file, cached for the run);
- ``--select``/``--ignore`` and ``--max-variants`` filter what was cached.

A cold run is the index's: files read in this process, or by its pool of worker
processes once there are enough of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.core.base.jsonio import is_recorder_bytes
from inspector.core.checks.codes import CODES, CheckOptions, CheckReport, Finding
from inspector.core.checks.cross_file import CrossFileFacts, cross_file_findings, facts_of
from inspector.core.checks.file_checks import check_leftover, check_orphan, check_recording
from inspector.core.index.listing import Checking, IndexStats, iter_summaries
from inspector.core.index.summary import PATH_MARK, FileChecks, Summary
from inspector.core.recording.discovery import Discovery, discover
from inspector.core.rules import profiles
from inspector.core.rules.layout import in_legacy_layout

if TYPE_CHECKING:  # reading and checking a file is imported by whoever reads one (a warm run never does)
    from inspector.core.recording.loading import Recording
from inspector.core.rules.testsource import TestSourceCache

__all__ = [
    "check_context",
    "checked_summary",
    "file_checks",
    "findings_of",
    "iter_checked",
    "check_indexed",
    "check_paths",
]

# Not cached: the answer depends on the test files, which the cache key does not cover.
_AFTER_CACHE = frozenset({"orphan-test"})
_INVALID = "invalid"  # Kind.INVALID.value
_MISS = "miss"  # Kind.MISS.value: a captured miss is no recording to read


def check_context(tests_root: str | os.PathLike[str] | None = None) -> str:
    """The check context of this process: findings cached in another one are made again."""
    root = os.path.abspath(tests_root) if tests_root is not None else ""
    return f"{os.getcwd()}\0{root}"


def _read(path: str) -> tuple[bytes | None, Recording]:
    """The file's bytes (for the format check) and its recording, from one read."""
    from inspector.core.recording.loading import MAX_FILE_BYTES, load, load_bytes

    p = Path(path)
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            return None, load(p)
        raw = p.read_bytes()
    except OSError:
        return None, load(p)  # says why, in load's words
    return raw, load_bytes(raw, p)


def file_checks(rec: Recording, raw: bytes | None, rules: profiles.RuleSet | None, context: str) -> FileChecks:
    """The check results stored with one file's summary (never raises for what the file holds)."""
    _cwd, _, tests_root = context.partition("\0")
    opts = CheckOptions(
        rules=rules or profiles.NEWEST, tests_root=Path(tests_root) if tests_root else None, ignore=_AFTER_CACHE
    )
    findings = tuple(
        (f.code, f.message, f.hint) if f.code in CODES and f.severity == CODES[f.code].severity else (f.code, f.message, f.hint, f.severity)
        for f in check_recording(rec, opts, display=PATH_MARK)
    )
    data = rec.data
    formatted: bool | None = None
    normalize = "not a recording"
    if raw is not None and isinstance(data, dict) and "request" in data and "response" in data:
        formatted = is_recorder_bytes(data, raw)
        try:
            plan = rec.normalization(rules or profiles.NEWEST)  # (the one check_recording made)
            normalize = plan.skipped or ("needed" if plan.needed else "")
        except RecursionError:
            normalize = "nested too deeply"
    newest = None
    if rules is not None and rules is not profiles.NEWEST and rec.ok:
        try:
            newest = rec.hash.computed
        except RecursionError:
            newest = None
    named_right = False
    if rec.ok and rec.path is not None:
        from inspector.core.edit.rehash import plan_rehash  # the edit layer, for the one rule of what rehash renames

        try:
            plan = plan_rehash(rec.path, data, rules=rules or profiles.NEWEST, relocate=False, loaded=rec)
            named_right = plan.status == "unchanged"
        except RecursionError:
            named_right = False
    return FileChecks(context, findings, formatted, normalize, newest, named_right)


def checked_summary(
    path: str, *, mtime: float, timestamp: str | None, rules: profiles.RuleSet | None, context: str
) -> Summary:
    """Read one file once: its summary, carrying its check results."""
    from inspector.core.index.summary import summarize

    raw, rec = _read(path)
    s = summarize(rec, mtime=mtime, timestamp=timestamp, rules=rules)
    return replace(s, checks=file_checks(rec, raw, rules, context))


def iter_checked(
    found: Discovery,
    *,
    rules: profiles.RuleSet | None = None,
    tests_root: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    workers: int | None = None,
    stats: IndexStats | None = None,
) -> Iterator[Summary]:
    """Summaries of the discovered files, in path order, each with ``checks`` set."""
    return iter_summaries(
        [],
        found=found,
        use_cache=use_cache,
        rules=None if rules is None or rules is profiles.NEWEST else rules,
        workers=workers,
        stats=stats,
        checks=Checking(check_context(tests_root), checked_summary),
    )


def findings_of(s: Summary, shown: str) -> list[Finding]:
    """The cached per-file findings of a checked summary, for the path shown as ``shown``."""
    assert s.checks is not None, "summary made without checks (iter_checked makes them)"
    out = []
    for code, message, hint, *own in s.checks.findings:
        info = CODES.get(code)
        severity = own[0] if own else info.severity if info else "warning"
        out.append(
            Finding(
                shown,
                code,
                severity,
                message.replace(PATH_MARK, shown),
                hint.replace(PATH_MARK, shown) if hint is not None else None,
            )
        )
    return out


def check_indexed(
    found: Discovery,
    opts: CheckOptions | None = None,
    *,
    display: Callable[[Path], str] = str,
    progress: Callable[[int], None] | None = None,
    only: Collection[str | os.PathLike[str]] | None = None,
    use_cache: bool = True,
    workers: int | None = None,
    stats: IndexStats | None = None,
) -> CheckReport:
    """Every check over what ``found`` holds: per-file findings from the index cache where it can, then the
    checks across files, interrupted saves and discovery problems; findings sorted by path.

    ``only``: report on these files alone (``check --changed-only``); the other files
    found still feed the cross-file checks, so a staged file that duplicates one
    already committed is reported.  ``files`` in the report counts what was reported on.
    """
    opts = opts or CheckOptions()
    report = CheckReport()
    sources = TestSourceCache()
    wanted = {os.path.abspath(p) for p in only} if only is not None else None
    reported: set[str] = set()  # shown paths of the files reported on
    folders: set[Path] = set()  # and their folders (variant-explosion is reported by folder)
    facts: list[CrossFileFacts] = []
    orphan = opts.tests_root is not None and opts.wants("orphan-test")
    # Per folder, not per file: a Path and its layout (pathlib costs more than the rest of a warm run).
    folder_of: dict[str, tuple[Path, bool]] = {}
    judged: list[tuple[str, str, str | None]] = []  # for ``unread`` (--runs)
    done = 0
    for s in iter_checked(
        found, rules=opts.rules, tests_root=opts.tests_root, use_cache=use_cache, workers=workers, stats=stats
    ):
        done += 1
        if progress is not None:
            progress(done)
        head, name = os.path.split(s.path)
        where = folder_of.get(head)
        if where is None:
            folder = Path(head)
            where = folder_of[head] = (folder, in_legacy_layout(folder / name))
        shown = display(s.path)  # type: ignore[arg-type]  # (str or Path: both display alike)
        if s.kind != _INVALID:
            assert s.checks is not None
            computed = s.computed_hash if opts.rules is profiles.NEWEST else s.checks.newest_hash
            facts.append(facts_of(where[0], where[1], shown, name, s.test_id, computed))
        if wanted is not None and os.path.abspath(s.path) not in wanted:
            continue
        report.files += 1
        reported.add(shown)
        folders.add(where[0])
        if s.checks is not None and s.checks.findings:
            report.findings += [f for f in findings_of(s, shown) if opts.wants(f.code)]
        if orphan and s.test_id and s.kind != _INVALID:
            report.findings += check_orphan(s.test_id, Path(s.path), shown, opts, sources)
        if opts.runs is not None and s.kind not in (_INVALID, _MISS):
            judged.append((shown, s.path, s.test_id))
    if opts.runs is not None and opts.wants("unread"):
        from inspector.core.checks.unread import unread_findings

        report.findings += unread_findings(judged, opts.runs, complete=opts.complete)
    cross = cross_file_findings(facts, opts)
    if wanted is not None:
        cross = [
            f
            for f in cross
            if f.path in reported or (f.code == "variant-explosion" and Path(f.path) in folders)
        ]
    report.findings += cross
    if opts.wants("interrupted-save"):
        leftovers = found.leftovers
        if wanted is not None:
            leftovers = [p for p in leftovers if p.parent in folders]
        report.findings += [f for f in (check_leftover(p, display) for p in leftovers) if f is not None]
    if opts.wants("discovery") and wanted is None:
        for issue in found.issues:
            if issue.code != "missing-path":
                report.findings.append(
                    Finding(display(issue.path), "discovery", CODES["discovery"].severity, f"{issue.code}: {issue.message}")
                )
    order = {code: i for i, code in enumerate(CODES)}  # (a dict: thousands of findings to sort)
    report.findings.sort(key=lambda f: (f.path, order.get(f.code, 99)))
    return report


def check_paths(paths: Iterable[str | os.PathLike[str]], opts: CheckOptions | None = None) -> CheckReport:
    """Discover recordings under ``paths`` (folders or files) and check them all, through the index cache."""
    return check_indexed(discover(list(paths)), opts)
