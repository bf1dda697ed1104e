"""The recordings ``explain`` ranks, each read and reduced once for any number of misses.

Ranking a miss (:func:`~inspector.core.checks.explain.explain`) asks the same few things
of every recording: its test id, model and endpoint, its request body's leaves (for
similarity), the hash its name carries and the one its request computes, and whether its
request hashes to the missed hash under the missed test id.  None of that depends on the
miss, so :class:`Candidates` works it out once per file (:class:`FileRecord`, small: no
bodies) and every miss of a batch ranks from the records; only the few files a ranking
keeps (its candidates, and any file that is the missed request) are read again.

A list of files given to ``explain`` is scanned through a one-use :class:`Candidates`
that works out only what that miss asks for, while the file is in hand, as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from inspector.core.base.model import Kind
from inspector.core.recording.loading import Recording, load
from inspector.core.rules import hashing, profiles
from inspector.core.rules.nodeid import test_file_of, test_function

__all__ = ["Candidates", "FileRecord", "TestIdHash", "body_leaves", "request_parts"]

Leaf = tuple[str, str]


def body_leaves(value: Any, prefix: str = "") -> set[Leaf]:
    """Every scalar of ``value`` as ``(JSON path, its JSON text up to 2,000 characters)``: what similarity compares."""
    out: set[Leaf] = set()
    stack: list[tuple[Any, str]] = [(value, prefix)]
    while stack:
        v, p = stack.pop()
        if isinstance(v, dict):
            for k, x in v.items():
                stack.append((x, f"{p}.{k}"))
        elif isinstance(v, list):
            for i, x in enumerate(v):
                stack.append((x, f"{p}[{i}]"))
        else:
            out.add((p, json.dumps(v, sort_keys=True)[:2000]))
    return out


def request_parts(rec: Recording) -> tuple[str | None, Any]:
    """Where a recording's call went (a URL path, or ``tool:provider.name``) and what it sent, as stored.

    Read from :func:`~inspector.core.rules.hashing.hashed_request` (the request as the hash sees it).
    """
    seen = hashing.hashed_request(rec.request_raw, rec.test_id, normalized=False)
    if "tool_name" in seen:
        return f"tool:{seen.get('provider')}.{seen.get('tool_name')}", seen.get("kwargs")
    if "payload" in seen:  # a raw HTTP call hashes the whole URL; candidates compare its path
        try:
            return urlparse(str(seen["url"])).path, seen["payload"]
        except ValueError:
            return None, seen["payload"]
    return seen.get("path"), seen.get("body")


# A test id no recording can contain: where it lands in the hashed text is where any test id goes.
_PLACEHOLDER = f"\x00test-id-{os.urandom(8).hex()}\x00"
_TOKEN = json.dumps(_PLACEHOLDER)


class TestIdHash:
    """The newest rules' request hash of one request under any test id, from one pass over the request.

    The hash is ``sha256`` of the hashed object's JSON text, in which the test id (when the
    rules hash one for this request) is a single value: the text before it is digested
    once, and ``hash(test_id)`` feeds only the test id and what follows it.  Requests whose
    hash has no test id (shared model lists hash ``null``, tool calls none) hash the same
    under every test id.  ``hash(t) == hashing.request_hash(request, t)``, or None where
    that is None or raises.
    """

    __test__ = False  # not a pytest class, whatever its name
    __slots__ = ("_state", "_tail", "_fixed")

    def __init__(self, request: Any) -> None:
        self._state: Any = None
        self._tail = ""
        self._fixed: str | None = None
        try:
            obj = hashing.hashed_object(request, _PLACEHOLDER, profiles.NEWEST)
            text = json.dumps(obj, sort_keys=True) if obj is not None else None
        except (RecursionError, TypeError, ValueError):  # request_hash raises the same: no hash
            text = None
        if text is None:
            return
        at = text.find(_TOKEN)
        if at < 0:
            self._fixed = hashlib.sha256(text.encode()).hexdigest()[: profiles.NEWEST.prefix]
        else:
            self._state = hashlib.sha256(text[:at].encode())
            self._tail = text[at + len(_TOKEN) :]

    def hash(self, test_id: str | None) -> str | None:
        """The request's hash when made under ``test_id``."""
        if self._state is None:
            return self._fixed
        h = self._state.copy()
        h.update((json.dumps(test_id) + self._tail).encode())
        return h.hexdigest()[: profiles.NEWEST.prefix]


