"""One side of a change: a recording blob reduced to what a change is classified by.

:func:`side_of` reads a blob once into a :class:`Side` (the request as the hash sees it, what
the hash does not read, the rebuilt response, the churn and the labels); :func:`classify_pair`
names what changed between two sides (request, response, churn, other).  :mod:`.changes`
reads the blobs of a git range and pairs the sides.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

import orjson

from inspector.core.index.summary import summarize
from inspector.core.recording.diff import CHURN_KEYS, PathChange, comparable_result, is_churn, json_diff
from inspector.core.recording.loading import Recording, load_bytes
from inspector.core.rules import hashing, profiles

__all__ = ["Side", "side_of", "classify_pair", "hashed_request", "reduce_blob", "reduce_batch", "load_row"]

# Values the recorder (or the provider) makes anew on every recording: one list, shared with `diff --chunks`.
_CHURN_KEYS = CHURN_KEYS


# --- one side of a change -----------------------------------------------------------


def hashed_request(rec: Recording) -> dict[str, Any]:
    """The request as the hash reads it: test id, method, URL path, normalised body.

    The test id is always there (the issue's rule: a test id change is a request
    change even where today's hash leaves it out); the URL's host is not (the hash
    takes only the path for inference calls; raw HTTP calls hash the whole URL).
    """
    return hashing.hashed_request(rec.request_raw, rec.test_id)


_HASHED_KEYS = frozenset({"test_id", "method", "body", "payload", "provider", "tool_name", "kwargs"})


def _unhashed_request(rec: Recording) -> dict[str, Any]:
    """What the request stores that the hash does not read: the URL's host, ``endpoint``, ``model``, headers…"""
    req = rec.request_raw
    kind = hashing.hash_kind(req)
    if kind == hashing.HashKind.NONE:
        return {}
    out: dict[str, Any] = {k: v for k, v in req.items() if k not in _HASHED_KEYS and k != "url"}
    if kind == hashing.HashKind.INFERENCE:
        url = str(req.get("url"))
        try:
            u = urlparse(url)
            out["url"] = [u.scheme, u.netloc, u.params, u.query, u.fragment]
        except ValueError:
            out["url"] = url
        out["raw body"] = req.get("body")  # compared only when the normalised body is the same
        out["method"] = req.get("method")  # its case: the hash upper-cases it
    elif kind == hashing.HashKind.HTTP:
        out["raw body"] = req.get("payload")
    return out


_SCALARS = (str, int, float, bool, type(None))
_CHURN_IN_JSON = re.compile(
    rb'"(' + b"|".join(re.escape(k.encode()) for k in sorted(_CHURN_KEYS)) + rb'|[A-Za-z_]*_duration)":'
    rb'("(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|null|true|false)'
)
_LABEL_IN_JSON = re.compile(rb'"__type__":"((?:[^"\\]|\\.)*)",?')


def _stream_view(body: Any, churn: list[tuple[str, Any]], labels: list[str]) -> bytes:
    """A stream's chunks as compact JSON without churn values or labels (those go to the lists).

    Streams are the bulk of a re-recorded range, so this works on the serialised
    bytes (two regular expressions) rather than walking every chunk in Python.
    A stream never holds model objects, whose ``id`` would be content.
    """
    try:
        raw = orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return repr(body).encode("utf-8", "surrogateescape")
    labels.extend(m.decode("utf-8", "replace") for m in set(_LABEL_IN_JSON.findall(raw)))
    raw = _LABEL_IN_JSON.sub(b"", raw)
    # Compared as a whole: the (key, value) bytes in order, as one digest (thousands of pairs per stream).
    found = b"\x00".join(map(b"\x01".join, _CHURN_IN_JSON.findall(raw)))
    churn.append(("chunks", hashlib.sha256(found).hexdigest()))
    return _CHURN_IN_JSON.sub(b"", raw)


def _strip(value: Any, churn: list[tuple[str, Any]], labels: list[str]) -> Any:
    """``value`` without churn values and ``__type__`` labels; those go to ``churn`` and ``labels``.

    Called on every response, so it stays lean: lists of plain values (embedding
    vectors) are kept as they are, and churn values are kept by key, not by path.
    """
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        model = value.get("object") == "model"
        for k, v in value.items():
            if k == "__type__" and isinstance(v, str):
                labels.append(v)
            elif is_churn(k, model):
                churn.append((k, v))
            elif isinstance(v, _SCALARS):
                out[k] = v
            else:
                out[k] = _strip(v, churn, labels)
        return out
    if isinstance(value, list):
        if all(isinstance(v, _SCALARS) for v in value):
            return value
        return [v if isinstance(v, _SCALARS) else _strip(v, churn, labels) for v in value]
    return value


@dataclass(slots=True)
class Side:
    """One version of a recording under one file name and rule set, reduced to what classification compares.

    Plain JSON values only (:meth:`to_row`), so a side can be made in a worker process
    and kept in the on-disk cache by blob id; values that are only ever compared for
    equality (the rebuilt response, the response and chunks without churn, the churn
    itself) are kept as digests, which is also what keeps a cached side small.
    """

    ok: bool
    problem: str | None = None
    test_id: str | None = None
    hashed: dict[str, Any] = field(default_factory=dict)
    unhashed: dict[str, Any] = field(default_factory=dict)
    result: str = ""  # digest of the rebuilt response
    response: str = ""  # digest of the response without churn or labels (a stream's chunks left out)
    chunks: str | None = None  # digest of a stream's chunks without churn or labels
    churn: str = ""  # digest of the churn values, in order
    labels: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)  # top-level keys beside test_id/request/response
    text: str = ""  # the rebuilt text, for the word diff
    key: str = ""  # the hashed request's digest: the same request under another path is a rename
    loose_key: str = ""  # the same without the test id
    digest: str = ""  # of the bytes: a move that changed nothing has no class
    name: str = ""  # the file name the hash status is for
    rules: str = ""  # ... and the rule set
    hash_status: str = "unknown"  # ok / legacy-rule / mismatch / unknown (from the index's summary)
    hash_rule: str | None = None

    def status_for(self, name: str, rules: profiles.RuleSet) -> str:
        """The hash status of this content as file ``name`` (a side is reduced for one name and rule set)."""
        if (name, rules.name) != (self.name, self.rules):
            raise ValueError(f"this side was reduced as {self.name} under {self.rules}, not {name} under {rules.name}")
        return self.hash_status

    def to_row(self) -> list[Any]:
        return [getattr(self, f) for f in _SIDE_FIELDS]

    @classmethod
    def from_row(cls, row: Any) -> Side:
        """The inverse of :meth:`to_row`; raises ``TypeError``/``ValueError`` on a row of the wrong shape."""
        if not isinstance(row, list) or len(row) != len(_SIDE_FIELDS):
            raise ValueError("not a side row")
        side = cls(*row)
        if not (isinstance(side.ok, bool) and isinstance(side.hashed, dict) and isinstance(side.unhashed, dict)
                and isinstance(side.extras, dict) and isinstance(side.labels, list) and isinstance(side.text, str)
                and isinstance(side.hash_status, str) and isinstance(side.name, str)):
            raise TypeError("not a side row")
        return side


