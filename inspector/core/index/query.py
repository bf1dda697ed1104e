"""The filter language shared by the app's `/` filter, the palette and the notebook.

Free words match the test id, model, endpoint, the request's messages and the
rebuilt response text (all extracted once into :attr:`Summary.search`).  Field
terms narrow further; a leading ``-`` negates any term; ``"quoted phrases"``
match as one word.

=================  ==================================================
``model:gpt-4o``    model contains ``gpt-4o``
``endpoint:chat``   endpoint contains ``chat``
``test:basic``      test id contains ``basic``
``kind:chat``       kind is (starts with) ``chat``
``path:inference``  file path contains ``inference``
``has:tools``       the response made tool calls
``has:error``       a recorded exception / HTTP error, or an unreadable file
``is:stream``       the response was streamed (see :data:`IS_TERMS` for every ``is:``)
``hash:stale``      the file name is not what the newest recorder computes
``hash:mismatch``   (likewise ``hash:ok``, ``hash:legacy``, ``hash:unknown``)
=================  ==================================================
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass

from inspector.core.index.summary import Summary

__all__ = ["Query", "QueryError", "parse_query", "FIELDS", "IS_TERMS", "IS_NEEDS_RUNS", "is_value"]

FIELDS = ("model", "endpoint", "test", "kind", "path", "has", "is", "hash")

#: Every ``is:`` value and what it matches: the one list the parser, its error and the app's help read.
IS_TERMS: dict[str, str] = {
    "stream": "the response was streamed",
    "invalid": "the file cannot be read",
    "miss": "a replay miss a run captured (misses/<hash>.json)",
    "healed": "written by heal from another recording, not re-recorded",
    "unread": "no replay run read it, though its test ran (needs run records: the app's --runs DIR)",
}
#: Other spellings of the same values.
_IS_ALIASES = {"streamed": "stream", "streaming": "stream", "broken": "invalid", "misses": "miss"}
#: The value only a caller holding run records can answer (the app with ``--runs``; see ui/state/problem_filter.py).
IS_NEEDS_RUNS = "unread"


class QueryError(ValueError):
    """A query that cannot be understood; the message says which term."""


@dataclass(frozen=True, slots=True)
class _Term:
    negate: bool
    test: Callable[[Summary], bool]
    text: str


def _contains(getter: Callable[[Summary], str | None], needle: str) -> Callable[[Summary], bool]:
    return lambda s: needle in (getter(s) or "").lower()


def _has(value: str) -> Callable[[Summary], bool]:
    if value in ("tools", "tool", "tool_calls"):
        return lambda s: s.tools > 0
    if value in ("error", "errors", "exception"):
        return lambda s: s.exception or s.invalid or s.error is not None
    if value in ("problems", "problem"):
        return lambda s: bool(s.problems) or s.invalid
    if value in ("test", "test_id"):
        return lambda s: bool(s.test_id)
    raise QueryError(f"unknown term has:{value} (try has:tools, has:error, has:problems, has:test)")


def is_value(value: str) -> str:
    """The ``is:`` value ``value`` names (an alias resolved); :class:`QueryError` listing them all when none."""
    name = _IS_ALIASES.get(value, value)
    if name not in IS_TERMS:
        raise QueryError(f"unknown term is:{value} (try {', '.join('is:' + v for v in IS_TERMS)})")
    return name


_IS_MATCH: dict[str, Callable[[Summary], bool]] = {
    "stream": lambda s: s.streaming,
    "invalid": lambda s: s.invalid,
    "miss": lambda s: s.kind == "miss",  # Kind.MISS.value
    "healed": lambda s: s.healed is not None,
}


def _is(value: str) -> Callable[[Summary], bool]:
    name = is_value(value)
    match = _IS_MATCH.get(name)
    if match is None:  # is:unread: what runs read is not in a summary; a caller with run records answers it
        raise QueryError(f"is:{name} needs run records (open the app with --runs DIR; check --runs DIR reports them)")
    return match


def _hash(value: str) -> Callable[[Summary], bool]:
    if value == "stale":
        return lambda s: s.hash_status in ("mismatch", "legacy-rule")
    if value in ("legacy", "legacy-rule"):
        return lambda s: s.hash_status == "legacy-rule"
    if value in ("ok", "mismatch", "unknown"):
        return lambda s: s.hash_status == value
    raise QueryError(f"unknown term hash:{value} (try hash:stale, hash:ok, hash:legacy, hash:mismatch, hash:unknown)")


def _kind(value: str) -> Callable[[Summary], bool]:
    from inspector.core.base.model import Kind

    kinds = [k.value for k in Kind]
    if not any(k.startswith(value) for k in kinds):  # it would match nothing: say what it can be
        raise QueryError(f"unknown term kind:{value} (kinds are {', '.join(kinds)}; a prefix matches: kind:ollama)")
    return lambda s: s.kind.startswith(value)


_FIELD_LIKE = re.compile(r"[a-z][a-z_]*", re.IGNORECASE)


def _term(token: str, quoted: bool = False, more_fields: tuple[str, ...] = ()) -> _Term:
    negate = token.startswith("-") and len(token) > 1
    body = token[1:] if negate else token
    field, sep, value = body.partition(":")
    low = value.lower()
    if sep and not quoted and field.lower() not in FIELDS and _FIELD_LIKE.fullmatch(field) and value and not value.startswith("/"):
        # `foo:bar` reads as a field term; matching it as text would silently find nothing.
        # (A URL's `http://` and a time's `12:30` stay words; quotes make any term a word.)
        names = ", ".join(FIELDS + more_fields)
        raise QueryError(f'unknown field {field}; fields are {names} (quote it to search for the text: "{body}")')
    if sep and field.lower() in FIELDS:
        if not low:
            raise QueryError(f"{field}: needs a value")
        f = field.lower()
        if f == "model":
            test = _contains(lambda s: s.model, low)
        elif f == "endpoint":
            test = _contains(lambda s: s.endpoint, low)
        elif f == "test":
            test = _contains(lambda s: s.test_id, low)
        elif f == "path":
            test = _contains(lambda s: s.path, low)
        elif f == "kind":
            test = _kind(low)
        elif f == "has":
            test = _has(low)
        elif f == "is":
            test = _is(low)
        else:
            test = _hash(low)
        return _Term(negate, test, token)
    needle = body.lower()
    return _Term(negate, lambda s: needle in s.search, token)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query; every term must hold (AND)."""

    text: str
    terms: tuple[_Term, ...]

    def matches(self, s: Summary) -> bool:
        for t in self.terms:  # noqa: SIM110 - a plain loop is faster than all() on every keystroke
            if t.test(s) == t.negate:
                return False
        return True

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(text: str, more_fields: tuple[str, ...] = ()) -> Query:
    """Parse a filter; raises :class:`QueryError` for an unknown field or field value.

    ``more_fields`` names fields a caller handles itself (the app's ``check:``), for the message.
    """
    try:
        tokens = shlex.split(text, posix=True)
    except ValueError:  # an unbalanced quote while typing: treat quotes as letters
        tokens = text.replace('"', " ").replace("'", " ").split()
    bare = set(text.split())  # tokens typed without quotes
    return Query(text, tuple(_term(t, t not in bare, more_fields) for t in tokens if t))
