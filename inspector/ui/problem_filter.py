"""The ``check:`` filter term: narrow the tree to the files the Problems view found problems in.

``check:any`` (files with any problem), ``check:error``, ``check:warning`` or a
check code (``check:hash-mismatch``); ``-check:…`` negates.  The core's filter
language knows nothing of check results (they come from a run in the app), so
this module takes those terms out of the text, parses the rest with
:func:`inspector.core.query.parse_query`, and adds terms that look the file up in
the Problems view's report.  The result is an ordinary :class:`Query`, so the
library and the tree treat it like any other filter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.query import Query, QueryError, parse_query
from ..core.summary import Summary

if TYPE_CHECKING:  # the checks load only once a check: term is typed
    from ..core.checks import CheckReport

__all__ = ["CHECK_HELP", "parse_filter", "check_term"]

#: For the help screen: the term and what it matches.
CHECK_HELP = ("check:error", "files the Problems view (p) found errors in (also check:any, check:warning, check:CODE)")

_TERM = re.compile(r"(?<!\S)(-?)check:(\S*)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _CheckTerm:
    """A term over a check report; the same shape as the core's terms, so a Query can hold it."""

    negate: bool
    test: Callable[[Summary], bool]
    text: str


def _paths(report: CheckReport, value: str) -> set[str]:
    from ..core.checks import CODES, ERROR, WARNING

    if value in ("any", "all", "*", "problem", "problems"):
        return {f.path for f in report.findings}
    if value in (ERROR, "errors"):
        return {f.path for f in report.findings if f.severity == ERROR}
    if value in (WARNING, "warnings"):
        return {f.path for f in report.findings if f.severity == WARNING}
    if value in CODES:
        return {f.path for f in report.findings if f.code == value}
    raise QueryError(f"unknown term check:{value} (try check:any, check:error, check:warning or a code such as check:hash-mismatch)")


def check_term(report: CheckReport | None, value: str, *, negate: bool = False) -> _CheckTerm:
    """A filter term true for the files ``report`` lists under ``value``."""
    value = value.lower()
    if not value:
        raise QueryError("check: needs a value (any, error, warning or a check code)")
    if report is None:
        raise QueryError("check: press p first")
    paths = _paths(report, value)
    return _CheckTerm(negate, lambda s: s.path in paths, f"{'-' if negate else ''}check:{value}")


def parse_filter(text: str, report: CheckReport | None) -> Query:
    """Parse a filter that may hold ``check:`` terms; raises :class:`QueryError` like ``parse_query``."""
    extra = [check_term(report, m.group(2), negate=bool(m.group(1))) for m in _TERM.finditer(text)]
    if not extra:
        return parse_query(text, more_fields=("check",))
    base = parse_query(_TERM.sub(" ", text), more_fields=("check",))
    return Query(text, base.terms + tuple(extra))  # type: ignore[arg-type]
