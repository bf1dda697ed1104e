"""Summaries: the few fields of a recording that listings, the tree and search need.

A :class:`Summary` is small and plain (no request or response bodies), so a whole
repository's worth fits in memory and can be cached on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector.core.base.jsonio import clean_text

if TYPE_CHECKING:  # imported where used: a listing served from the cache never reads a file
    from inspector.core.recording.loading import Recording
    from inspector.core.rules.profiles import RuleSet

_INVALID = "invalid"  # Kind.INVALID.value

__all__ = ["FileChecks", "PATH_MARK", "Summary", "healed_class", "summarize", "recording_json", "split_search", "join_search"]

_LABEL_WORDS = 8

#: Stands for the file's shown path in cached findings (the path depends on how it was named).
PATH_MARK = "\x00"


@dataclass(frozen=True, slots=True)
class FileChecks:
    """A file's own check results, kept with its summary so ``check`` and ``fmt --check`` skip reading it.

    Made by :func:`inspector.core.checks.runner.file_checks`.  ``context`` is what the
    findings depend on besides the file and the rule set (the working folder their
    hints are relative to, the tests root); a summary checked in another context is
    checked again.  ``findings`` are ``(code, message, hint)`` (plus the severity when it is
    not the code's own) with the file's shown
    path written :data:`PATH_MARK`; ``orphan-test`` is not among them (it depends on
    the test files, so it is looked up after the cache).
    """

    context: str
    findings: tuple[tuple[str, ...] | tuple[str, str, str | None], ...]
    formatted: bool | None  # the bytes are what the recorder writes; None: not a recording
    normalize: str  # "" nothing to normalise, "needed", else why normalisation skips the file
    newest_hash: str | None = None  # the newest rules' hash, when the summary's rules are others
    named_right: bool = False  # ``rehash --keep-folder`` would leave it as it is (name and ids right)

    def to_row(self) -> list[Any]:
        findings = [list(f) for f in self.findings]
        return [self.context, findings, self.formatted, self.normalize, self.newest_hash, self.named_right]

    @classmethod
    def from_row(cls, row: Any) -> FileChecks:
        """The inverse of :meth:`to_row`; raises ``TypeError``/``ValueError`` on a row of the wrong shape."""
        context, findings, formatted, normalize, newest, named_right = row
        if not isinstance(context, str) or not isinstance(normalize, str) or not isinstance(findings, list):
            raise TypeError("not a check row")
        out = []
        for f in findings:
            code, message, hint, *severity = f  # a severity only where it is not the code's (``healed``)
            if not isinstance(code, str) or not isinstance(message, str) or not (hint is None or isinstance(hint, str)):
                raise TypeError("not a finding")
            if len(severity) > 1 or not all(isinstance(x, str) for x in severity):
                raise TypeError("not a finding")
            out.append((code, message, hint, *severity))
        return cls(
            context, tuple(out), formatted if formatted is None else bool(formatted), normalize, newest, bool(named_right)
        )


@dataclass(frozen=True, slots=True)
class Summary:
    """One row of a listing; ``search`` is the lower-cased text free-word filtering matches."""

    path: str
    kind: str
    test_id: str | None
    endpoint: str | None
    model: str | None
    streaming: bool
    chunks: int
    hash_status: str
    hash_rule: str | None
    computed_hash: str | None
    error: str | None  # a problem reading the file, or the recorded failure
    exception: bool  # the response is a recorded exception or HTTP error
    tools: int  # tool calls in the rebuilt response
    label: str  # first words of the last user message
    finish_reason: str | None
    size: int
    mtime: float
    search: str
    problems: tuple[str, ...] = ()
    timestamp: str | None = None  # from index.sqlite, when there is one
    checks: FileChecks | None = None  # only when indexed for ``check`` (iter_summaries(checks=...))
    healed: str | None = None  # written by ``heal``, not recorded: its marker's class (safe, unsafe, …)

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def invalid(self) -> bool:
        return self.kind == _INVALID

    def to_json(self) -> dict[str, Any]:
        """The ``ls --format jsonl`` object (every field but ``search``; the hash fields nested)."""
        d = {name: getattr(self, name) for name in _JSON_FIELDS}  # not asdict: it deep-copies every value
        d["problems"] = list(self.problems)
        d["hash"] = {"status": self.hash_status, "rule": self.hash_rule, "computed": self.computed_hash}
        return d


_JSON_FIELDS = tuple(f.name for f in fields(Summary) if f.name not in ("search", "hash_status", "hash_rule", "computed_hash", "checks"))


def _words(text: str, n: int = _LABEL_WORDS) -> str:
    words = text.split()
    label = " ".join(words[:n])
    return label + ("…" if len(words) > n else "")


def _search_head(test_id: str | None, model: str | None, endpoint: str | None, kind: str) -> str:
    # The part of ``Summary.search`` before the path; built from fields the summary keeps,
    # so the on-disk cache can store the search text without the path (see split_search).
    return "\n".join((test_id or "", model or "", endpoint or "", kind)) + "\n"


def split_search(s: Summary) -> tuple[str, str] | None:
    """``(head, tail)`` with ``s.search == head + s.path.lower() + tail`` (None if it does not hold).

    The path depends on how the user named the folder, so the index cache stores
    the search text without it and :func:`join_search` puts it back.
    """
    low = s.path.lower()
    head = "" if s.invalid else _search_head(s.test_id, s.model, s.endpoint, s.kind).lower()
    if not s.search.startswith(head) or s.search[len(head) : len(head) + len(low)] != low:
        return None
    return head, s.search[len(head) + len(low) :]


def join_search(head: str, path: str, tail: str) -> str:
    """The inverse of :func:`split_search`."""
    return head + path.lower() + tail


def healed_class(data: Any) -> str | None:
    """The class in a recording's ``healed`` marker (``core/heal.py``), ``"unknown"`` when it names none; None when unmarked."""
    from inspector.core.base.model import HEALED_KEY

    marker = data.get(HEALED_KEY) if isinstance(data, dict) else None
    if not isinstance(marker, dict):
        return None
    cls = marker.get("class")
    return cls if isinstance(cls, str) and cls else "unknown"


def summarize(
    rec: Recording, *, mtime: float = 0.0, timestamp: str | None = None, rules: RuleSet | None = None
) -> Summary:
    """The summary of a loaded recording (never raises).

    ``rules`` is the hash rule set that counts as ``ok`` (the newest unless given).
    """
    from inspector.core.base.model import Kind
    from inspector.core.rules import profiles
    path = str(rec.path) if rec.path else rec.name
    if not rec.ok:
        return Summary(
            path, Kind.INVALID.value, None, None, None, False, 0, "unknown", None, None,
            rec.problem, False, 0, "", None, rec.size or 0, mtime, path.lower(),
        )
    try:
        rb = rec.rebuild
        h = rec.hash if rules is None or rules is profiles.NEWEST else rec.hash_info(rules)
        user = rec.last_user_text()
        tools = sum(len(c.tool_calls) for c in rb.choices)
        kind = rec.kind.value
        head = _search_head(rec.test_id, rec.model, rec.endpoint, kind)
        tail = "\n".join(
            (
                " ".join(m.text for m in rec.request.messages),
                " ".join(c.text for c in rb.choices),
                " ".join(t.name or "" for c in rb.choices for t in c.tool_calls),
            )
        )
        err = rb.error.one_line() if rb.error else None
        return Summary(
            path=path,
            kind=kind,
            test_id=rec.test_id,
            endpoint=rec.endpoint,
            model=rec.model,
            streaming=rec.streaming,
            chunks=rec.chunk_count,
            hash_status=h.status,
            hash_rule=h.rule,
            computed_hash=h.computed,
            error=err,
            exception=rb.error is not None,
            tools=tools,
            label=clean_text(_words(user)),
            finish_reason=str(rb.finish_reason) if rb.finish_reason is not None else None,
            size=rec.size or 0,
            mtime=mtime,
            search=(head + path + "\n" + tail).lower(),
            problems=tuple(rec.problems),
            timestamp=timestamp,
            healed=healed_class(rec.data),
        )
    except RecursionError:
        return Summary(
            path, Kind.INVALID.value, None, None, None, False, 0, "unknown", None, None,
            "nested too deeply to read", False, 0, "", None, rec.size or 0, mtime, path.lower(),
        )


def recording_json(rec: Recording) -> dict[str, Any]:
    """The ``show --format json`` object of a recording."""
    from inspector.core.base.model import Kind
    path = str(rec.path) if rec.path else rec.name
    if not rec.ok:
        return {
            "path": path, "kind": Kind.INVALID.value, "test_id": None, "endpoint": None, "model": None,
            "streaming": False, "chunks": 0, "text": "", "reasoning": "", "tool_calls": [],
            "finish_reason": None, "usage": None, "error": rec.problem,
            "hash": {"name": None, "computed": None, "status": "unknown", "rule": None},
        }
    rb = rec.rebuild
    out: dict[str, Any] = {
        "path": path,
        "kind": rec.kind.value,
        "test_id": rec.test_id,
        "endpoint": rec.endpoint,
        "model": rec.model,
        "streaming": rec.streaming,
        "chunks": rec.chunk_count,
        "text": rb.text,
        "reasoning": rb.reasoning,
        "tool_calls": [t.to_json() for t in rb.tool_calls],
        "refusal": rb.refusal,
        "finish_reason": rb.finish_reason,
        "usage": rb.usage,
        "error": rb.error.to_json() if rb.error else None,
        "hash": rec.hash.to_json(),
    }
    if rb.details:
        out["details"] = [list(d) for d in rb.details]
    if len(rb.choices) > 1:
        out["choices"] = [c.to_json() for c in rb.choices]
    if rec.problems:
        out["problems"] = list(rec.problems)
    return out
