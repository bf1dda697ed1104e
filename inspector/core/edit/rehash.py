"""Renaming a recording after its request changed (the file name is the request's hash).

:func:`plan_rehash` works out, without touching the disk, what the recorder
would call the file now: the hash under the newest rules (or a pinned rule
set), the ``models-<hash>-<digest>.json`` form kept for model lists with the
digest recomputed, the ``rec-<hash12>`` ids of the response re-pointed to the new
hash, and the folder the recorder reads it from; name and folder are
:func:`inspector.core.rules.layout.target_for`, the answer ``check`` and the Doctor give
too.  :func:`apply_rename` then writes the new file (never over a different one)
and removes the old name, or changes nothing.  :func:`rehash_files` reports a new
name that already holds the same request as a duplicate, not a conflict, and can
move such copies into the trash.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from inspector.core.base.jsonio import JsonError, parse_bytes
from inspector.core.base.model import Kind
from inspector.core.base.writer import (
    ConflictError,
    Fingerprint,
    WriteError,
    fingerprint_bytes,
    remove_file,
    render,
    write_text_atomic,
)
from inspector.core.edit.curate import CurateError, Curator
from inspector.core.edit.ids import old_id_hash, repoint_ids, with_test_id
from inspector.core.edit.outcome import EditError
from inspector.core.edit.root import Root
from inspector.core.recording.loading import Recording
from inspector.core.rules import hashing, layout, profiles

__all__ = [
    "RenamePlan",
    "RenameResult",
    "RehashReport",
    "plan_rehash",
    "apply_rename",
    "rehash_files",
    "repoint_ids",
    "same_request",
    "old_id_hash",
    "with_test_id",
]

@dataclass(frozen=True, slots=True)
class RenamePlan:
    """What a rehash would do to one file.

    ``status``: ``unchanged`` (name, folder and ids already right), ``rename``
    (a new name and/or folder), or ``skip`` (``note`` says why: not a recording,
    no hash rule for its kind…).
    """

    source: Path
    target: Path
    status: str
    rules: str
    old_hash: str | None = None
    new_hash: str | None = None
    ids_repointed: int = 0
    folder_changed: bool = False
    note: str | None = None
    data: Any = None  # the document to write under the new name
    source_fingerprint: Fingerprint | None = None

    @property
    def renames(self) -> bool:
        return self.status == "rename"

    def describe(self) -> str:
        """One line: ``old → new (12 ids re-pointed, moved to …)``."""
        if self.status == "skip":
            return f"{self.source.name}: skipped ({self.note})"
        if self.status == "unchanged":
            return f"{self.source.name}: up to date"
        extra = [f"moved to {self.target.parent}"] if self.folder_changed else []
        if self.details:
            extra.append(self.details)
        tail = f" ({'; '.join(extra)})" if extra else ""
        return f"{self.source.name} → {self.target.name}{tail}"

    @property
    def details(self) -> str:
        """``3 ids re-pointed; <note>`` (empty when there is nothing to add)."""
        extra = []
        if self.ids_repointed:
            extra.append(f"{self.ids_repointed} id{'s' if self.ids_repointed != 1 else ''} re-pointed")
        if self.note:
            extra.append(self.note)
        return "; ".join(extra)


@dataclass(frozen=True, slots=True)
class RenameResult:
    """What :func:`apply_rename` did; ``identical_existed``: the new name already held these bytes."""

    plan: RenamePlan
    path: Path
    fingerprint: Fingerprint | None
    identical_existed: bool = False


def plan_rehash(
    path: str | os.PathLike[str],
    data: Any = None,
    *,
    rules: profiles.RuleSet = profiles.NEWEST,
    root: Root | None = None,
    relocate: bool = True,
    source_fingerprint: Fingerprint | None = None,
    tests_root: Path | None = None,
    loaded: Recording | None = None,
) -> RenamePlan:
    """What the recorder would name ``path`` (holding ``data``, read from disk when None).

    ``loaded``: the file as already loaded (``data`` is its data): its request hash,
    worked out for its checks, is not worked out again.
    Never raises for what a file contains: problems come back as ``status="skip"``.
    """
    source = Path(os.path.abspath(path))
    fp = source_fingerprint
    if data is None and loaded is not None:
        data = loaded.data
    if data is None:
        try:
            raw = source.read_bytes()
        except OSError as exc:
            return RenamePlan(source, source, "skip", rules.name, note=f"cannot read: {exc.strerror or exc}")
        try:
            data = parse_bytes(raw)
        except JsonError as exc:
            return RenamePlan(source, source, "skip", rules.name, note=exc.reason)
        fp = fp or fingerprint_bytes(raw)
    rec = loaded if loaded is not None else Recording(source, data)
    if not rec.ok:
        return RenamePlan(source, source, "skip", rules.name, note=rec.problem, source_fingerprint=fp)
    if rec.kind is Kind.MISS:  # named by the hash the recorder missed: nothing to rename, no ids to re-point
        return RenamePlan(source, source, "skip", rules.name, note="a captured miss, not a recording", source_fingerprint=fp)
    old_hash, _digest = hashing.parse_file_name(source.name)
    try:
        new_hash = rec.request_hash(rules)
    except (RecursionError, TypeError, ValueError) as exc:
        return RenamePlan(source, source, "skip", rules.name, old_hash, note=f"cannot hash the request: {exc}", source_fingerprint=fp)
    if new_hash is None:
        return RenamePlan(source, source, "skip", rules.name, old_hash, note="no hash rule for this kind of request", source_fingerprint=fp)
    body = rec.response_raw.get("body")
    # The layout's folder only when moving there: the name alone is the cheap part (check asks per file).
    wanted = layout.target_for(source, rec.request_raw, rec.test_id, body, new_hash, rules, tests_root) if relocate else None
    name = wanted.name if wanted is not None else layout.file_name_for(rec.request_raw, new_hash, body, source.name, rules)
    notes: list[str] = []
    old12 = old_id_hash(old_hash, data.get("response"))
    new_data = data
    count = 0
    if old12:
        response, count = repoint_ids(data["response"], old12, new_hash[:12])
        if count:
            new_data = dict(data)
            new_data["response"] = response
    folder = wanted.parent if wanted is not None else source.parent
    if folder == source.parent and relocate and rec.test_id and layout.safe_recordings_dir(rec.test_id) is None:
        notes.append(f"kept in its folder: the test id's file {str(layout.test_file_of(rec.test_id))!r} goes up with '..' out of the repository or is not a relative path")
    if root is not None and not root.contains(folder / name):
        notes.append("kept in its folder: the test id's folder is outside the root")
        folder = source.parent
    target = folder / name
    if source.parent.name == "responses" and (source.parent.parent / "index.sqlite").exists() and target != source:
        notes.append("index.sqlite still lists the old name")
    status = "unchanged" if target == source and count == 0 else "rename"
    return RenamePlan(
        source,
        target,
        status,
        rules.name,
        old_hash,
        new_hash,
        ids_repointed=count,
        folder_changed=folder != source.parent,
        note="; ".join(notes) or None,
        data=new_data,
        source_fingerprint=fp,
    )


def apply_rename(plan: RenamePlan, *, root: Root | None = None, expect: Fingerprint | None = None) -> RenameResult:
    """Carry out a plan: write the new file (``create``: never over another one), remove the old.

    ``expect`` (default: the fingerprint taken when planning) must still match
    the old file, else :class:`ConflictError` and nothing changes.  When the new
    name already holds exactly these bytes, the old name is removed and
    ``identical_existed`` says so.  A different file under the new name is a
    :class:`ConflictError`; nothing changes either.
    """
    if plan.status != "rename":
        return RenameResult(plan, plan.source, plan.source_fingerprint)
    expect = expect or plan.source_fingerprint
    target = plan.target
    if root is not None:
        root.check(target, "new name")
    payload = render(plan.data)
    if target == plan.source:  # same name (ids re-pointed only): an ordinary save
        done = write_text_atomic(target, payload, expect=expect)
        return RenameResult(plan, target, done)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create the folder {target.parent}: {exc.strerror or exc}") from None
    identical = False
    done: Fingerprint | None
    try:
        done = write_text_atomic(target, payload, create=True)
    except ConflictError as exc:
        if not exc.identical:
            raise ConflictError(
                f"cannot rename {plan.source.name}: {target.name} already exists with different content", path=target
            ) from None
        identical = True
        done = fingerprint_bytes(payload)
    try:
        remove_file(plan.source, expect=expect)
    except WriteError:
        if not identical:
            with contextlib.suppress(WriteError):
                remove_file(target)  # undo our new file: the old one stays the only copy
        raise
    return RenameResult(plan, target, done, identical_existed=identical)


def same_request(plan: RenamePlan, rules: profiles.RuleSet = profiles.NEWEST) -> bool:
    """Whether the file already at ``plan.target`` holds the same request (model lists: the same model set).

    Then the source is a redundant copy (``duplicate-request``), not a conflict.
    """
    if plan.new_hash is None or plan.target == plan.source:
        return False
    try:
        other = Recording(plan.target, parse_bytes(plan.target.read_bytes()))
    except (OSError, JsonError):
        return False
    if not other.ok:
        return False
    try:
        if hashing.request_hash(other.request_raw, other.test_id, rules) != plan.new_hash:
            return False
    except (RecursionError, TypeError, ValueError):
        return False
    if not plan.target.name.startswith("models-"):
        return True
    mine = Recording(plan.source, plan.data)
    legacy = rules.name != profiles.NEWEST.name
    digest = hashing.model_list_digest(mine.response_raw.get("body"), legacy=legacy)
    return digest is not None and digest == hashing.model_list_digest(other.response_raw.get("body"), legacy=legacy)


@dataclass(frozen=True, slots=True)
class RehashReport:
    """One line of a batch rehash.

    ``status``: unchanged | renamed | would-rename | identical | duplicate | dropped | skipped | failed.
    ``duplicate``: the new name already holds the same request (left alone unless dropped);
    ``dropped``: that redundant copy was moved into the trash (``trash_id`` restores it).
    """

    source: Path
    target: Path
    status: str
    message: str
    plan: RenamePlan | None = None
    trash_id: str | None = None


def rehash_files(
    paths: list[Path],
    *,
    rules: profiles.RuleSet = profiles.NEWEST,
    root: Root | None = None,
    relocate: bool = True,
    dry_run: bool = False,
    drop_duplicates: bool = False,
) -> list[RehashReport]:
    """Rehash many files, one report each; a failure on one file never stops the others.

    ``drop_duplicates``: a file whose new name already holds the same request is
    moved into the trash (one batch, so ``restore --last`` brings them all back).
    """
    reports: list[RehashReport] = []
    curator: Any = None
    batch: str | None = None

    def duplicate(plan: RenamePlan, line: str) -> RehashReport:
        nonlocal curator, batch
        if not drop_duplicates or dry_run:
            return RehashReport(plan.source, plan.target, "duplicate", f"{plan.source.name}: {plan.target.name} already holds the same request", plan)
        try:
            if curator is None:
                curator = Curator(root.path if root is not None else layout.write_root([plan.source]), rules=rules)
            done = curator.delete(plan.source, batch=batch)
        except CurateError as exc:
            return RehashReport(plan.source, plan.target, "failed", f"{plan.source.name}: {exc.reason}", plan)
        batch = batch or done.trash_id
        return RehashReport(plan.source, plan.target, "dropped", f"{plan.source.name}: moved into the trash", plan, done.trash_id)

    for path in paths:
        plan = plan_rehash(path, rules=rules, root=root, relocate=relocate)
        if plan.status == "rename" and isinstance(plan.data, dict):
            never = rules.never_reads(plan.data.get("request"))
            if never is not None:  # check says not-replayed: no name makes it read, so none is given
                note = f"the {rules.name} recorder never reads it ({never}); remove it with `recording-inspector rm`"
                plan = replace(plan, target=plan.source, status="skip", note=note)
        line = plan.describe()
        if plan.status == "skip":
            reports.append(RehashReport(plan.source, plan.target, "skipped", line, plan))
            continue
        if plan.status == "unchanged":
            reports.append(RehashReport(plan.source, plan.target, "unchanged", line, plan))
            continue
        if dry_run:
            taken = plan.target != plan.source and plan.target.exists()
            if taken and same_request(plan, rules):
                reports.append(duplicate(plan, line))
            else:
                reports.append(RehashReport(plan.source, plan.target, "would-rename", line, plan))
            continue
        try:
            result = apply_rename(plan, root=root)
        except ConflictError as exc:
            if plan.target != plan.source and same_request(plan, rules):
                reports.append(duplicate(plan, line))
            else:
                reports.append(RehashReport(plan.source, plan.target, "failed", f"{plan.source.name}: {exc}", plan))
            continue
        except (WriteError, EditError) as exc:
            reports.append(RehashReport(plan.source, plan.target, "failed", f"{plan.source.name}: {exc}", plan))
            continue
        if result.identical_existed:
            reports.append(
                RehashReport(
                    plan.source, plan.target, "identical", f"{line}: an identical file was already there; removed the old name", plan
                )
            )
        else:
            reports.append(RehashReport(plan.source, plan.target, "renamed", line, plan))
    return reports
