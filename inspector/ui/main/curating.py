"""Curating from the main screen: mark recordings, duplicate, move, delete, restore, rehash.

:class:`Curating` is a controller the main screen holds beside its
:class:`~inspector.ui.state.library.Library` (its keys are :data:`CURATING_BINDINGS`).
Every action works on the :class:`~inspector.ui.state.selection.Selection`: the
marked recordings, else what the tree cursor is on (a recording, or every
recording of a group), and every dialog names those files.  The work is done
by :class:`~inspector.core.edit.curate.Curator` (inside the root, through the one
writer); the re-index afterwards is the main screen's handler of
:class:`~inspector.ui.screens.messages.FilesChanged`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rich.text import Text
from textual.binding import Binding
from textual.message import Message

from inspector.ui.screens.messages import FilesChanged
from inspector.ui.state.selection import Selection

# The curating machinery and its dialogs are imported where they are first used
# (see editing.py): the main screen's first frame needs none of them.
if TYPE_CHECKING:
    from textual.screen import Screen

    from inspector.core.edit.curate import CurateResult, Curator
    from inspector.core.edit.rehash import RehashReport
    from inspector.ui.main.editing import Editing
    from inspector.ui.screens.dialogs.report import ReportLine
    from inspector.ui.state.config import AppConfig
    from inspector.ui.state.library import Library

__all__ = ["CURATING_BINDINGS", "CurateHost", "Curating"]

#: The main screen's curating keys.
CURATING_BINDINGS = [
    Binding("m", "toggle_mark", "Mark", show=False, tooltip="Mark or unmark the recording and move to the next one, as file managers do (on a group: all of it, the cursor stays); the keys below act on all marked"),
    Binding("U", "unmark_all", "Unmark all", show=False),
    Binding("n", "duplicate", "Duplicate", show=False, tooltip="Duplicate as a new fixture under another test id"),
    Binding("v", "move", "Move", show=False, tooltip="Move into another folder"),
    Binding("delete", "delete", "Delete", show=False, tooltip="Delete into the trash (restorable)"),
    Binding("t", "trash", "Trash", show=False, tooltip="The trash: restore deleted recordings"),
    Binding("number_sign", "rehash", "Rehash", show=False, tooltip="Rename to the request hash (shows the renames first)"),
]

_LIST = 12  # names listed in a confirmation before "… and N more"


def _listing(paths: list[str]) -> str:
    names = [f"  {Path(p).name}" for p in paths[:_LIST]]
    if len(paths) > _LIST:
        names.append(f"  … and {len(paths) - _LIST} more")
    return "\n".join(names)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class CurateHost(Protocol):
    """What :class:`Curating` needs from the screen it serves (the main screen)."""

    @property
    def recording_path(self) -> str | None:
        """The recording shown on the right."""

    def notify(self, message: str, *, severity: Any = "information", timeout: float | None = None) -> None: ...
    def push_dialog(self, screen: Screen[Any], callback: Callable[[Any], None] | None = None) -> None: ...
    def post_message(self, message: Message) -> bool: ...
    def next_recording(self, leaving: set[str]) -> str | None:
        """The recording to show when the one shown goes away (the next in the tree, else the previous)."""
    def refresh_bindings(self) -> None: ...


class Curating:
    """Marks, and duplicate, move, delete, restore and rehash of the selection."""

    def __init__(self, host: CurateHost, editing: Editing, library: Library, config: AppConfig) -> None:
        self.host = host
        self.editing = editing  # the workbench (sessions and marks) and its flags in the tree
        self.library = library
        self.config = config

    # -- marks ----------------------------------------------------------------------------

    def toggle_mark(self, selection: Selection) -> bool:
        """Mark or unmark what the cursor is on (a group: all of its recordings); True when one recording was toggled."""
        wb = self.editing.workbench
        one = selection.cursor is not None
        if selection.cursor is not None:
            wb.toggle_mark(selection.cursor)
        elif selection.group is not None:
            paths = list(selection.in_group())
            on = not all(wb.is_marked(p) for p in paths)
            wb.set_marks(paths, on)
        else:
            return False
        self.editing.update_flags()
        n = len(wb.marked)
        hint = " · delete, v, n, # act on them · U unmarks all" if n else ""
        self.host.notify(f"{_plural(n, 'recording')} marked{hint}", timeout=3)
        self.host.refresh_bindings()
        return one

    def unmark_all(self) -> None:
        """Forget every mark."""
        n = self.editing.workbench.clear_marks()
        self.editing.update_flags()
        if n:
            self.host.notify(f"unmarked {_plural(n, 'recording')}", timeout=2)

    # -- what to act on ------------------------------------------------------------------------

    def _targets(self, verb: str, selection: Selection) -> list[str] | None:
        """The selection's recordings; None (with the reason shown) when there are none or some have unsaved edits."""
        targets = selection.paths
        if not targets:
            where = f"the group {selection.group.label} shows no recording" if selection.group is not None else "the cursor is on no recording"
            self.host.notify(f"nothing to {verb}: {where}; put the cursor on a recording or mark some (m)", severity="warning", timeout=4)
            return None
        wb = self.editing.workbench
        dirty = [p for p in targets if wb.is_dirty(p)]
        if dirty:
            self.host.notify(
                f"{Path(dirty[0]).name} has unsaved edits: save (ctrl+s) or discard them before you {verb} it",
                severity="error",
                timeout=8,
            )
            return None
        return targets

    def _curator(self) -> Curator | None:
        """The root's curator, or None (with the reason shown) when there is no usable root."""
        from inspector.core.edit.curate import CurateError

        try:
            return self.editing.workbench.curator
        except CurateError as exc:
            self.host.notify(exc.reason, severity="error")
            return None

    def _show_results(self, title: str, results: list[CurateResult]) -> None:
        from inspector.ui.screens.dialogs.report import ReportLine, ReportScreen

        failed = [r for r in results if not r.ok]
        if len(results) == 1 and not failed:
            self.host.notify(results[0].message, timeout=5)
        elif len(results) == 1:
            self.host.notify(failed[0].message, severity="error", timeout=10)
        else:
            lines = [ReportLine(r.ok, r.message, note=r.status == "identical") for r in results]
            self.host.push_dialog(ReportScreen(title, lines))

    # -- duplicate ----------------------------------------------------------------------------

    def duplicate(self, selection: Selection) -> None:
        """Copy the recording (or the marked ones) as a new fixture under another test id."""
        from inspector.core.edit.curate import CurateError
        from inspector.ui.screens.dialogs.prompt import PromptScreen
        from inspector.ui.state.workbench import like

        targets = self._targets("duplicate", selection)
        if targets is None:
            return
        curator = self._curator()
        if curator is None:
            return
        first = targets[0]
        summary = self.library.get(first)
        current_id = summary.test_id if summary is not None and summary.test_id else ""
        try:
            source = curator.duplicate_source(first)  # read once: the check runs on every keystroke
        except CurateError as exc:
            self.notify(exc.reason, severity="error", timeout=6)
            return

        def check(text: str) -> tuple[bool, str]:
            test_id = text.strip()
            if not test_id:
                return False, "type the test id of the new fixture (tests/…/test_x.py::test_y)"
            try:
                target = source.target(test_id)
            except CurateError as exc:
                return False, exc.reason
            if test_id == current_id:
                return False, "that is the test id it has already; give the new test's id"
            if target.exists():
                return False, f"{curator.root.display(target)} already exists"
            more = f" (and {len(targets) - 1} more)" if len(targets) > 1 else ""
            return True, f"→ {curator.root.display(target)}{more}"

        def submitted(text: str | None) -> None:
            if text is None:
                return
            results = curator.duplicate_many(targets, text.strip())
            made = [like(r.target, first) for r in results if r.ok and r.target is not None]
            self.host.post_message(FilesChanged(changed=tuple(made), select=made[0] if made else None))
            self._show_results("duplicated", results)

        listing = "\n" + _listing(targets) if len(targets) > 1 else ""
        self.host.push_dialog(
            PromptScreen(
                f"Duplicate {selection.what()} as a new fixture",
                "new test id",
                current_id,
                check,
                detail=f"a copy under the new test id, named by its new request hash, in that test's recordings/ folder{listing}",
            ),
            submitted,
        )

    # -- move -------------------------------------------------------------------------------

    def move(self, selection: Selection) -> None:
        """Move the recording (or the marked ones) into another folder."""
        from inspector.core.edit.curate import TRASH_DIR
        from inspector.core.rules import layout
        from inspector.ui.screens.dialogs.prompt import PromptScreen
        from inspector.ui.state.workbench import like

        targets = self._targets("move", selection)
        if targets is None:
            return
        wb = self.editing.workbench
        curator = self._curator()
        if curator is None:
            return
        root = curator.root
        first = Path(os.path.abspath(targets[0]))
        folders = sorted({root.display(Path(os.path.abspath(s.path)).parent) for s in self.library.summaries})
        summary = self.library.get(targets[0])

        def resolve(text: str) -> Path:
            p = Path(text.strip()).expanduser()
            return p if p.is_absolute() else root.path / p

        def check(text: str) -> tuple[bool, str]:
            if not text.strip():
                return False, "type a folder (relative to the root)"
            folder = Path(os.path.abspath(resolve(text)))
            if not root.contains(folder) or ".." in Path(text.strip()).parts:
                return False, f"{text.strip()} is outside the root {root.path}"
            if folder == curator.trash_dir or curator.trash_dir in folder.parents:
                return False, f"that is the trash ({TRASH_DIR}); delete instead"
            if folder.exists() and not folder.is_dir():
                return False, f"{root.display(folder)} is a file, not a folder"
            if all(Path(os.path.abspath(t)).parent == folder for t in targets):
                return False, "already there"
            taken = [t for t in targets if (folder / Path(t).name).exists()]
            if taken:
                return False, f"{root.display(folder / Path(taken[0]).name)} already exists"
            message = f"→ {root.display(folder)}/" + ("" if folder.is_dir() else " (created)")
            if summary is not None and summary.test_id:
                # where the recorder looks: judged from where the file is now (a recordings/ folder)
                wanted = layout.home(folder / first.name, summary.test_id, wb.rules)
                if not layout.accepted(folder / first.name, summary.test_id, wb.rules):
                    message += f"; note: replay looks for this test's recordings in {root.display(wanted)}/"
            return True, message

        def submitted(text: str | None) -> None:
            if text is None:
                return
            results = curator.move_many(targets, resolve(text))
            moved = {t: like(r.target, t) for t, r in zip(targets, results, strict=True) if r.ok and r.target is not None}
            for old, new in moved.items():
                wb.moved(old, new)
            current = self.host.recording_path
            select = moved.get(current) if current is not None else None
            self.host.post_message(FilesChanged(removed=tuple(moved), changed=tuple(moved.values()), select=select))
            self._show_results("moved", results)

        self.host.push_dialog(
            PromptScreen(
                f"Move {selection.what()}",
                "to the folder",
                root.display(first.parent),
                check,
                suggestions=folders,
                detail="relative to " + str(root.path) + "; created if needed; never over another file"
                + ("\n" + _listing(targets) if len(targets) > 1 else ""),
            ),
            submitted,
        )

    # -- delete and restore -----------------------------------------------------------------

    def delete(self, selection: Selection) -> None:
        """Move the recording (or the marked ones) into the trash, after asking."""
        from inspector.core.edit.curate import TRASH_DIR
        from inspector.ui.screens.dialogs.choice import Choice, ChoiceScreen

        targets = self._targets("delete", selection)
        if targets is None:
            return
        curator = self._curator()
        if curator is None:
            return

        def answer(value: str | None) -> None:
            if value != "delete":
                return
            leaving = set(targets)
            current = self.host.recording_path
            select = self.host.next_recording(leaving) if current in leaving else None
            results = curator.delete_many(targets)
            gone = [t for t, r in zip(targets, results, strict=True) if r.ok]
            self.host.post_message(FilesChanged(removed=tuple(gone), select=select))
            failed = [r for r in results if not r.ok]
            if failed or len(results) > 1:
                self._show_results("deleted", results)
            if gone:
                self.host.notify(
                    f"moved {_plural(len(gone), 'recording')} into {TRASH_DIR}/ · t opens the trash to restore",
                    timeout=6,
                )

        detail = (_listing(targets) + "\n\n" if len(targets) > 1 else "") + (
            f"They go into {curator.root.display(curator.trash_dir)}/ and can be restored (t)."
        )
        self.host.push_dialog(ChoiceScreen(f"Delete {selection.what()}?", detail, [Choice("y,enter", "delete", "delete")]), answer)

    def trash(self) -> None:
        """List the trash and restore from it."""
        from inspector.ui.screens.trash import TrashScreen
        from inspector.ui.state.workbench import like

        curator = self._curator()
        if curator is None:
            return

        def closed(results: list[CurateResult] | None) -> None:
            if not results:
                return
            spelling = self.config.paths[0] if self.config.paths else None
            back = [like(r.target, str(spelling) if spelling else None) for r in results if r.target is not None]
            self.host.post_message(FilesChanged(changed=tuple(back), select=back[0] if back else None))

        self.host.push_dialog(TrashScreen(curator), closed)

    # -- rehash ---------------------------------------------------------------------------------

    def rehash(self, selection: Selection) -> None:
        """Rename the recording (or the marked ones) to the hash of its request, after a preview."""
        from inspector.core.edit import EditError
        from inspector.core.edit.rehash import rehash_files
        from inspector.ui.screens.dialogs.choice import Choice, ChoiceScreen
        from inspector.ui.screens.dialogs.report import ReportScreen
        from inspector.ui.state.workbench import like

        targets = self._targets("rehash", selection)
        if targets is None:
            return
        wb = self.editing.workbench
        try:
            root = wb.root
        except EditError as exc:  # the root is not a folder (any more)
            self.host.notify(exc.reason, severity="error")
            return
        preview = rehash_files([Path(p) for p in targets], rules=wb.rules, root=root, dry_run=True)
        renames = [r for r in preview if r.status == "would-rename"]
        duplicates = [r for r in preview if r.status == "duplicate"]
        if not renames and not duplicates:
            lines = [_rehash_line(r) for r in preview]
            if len(preview) == 1:
                self.host.notify(preview[0].message, timeout=5)
            else:
                self.host.push_dialog(ReportScreen("nothing to rename", lines))
            return
        detail = Text()
        for r in renames[:_LIST]:
            detail.append(f"{r.message}\n")
        if len(renames) > _LIST:
            detail.append(f"… and {len(renames) - _LIST} more\n", style="dim")
        unchanged = len(preview) - len(renames)
        for r in duplicates[:_LIST]:
            detail.append(f"{r.message} (a duplicate, not renamed)\n")
        unchanged = len(preview) - len(renames) - len(duplicates)
        if unchanged:
            detail.append(f"{_plural(unchanged, 'other file')} already named right or skipped", style="dim")

        def answer(value: str | None) -> None:
            if value not in ("rehash", "drop"):
                return
            drop = value == "drop"
            acted = renames + duplicates if drop else renames
            spelled = {str(r.source): t for r, t in zip(preview, targets, strict=True)}
            reports = rehash_files([r.source for r in acted], rules=wb.rules, root=root, drop_duplicates=drop)
            moved: dict[str, str] = {}
            dropped: list[str] = []
            for rep in reports:
                old = spelled.get(str(rep.source), str(rep.source))
                if rep.status in ("renamed", "identical"):
                    moved[old] = like(rep.target, old)
                    wb.moved(old, moved[old])
                elif rep.status == "dropped":
                    dropped.append(old)  # in the trash: t restores it
            current = self.host.recording_path
            select = moved.get(current) if current is not None else None
            self.host.post_message(FilesChanged(removed=(*moved, *dropped), changed=tuple(moved.values()), select=select))
            report = reports + [r for r in preview if r not in acted and r.status != "would-rename"]
            if len(report) == 1:
                level = "error" if report[0].status == "failed" else "information"
                self.host.notify(report[0].message, severity=level, timeout=6)
            else:
                self.host.push_dialog(ReportScreen("rehashed", [_rehash_line(r) for r in report]))

        one = len(renames) == 1
        parts = []
        if renames:
            what = Path(renames[0].source).name if one else _plural(len(renames), "recording")
            parts.append(f"Rename {what} to {'its' if one else 'their'} request hash?")
        choices = [Choice("y,enter", "rename", "rehash")] if renames else []
        if duplicates:
            parts.append(f"{_plural(len(duplicates), 'duplicate')} of a request already named so: move into the trash?")
            label = "rename, and move the duplicates into the trash" if renames else "move the duplicates into the trash"
            choices.append(Choice("d", label, "drop"))
        title = " ".join(parts)
        self.host.push_dialog(ChoiceScreen(title, detail, choices, warning=False), answer)


def _rehash_line(r: RehashReport) -> ReportLine:
    from inspector.ui.screens.dialogs.report import ReportLine

    return ReportLine(r.status != "failed", r.message, note=r.status in ("unchanged", "skipped", "would-rename"))

