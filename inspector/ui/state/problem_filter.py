"""The ``check:`` filter term: narrow the tree to the files the Problems view found problems in.

``check:any`` (files with any problem), ``check:error``, ``check:warning`` or a
check code (``check:hash-mismatch``); ``-check:…`` negates.  The core's filter
language knows nothing of check results (they come from a run in the app), so
this module takes those terms out of the text, parses the rest with
:func:`inspector.core.index.query.parse_query`, and adds terms that look the file up in
the check report.  The result is an ordinary :class:`Query`, so the library and
the tree treat it like any other filter.

Before a report exists, a ``check:`` term matches nothing (never a guess): the main
screen starts the checks as soon as one is typed (:func:`needs_checks`), says so
in place of the count, and filters again when they finish.

``is:unread`` is wired the same way: the core's language names it (its one list of
``is:`` values) but cannot answer it, as what replay runs read is in the run records
the app was given (``--runs DIR``), not in a summary.  With run records, the term looks
the file up in the set of unread paths the app computed (matching nothing until it
has); without, the core's error says it needs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspector.core.index.query import IS_NEEDS_RUNS, Query, QueryError, parse_query
from inspector.core.index.summary import Summary

if TYPE_CHECKING:  # the checks load only once a check: term is typed
    from inspector.core.checks.file_checks import CheckReport
    from inspector.ui.state.change_marks import ChangeMarks

__all__ = ["CHECK_HELP", "CHANGED_HELP", "parse_filter", "check_term", "changed_term", "unread_term", "needs_checks"]

#: For the help screen: the term and what it matches.
CHECK_HELP = ("check:error", "files check finds errors in (also check:any, check:warning, check:CODE; runs the checks)")

#: ``changed:`` reads the git comparison the app made (``--since REV``, "Compare with revision…").
CHANGED_HELP = ("changed:any", "changed since the compared revision (also changed:request, :response, :churn, :stale)")

# Terms whose answers come from something the app ran: a check, a git comparison.
_TERM = re.compile(r"(?<!\S)(-?)(check|changed):(\S*)", re.IGNORECASE)
# ... and from the run records the app was given (``--runs``).
_RUNS_TERM = re.compile(rf"(?<!\S)(-?)is:{IS_NEEDS_RUNS}(?!\S)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _CheckTerm:
    """A term over a check report; the same shape as the core's terms, so a Query can hold it."""

    negate: bool
    test: Callable[[Summary], bool]
    text: str


_ANY = ("any", "all", "*", "problem", "problems")


def _valid(value: str) -> None:
    from inspector.core.checks.file_checks import CODES, ERROR, WARNING

    if value not in _ANY and value not in (ERROR, "errors", WARNING, "warnings") and value not in CODES:
        raise QueryError(
            f"unknown term check:{value} (try check:any, check:error, check:warning or a code such as check:hash-mismatch)"
        )


def _paths(report: CheckReport, value: str) -> set[str]:
    from inspector.core.checks.file_checks import CODES, ERROR, WARNING

    _valid(value)
    if value in _ANY:
        return {f.path for f in report.findings}
    if value in (ERROR, "errors"):
        return {f.path for f in report.findings if f.severity == ERROR}
    if value in (WARNING, "warnings"):
        return {f.path for f in report.findings if f.severity == WARNING}
    assert value in CODES
    return {f.path for f in report.findings if f.code == value}


def check_term(report: CheckReport | None, value: str, *, negate: bool = False) -> _CheckTerm:
    """A filter term true for the files ``report`` lists under ``value`` (none while ``report`` is None)."""
    value = value.lower()
    if not value:
        raise QueryError("check: needs a value (any, error, warning or a check code)")
    if report is None:
        _valid(value)
        # Not known yet: neither the term nor its negation lets a file through.
        return _CheckTerm(False, lambda s: False, f"{'-' if negate else ''}check:{value}")
    paths = _paths(report, value)
    return _CheckTerm(negate, lambda s: s.path in paths, f"{'-' if negate else ''}check:{value}")


def changed_term(marks: Callable[[], ChangeMarks | None], value: str, *, negate: bool = False) -> _CheckTerm:
    """A filter term true for the files the current git comparison marks with ``value``.

    ``marks`` is asked on every match, so a comparison that finishes later (or is
    made again against another revision) needs no new parse, only a regroup.
    """
    from inspector.ui.state.change_marks import changed_values

    value = value.lower()
    values = changed_values()
    if value not in values:
        raise QueryError(f"unknown term changed:{value} (try {', '.join('changed:' + v for v in values)})")
    if marks() is None:
        raise QueryError("changed: needs a git comparison (start with --since REV, or the palette's Compare with revision…)")

    def test(s: Summary) -> bool:
        m = marks()
        return m is not None and value in m.values(s.path)

    return _CheckTerm(negate, test, f"{'-' if negate else ''}changed:{value}")


def unread_term(unread: Callable[[], frozenset[str] | None], *, negate: bool = False) -> _CheckTerm:
    """``is:unread``: true for the files no replay run read (``unread()``: the app's set, None until computed).

    Until the set is known, neither the term nor its negation lets a file through (never a guess).
    """
    def test(s: Summary) -> bool:
        paths = unread()
        return paths is not None and s.path in paths

    def known(s: Summary) -> bool:
        return unread() is not None

    if negate:  # ``-is:unread`` before the set is known would let everything through
        return _CheckTerm(False, lambda s: known(s) and not test(s), f"-is:{IS_NEEDS_RUNS}")
    return _CheckTerm(False, test, f"is:{IS_NEEDS_RUNS}")


def parse_filter(
    text: str,
    report: CheckReport | None,
    marks: Callable[[], ChangeMarks | None] | None = None,
    unread: Callable[[], frozenset[str] | None] | None = None,
) -> Query:
    """Parse a filter that may hold ``check:``, ``changed:`` and ``is:unread`` terms; raises :class:`QueryError` like ``parse_query``.

    ``unread``: the app's unread paths when it was given run records (None: it was not, and
    ``is:unread`` is the core's error saying it needs them).
    """
    extra = [
        check_term(report, m.group(3), negate=bool(m.group(1)))
        if m.group(2).lower() == "check"
        else changed_term(marks or (lambda: None), m.group(3), negate=bool(m.group(1)))
        for m in _TERM.finditer(text)
    ]
    rest = _TERM.sub(" ", text) if extra else text
    if unread is not None:
        runs = [unread_term(unread, negate=bool(m.group(1))) for m in _RUNS_TERM.finditer(rest)]
        if runs:
            extra += runs
            rest = _RUNS_TERM.sub(" ", rest)
    if not extra:
        return parse_query(text, more_fields=("check",))
    base = parse_query(rest, more_fields=("check",))
    return Query(text, base.terms + tuple(extra))  # type: ignore[arg-type]


def needs_checks(text: str) -> bool:
    """Whether ``text`` holds a ``check:`` term, which needs a check report to match anything."""
    return any(m.group(2).lower() == "check" for m in _TERM.finditer(text))
