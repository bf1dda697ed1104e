"""``check``'s text report: drawn as rich would draw it, without going through rich line by line."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from inspector.cli import check as cli_check
from inspector.cli.paths import display_path
from inspector.core.checks.file_checks import CODES, ERROR, CheckReport, Finding

#: colour: None (piped), a colour system, or a colour system under NO_COLOR (bold and dim stay)
COLOURS = (None, "truecolor", "standard", "no-color")


def _console(buf: io.StringIO, *, terminal: bool, colour: str | None, width: int) -> Console:
    return Console(
        file=buf,
        force_terminal=terminal,
        color_system=None if colour is None else ("truecolor" if colour == "no-color" else colour),
        no_color=colour == "no-color",
        width=width,
        soft_wrap=not terminal,
        highlight=False,
    )


def _drawn_by_rich(report: CheckReport, console: Console) -> None:
    """The findings as the report drew them before: one ``console.print`` per line."""
    for path, findings in report.by_path().items():
        console.print(Text(display_path(path), style="bold"))
        for f in findings:
            line = Text("  ")
            line.append(f.severity, style="red" if f.severity == ERROR else "yellow")
            line.append(f" {f.code}", style="cyan")
            line.append(f"  {f.message}")
            console.print(line)
            if f.hint:
                console.print(Text(f"    → {f.hint}", style="dim"))


def _body(report: CheckReport, *, terminal: bool, colour: str | None, width: int) -> tuple[str, str]:
    """(the report's findings as drawn now, as rich draws them line by line)."""
    ours, theirs = io.StringIO(), io.StringIO()
    cli_check._print_text(CheckReport(report.findings, report.files), _console(ours, terminal=terminal, colour=colour, width=width))
    _drawn_by_rich(report, _console(theirs, terminal=terminal, colour=colour, width=width))
    expected = theirs.getvalue()
    return ours.getvalue()[: len(expected)], expected


_PIECES = ["a", "b", "word", "a-long-path/with/parts.json", " ", "  ", "é", "漢", "\t", "\n", "\x1b", "\r", "\x07", "[", "]", "→", "-", "/"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)
_FINDINGS = st.lists(
    st.builds(
        Finding,
        path=st.sampled_from(["tests/a/recordings/x.json", "tests/b/recordings/y.json", "z 漢.json"]),
        code=st.sampled_from(sorted(CODES)),
        severity=st.sampled_from(["error", "warning"]),
        message=_TEXT,
        hint=st.none() | _TEXT,
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(
    findings=_FINDINGS,
    terminal=st.booleans(),
    colour=st.sampled_from(COLOURS),
    width=st.integers(min_value=5, max_value=120),
)
def test_the_report_is_what_rich_draws(findings: list[Finding], terminal: bool, colour: str | None, width: int) -> None:
    """Byte for byte, piped or on a terminal (where long lines wrap), with colours or without."""
    report = CheckReport(sorted(findings, key=lambda f: f.path), files=3)
    ours, expected = _body(report, terminal=terminal, colour=colour, width=width)
    assert ours == expected


def test_a_long_report_is_not_drawn_line_by_line(monkeypatch) -> None:
    """The pre-commit hook prints text: thousands of findings must cost about what JSON costs,
    so the findings are written as lines, not each laid out by rich (0.25 ms a line)."""
    findings = [
        Finding(f"tests/t{i % 300}/recordings/{i:064x}.json", "hash-mismatch", ERROR, f"message {i}", f"git mv a{i} b{i}")
        for i in range(2000)
    ]
    report = CheckReport(findings, files=2000)
    calls = 0
    real = Console.print

    def counted(self: Console, *args, **kwargs) -> None:
        nonlocal calls
        calls += 1
        real(self, *args, **kwargs)

    monkeypatch.setattr(Console, "print", counted)
    buf = io.StringIO()
    cli_check._print_text(report, _console(buf, terminal=False, colour=None, width=80))
    out = buf.getvalue()
    assert out.count("  error hash-mismatch  message ") == 2000 and out.count("    → git mv a") == 2000
    assert calls <= 5  # the summary table, its blank line and the totals
