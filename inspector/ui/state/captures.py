"""What a replay run captured, as the app holds it: misses explained, run records, unread recordings.

The app is opened with ``--misses DIR…`` and/or ``--runs DIR…`` (or finds ``DIR`` in
``RECORDING_INSPECTOR_MISSES``).  Plain Python over the core (no widgets): the main
screen's workers call :func:`read_captures`, :func:`explain` and :func:`unread_paths`
off the UI thread, and :class:`Captures` keeps their answers for the tree's labels,
Compare, the heal dialog and the ``is:unread`` filter term.

The core does the work: :mod:`inspector.core.recording.captures` reads the folders,
:mod:`inspector.core.checks.misses` explains each miss (nearest recording, changed
paths, heal class, target), :mod:`inspector.core.checks.unread` judges the recordings
against the run records, and :mod:`inspector.core.heal` writes.  All of them load only
when the app was given capture folders: the first frame of a plain app reads none.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.core.index.summary import Summary

if TYPE_CHECKING:
    from inspector.core.checks.misses import MissReport
    from inspector.core.recording.captures import CapturedMiss, RunsRead
    from inspector.core.recording.diff import PathChange

__all__ = [
    "HEALED",
    "PENDING",
    "PRESENT",
    "UNEXPLAINED",
    "Captures",
    "CapturesRead",
    "MissFocus",
    "explain",
    "focus_of",
    "read_captures",
    "reason_of",
    "repo_root_of",
    "unread_paths",
]

#: What the tree shows for a miss besides its class: while it is being explained, once the app
#: healed it, and when a file with its hash is already where replay looks (the checkout has it since).
PENDING = "…"
HEALED = "healed"
PRESENT = "present"
#: A miss file the app shows but was not given as a capture folder (opened as a path): not explained.
UNEXPLAINED = "?"

_MISS = "miss"  # Kind.MISS.value
_INVALID = "invalid"  # Kind.INVALID.value


@dataclass(slots=True)
class CapturesRead:
    """The capture folders read: one summary per distinct miss (for the tree), the misses, the run records."""

    summaries: list[Summary] = field(default_factory=list)
    misses: list[CapturedMiss] = field(default_factory=list)
    runs: RunsRead | None = None
    errors: list[str] = field(default_factory=list)  # one line each


def read_captures(misses: Sequence[str | os.PathLike[str]], runs: Sequence[str | os.PathLike[str]]) -> CapturesRead:
    """Read the misses of ``misses`` and the run records of ``runs`` (never raises: errors are lines)."""
    from inspector.core.index.summary import summarize
    from inspector.core.recording.captures import read_misses, read_runs

    out = CapturesRead()
    if misses:
        got = read_misses(misses)
        out.errors += [e.message for e in got.errors]
        # The core reads folders as absolute paths; the tree shows a miss as its folder was given
        # (relative to the current folder when it was), as it shows every recording.
        spelled = {os.path.abspath(d): Path(d) for d in misses}
        seen: set[str] = set()
        for m in got.misses:
            if m.hash in seen:  # the same miss captured by several jobs: one row (explain_misses counts it once)
                continue
            seen.add(m.hash)
            given = spelled.get(str(m.capture_dir))
            if given is not None:
                m = replace(m, path=given / m.path.relative_to(m.capture_dir))
            out.misses.append(m)
            s = summarize(m.recording, mtime=_mtime(m.path))
            shown = str(m.path)
            # summarize names the file by the path it was loaded from; the search text holds it too
            out.summaries.append(replace(s, path=shown, search=s.search.replace(s.path.lower(), shown.lower(), 1)))
    if runs:
        got_runs = read_runs(runs)
        out.errors += [e.message for e in got_runs.errors]
        out.runs = got_runs
        if not got_runs.runs and not got_runs.errors:
            out.errors.append(f"--runs: no run record (runs/*.jsonl) in {', '.join(str(d) for d in runs)}")
    return out


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def repo_root_of(paths: Iterable[str | os.PathLike[str]]) -> Path | None:
    """The repository root above the first folder the app opened (None: let the core find it from the misses)."""
    from inspector.core.rules import layout

    for p in paths:
        folder = Path(p) if os.path.isdir(p) else Path(p).parent
        return layout.repo_root(folder)
    return None


def explain(misses: Sequence[CapturedMiss], root: Path | None, rules: str = "newest") -> dict[str, MissReport]:
    """Each miss explained (nearest, changed paths, heal class, target), by its miss file's path."""
    from inspector.core.checks.misses import explain_misses
    from inspector.core.rules.profiles import rule_set

    reports = explain_misses(misses, root, rules=rule_set(rules))
    return {str(r.miss.path): r for r in reports}


def unread_paths(summaries: Iterable[Summary], runs: RunsRead, *, complete: bool = False) -> frozenset[str]:
    """The library paths of the recordings no run read (the core's ``unread`` check)."""
    from inspector.core.checks.unread import unread_findings

    judged = [(s.path, s.path, s.test_id) for s in summaries if s.kind not in (_INVALID, _MISS)]
    return frozenset(f.path for f in unread_findings(judged, runs, complete=complete))


@dataclass(frozen=True, slots=True)
class MissFocus:
    """What Compare marks when it shows a miss beside its nearest recording (B is the miss)."""

    heal: str  # safe | unsafe | none | healed
    changed: tuple[PathChange, ...]  # the request paths the core found changed, old → new
    reason: str  # the class in words
    target: str | None  # where heal writes (shown relative to the root)


_REASONS = {
    "safe": "only the test id differs: the provider would get the same request",
    "unsafe": "the request changed where the provider sees it",
    "none": "nothing resembles the request",
}


def reason_of(report: MissReport) -> str:
    """The heal class in words (the core's note for a miss nothing resembles)."""
    if report.heal == "none" and report.note:
        return report.note
    return _REASONS.get(report.heal, report.heal)


def focus_of(report: MissReport, healed: bool = False) -> MissFocus:
    """What Compare marks for ``report``."""
    return MissFocus(HEALED if healed else report.heal, report.changed, reason_of(report), report.shown(report.target))


class Captures:
    """The capture folders the app was given, and what the core made of them so far."""

    def __init__(self, misses: Sequence[Path] = (), runs: Sequence[Path] = ()) -> None:
        self.misses_dirs = list(misses)
        self.runs_dirs = list(runs)
        self.misses: list[CapturedMiss] = []
        self.reports: dict[str, MissReport] | None = None  # None while they are being explained
        self.healed: dict[str, str] = {}  # miss file -> the recording the app healed it into
        self.runs: RunsRead | None = None
        self.unread: frozenset[str] | None = None  # None until computed (or without run records)

    @property
    def given(self) -> bool:
        """Whether the app was opened with capture folders at all."""
        return bool(self.misses_dirs or self.runs_dirs)

    @property
    def has_runs(self) -> bool:
        """Whether run records were asked for (``is:unread`` then answers from them)."""
        return bool(self.runs_dirs)

    def report(self, path: str) -> MissReport | None:
        """The explained miss of a miss file (None while explaining, or not a miss)."""
        return self.reports.get(path) if self.reports is not None else None

    def heal_class(self, path: str) -> str:
        """What the tree shows for a miss: its class, :data:`HEALED`, or :data:`PENDING` while explaining."""
        if path in self.healed:
            return HEALED
        report = self.report(path)
        if report is None:
            return PENDING
        return PRESENT if report.present is not None else report.heal

    def classes(self) -> dict[str, str]:
        """:meth:`heal_class` of every miss read."""
        return {str(m.path): self.heal_class(str(m.path)) for m in self.misses}
