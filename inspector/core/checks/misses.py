"""Explaining captured misses: the nearest recording, what changed, and whether healing is safe.

A captured miss (``core/recording/captures.py``) carries the request exactly as the
recorder hashed it, so unlike a pasted failure message nothing has to be guessed:

- the **nearest** recording comes from ``explain``'s one ranking
  (:func:`~inspector.core.checks.explain.rank_request`): the same test id first, then
  the same request under another test id, then the same test, endpoint, model and
  similarity;
- the **changed** paths are the differences between the two requests as the hash
  sees them (:func:`~inspector.core.rules.hashing.hashed_object`, diffed with
  :func:`~inspector.core.recording.diff.json_diff`), old → new, with ``test_id``
  named when it differs;
- the **heal class**: ``safe`` when the provider would receive exactly the same
  request (method, URL path, normalised body: only the test id differs), ``unsafe``
  when something it sees changed, ``none`` when nothing resembles the request;
- the **target**: where the recorder will look for the missed request, the missed
  test's folder under the layout (``core/rules/layout.py``), named by the captured
  hash (``models-<hash>-<digest>.json`` for model lists).

Which root: ``--root`` when given; otherwise the repository root the layout finds
above the folders replay looked in, when that folder exists on this machine (a
capture made in this checkout), else the one above the current folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from inspector.core.checks.explain import Candidate, Candidates, rank_request
from inspector.core.recording.captures import CapturedMiss
from inspector.core.recording.diff import PathChange, json_diff
from inspector.core.recording.discovery import discover
from inspector.core.recording.loading import Recording, load
from inspector.core.rules import hashing, layout, profiles

__all__ = [
    "SAFE",
    "UNSAFE",
    "NONE",
    "HEAL_CLASSES",
    "MissReport",
    "miss_root",
    "request_changes",
    "heal_class",
    "heal_target",
    "explain_miss",
    "explain_misses",
]

SAFE = "safe"
UNSAFE = "unsafe"
NONE = "none"
HEAL_CLASSES = (SAFE, UNSAFE, NONE)

#: Below this share of alike leaves (explain's similarity), a request resembles nothing.
_RESEMBLES = 0.25
#: A changed text with fewer words in common than this is a replacement, not a rewording.
_REWORDED = 0.5
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class MissReport:
    """What ``misses`` says about one captured miss."""

    miss: CapturedMiss
    root: Path
    heal: str  # safe | unsafe | none
    nearest: Candidate | None
    changed: tuple[PathChange, ...]
    target: Path | None  # where heal writes it (None: it cannot be placed; see note)
    present: Path | None = None  # a file already where replay looks (the checkout has it since)
    note: str | None = None
    also: tuple[Path, ...] = ()  # the same miss captured in other folders

    @property
    def hash(self) -> str:
        return self.miss.hash

    @property
    def test_id(self) -> str | None:
        return self.miss.test_id

    def shown(self, path: Path | None) -> str | None:
        """``path`` relative to the root (POSIX), or absolute when outside it."""
        if path is None:
            return None
        try:
            rel = os.path.relpath(path, self.root)
        except ValueError:
            return str(path)
        return str(path) if rel.startswith("..") else PurePosixPath(*Path(rel).parts).as_posix()

    def to_json(self) -> dict[str, Any]:
        near = self.nearest
        return {
            "hash": self.miss.hash,
            "test_id": self.miss.test_id,
            "kind": self.miss.kind,
            "looked_in": list(self.miss.looked_in),
            "nearest": self.shown(near.path) if near else None,
            "nearest_test_id": near.test_id if near else None,
            "reasons": list(near.reasons) if near else [],
            "similarity": None if near is None or near.similarity is None else round(near.similarity, 3),
            "changed": [c.to_json() for c in self.changed],
            "heal": self.heal,
            "target": self.shown(self.target),
            "present": self.shown(self.present),
            "note": self.note,
            "file": str(self.miss.path),
            "also": [str(p) for p in self.also],
            "root": str(self.root),
        }


# --- the root ---------------------------------------------------------------------------


def miss_root(miss: CapturedMiss, root: str | os.PathLike[str] | None = None) -> Path:
    """The repository root a miss is explained against (see the module docstring)."""
    if root is not None:
        return layout.repo_root(root, miss.test_id, Path(root)) or Path(os.path.abspath(root))
    for folder in miss.looked_in:
        here = Path(folder.split("*", 1)[0])
        if here.is_dir() or here.parent.is_dir():
            found = layout.repo_root(here, miss.test_id)
            if found is not None and found.is_dir():
                return found
    return layout.repo_root(Path.cwd(), miss.test_id) or Path.cwd()


# --- what changed -------------------------------------------------------------------------


def _seen(request: dict[str, Any], test_id: str | None, rules: profiles.RuleSet) -> dict[str, Any]:
    """The request as the hash sees it, without the test id (which is compared on its own)."""
    try:
        obj = hashing.hashed_object(request, test_id, rules)
    except (RecursionError, TypeError, ValueError):
        obj = None
    if obj is None:  # no hash rule: compare what is stored
        obj = {k: v for k, v in request.items() if k != "test_id"}
    return {k: v for k, v in obj.items() if k != "test_id"}


def request_changes(
    old: Recording, new_request: dict[str, Any], new_test_id: str | None, rules: profiles.RuleSet = profiles.NEWEST
) -> list[PathChange]:
    """The paths where ``new_request`` differs from ``old``'s request, as the hash sees both, old → new.

    ``test_id`` comes first when the test ids differ (even where the hash leaves the
    test id out: shared model lists, tool calls).
    """
    out: list[PathChange] = []
    if old.test_id != new_test_id:
        out.append(PathChange("test_id", "changed", old.test_id, new_test_id, ("test_id",)))
    out += json_diff(_seen(old.request_raw, old.test_id, rules), _seen(new_request, new_test_id, rules))
    return out


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _reworded(change: PathChange) -> bool:
    """A changed string that keeps most of its words (a rewording rather than another text)."""
    if change.op != "changed" or not isinstance(change.old, str) or not isinstance(change.new, str):
        return True
    a, b = _words(change.old), _words(change.new)
    if not a and not b:
        return SequenceMatcher(None, change.old, change.new).ratio() >= _REWORDED
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= _REWORDED


def heal_class(nearest: Candidate | None, changed: Iterable[PathChange]) -> str:
    """``safe``: only the test id differs; ``none``: nothing resembles the request; else ``unsafe``."""
    if nearest is None:
        return NONE
    seen = [c for c in changed if c.path != "test_id"]
    if not seen:
        return SAFE
    texts = [c for c in seen if c.op == "changed" and isinstance(c.old, str) and isinstance(c.new, str)]
    if not all(_reworded(c) for c in texts):
        return NONE  # a text was replaced by another: a different request, not a drifted one
    if not texts and nearest.similarity is not None and nearest.similarity < _RESEMBLES:
        return NONE  # parts added and removed until little is alike
    return UNSAFE


# --- where it goes ------------------------------------------------------------------------------


def _model_list(miss: CapturedMiss) -> bool:
    return miss.kind == "models" or layout.names_model_list(miss.request)


def _naming_request(miss: CapturedMiss) -> dict[str, Any]:
    """The request as the recorder names its file: model lists by their ``endpoint`` field."""
    req = miss.request
    if not _model_list(miss) or layout.names_model_list(req):
        return req
    url = req.get("url") if isinstance(req.get("url"), str) else ""
    try:
        path = urlparse(url).path
    except ValueError:
        path = ""
    return {**req, "endpoint": "/info" if path.endswith("/info") else "/v1/models"}


def _target_folder(miss: CapturedMiss, root: Path) -> tuple[Path | None, str | None]:
    """The missed test's folder (the layout's answer); the common fallback without a test id."""
    rel = layout.safe_recordings_dir(miss.test_id)
    if rel is None:
        return None, f"the test id {miss.test_id!r} would place the file outside the repository"
    return root / rel, None


def heal_target(
    miss: CapturedMiss, root: Path, response_body: Any, rules: profiles.RuleSet = profiles.NEWEST
) -> tuple[Path | None, str | None]:
    """Where the recorder will look for the missed request under ``root``: ``(path, None)`` or ``(None, why not)``.

    The missed test's folder, named by the captured hash; a model list named by the
    digest of ``response_body``'s model ids.
    """
    folder, why = _target_folder(miss, root)
    if folder is None:
        return None, why
    request = _naming_request(miss)
    name = layout.file_name_for(request, miss.hash, response_body, "", rules)
    if _model_list(miss) and not name.startswith("models-"):
        return None, "the nearest recording's model list has no model ids to name the file by"
    return folder / name, None


# --- explaining ----------------------------------------------------------------------------


def explain_miss(
    miss: CapturedMiss,
    root: str | os.PathLike[str] | None = None,
    *,
    files: Sequence[Path] | Candidates | None = None,
    rules: profiles.RuleSet = profiles.NEWEST,
) -> MissReport:
    """The nearest recording, the changed paths, the heal class and the target of one miss.

    ``files``: the recordings to rank (default: all under the root); :class:`Candidates`
    are read once for several misses (as :func:`explain_misses` does).
    ``rules``: the recorder profile the changed paths and the model-list digest follow
    (the captured hash is the recorder's own, whatever the profile).
    """
    base = miss_root(miss, root)
    if files is None:
        files = discover([base]).files
    found = rank_request(miss.request, miss.test_id, miss.hash, base, files=files)
    present = next((s.path for s in found.sightings if s.how == "present"), None)
    nearest = found.candidates[0] if found.candidates else None
    changed: list[PathChange] = []
    note = None
    body = None
    if nearest is not None:
        rec = load(nearest.path)
        changed = request_changes(rec, miss.request, miss.test_id, rules)
        body = rec.response_raw.get("body")
    cls = heal_class(nearest, changed)
    target, why = heal_target(miss, base, body, rules) if nearest is not None else (None, None)
    if why:
        note = why
    elif found.body is not None and not found.body.matches:
        note = f"the captured request does not hash to the captured hash under our rules: {found.body.note}"
    elif present is not None:
        note = "a file with this hash is already where replay looks: the checkout has it since the run"
    elif nearest is None:
        note = f"nothing under {base} resembles the request ({found.scanned} recordings read)"
    return MissReport(miss, base, cls, nearest, tuple(changed), target, present, note)


def explain_misses(
    misses: Iterable[CapturedMiss],
    root: str | os.PathLike[str] | None = None,
    *,
    rules: profiles.RuleSet = profiles.NEWEST,
) -> list[MissReport]:
    """:func:`explain_miss` for each distinct miss (the same hash captured twice counts once).

    The recordings of each root are read and reduced once for all its misses (:class:`Candidates`).
    """
    first: dict[str, CapturedMiss] = {}
    also: dict[str, list[Path]] = {}
    for m in misses:
        if m.hash in first:
            also[m.hash].append(m.path)
        else:
            first[m.hash] = m
            also[m.hash] = []
    files_by_root: dict[Path, Candidates] = {}
    out: list[MissReport] = []
    for h, m in first.items():
        base = miss_root(m, root)
        files = files_by_root.get(base)
        if files is None:
            files = files_by_root[base] = Candidates(discover([base]).files)
        report = explain_miss(m, base, files=files, rules=rules)
        if also[h]:
            report = replace(report, also=tuple(also[h]))
        out.append(report)
    return out
