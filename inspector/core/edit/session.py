"""One recording open for editing: its history, its dirty state, and saving it safely."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector.core.base.jsonio import JsonError, parse_bytes
from inspector.core.base.writer import (
    ConflictError,
    Fingerprint,
    fingerprint,
    fingerprint_bytes,
    render,
    write_text_atomic,
)
from inspector.core.edit import nodes, stream
from inspector.core.edit.fields import Field, apply_field
from inspector.core.edit.fields import fields as read_fields
from inspector.core.edit.history import History
from inspector.core.edit.outcome import EditError, EditOutcome
from inspector.core.edit.rehash import RenamePlan, apply_rename, plan_rehash
from inspector.core.edit.root import OutsideRootError, Root
from inspector.core.recording.loading import Recording
from inspector.core.rules import profiles

__all__ = ["EditSession", "SaveResult"]


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What a save did: where the file is now, and the rename when the request's hash changed."""

    path: Path
    previous_path: Path | None  # the old name when the file was renamed
    fingerprint: Fingerprint
    ids_repointed: int = 0
    identical_existed: bool = False
    unchanged: bool = False  # nothing to write: the file already held these bytes

    @property
    def renamed(self) -> bool:
        return self.previous_path is not None

    def describe(self) -> str:
        if self.unchanged:
            return f"{self.path.name}: nothing to save"
        if self.previous_path is not None:
            return f"saved as {self.path.name} (was {self.previous_path.name})"
        return f"saved {self.path.name}"


