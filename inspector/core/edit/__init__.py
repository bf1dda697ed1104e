"""Layer 4, editing: sessions, node and stream edits, undo, renames after request edits, root confinement, curating (duplicate, move, trash).

May import recording and the layers below it; not index.

Editing recordings without losing a byte: the API the app's editor (and the CLI) drive.

Everything here is plain Python over plain JSON values: no Textual, no rich.
Edits never change a document in place; each returns a new document that
shares the unchanged parts with the old one, so undo is cheap and old states
stay valid.

The workflow of an editor
-------------------------
::

    from inspector.core.edit import EditSession, EditError
    from inspector.core.base.writer import ConflictError, WriteError

    session = EditSession.open(path)           # EditError: one line, e.g. "x.json: invalid JSON at line 3, column 7"
    session.recording.rebuild.text             # what the views show (a Recording of the current state)

    for field in session.fields():             # typed fields: key, kind, label, text (core/edit/fields.py)
        session.set_field(field, "new text")   # an EditOutcome, as every edit
    outcome = session.set_text("new answer")   # also set_reasoning, set_tool_name, set_tool_arguments,
    if not outcome.ok:                         #   set_finish_reason, set_usage, set_node, delete_node,
        notify(outcome.reason)                 #   replace_document (JSON editor text)
    session.dirty, session.can_undo, session.can_redo
    session.undo(); session.redo()             # History: labels via session.history.undo_label

    plan = session.pending_rename()            # None, or a RenamePlan when the request's hash changed:
    plan and plan.describe()                   #   "old.json → new.json (14 ids re-pointed)"
    try:
        result = session.save()                # rename=True by default when the hash changed
    except ConflictError:                      # the file changed on disk since it was opened:
        session.diff_with_disk()               #   "diff"      (unified diff: disk → edits)
        session.reload()                       #   "reload"    (drop the edits)
        session.save(force=True)               #   "overwrite"
    except WriteError as exc:                  # disk full, permission denied… nothing changed
        notify(str(exc))

Outcomes, not exceptions
------------------------
Every edit function returns an :class:`EditOutcome`: ``ok``, ``data`` (the new
document), ``reason`` (why it was refused, one line), ``changed`` (JSON paths
rewritten), ``label`` (for the history), ``stored`` (the value as kept when it
differs from what was asked, e.g. tool arguments re-serialised for a family that
stores an object), ``document_error`` (line and column for a JSON editor).  A
session applies an accepted outcome to its history; refusals change nothing.

The pieces
----------
- :mod:`.stream`: edits of what a response rebuilds to (text, reasoning,
  refusal, tool call name and arguments, finish reason, usage), spread back over
  the existing chunks by :mod:`.spread` (inside SSE lines by :mod:`.sse`) so the
  rebuild equals the edit and the diff shows only the pieces that changed.  Where
  the pieces live is learnt from the family's one walker in
  :mod:`inspector.core.streams.walk` (its ``Where`` sink), not from a second walker.
- :mod:`.fields`: the rebuilt values as typed :class:`Field` s (what editors show)
  and :func:`apply_field`, over :mod:`.stream`'s public edit functions.
- :mod:`.nodes`: any JSON node by path (``request.body.messages[0].content``),
  whole-document replace with validation.
- :mod:`.history`: undo/redo of document states with dirty tracking.
- :mod:`.rehash`: the new name after a request edit (``rec-<hash12>`` ids
  re-pointed, model-list digest recomputed, the test id's folder), written with
  ``create=True`` then the old name removed.
- :mod:`.root`: every new path stays inside the root the user opened.
- :mod:`inspector.core.base.formatter`: the recorder's exact bytes for ``recording-inspector fmt`` (re-exported here).
- :mod:`.session`: :class:`EditSession`, tying the above to one file.

Curating (duplicate, move, delete into a trash, restore) is in
:mod:`inspector.core.edit.curate`; every write goes through :mod:`inspector.core.base.writer`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.core.base.lazy import lazy_exports

if TYPE_CHECKING:
    from inspector.core.base.formatter import FormatResult, format_bytes, format_file
    from inspector.core.edit.fields import Field, FieldKind, apply_field
    from inspector.core.edit.history import History
    from inspector.core.edit.nodes import (
        DocumentError,
        JsonPath,
        delete_node,
        format_path,
        get_node,
        parse_document,
        parse_path,
        parse_value,
        replace_document,
        set_node,
    )
    from inspector.core.edit.outcome import EditError, EditOutcome
    from inspector.core.edit.rehash import (
        RehashReport,
        RenamePlan,
        RenameResult,
        apply_rename,
        plan_rehash,
        rehash_files,
        repoint_ids,
    )
    from inspector.core.edit.root import OutsideRootError, Root
    from inspector.core.edit.session import EditSession, SaveResult
    from inspector.core.edit.stream import (
        EDITABLE_KINDS,
        edit_finish_reason,
        edit_reasoning,
        edit_refusal,
        edit_text,
        edit_tool_arguments,
        edit_tool_name,
        edit_usage,
        stream_edit_problem,
    )

# ``spread`` is bound now: it names a submodule too, which would hide a lazy binding once imported.
from inspector.core.edit.spread import spread  # (a leaf module of the standard library's difflib and bisect)

# Loaded on first use: importing one edit module (the app's node editor, the CLI's rehash) does
# not import every other, nor this package's whole API.
_LAZY = {
    "Field": "inspector.core.edit.fields",
    "FieldKind": "inspector.core.edit.fields",
    "apply_field": "inspector.core.edit.fields",
    "FormatResult": "inspector.core.base.formatter",
    "format_bytes": "inspector.core.base.formatter",
    "format_file": "inspector.core.base.formatter",
    "History": "inspector.core.edit.history",
    "DocumentError": "inspector.core.edit.nodes",
    "JsonPath": "inspector.core.edit.nodes",
    "delete_node": "inspector.core.edit.nodes",
    "format_path": "inspector.core.edit.nodes",
    "get_node": "inspector.core.edit.nodes",
    "parse_document": "inspector.core.edit.nodes",
    "parse_path": "inspector.core.edit.nodes",
    "parse_value": "inspector.core.edit.nodes",
    "replace_document": "inspector.core.edit.nodes",
    "set_node": "inspector.core.edit.nodes",
    "EditError": "inspector.core.edit.outcome",
    "EditOutcome": "inspector.core.edit.outcome",
    "RehashReport": "inspector.core.edit.rehash",
    "RenamePlan": "inspector.core.edit.rehash",
    "RenameResult": "inspector.core.edit.rehash",
    "apply_rename": "inspector.core.edit.rehash",
    "plan_rehash": "inspector.core.edit.rehash",
    "rehash_files": "inspector.core.edit.rehash",
    "repoint_ids": "inspector.core.edit.rehash",
    "OutsideRootError": "inspector.core.edit.root",
    "Root": "inspector.core.edit.root",
    "EditSession": "inspector.core.edit.session",
    "SaveResult": "inspector.core.edit.session",
    "EDITABLE_KINDS": "inspector.core.edit.stream",
    "edit_finish_reason": "inspector.core.edit.stream",
    "edit_reasoning": "inspector.core.edit.stream",
    "edit_refusal": "inspector.core.edit.stream",
    "edit_text": "inspector.core.edit.stream",
    "edit_tool_arguments": "inspector.core.edit.stream",
    "edit_tool_name": "inspector.core.edit.stream",
    "edit_usage": "inspector.core.edit.stream",
    "stream_edit_problem": "inspector.core.edit.stream",
}

__all__ = [
    "DocumentError",
    "EDITABLE_KINDS",
    "EditError",
    "EditOutcome",
    "EditSession",
    "Field",
    "FieldKind",
    "FormatResult",
    "History",
    "JsonPath",
    "OutsideRootError",
    "RehashReport",
    "RenamePlan",
    "RenameResult",
    "Root",
    "SaveResult",
    "apply_field",
    "apply_rename",
    "delete_node",
    "edit_finish_reason",
    "edit_reasoning",
    "edit_refusal",
    "edit_text",
    "edit_tool_arguments",
    "edit_tool_name",
    "edit_usage",
    "format_bytes",
    "format_file",
    "format_path",
    "get_node",
    "parse_document",
    "parse_path",
    "parse_value",
    "plan_rehash",
    "rehash_files",
    "repoint_ids",
    "replace_document",
    "set_node",
    "spread",
    "stream_edit_problem",
]


__getattr__, __dir__ = lazy_exports(globals(), _LAZY)