class _Unset(Enum):
    UNSET = 0


_UNSET = _Unset.UNSET


@dataclass(slots=True)
class FileRecord:
    """What ranking needs of one file.  ``usable``: a readable recording that is not a captured
    miss (a miss has no response to drift from); the rest is filled only for usable files, the
    last three when first asked for (see :class:`Candidates`)."""

    path: Path
    usable: bool
    test_id: str | None = None
    function: str | None = None  # the test without its parameters
    test_file: str | None = None
    model: str | None = None
    endpoint: str | None = None  # request_parts' path: a URL path or tool:provider.name
    name_hash: str | None = None  # the hash the file name carries
    computed: str | None | _Unset = _UNSET  # the hash its request computes (Recording.hash.computed)
    leaves: frozenset[int] | None = None  # its body's leaves, as ids of Candidates' leaf table
    hasher: TestIdHash | None = None


def _record(path: Path, rec: Recording) -> FileRecord:
    if not rec.ok or rec.kind is Kind.MISS:
        return FileRecord(path, False)
    test_id = rec.test_id
    return FileRecord(
        path,
        True,
        test_id,
        test_function(test_id) if test_id else None,
        str(test_file_of(test_id)) if test_id else None,
        rec.model,
        request_parts(rec)[0],
        hashing.parse_file_name(path.name)[0],
    )


class Candidates:
    """The files one ranking (or a batch of them) reads, reduced to :class:`FileRecord` once.

    The first :meth:`scan` reads every file; later scans give the records alone.  The
    heavier parts (the computed hash, the leaves, the test-id hash) are worked out for every
    usable file on the first scan, so that no later miss reads a file for them; with
    ``once=True`` (one ranking: ``explain`` given a list of files) only what the ranking asks
    for is worked out, while the file is in hand, and nothing is kept after the scan.

    Leaves are kept as ids into one table shared by all the files, so a leaf many requests
    share (a system prompt, a tool's schema) is stored once.
    """

    def __init__(self, files: Sequence[Path], *, once: bool = False) -> None:
        self.files = list(files)
        self.once = once
        self._records: list[FileRecord] | None = None
        self._leaf_ids: dict[Leaf, int] = {}

    def __len__(self) -> int:
        return len(self.files)

    def scan(self) -> Iterator[tuple[int, FileRecord, Recording | None]]:
        """``(index, record, recording)`` for each file in order; the recording only while reading."""
        if self._records is not None:
            for n, entry in enumerate(self._records):
                yield n, entry, None
            return
        records: list[FileRecord] = []
        for n, path in enumerate(self.files):
            rec = load(path)
            entry = _record(path, rec)
            if entry.usable and not self.once:
                self.computed(entry, rec)
                self.leaves(entry, rec)
                self.hasher(entry, rec)
            records.append(entry)
            yield n, entry, rec
        if not self.once:
            self._records = records

    def leaf_ids(self, leaves: set[Leaf]) -> Set[Any]:
        """``leaves`` as ids of the shared table, comparable with what :meth:`leaves` gives
        (``once``: the leaves themselves, as no table outlives the scan)."""
        if self.once:
            return leaves
        table = self._leaf_ids
        return frozenset([table.setdefault(leaf, len(table)) for leaf in leaves])

    def computed(self, entry: FileRecord, rec: Recording | None) -> str | None:
        """The hash ``entry``'s request computes under the newest rules (as ``Recording.hash``)."""
        if entry.computed is _UNSET:
            entry.computed = (rec or load(entry.path)).hash.computed
        return entry.computed

    def leaves(self, entry: FileRecord, rec: Recording | None) -> Set[Any]:
        """The leaves of ``entry``'s body, normalised as the hash does (for similarity)."""
        if entry.leaves is not None:
            return entry.leaves
        body = request_parts(rec or load(entry.path))[1]
        ids = self.leaf_ids(body_leaves(hashing.canonical_body(body)))
        if not self.once:
            entry.leaves = frozenset(ids)
        return ids

    def hasher(self, entry: FileRecord, rec: Recording | None) -> TestIdHash:
        """``entry``'s request hash under any test id (the same request under another test)."""
        if entry.hasher is not None:
            return entry.hasher
        found = TestIdHash((rec or load(entry.path)).request_raw)
        if not self.once:
            entry.hasher = found
        return found