_SIDE_FIELDS = tuple(Side.__dataclass_fields__)


def _digest(value: Any) -> str:
    try:
        raw = orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS, default=_bytes_as_text)
    except TypeError:
        raw = repr(value).encode("utf-8", "surrogateescape")
    return hashlib.sha256(raw).hexdigest()


def _bytes_as_text(value: Any) -> Any:
    if isinstance(value, bytes):  # a stream's churn values are the bytes the expression found
        return value.decode("latin-1")
    raise TypeError


def _dump_row(row: list[Any]) -> bytes:
    try:
        return orjson.dumps(row, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:  # an integer beyond 64 bits, say: the standard library writes it
        return json.dumps(row, default=repr).encode()


def load_row(raw: bytes) -> Any:
    """A row serialised by :func:`reduce_blob`, read back."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)


def reduce_blob(raw: bytes, path: str, rules: profiles.RuleSet) -> bytes:
    """One version's bytes reduced, as the serialised row of its :class:`Side`.

    The test id and hash status come from the index's :func:`~inspector.core.index.summary.summarize`
    (the same code a listing runs); every side, made here, in a worker or read from the
    cache, is rebuilt from these bytes, so all three give identical sides.
    """
    rec = load_bytes(raw, Path(path))
    digest = hashlib.sha1(raw, usedforsecurity=False).hexdigest()
    name = PurePosixPath(path).name
    summary = summarize(rec, rules=rules)
    status = {"name": name, "rules": rules.name, "hash_status": summary.hash_status, "hash_rule": summary.hash_rule}
    if not rec.ok:
        return _dump_row(Side(False, rec.problem, digest=digest, **status).to_row())
    try:
        hashed = hashed_request(rec)
        churn: list[tuple[str, Any]] = []
        labels: list[str] = []
        resp = rec.response_raw
        if rec.streaming:
            response = _strip({k: v for k, v in resp.items() if k != "body"}, churn, labels)
            chunks: str | None = hashlib.sha256(_stream_view(resp.get("body"), churn, labels)).hexdigest()
        else:
            response, chunks = _strip(resp, churn, labels), None
        rb = rec.rebuild
        data = rec.data if isinstance(rec.data, dict) else {}
        side = Side(
            True,
            test_id=summary.test_id,
            hashed=hashed,
            unhashed=_unhashed_request(rec),
            result=_digest(comparable_result(rec)),
            response=_digest(response),
            chunks=chunks,
            churn=_digest(churn),
            labels=sorted(set(labels)),  # a label per chunk: how many is re-chunking, not a label change
            extras={k: v for k, v in data.items() if k not in ("test_id", "request", "response")},
            text=(rb.reasoning + "\n" if rb.reasoning else "") + rb.text,
            key=_digest(hashed),
            loose_key=_digest({k: v for k, v in hashed.items() if k != "test_id"}),
            digest=digest,
            **status,
        )
        return _dump_row(side.to_row())
    except (RecursionError, TypeError, ValueError, AttributeError) as exc:
        return _dump_row(Side(False, f"cannot read the recording: {exc}", digest=digest, **status).to_row())


def reduce_batch(items: list[tuple[bytes, str]], trim: bool, rules: profiles.RuleSet) -> list[bytes]:
    """Worker entry point (:class:`~inspector.core.index.listing.Work`): the rows of a batch of blobs."""
    rows = [reduce_blob(raw, path, rules) for raw, path in items]
    if trim:
        from inspector.core.index.listing import _give_back_memory

        _give_back_memory()
    return rows


def side_of(raw: bytes, path: str, rules: profiles.RuleSet = profiles.NEWEST) -> Side:
    """Reduce one version's bytes (``path`` names it in messages and for the hash)."""
    return Side.from_row(load_row(reduce_blob(raw, path, rules)))


def classify_pair(old: Side, new: Side) -> tuple[tuple[str, ...], list[PathChange]]:
    """The classes of a change from ``old`` to ``new``, and the request paths that changed."""
    if not (old.ok and new.ok):
        # An unreadable side: nothing to compare; the hash status (unknown) tells the rest.
        return ("other",), []
    classes: list[str] = []
    request_changes = json_diff(old.hashed, new.hashed)
    if request_changes:
        classes.append("request")
    response = old.result != new.result or old.response != new.response
    if response:
        classes.append("response")
    rechunked = old.chunks != new.chunks and not response
    if old.churn != new.churn or rechunked:
        classes.append("churn")
    unhashed_old, unhashed_new = dict(old.unhashed), dict(new.unhashed)
    if request_changes:  # a changed body also changes the raw body: not a separate finding
        unhashed_old.pop("raw body", None)
        unhashed_new.pop("raw body", None)
    if unhashed_old != unhashed_new or old.labels != new.labels or old.extras != new.extras:
        classes.append("other")
    if not classes:
        classes.append("other")  # bytes differ but no value does: formatting, key order
    return tuple(classes), request_changes
