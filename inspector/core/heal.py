"""Healing captured misses without API keys: the nearest recording's answer, filed under the missed request.

For each miss classed ``safe`` by :mod:`inspector.core.checks.misses` (with
``force`` also each ``unsafe`` one), :func:`heal` writes a recording where the
recorder will look for the missed request (the missed test's folder, named by the
captured hash): the missed request and test id, the nearest recording's response
with its ``rec-<hash12>`` ids re-pointed to the new hash (as the recorder writes
them), and a top-level marker so a reviewer sees it was not re-recorded::

    "healed": {"from": "<nearest, relative to the root>", "class": "safe", "changed": ["test_id"], "at": "…Z"}

ogx 1.5.0's ``_recording_from_file`` reads only ``response`` and
``id_normalization_mapping``, so replay carries the marker along and ignores it.
Files go through the one writer in the recorder's bytes and never replace a file
(``create=True``).  ``none`` misses, and without ``force`` ``unsafe`` ones, are
reported and skipped; ``dry_run`` writes nothing.

This module sits above ``checks`` (it acts on their verdicts) and beside nothing:
the ``core.heal`` layer of the import contract.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector.core.base.writer import ConflictError, WriteError, write_recording
from inspector.core.checks.healed import HEALED_KEY
from inspector.core.checks.misses import NONE, UNSAFE, MissReport
from inspector.core.edit.rehash import old_id_hash, repoint_ids
from inspector.core.recording.loading import load
from inspector.core.rules import hashing

__all__ = ["HEALED_KEY", "HealAction", "HealResult", "healed_document", "heal", "skip_reason"]

@dataclass(frozen=True, slots=True)
class HealAction:
    """What heal did (or would do) for one miss."""

    report: MissReport
    action: str  # wrote | would-write | skipped
    path: Path | None  # the file written (or that would be)
    reason: str  # one line

    def to_json(self) -> dict[str, Any]:
        return {
            "hash": self.report.hash,
            "test_id": self.report.test_id,
            "heal": self.report.heal,
            "action": self.action,
            "path": str(self.path) if self.path else None,
            "reason": self.reason,
        }


@dataclass(slots=True)
class HealResult:
    """Every action of one heal, in the order of the misses."""

    actions: list[HealAction] = field(default_factory=list)
    dry_run: bool = False

    def count(self, action: str) -> int:
        return sum(1 for a in self.actions if a.action == action)

    def summary(self) -> str:
        """One line: how many were written (or would be) and skipped."""
        n = self.count("would-write") if self.dry_run else self.count("wrote")
        head = "would write" if self.dry_run else "wrote"
        return f"{head} {n} recording{'s' if n != 1 else ''}, skipped {self.count('skipped')}"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def healed_document(report: MissReport, *, at: str | None = None) -> dict[str, Any] | str:
    """The recording heal writes for ``report``, or why there is none (one line)."""
    if report.nearest is None:
        return "nothing resembles the request"
    rec = load(report.nearest.path)
    if not rec.ok:
        return f"the nearest recording {report.nearest.path.name} cannot be read: {rec.problem}"
    response = rec.response_raw
    old12 = old_id_hash(hashing.parse_file_name(rec.name)[0], response)
    if old12 is not None:
        response, _n = repoint_ids(response, old12, report.hash[:12])
    mapping = rec.data.get("id_normalization_mapping") if isinstance(rec.data, dict) else None
    return {
        "test_id": report.test_id,
        "request": report.miss.request,
        "response": response,
        "id_normalization_mapping": mapping if isinstance(mapping, dict) else {},
        HEALED_KEY: {
            "from": report.shown(report.nearest.path),
            "class": report.heal,
            "changed": [c.path for c in report.changed],
            "at": at or _now(),
        },
    }


def skip_reason(report: MissReport, *, force: bool = False) -> str | None:
    """Why :func:`heal` writes nothing for ``report`` (None: it would write it); the app asks it too."""
    if report.heal == NONE:
        return report.note or "nothing resembles the request"
    if report.heal == UNSAFE and not force:
        shown = ", ".join(c.path for c in report.changed[:4]) + (" …" if len(report.changed) > 4 else "")
        return f"unsafe: the provider would see a changed request ({shown}); --force to heal anyway"
    if report.present is not None:
        return f"{report.shown(report.present)} is already where replay looks"
    if report.target is None:
        return report.note or "no place for it under the root"
    if report.target.exists():
        return f"{report.shown(report.target)} already exists"
    return None


def heal(reports: Iterable[MissReport], *, force: bool = False, dry_run: bool = False, at: str | None = None) -> HealResult:
    """Write a recording for each safe miss (``force``: also unsafe); ``dry_run``: write nothing."""
    result = HealResult(dry_run=dry_run)
    for report in reports:
        why = skip_reason(report, force=force)
        if why is not None:
            result.actions.append(HealAction(report, "skipped", report.target if report.heal != NONE else None, why))
            continue
        assert report.target is not None and report.nearest is not None
        doc = healed_document(report, at=at)
        if isinstance(doc, str):
            result.actions.append(HealAction(report, "skipped", report.target, doc))
            continue
        source = report.shown(report.nearest.path)
        if dry_run:
            result.actions.append(HealAction(report, "would-write", report.target, f"{report.heal}, from {source}"))
            continue
        try:
            report.target.parent.mkdir(parents=True, exist_ok=True)
            write_recording(report.target, doc, create=True)
        except ConflictError as exc:
            result.actions.append(HealAction(report, "skipped", report.target, str(exc)))
            continue
        except (WriteError, OSError) as exc:
            result.actions.append(
                HealAction(report, "skipped", report.target, f"cannot write: {getattr(exc, 'strerror', None) or exc}")
            )
            continue
        result.actions.append(HealAction(report, "wrote", report.target, f"{report.heal}, from {source}"))
    return result