class EditSession:
    """A recording open for editing.  See the package docstring for the workflow."""

    def __init__(
        self,
        path: Path,
        raw: bytes,
        data: Any,
        *,
        root: Root | None = None,
        rules: profiles.RuleSet = profiles.NEWEST,
    ) -> None:
        self.path = path
        self.root = root
        self.rules = rules
        self.fingerprint: Fingerprint = fingerprint_bytes(raw, _stat(path))
        self._saved_bytes = raw
        self._history: History[Any] = History(data)
        self._opened_request = _request_part(data)
        self._rec_cache: tuple[int, Recording] | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, root: Root | None = None, rules: profiles.RuleSet = profiles.NEWEST) -> EditSession:
        """Open ``path`` for editing; :class:`EditError` (one line) when it is not an editable recording."""
        p = Path(path)
        try:
            raw = p.read_bytes()
        except FileNotFoundError:
            raise EditError(f"{p.name}: no such file") from None
        except IsADirectoryError:
            raise EditError(f"{p.name}: is a folder") from None
        except OSError as exc:
            raise EditError(f"{p.name}: cannot read: {exc.strerror or exc}") from None
        try:
            data = parse_bytes(raw)
        except JsonError as exc:
            raise EditError(f"{p.name}: {exc.reason}") from None
        rec = Recording(p, data)
        if not rec.ok:
            raise EditError(f"{p.name}: {rec.problem}")
        return cls(p, raw, data, root=root, rules=rules)

    # -- state ---------------------------------------------------------------------

    @property
    def data(self) -> Any:
        """The current document (do not mutate it: edits return new documents)."""
        return self._history.current

    @property
    def recording(self) -> Recording:
        """The current document as a :class:`Recording` (rebuild, replay, hash…), cached per state."""
        cur = self._history.current
        if self._rec_cache is None or self._rec_cache[0] != id(cur):
            self._rec_cache = (id(cur), Recording(self.path, cur))
        return self._rec_cache[1]

    @property
    def dirty(self) -> bool:
        """True when there are edits not yet saved."""
        return self._history.dirty

    @property
    def history(self) -> History[Any]:
        return self._history

    @property
    def can_undo(self) -> bool:
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        return self._history.can_redo

    @property
    def request_changed(self) -> bool:
        """True when the request (or test id) differs from what was opened: the hash changes."""
        return _request_part(self.data) != self._opened_request

    def text(self) -> str:
        """The current document exactly as it would be saved (for a JSON editor)."""
        return render(self.data).decode("ascii")

    # -- editing -------------------------------------------------------------------

    def apply(self, outcome: EditOutcome, *, group: str | None = None) -> EditOutcome:
        """Make an accepted outcome the current state (a no-op or refusal changes nothing)."""
        if outcome.ok and outcome.changed:
            self._history.push(outcome.data, outcome.label, group=group)
        return outcome

    def fields(self) -> list[Field]:
        """The editable values of the current state (:func:`.fields.fields`; :class:`EditError` when none)."""
        return read_fields(self.recording)

    def set_field(self, field: Field, text: str, *, group: str | None = None) -> EditOutcome:
        """Set one field (from :meth:`fields`) to ``text``; refused with a one-line reason when it cannot be."""
        return self.apply(apply_field(self.data, field, text), group=group)

    def set_text(self, text: str, *, choice: int = 0, group: str | None = None) -> EditOutcome:
        """Set the rebuilt assistant text (``group``: merge with the previous step of that group)."""
        return self.apply(stream.edit_text(self.data, text, choice=choice), group=group)

    def set_reasoning(self, text: str, *, choice: int = 0, group: str | None = None) -> EditOutcome:
        return self.apply(stream.edit_reasoning(self.data, text, choice=choice), group=group)

    def set_tool_name(self, tool: int, name: str, *, choice: int = 0) -> EditOutcome:
        return self.apply(stream.edit_tool_name(self.data, tool, name, choice=choice))

    def set_tool_arguments(self, tool: int, arguments: str, *, choice: int = 0, group: str | None = None) -> EditOutcome:
        return self.apply(stream.edit_tool_arguments(self.data, tool, arguments, choice=choice), group=group)

    def set_finish_reason(self, reason: str | None, *, choice: int = 0) -> EditOutcome:
        return self.apply(stream.edit_finish_reason(self.data, reason, choice=choice))

    def set_usage(self, usage: dict[str, Any] | None) -> EditOutcome:
        return self.apply(stream.edit_usage(self.data, usage))

    def set_node(self, path: nodes.JsonPath | str, value: Any, *, create: bool = False, group: str | None = None) -> EditOutcome:
        return self.apply(nodes.set_node(self.data, path, value, create=create), group=group)

    def delete_node(self, path: nodes.JsonPath | str) -> EditOutcome:
        return self.apply(nodes.delete_node(self.data, path))

    def replace_document(self, text: str) -> EditOutcome:
        """Replace the whole document from the JSON editor's text (refused with line/column if invalid)."""
        outcome = nodes.replace_document(text)
        if outcome.ok and outcome.data == self.data:
            return EditOutcome(self.data, label=outcome.label)
        return self.apply(outcome)

    def undo(self) -> bool:
        """Take back the last edit; False when there is none."""
        return self._history.undo() is not None

    def redo(self) -> bool:
        return self._history.redo() is not None

    # -- disk ----------------------------------------------------------------------

    def disk_changed(self) -> bool:
        """True when the file on disk no longer holds what was opened or last saved."""
        now = fingerprint(self.path)
        return now is None or now.sha256 != self.fingerprint.sha256

    def pending_rename(self) -> RenamePlan | None:
        """The rename a save would do (old → new name), or None when the name stays.

        Only a changed request (or test id) renames: saving a response edit keeps
        the name even when an older recorder's rules made it.
        """
        if not self.request_changed:
            return None
        plan = plan_rehash(self.path, self.data, rules=self.rules, root=self.root, source_fingerprint=self.fingerprint)
        return plan if plan.renames and plan.target != self.path else None

    def save(self, *, rename: bool = True, force: bool = False) -> SaveResult:
        """Save through the one writer.

        ``rename``: when the request's hash changed, write under the new name (ids
        re-pointed, folder by test id) and remove the old one.  ``force``:
        overwrite even if the file changed on disk since it was opened (the
        "overwrite" answer to a conflict).  Raises :class:`ConflictError` when the
        file changed on disk (or the new name holds a different file) and
        :class:`~inspector.core.base.writer.WriteError` when the save failed; in both
        cases nothing on disk changed and the edits are kept.
        """
        if self.root is not None and not self.root.contains(self.path):
            # e.g. a symlink inside the repository pointing at a file elsewhere
            raise OutsideRootError(f"{self.path.name} resolves to {os.path.realpath(self.path)}, outside {self.root.path}; not saving through it")
        expect = None if force else self.fingerprint
        plan = self.pending_rename() if rename else None
        if plan is not None:
            if force:
                plan = _with_fingerprint(plan, fingerprint(self.path))
            result = apply_rename(plan, root=self.root, expect=expect or plan.source_fingerprint)
            previous = self.path
            payload = render(plan.data)
            self.path = result.path
            self._after_save(payload, plan.data)
            return SaveResult(
                self.path, previous, self.fingerprint, plan.ids_repointed, identical_existed=result.identical_existed
            )
        payload = render(self.data)
        if payload == self._saved_bytes and not self.disk_changed():
            self._history.mark_saved()
            return SaveResult(self.path, None, self.fingerprint, unchanged=True)
        write_text_atomic(self.path, payload, expect=expect)
        self._after_save(payload, None)
        return SaveResult(self.path, None, self.fingerprint)

    def _after_save(self, payload: bytes, written: Any) -> None:
        self._saved_bytes = payload
        self.fingerprint = fingerprint_bytes(payload, _stat(self.path))
        if written is not None and written is not self.data:
            self._history.push(written, "re-point ids")
        self._history.mark_saved()
        self._opened_request = _request_part(self.data)

    def reload(self) -> None:
        """Drop every edit and read the file again (the "reload" answer to a conflict)."""
        fresh = EditSession.open(self.path, root=self.root, rules=self.rules)
        self.fingerprint = fresh.fingerprint
        self._saved_bytes = fresh._saved_bytes
        self._history.reset(fresh.data)
        self._opened_request = _request_part(fresh.data)

    def diff_with_disk(self, context: int = 3) -> str:
        """A unified diff from the file on disk now to the edited document (the "diff" answer)."""
        try:
            disk = self.path.read_bytes().decode("utf-8", "replace")
        except OSError:
            disk = ""
        mine = self.text()
        lines = difflib.unified_diff(
            disk.splitlines(keepends=True),
            mine.splitlines(keepends=True),
            fromfile=f"{self.path.name} (on disk)",
            tofile=f"{self.path.name} (edited)",
            n=context,
        )
        return "".join(lines)


def _request_part(data: Any) -> Any:
    if not isinstance(data, dict):
        return None
    return (data.get("test_id"), data.get("request"))


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def _with_fingerprint(plan: RenamePlan, fp: Fingerprint | None) -> RenamePlan:
    from dataclasses import replace

    if fp is None:
        raise ConflictError(f"{plan.source.name} was deleted since it was opened", path=plan.source)
    return replace(plan, source_fingerprint=fp)
