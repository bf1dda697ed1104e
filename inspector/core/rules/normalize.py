"""The recorder's response normalisation, planned and applied through the one writer.

Since October 2025 the recorder rewrites, at the top level of every typed value
it stores (``{"__type__": …, "__data__": {…}}``): ``id`` → ``rec-<first 12 hex of
the request hash>`` (not for ``object == "model"``), ``created`` → 0, Ollama's
``created_at`` → ``1970-01-01T00:00:00.000000Z`` and its ``*_duration`` fields → 0.
Files recorded before, or edited by hand, or renamed to a new hash without their
ids being updated, show noise in every diff; this module finds and fixes that.

What is normalised comes from the recorder profile (``core/rules/profiles.py``): ogx
1.5.0 (``2026-10``, the newest) zeroes ``created`` of model objects too, earlier
recorders kept it, the 2025-07 recorder normalised nothing.  ``models_created=True``
zeroes it under any profile.
The hash is the file's own (its name): the ids must match the name replay uses.
"""

from __future__ import annotations

import copy
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector.core.base.jsonio import JsonError, parse_bytes, read_problem
from inspector.core.base.jsonpath import format_path
from inspector.core.base.writer import Fingerprint, WriteError, render, write_recording
from inspector.core.rules.hashing import parse_file_name
from inspector.core.rules.profiles import NEWEST, RuleSet

__all__ = ["FieldChange", "NormalizePlan", "NormalizeResult", "plan_normalization", "normalize_file", "EPOCH"]

EPOCH = "1970-01-01T00:00:00.000000Z"
_DURATIONS = ("total_duration", "load_duration", "prompt_eval_duration", "eval_duration")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field the normalisation changes."""

    path: str
    field: str  # id | created | created_at | total_duration | …
    old: Any
    new: Any
    parts: tuple[str | int, ...] = ()


@dataclass(slots=True)
class NormalizePlan:
    """What normalising a recording would change (the data itself is not copied until asked)."""

    hash12: str | None
    changes: list[FieldChange] = field(default_factory=list)
    skipped: str | None = None  # why the file is left alone
    source: Any = None

    @property
    def needed(self) -> bool:
        return bool(self.changes)

    def counts(self) -> dict[str, int]:
        """How many changes per field, e.g. ``{"id": 12, "created": 12}``."""
        out: dict[str, int] = {}
        for c in self.changes:
            out[c.field] = out.get(c.field, 0) + 1
        return out

    def describe(self) -> str:
        """One line: ``12 ids → rec-3abb9133ddda, 12 created → 0``."""
        parts = []
        for name, n in self.counts().items():
            new = next(c.new for c in self.changes if c.field == name)
            label = {"id": "ids", "created": "created", "created_at": "created_at"}.get(name, name)
            parts.append(f"{n} {label} → {new}")
        return ", ".join(parts)

    def normalised(self) -> Any:
        """A normalised copy of the recording (the input is never modified)."""
        data = copy.deepcopy(self.source)
        for c in self.changes:
            target = data
            for part in c.parts[:-1]:
                target = target[part]
            target[c.parts[-1]] = c.new
        return data


def _typed_values(body: Any) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """The ``__data__`` dicts the recorder normalised, with their paths."""
    items = list(enumerate(body)) if isinstance(body, list) else [(None, body)]
    out = []
    for i, item in items:
        if isinstance(item, dict) and "__type__" in item and isinstance(item.get("__data__"), dict):
            base: tuple[str | int, ...] = ("response", "body") if i is None else ("response", "body", i)
            out.append(((*base, "__data__"), item["__data__"]))
    return out


def plan_normalization(
    data: Any, file_name: str, *, models_created: bool = False, rules: RuleSet = NEWEST
) -> NormalizePlan:
    """What the recorder under ``rules`` would normalise in ``data`` (``data`` is not modified)."""
    name_hash, _digest = parse_file_name(file_name)
    if name_hash is None:
        return NormalizePlan(None, skipped="the file name is not a request hash")
    if not rules.normalizes:
        return NormalizePlan(name_hash[:12], skipped=f"the {rules.name} recorder did not normalise responses")
    models_created = models_created or rules.models_created
    if len(name_hash) != 64:
        return NormalizePlan(name_hash[:12], skipped="12-character name (2025 layout): that recorder did not normalise")
    if not isinstance(data, dict) or not isinstance(data.get("response"), dict):
        return NormalizePlan(name_hash[:12], skipped="not a recording")
    hash12 = name_hash[:12]
    plan = NormalizePlan(hash12, source=data)
    rec_id = f"rec-{hash12}"
    for path, d in _typed_values(data["response"].get("body")):
        is_model = d.get("object") == "model"

        def want(key: str, value: Any, path: tuple[str | int, ...] = path, d: dict[str, Any] = d) -> None:
            old = d[key]
            if old != value or type(old) is not type(value):
                parts = (*path, key)
                plan.changes.append(FieldChange(format_path(parts), key, old, value, parts))

        if "id" in d and not is_model:
            want("id", rec_id)
        if "created" in d and (not is_model or models_created):
            want("created", 0)
        if "created_at" in d:
            want("created_at", EPOCH)
        for key in _DURATIONS:
            if key in d and d[key] is not None:
                want(key, 0)
    return plan


@dataclass(slots=True)
class NormalizeResult:
    """The outcome for one file: the plan, whether it was written, or why not."""

    path: Path
    plan: NormalizePlan | None
    written: bool = False
    error: str | None = None
    reformatted: bool = False  # the file was not in the recorder's layout before


def normalize_file(
    path: str | os.PathLike[str], *, dry_run: bool = False, models_created: bool = False, rules: RuleSet = NEWEST
) -> NormalizeResult:
    """Normalise one file in place (through the one writer); never raises for bad input."""
    p = Path(path)
    try:
        raw = p.read_bytes()
        st = p.stat()
    except OSError as exc:
        return NormalizeResult(p, None, error=read_problem(exc))
    try:
        data = parse_bytes(raw)
    except JsonError as exc:
        return NormalizeResult(p, None, error=exc.reason)
    plan = plan_normalization(data, p.name, models_created=models_created, rules=rules)
    result = NormalizeResult(p, plan)
    if plan.skipped or not plan.needed or dry_run:
        return result
    result.reformatted = render(data) != raw
    # Compare against the bytes just read, so a change made meanwhile is never overwritten.
    expect = Fingerprint(len(raw), st.st_mtime_ns, hashlib.sha256(raw).hexdigest())
    try:
        write_recording(p, plan.normalised(), expect=expect)
    except WriteError as exc:  # ConflictError included: changed on disk meanwhile
        result.error = str(exc)
        return result
    result.written = True
    return result
