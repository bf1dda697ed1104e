"""``check --format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=PATH,line=N,title=CODE::message`` (``::warning`` for warnings), escaped
as the workflow-command rules say: ``%``, CR and LF in the message; the same plus ``:``
and ``,`` in properties.  ``line=`` is the line of the JSON key the finding is about
(:mod:`inspector.core.checks.locate`), left out when there is none.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from inspector.core.base.writer import WriteError, append_text
from inspector.core.checks.file_checks import CODES, ERROR, INFO, CheckReport, Finding
from inspector.core.checks.locate import finding_line

__all__ = ["escape_data", "escape_property", "annotation", "annotations", "print_annotations", "step_summary", "write_step_summary"]

_TEXT_LIMIT = 64 * 1024 * 1024  # larger files are annotated without a line


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: the message's escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, line: int | None) -> str:
    """One ``::error``/``::warning`` line (no newline)."""
    level = "error" if finding.severity == ERROR else "notice" if finding.severity == INFO else "warning"
    props = [f"file={escape_property(finding.path)}"]
    if line is not None:
        props.append(f"line={line}")
    props.append(f"title={escape_property(finding.code)}")
    message = finding.message + (f"\nfix: {finding.hint}" if finding.hint else "")
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def _text(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            raw = f.read(_TEXT_LIMIT + 1)
    except OSError:
        return None
    return None if len(raw) > _TEXT_LIMIT else raw.decode("utf-8", "replace")


def annotations(findings: Iterable[Finding]) -> Iterable[str]:
    """The annotation lines, each file read once (findings come grouped by path)."""
    current: str | None = None
    text: str | None = None
    for f in findings:
        if f.path != current:
            current, text = f.path, _text(f.path)
        yield annotation(f, finding_line(text, f) if text is not None else None)


def print_annotations(report: CheckReport) -> None:
    out = sys.stdout
    for line in annotations(report.findings):
        out.write(line + "\n")
    out.flush()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def step_summary(report: CheckReport) -> str:
    """The Markdown a job's summary page shows: totals, then one row per code."""
    lines = [
        "### recording-inspector check",
        "",
        f"{report.files} file{'s' if report.files != 1 else ''} checked: "
        f"{report.errors} error{'s' if report.errors != 1 else ''}, "
        f"{report.warnings} warning{'s' if report.warnings != 1 else ''}",
        "",
    ]
    counts = report.by_code()
    if counts:
        lines += ["| code | severity | count | meaning |", "|---|---|---:|---|"]
        for code, n in counts.items():
            info = CODES.get(code)
            lines.append(f"| `{code}` | {info.severity if info else '?'} | {n} | {_cell(info.summary if info else '')} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def write_step_summary(report: CheckReport, path: str) -> None:
    """Append the summary; a summary that cannot be written is a note, not a change of exit status."""
    try:
        append_text(path, step_summary(report))
    except WriteError as exc:
        sys.stderr.write(f"recording-inspector: $GITHUB_STEP_SUMMARY: {exc}\n")
