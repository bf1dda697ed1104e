"""The check codes and what a run hands back: each code's severity and meaning, a finding, the options, the report.

Everything that reports a finding (per-file checks, cross-file checks, the runner, the front ends)
names codes from :data:`CODES`; nothing here reads a file.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector.core.rules import profiles

if TYPE_CHECKING:
    from inspector.core.recording.captures import RunsRead

__all__ = [
    "ERROR",
    "WARNING",
    "INFO",
    "CodeInfo",
    "CODES",
    "Finding",
    "CheckOptions",
    "CheckReport",
    "finding",
    "shell_path",
]

ERROR = "error"
WARNING = "warning"
INFO = "info"  # worth a reviewer's look, never a problem by itself


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """A check code: its severity and what it means."""

    code: str
    severity: str
    summary: str


CODES: dict[str, CodeInfo] = {
    c.code: c
    for c in (
        CodeInfo("invalid-json", ERROR, "the file is not valid JSON (empty, truncated, binary, not UTF-8)"),
        CodeInfo("unreadable", ERROR, "the file cannot be read (permissions, too large, vanished)"),
        CodeInfo("not-a-recording", ERROR, "valid JSON without a request and a response"),
        CodeInfo("malformed", WARNING, "a recording with odd values (e.g. a response without a body)"),
        CodeInfo(
            "not-replayed",
            WARNING,
            "a recording the chosen recorder never reads (ogx 1.5.0: file processors, the native Ollama client)",
        ),
        CodeInfo("hash-mismatch", ERROR, "the file name matches no hash rule: replay will never find it"),
        CodeInfo("hash-legacy-rule", WARNING, "the name matches only an older rule set (named in the message)"),
        CodeInfo("legacy-name", WARNING, "12-character name of the 2025-07 layout; current recorders never look it up"),
        CodeInfo("wrong-directory", ERROR, "not in the folder its test id maps to, nor in the common fallback"),
        CodeInfo(
            "missing-test-id",
            ERROR,
            "no test id, yet outside the common fallback folder, where the recorder files such calls",
        ),
        CodeInfo(
            "model-list-outside-common",
            WARNING,
            "a shared model list with no test id outside the common fallback: replay reads it, but only for the tests beside it",
        ),
        CodeInfo(
            "duplicate-request", WARNING, "another file holds the same request (same hash under the newest rules)"
        ),
        CodeInfo("variant-explosion", WARNING, "one test owns more recordings than --max-variants"),
        CodeInfo(
            "unnormalized",
            WARNING,
            "ids, created or Ollama timestamps/durations not normalised as the recorder writes them",
        ),
        CodeInfo("type-drift", WARNING, "a __type__ under an old package name (llama_stack.apis…, llama_stack_api…)"),
        CodeInfo("secret", ERROR, "an API key, token or password in headers, URLs or bodies (shown masked)"),
        CodeInfo(
            "stream-incomplete",
            ERROR,
            "a stream without a finish reason, with unparsable tool arguments, or with content after the finish",
        ),
        CodeInfo(
            "tool-args-schema",
            WARNING,
            "a tool call's arguments break the tool's JSON Schema (the message gives the JSON path and the rule)",
        ),
        CodeInfo(
            "response-schema",
            WARNING,
            "an answer to a response_format json_schema request does not validate against that schema",
        ),
        CodeInfo("orphan-test", WARNING, "with --tests-root: the test no longer exists in its test file"),
        CodeInfo(
            "interrupted-save",
            WARNING,
            "a temporary file left by a save that was killed: a complete copy to keep, or litter to delete",
        ),
        CodeInfo(
            "healed",
            WARNING,  # the code's worst; a safe heal's finding is INFO
            "written by heal from another recording, not re-recorded (info when safe, a warning when the request changed)",
        ),
        CodeInfo(
            "unread",
            WARNING,
            "with --runs: no run read it, though its test (or its test file) ran: a removed parametrisation; "
            "with --complete also a test no run collects",
        ),
        CodeInfo(
            "discovery",
            WARNING,
            "a problem found while searching (unreadable folder, symlink loop, index.sqlite row without file)",
        ),
    )
}

@dataclass(frozen=True, slots=True)
class Finding:
    """One problem with one file (or, for ``variant-explosion``, one test's folder)."""

    path: str
    code: str
    severity: str
    message: str
    hint: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(slots=True)
class CheckOptions:
    """What to check and against which expectations."""

    rules: profiles.RuleSet = profiles.NEWEST  # the rule set whose names count as ok
    tests_root: Path | None = None  # repository root for orphan-test (and wrong-directory)
    max_variants: int = 50
    select: frozenset[str] | None = None  # only these codes
    ignore: frozenset[str] = frozenset()
    runs: RunsRead | None = None  # run records (``check --runs``): enables ``unread``
    complete: bool = False  # the runs are the whole CI matrix (``--complete``)

    def wants(self, code: str) -> bool:
        if code in self.ignore:
            return False
        return self.select is None or code in self.select


@dataclass(slots=True)
class CheckReport:
    """Every finding of a run, and how many files were looked at."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    @property
    def exit_code(self) -> int:
        """0 without errors (warnings allowed), 1 with errors."""
        return 1 if self.errors else 0

    def by_code(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for f in self.findings:
            counts[f.code] += 1
        return dict(sorted(counts.items(), key=lambda kv: list(CODES).index(kv[0]) if kv[0] in CODES else 99))

    def by_path(self) -> dict[str, list[Finding]]:
        groups: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            groups[f.path].append(f)
        return dict(groups)


def finding(path: str, code: str, message: str, hint: str | None = None) -> Finding:
    """A finding of ``code``, with the code's severity."""
    return Finding(path, code, CODES[code].severity, message, hint)



def shell_path(path: Path) -> str:
    """``path`` for a hint the user pastes into a shell: relative when below here, quoted when needed."""
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    return shown if all(c.isalnum() or c in "/._-+=:@" for c in shown) else "'" + shown.replace("'", "'\\''") + "'"
