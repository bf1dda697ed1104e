"""Curating from the main screen: mark recordings, duplicate, move, delete, restore, rehash.

:class:`CurateActions` is mixed into :class:`~inspector.ui.screens.main.MainScreen`
after :class:`~inspector.ui.screens.edit_actions.EditActions` (its keys are
:data:`CURATING_BINDINGS`).  Every action works on the marked recordings, or
on the selected one when none is marked; the work is done by
:class:`~inspector.core.curate.Curator` (inside the root, through the one
writer) and the tree is re-indexed afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding

from ...core.grouping import Group
from ...core.summary import Summary
from .edit_actions import EditActions

# The curating machinery and its dialogs are imported where they are first used
# (see edit_actions.py): the main screen's first frame needs none of them.
if TYPE_CHECKING:
    from ...core.curate import CurateResult, Curator
    from ...core.edit.rehash import RehashReport
    from .report import ReportLine

__all__ = ["CURATING_BINDINGS", "CurateActions"]

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


class CurateActions(EditActions):
    """The curating half of the main screen (a mixin: ``self`` is the :class:`MainScreen`)."""

    # -- marks ----------------------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        """Mark or unmark the recording under the cursor and move down (on a group: all of its recordings)."""
        tree = self.recording_tree
        node = tree.cursor_node
        if node is None:
            return
        wb = self.workbench
        if isinstance(node.data, Summary):
            wb.toggle_mark(node.data.path)
            tree.action_cursor_down()
        elif isinstance(node.data, Group):
            paths = [s.path for s in node.data.walk()]
            on = not all(wb.is_marked(p) for p in paths)
            wb.set_marks(paths, on)
        else:
            return
        self.update_flags()
        n = len(wb.marked)
        hint = " · delete, v, n, # act on them · U unmarks all" if n else ""
        self.notify(f"{_plural(n, 'recording')} marked{hint}", timeout=3)
        self.refresh_bindings()

    def action_unmark_all(self) -> None:
        """Forget every mark."""
        n = self.workbench.clear_marks()
        self.update_flags()
        if n:
            self.notify(f"unmarked {_plural(n, 'recording')}", timeout=2)

    # -- what to act on ------------------------------------------------------------------------

    def _targets(self, verb: str) -> list[str] | None:
        """Marked recordings (or the selected one); None when some have unsaved edits."""
        targets = self.workbench.targets(self.recording_path)
        if not targets:
            self.notify(f"nothing to {verb}: select or mark recordings first", severity="warning", timeout=3)
            return None
        dirty = [p for p in targets if self.workbench.is_dirty(p)]
        if dirty:
            self.notify(
                f"{Path(dirty[0]).name} has unsaved edits: save (ctrl+s) or discard them before you {verb} it",
                severity="error",
                timeout=8,
            )
            return None
        return targets

    def _curator(self) -> Curator | None:
        """The root's curator, or None (with the reason shown) when there is no usable root."""
        from ...core.curate import CurateError

        try:
            return self.workbench.curator
        except CurateError as exc:
            self.notify(exc.reason, severity="error")
            return None

    def _show_results(self, title: str, results: list[CurateResult]) -> None:
        from .report import ReportLine, ReportScreen

        failed = [r for r in results if not r.ok]
        if len(results) == 1 and not failed:
            self.notify(results[0].message, timeout=5)
        elif len(results) == 1:
            self.notify(failed[0].message, severity="error", timeout=10)
        else:
            lines = [ReportLine(r.ok, r.message, note=r.status == "identical") for r in results]
            self.app.push_screen(ReportScreen(title, lines))

    def _next_selection(self, leaving: set[str]) -> str | None:
        """The recording to select when the selected one goes away: the next one in the tree, else the previous."""
        tree = self.recording_tree
        here = tree.cursor_line
        below = range(here + 1, tree.last_line + 1)
        above = range(here - 1, -1, -1)
        for line in [*below, *above]:
            node = tree.get_node_at_line(line)
            if node is not None and isinstance(node.data, Summary) and node.data.path not in leaving:
                return node.data.path
        # none on screen (its neighbours are in closed groups): one from the same folder, else any
        current = self.recording_path
        folder = os.path.dirname(current) if current else None
        rest = [s.path for s in self.library.summaries if s.path not in leaving and s.path in self.library.grouper]
        same = sorted(p for p in rest if os.path.dirname(p) == folder)
        return (same or rest or [None])[0]

    # -- duplicate ----------------------------------------------------------------------------

    def action_duplicate(self) -> None:
        """Copy the recording (or the marked ones) as a new fixture under another test id."""
        from ...core.curate import CurateError
        from ..workbench import like
        from .prompt import PromptScreen

        targets = self._targets("duplicate")
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
            self.files_changed(changed=made, select=made[0] if made else None)
            self._show_results("duplicated", results)

        what = f"{_plural(len(targets), 'marked recording')}" if len(targets) > 1 else Path(first).name
        self.app.push_screen(
            PromptScreen(
                "Duplicate as a new fixture",
                "new test id",
                current_id,
                check,
                detail=f"{what}: a copy under the new test id, named by its new request hash, in that test's recordings/ folder",
            ),
            submitted,
        )

    # -- move -------------------------------------------------------------------------------

    def action_move(self) -> None:
        """Move the recording (or the marked ones) into another folder."""
        from ...core.curate import TRASH_DIR
        from ...core.edit.root import expected_folder
        from ..workbench import like
        from .prompt import PromptScreen

        targets = self._targets("move")
        if targets is None:
            return
        wb = self.workbench
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
                wanted = expected_folder(first, summary.test_id, root) or expected_folder(folder / first.name, summary.test_id, root)
                if wanted is not None and wanted != folder:
                    message += f"; note: replay looks for this test's recordings in {root.display(wanted)}/"
            return True, message

        def submitted(text: str | None) -> None:
            if text is None:
                return
            results = curator.move_many(targets, resolve(text))
            moved = {t: like(r.target, t) for t, r in zip(targets, results, strict=True) if r.ok and r.target is not None}
            for old, new in moved.items():
                wb.moved(old, new)
            current = self.recording_path
            select = moved.get(current) if current is not None else None
            self.files_changed(removed=list(moved), changed=list(moved.values()), select=select)
            self._show_results("moved", results)

        self.app.push_screen(
            PromptScreen(
                f"Move {_plural(len(targets), 'recording')}",
                "to the folder",
                root.display(first.parent),
                check,
                suggestions=folders,
                detail="relative to " + str(root.path) + "; created if needed; never over another file",
            ),
            submitted,
        )

    # -- delete and restore -----------------------------------------------------------------

    def action_delete(self) -> None:
        """Move the recording (or the marked ones) into the trash, after asking."""
        from ...core.curate import TRASH_DIR
        from .choice import Choice, ChoiceScreen

        targets = self._targets("delete")
        if targets is None:
            return
        curator = self._curator()
        if curator is None:
            return

        def answer(value: str | None) -> None:
            if value != "delete":
                return
            leaving = set(targets)
            current = self.recording_path
            select = self._next_selection(leaving) if current in leaving else None
            results = curator.delete_many(targets)
            gone = [t for t, r in zip(targets, results, strict=True) if r.ok]
            self.files_changed(removed=gone, select=select)
            failed = [r for r in results if not r.ok]
            if failed or len(results) > 1:
                self._show_results("deleted", results)
            if gone:
                self.notify(
                    f"moved {_plural(len(gone), 'recording')} into {TRASH_DIR}/ · t opens the trash to restore",
                    timeout=6,
                )

        what = Path(targets[0]).name if len(targets) == 1 else _plural(len(targets), "marked recording")
        detail = (_listing(targets) + "\n\n" if len(targets) > 1 else "") + (
            f"They go into {curator.root.display(curator.trash_dir)}/ and can be restored (t)."
        )
        self.app.push_screen(ChoiceScreen(f"Delete {what}?", detail, [Choice("y,enter", "delete", "delete")]), answer)

    def action_trash(self) -> None:
        """List the trash and restore from it."""
        from ..workbench import like
        from .trash import TrashScreen

        curator = self._curator()
        if curator is None:
            return

        def closed(results: list[CurateResult] | None) -> None:
            if not results:
                return
            spelling = self.config.paths[0] if self.config.paths else None
            back = [like(r.target, str(spelling) if spelling else None) for r in results if r.target is not None]
            self.files_changed(changed=back, select=back[0] if back else None)

        self.app.push_screen(TrashScreen(curator), closed)

    # -- rehash ---------------------------------------------------------------------------------

    def action_rehash(self) -> None:
        """Rename the recording (or the marked ones) to the hash of its request, after a preview."""
        from ...core.edit import EditError
        from ...core.edit.rehash import rehash_files
        from ..workbench import like
        from .choice import Choice, ChoiceScreen
        from .report import ReportScreen

        targets = self._targets("rehash")
        if targets is None:
            return
        wb = self.workbench
        try:
            root = wb.root
        except EditError as exc:  # the root is not a folder (any more)
            self.notify(exc.reason, severity="error")
            return
        preview = rehash_files([Path(p) for p in targets], rules=wb.rules, root=root, dry_run=True)
        renames = [r for r in preview if r.status == "would-rename"]
        if not renames:
            lines = [_rehash_line(r) for r in preview]
            if len(preview) == 1:
                self.notify(preview[0].message, timeout=5)
            else:
                self.app.push_screen(ReportScreen("nothing to rename", lines))
            return
        detail = Text()
        for r in renames[:_LIST]:
            detail.append(f"{r.message}\n")
        if len(renames) > _LIST:
            detail.append(f"… and {len(renames) - _LIST} more\n", style="dim")
        unchanged = len(preview) - len(renames)
        if unchanged:
            detail.append(f"{_plural(unchanged, 'other file')} already named right or skipped", style="dim")

        def answer(value: str | None) -> None:
            if value != "rehash":
                return
            paths = [str(r.source) for r in renames]
            spelled = {str(r.source): t for r, t in zip(preview, targets, strict=True)}
            reports = rehash_files([Path(p) for p in paths], rules=wb.rules, root=root)
            moved: dict[str, str] = {}
            for rep in reports:
                if rep.status in ("renamed", "identical"):
                    old = spelled.get(str(rep.source), str(rep.source))
                    moved[old] = like(rep.target, old)
                    wb.moved(old, moved[old])
            current = self.recording_path
            select = moved.get(current) if current is not None else None
            self.files_changed(removed=list(moved), changed=list(moved.values()), select=select)
            report = reports + [r for r in preview if r.status != "would-rename"]
            if len(report) == 1:
                level = "error" if report[0].status == "failed" else "information"
                self.notify(report[0].message, severity=level, timeout=6)
            else:
                self.app.push_screen(ReportScreen("rehashed", [_rehash_line(r) for r in report]))

        title = f"Rename {_plural(len(renames), 'recording')} to {'its' if len(renames) == 1 else 'their'} request hash?"
        self.app.push_screen(ChoiceScreen(title, detail, [Choice("y,enter", "rename", "rehash")], warning=False), answer)


def _rehash_line(r: RehashReport) -> ReportLine:
    from .report import ReportLine

    return ReportLine(r.status != "failed", r.message, note=r.status in ("unchanged", "skipped", "would-rename"))

