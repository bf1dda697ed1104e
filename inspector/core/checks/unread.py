"""``unread``: recordings no replay run read, judged from the runs' own records.

A run captured with ``--capture-misses DIR`` records the node ids it collected and,
for every request the recorder answered, the file that served it
(``core/recording/captures.py``).  Given the records of some runs, a recording
is **unread** when no run read it and either

- its test id was collected (the test ran, and asked for something else), or
- its test file was collected but not its test id (a parametrisation that no
  longer exists).

A recording whose test file no run collected is not judged: those runs say nothing
about it.  ``complete`` says the runs are the whole CI matrix; then such a recording
is unread too (a test no suite runs), and so is one without a test id.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from inspector.core.checks.codes import CODES, Finding
from inspector.core.recording.captures import RunsRead
from inspector.core.rules import hashing, layout

__all__ = ["UnreadCandidate", "unread_findings", "read_keys"]

#: (shown path, absolute path, test id) of one recording to judge.
UnreadCandidate = tuple[str, str, str | None]


def _key(path: str, test_id: str | None) -> str:
    """A recording's path relative to its repository root (runs may come from another checkout)."""
    absolute = Path(os.path.abspath(path))
    root = layout.repo_root(absolute, test_id)
    if root is not None and absolute.is_relative_to(root):
        return PurePosixPath(*absolute.relative_to(root).parts).as_posix()
    return absolute.as_posix()


def _folder(key: str) -> str:
    return key.rsplit("/", 1)[0]


def read_keys(runs: RunsRead) -> set[str]:
    """Every recording the runs read, by its path relative to the repository root (and absolute)."""
    keys: set[str] = set()
    for r in runs.reads:
        keys.add(_key(r.file, r.test_id))
        keys.add(Path(os.path.abspath(r.file)).as_posix())
    return keys


def _rm(path: str) -> str:
    import shlex

    return f"recording-inspector rm {shlex.quote(path)}"


def unread_findings(recordings: Iterable[UnreadCandidate], runs: RunsRead, *, complete: bool = False) -> list[Finding]:
    """``unread`` for each recording the runs should have read and did not (see the module docstring)."""
    severity = CODES["unread"].severity
    read = read_keys(runs)
    # Replay merges every models-<hash>-*.json of the folders it searched: a model list read in a
    # folder is all of that folder's files of the hash read (not a copy in a folder no replay searched).
    model_lists = {(r.hash, _folder(_key(r.file, r.test_id))) for r in runs.reads if Path(r.file).name.startswith("models-")}
    collected = runs.collected
    files = {str(f) for f in (layout.test_file_of(n) for n in collected) if f is not None}
    out: list[Finding] = []
    for shown, path, test_id in recordings:
        if Path(os.path.abspath(path)).as_posix() in read or _key(path, test_id) in read:
            continue
        name = os.path.basename(path)
        if name.startswith("models-") and (hashing.parse_file_name(name)[0], _folder(_key(path, test_id))) in model_lists:
            continue
        test_file = layout.test_file_of(test_id)
        if test_id and test_id in collected:
            why = f"its test ran ({test_id}) and never asked for it"
        elif test_file is not None and str(test_file) in files:
            why = f"its test file ran, but not this test id ({test_id}): a parametrisation that no longer exists?"
        elif complete:
            why = (
                f"no run collected its test ({test_id})"
                if test_id
                else "no run read it, and it belongs to no test"
            )
        else:
            continue
        out.append(Finding(shown, "unread", severity, f"no run read it: {why}", _rm(shown)))
    return out
