"""``explain``: why replay did not find a recording, and which file the request drifted from.

Replay fails with::

    Recording not found for request hash: 3b7c82…
    Model: gpt-4o | Request: POST https://api.openai.com/v1/v1/chat/completions

:func:`parse_misses` finds such messages in any text (a whole pasted pytest
output is fine: the ``FAILED tests/…::test_x[…]`` lines give the test ids).
:func:`explain` then says where replay looked, whether a file with that hash
exists anywhere under the root and why replay did not see it, and ranks the
recordings the request most likely drifted from: same test id first, then (given
the request) the same request under another test id, then the same test file,
endpoint and model, then similarity.  Given the request body that
missed, it names the JSON paths that differ from each candidate after the
recorder's normalisation, with the changed text.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from inspector.core.checks.candidates import Candidates, FileRecord, body_leaves, request_parts
from inspector.core.checks.pytest_output import Miss, parse_body, parse_misses
from inspector.core.recording.diff import PathChange, json_diff
from inspector.core.recording.discovery import discover
from inspector.core.recording.loading import Recording, load
from inspector.core.rules import hashing, layout, profiles
from inspector.core.rules.layout import ReplayLookup, replay_lookup, test_file_of
from inspector.core.rules.nodeid import test_function

__all__ = [
    "Miss",
    "Sighting",
    "Candidate",
    "BodyCheck",
    "Explanation",
    "parse_misses",
    "parse_body",
    "explain",
    "rank_request",
    "Ranking",
    "ExplainError",
    "Candidates",
]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class ExplainError(ValueError):
    """Input ``explain`` cannot work with; the message is one line for the user."""


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sighting:
    """A file under the root that is (or names) the missed request, and why replay skipped it."""

    path: Path
    how: str  # present | wrong-folder | short-name | models-prefix | renamed
    reason: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A recording the missed request probably drifted from, best first."""

    path: Path
    rank: tuple[float, ...]
    reasons: tuple[str, ...]
    similarity: float | None
    test_id: str | None
    endpoint: str | None
    model: str | None
    changes: tuple[PathChange, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "reasons": list(self.reasons),
            "similarity": None if self.similarity is None else round(self.similarity, 3),
            "test_id": self.test_id,
            "endpoint": self.endpoint,
            "model": self.model,
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class BodyCheck:
    """Whether the body given with ``--body`` hashes to the missed hash, and what that says."""

    computed: str | None
    matches: bool
    note: str


@dataclass(slots=True)
class Explanation:
    """Everything ``explain`` found for one miss."""

    miss: Miss
    root: Path
    lookup: ReplayLookup | None
    sightings: list[Sighting] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    body: BodyCheck | None = None
    notes: list[str] = field(default_factory=list)
    scanned: int = 0

    @property
    def verdict(self) -> str:
        """One line: the most likely reason for the miss."""
        present = [s for s in self.sightings if s.how == "present"]
        if present:
            return "a file with this hash is where replay looks: the miss came from another checkout, or the file was added since"
        if self.sightings:
            return f"a file for this request exists but replay cannot see it: {self.sightings[0].reason}"
        if self.candidates:
            best = self.candidates[0]
            return (
                f"no file has this hash: the request changed since it was recorded; most likely from {best.path.name}"
            )
        searched = f"no file under the root has this hash ({_count(self.scanned, 'recording')} read)"
        if self.miss.test_id is None and self.miss.path is None:
            # Candidates need the same test file or endpoint: with neither known, nothing was compared.
            return f"{searched}; no request was compared: the test and the endpoint are unknown (give the test id or the request body)"
        return f"{searched}, and none is from the same test file or endpoint: it was probably never recorded"

    def to_json(self) -> dict[str, Any]:
        m = self.miss
        return {
            "hash": m.hash,
            "model": m.model,
            "method": m.method,
            "url": m.url,
            "endpoint": m.endpoint,
            "test_id": m.test_id,
            "verdict": self.verdict,
            "looked_in": [str(f) for f in self.lookup.folders] if self.lookup else [],
            "file_name": self.lookup.file_name if self.lookup else None,
            "sightings": [
                {"path": str(s.path), "how": s.how, "reason": s.reason, "hint": s.hint} for s in self.sightings
            ],
            "candidates": [c.to_json() for c in self.candidates],
            "body": None
            if self.body is None
            else {"computed": self.body.computed, "matches": self.body.matches, "note": self.body.note},
            "notes": list(self.notes),
        }


# --- explaining ------------------------------------------------------------------------------


def _similarity(a: AbstractSet[Any], b: AbstractSet[Any]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _test_function(test_id: str | None) -> str | None:
    return test_function(test_id) if test_id else None


def _miss_path(miss: Miss) -> str | None:
    if miss.tool:
        return f"tool:{miss.tool[0]}.{miss.tool[1]}"
    return miss.path


def _same_endpoint(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    # genai misses name "/generate_content_stream"; recordings store "vertexai:///generate_content_stream".
    return a.endswith(b) or b.endswith(a)


def _sighting(
    rec_path: Path, name_hash: str | None, computed: str | None, rec: Recording, miss: Miss, lookup: ReplayLookup
) -> Sighting | None:
    h = miss.hash
    if not h:
        return None
    name = rec_path.name
    folders = " and ".join(_show(f, lookup.root) for f in lookup.folders)
    here = _show(rec_path.parent, lookup.root)
    if name_hash == h:
        if lookup.searched(rec_path):
            return Sighting(rec_path, "present", f"{name} is in {here}, where replay looks")
        if lookup.model_list and not name.startswith("models-"):
            return Sighting(
                rec_path,
                "models-prefix",
                f"{name} lacks the models- prefix: replay merges models-{h[:12]}…-*.json files for model lists",
                _git_mv(rec_path, rec, h, miss, lookup),
            )
        if not lookup.model_list and name.startswith("models-"):
            return Sighting(
                rec_path,
                "models-prefix",
                f"{name} is named as a model list (models- prefix): replay looks for {h[:12]}….json",
                _git_mv(rec_path, rec, h, miss, lookup),
            )
        return Sighting(
            rec_path,
            "wrong-folder",
            f"{name} is in {here}, but replay for this test looks only in {folders}",
            _git_mv(rec_path, rec, h, miss, lookup),
        )
    if name_hash is not None and len(name_hash) == 12 and h.startswith(name_hash):
        return Sighting(
            rec_path,
            "short-name",
            f"{name} has a 12-character name (2025-07 layout): replay looks for the full {h[:12]}….json",
        )
    if computed == h and name_hash != h:
        status = rec.hash
        why = (
            f"its name follows the {status.rule} rules"
            if status.status == "legacy-rule" and status.rule
            else "its name matches no rule (renamed or edited in place)"
        )
        return Sighting(
            rec_path,
            "renamed",
            f"{name} holds exactly this request, but {why}: replay looks for {h[:12]}…",
            _git_mv(rec_path, rec, h, miss, lookup),
        )
    return None


def _git_mv(rec_path: Path, rec: Recording, h: str, miss: Miss, lookup: ReplayLookup) -> str | None:
    """The move that makes replay find it: the layout's target (the same one ``check`` and ``rehash`` use)."""
    body = rec.response_raw.get("body")
    target = layout.target_for(rec_path, rec.request_raw, miss.test_id, body, h, profiles.NEWEST, lookup.root)
    if target == Path(os.path.abspath(rec_path)):
        return None
    return f"git mv {_show(rec_path, None)} {_show(target, None)}"


def _show(path: Path, root: Path | None) -> str:
    base = root if root is not None else Path.cwd()
    try:
        rel = os.path.relpath(path, base)
    except ValueError:
        return str(path)
    if rel.startswith(".."):
        return str(path)
    return rel + ("/" if path.suffix != ".json" else "")


def explain(
    miss: Miss,
    root: str | os.PathLike[str],
    *,
    body: Any = None,
    test_id: str | None = None,
    limit: int = 5,
    files: Sequence[Path] | Candidates | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Explanation:
    """Explain one miss against the recordings under ``root``.

    ``body`` is the request that missed (a body, request object or recording; see
    :func:`parse_body`), ``test_id`` overrides the one found in the text, ``files``
    skips discovery (the app passes what it has indexed); :class:`Candidates` made once
    for several misses reads each file once for all of them.
    """
    miss = replace(miss)  # the caller's Miss stays as parsed
    if test_id:
        miss.test_id = test_id
    body_value, body_request = parse_body(body) if body is not None else (None, {})
    if miss.test_id is None and isinstance(body_request.get("test_id"), str):
        miss.test_id = body_request["test_id"]
    if miss.url is None and isinstance(body_request.get("url"), str):
        miss.url = body_request["url"]
        miss.method = miss.method or (
            body_request.get("method") if isinstance(body_request.get("method"), str) else None
        )
    base = layout.repo_root(root, miss.test_id) or Path(os.path.abspath(root))
    lookup = replay_lookup(base, miss.test_id, miss.hash, model_list=miss.model_list) if miss.hash else None
    result = Explanation(miss, base, lookup)
    if miss.test_id is None and miss.family != "tool":
        result.notes.append(
            "the test id is unknown, so only the common folder is certain: pass --test-id, or paste the whole pytest output (its FAILED line names the test)"
        )
    if body is not None:
        result.body = _check_body(miss, body_value, body_request)

    if files is None:
        files = discover([root]).files
    if not isinstance(files, Candidates):
        files = Candidates(files, once=True)
    found = _scan(miss, files, body_value, with_body=body is not None, limit=limit, lookup=lookup, progress=progress)
    result.candidates, result.sightings, result.scanned = found.candidates, found.sightings, found.scanned
    order = {"present": 0, "renamed": 1, "wrong-folder": 2, "models-prefix": 3, "short-name": 4}
    result.sightings.sort(key=lambda s: order.get(s.how, 9))
    if not miss.hash:
        result.notes.append(
            "the message carries no request hash; candidates are ranked by test, endpoint and model only"
        )
    return result


@dataclass(slots=True)
class Ranking:
    """One pass over the recordings: the best candidates (best first), the sightings of the missed
    hash (with a :class:`ReplayLookup`), and how many readable recordings were read."""

    candidates: list[Candidate] = field(default_factory=list)
    sightings: list[Sighting] = field(default_factory=list)
    scanned: int = 0


def _scan(
    miss: Miss,
    files: Candidates,
    body: Any,
    *,
    with_body: bool,
    limit: int,
    lookup: ReplayLookup | None,
    progress: Callable[[int, int], None] | None,
) -> Ranking:
    """One pass over the files' records: sightings of the missed hash, and the ``limit`` best drift candidates."""
    found = Ranking()
    miss_path = _miss_path(miss)
    miss_leaves = files.leaf_ids(body_leaves(hashing.canonical_body(body))) if with_body else None
    miss_function = _test_function(miss.test_id)
    miss_file = str(test_file_of(miss.test_id)) if miss.test_id else None
    heap: list[tuple[tuple[float, ...], int, Path]] = []
    total = len(files)
    for n, entry, rec in files.scan():
        if progress is not None:
            progress(n, total)
        if not entry.usable:  # unreadable, or a captured miss (no response to drift from)
            continue
        found.scanned += 1
        path = entry.path
        if lookup is not None:
            computed = files.computed(entry, rec)
            if _may_be_sighting(entry, computed, miss.hash):
                seen = _sighting(path, entry.name_hash, computed, rec or load(path), miss, lookup)
                if seen is not None:
                    found.sightings.append(seen)
                    if seen.how == "present":
                        continue
        same_test = 1.0 if miss.test_id and entry.test_id == miss.test_id else 0.0
        same_function = 1.0 if miss_function and entry.function == miss_function else 0.0
        same_file = 1.0 if miss_file and entry.test_id and entry.test_file == miss_file else 0.0
        same_endpoint = 1.0 if _same_endpoint(miss_path, entry.endpoint) else 0.0
        same_model = 1.0 if miss.model and entry.model == miss.model else 0.0
        if not (same_file or same_endpoint):
            continue  # a different test file and a different endpoint: not a drift candidate
        if miss_leaves is not None:
            sim = _similarity(miss_leaves, files.leaves(entry, rec))
        elif miss.test_id and entry.test_id:
            sim = SequenceMatcher(None, miss.test_id, entry.test_id).ratio()
        else:
            sim = 0.0
        # The same request but for the test id (a renamed or moved test): second only to the same test.
        identical = 1.0 if miss_leaves is not None and miss.hash and _hashes_to(files, entry, rec, miss) else 0.0
        rank = (same_test, identical, same_test + same_function + same_file, same_endpoint, same_model, sim)
        item = (rank, -n, path)
        if len(heap) < limit:
            heapq.heappush(heap, item)
        else:
            heapq.heappushpop(heap, item)
    if progress is not None:
        progress(total, total)
    for rank, _n, path in sorted(heap, reverse=True):
        found.candidates.append(_candidate(path, rank, miss, body if with_body else None, miss_leaves is not None))
    return found


def _may_be_sighting(entry: FileRecord, computed: str | None, h: str | None) -> bool:
    """Whether :func:`_sighting` can find something in this file (it needs the recording then)."""
    if not h:
        return False
    name_hash = entry.name_hash
    if name_hash == h or (name_hash is not None and len(name_hash) == 12 and h.startswith(name_hash)):
        return True
    return computed == h


def _hashes_to(files: Candidates, entry: FileRecord, rec: Recording | None, miss: Miss) -> bool:
    """Whether the file's request, made under the missed test id, hashes to the missed hash."""
    return files.hasher(entry, rec).hash(miss.test_id) == miss.hash


def rank_request(
    request: dict[str, Any],
    test_id: str | None,
    request_hash: str | None,
    root: str | os.PathLike[str],
    *,
    limit: int = 5,
    files: Sequence[Path] | Candidates | None = None,
) -> Explanation:
    """:func:`explain` for a request known in full (a captured miss) rather than parsed from a message.

    ``request`` is the request as the recorder stores one (``{"method", "url", "body"}``, a raw
    HTTP call's ``{"url", "method", "payload"}`` or a tool call's ``{"provider", "tool_name",
    "kwargs"}``).  The candidates come in explain's order: the same test id, then the same
    request under another test id, then the same test / endpoint / model and similarity.
    """
    url = request.get("url") if isinstance(request.get("url"), str) else None
    method = request.get("method") if isinstance(request.get("method"), str) else None
    body = request.get("body") if isinstance(request.get("body"), dict) else request.get("payload")
    model = request.get("model") if isinstance(request.get("model"), str) and request.get("model") else None
    if model is None and isinstance(body, dict) and isinstance(body.get("model"), str):
        model = body["model"]
    tool = None
    if "tool_name" in request:
        tool = (str(request.get("provider")), str(request.get("tool_name")), request.get("kwargs"))
    miss = Miss(request_hash, model=model, method=method, url=url, test_id=test_id, family="tool" if tool else None, tool=tool)
    if hashing.hash_kind(request) == hashing.HashKind.INFERENCE and "body" not in request:
        # TEI's GET /info: stored without a body, hashed with {} (else the whole request would pass for the body)
        request = {**request, "body": {}}
    return explain(miss, root, body={"request": request, "test_id": test_id, "response": None}, limit=limit, files=files)


def _candidate(path: Path, rank: tuple[float, ...], miss: Miss, body: Any, with_body: bool) -> Candidate:
    rec = load(path)
    reasons: list[str] = []
    _same_test, identical, test_score, same_endpoint, same_model, sim = rank
    if identical:
        same = bool(miss.test_id) and rec.test_id == miss.test_id
        reasons.append("the same request" if same else "the same request under another test id")
    if miss.test_id and rec.test_id == miss.test_id:
        reasons.append("same test id")
    elif test_score >= 2:
        reasons.append("same test, other parameters")
    elif test_score >= 1:
        reasons.append("same test file")
    if same_endpoint:
        reasons.append("same endpoint")
    if same_model:
        reasons.append("same model")
    if with_body:
        reasons.append(f"{sim:.0%} of the request alike")
    changes: list[PathChange] = []
    if body is not None:
        rec_path, rec_body = request_parts(rec)
        if miss.test_id and rec.test_id != miss.test_id:
            changes.append(PathChange("test_id", "changed", rec.test_id, miss.test_id, ("test_id",)))
        if miss.path and rec_path and not _same_endpoint(miss.path, rec_path):
            changes.append(PathChange("endpoint", "changed", rec_path, miss.path, ("endpoint",)))
        changes += json_diff(hashing.canonical_body(rec_body), hashing.canonical_body(body))
    return Candidate(
        path, rank, tuple(reasons), sim if with_body else None, rec.test_id, rec.endpoint, rec.model, tuple(changes)
    )


def _check_body(miss: Miss, body: Any, request: dict[str, Any]) -> BodyCheck:
    """Hash the body that missed, the way the recorder would, and compare."""
    if miss.family == "tool" or "tool_name" in request:
        provider = request.get("provider") or (miss.tool[0] if miss.tool else None)
        tool = request.get("tool_name") or (miss.tool[1] if miss.tool else None)
        computed = hashing.hash_object(hashing.tool_object(provider, tool, body))
        ok = computed == miss.hash
        return BodyCheck(
            computed, ok, "the kwargs hash to the missed hash" if ok else "the kwargs do not hash to the missed hash"
        )
    url = miss.url or request.get("url")
    method = miss.method or request.get("method") or "POST"
    if not isinstance(url, str):
        return BodyCheck(None, False, "no URL known (the message has none): cannot hash the body")
    if "payload" in request:
        req = {"url": url, "method": method, "payload": body}
    else:
        req = {"url": url, "method": method, "body": body}
    computed = hashing.request_hash(req, miss.test_id)
    if not miss.hash:
        return BodyCheck(
            computed,
            False,
            f"the body hashes to {computed[:12] if computed else '?'}… (the message carries no hash to compare)",
        )
    if computed == miss.hash:
        return BodyCheck(computed, True, "the body hashes to the missed hash: it is the request that missed")
    if miss.test_id and hashing.request_hash(req, None) == miss.hash:
        return BodyCheck(
            computed,
            False,
            "the body hashes to the missed hash without a test id: the call ran outside a test context (server mode without the test id header?)",
        )
    for rules in profiles.RULE_SETS[1:]:
        if rules.prefix == 64 and hashing.request_hash(req, miss.test_id, rules) == miss.hash:
            return BodyCheck(
                computed,
                False,
                f"the body hashes to the missed hash only under the {rules.name} rules: the recorder that failed is older than the newest rules",
            )
    return BodyCheck(
        computed,
        False,
        f"the body hashes to {computed[:12] if computed else '?'}…, not the missed hash: it is not exactly the request that missed (another call, or another test id)",
    )
