"""Editing in the app where the disk answers back: request edits that rename, the JSON editor, conflicts.

Every test works on a crafted repository in a temporary folder and checks the
file on disk and what the screen shows afterwards.
"""

from __future__ import annotations

from pathlib import Path

from inspector.core.recording.loading import load
from inspector.core.rules.hashing import request_hash
from inspector.ui.screens.dialogs.choice import ChoiceScreen
from inspector.ui.screens.dialogs.conflict import ConflictScreen
from inspector.ui.screens.editors.editor import EditorScreen
from inspector.ui.screens.editors.json_editor import JsonEditorScreen
from inspector.ui.screens.editors.node_editor import NodeEditorScreen
from inspector.ui.widgets.diff_view import DiffView
from inspector.ui.widgets.json_tree import JsonTree

from .helpers import app_for, press, screen_text, settle, type_text, widget_text
from .test_editing import SATURN, goto_path, main_screen, notes, text_of


async def test_editing_a_request_node_renames_on_save(repo: dict[str, Path]) -> None:
    old = repo["saturn"]
    app = app_for("repo", old)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        raw = app.screen.query_one("#raw-tree", JsonTree)
        await goto_path(pilot, raw, "$.request.body.messages[0].content")
        await press(pilot, "e")
        assert isinstance(app.screen, NodeEditorScreen)
        assert "request.body.messages[0].content" in screen_text(app)
        await press(pilot, "end")
        await type_text(pilot, " Answer briefly.")
        assert "request changed: saves as" in screen_text(app)
        await press(pilot, "ctrl+s")
        question = app.screen
        assert isinstance(question, ChoiceScreen)
        text = screen_text(app)
        assert "old" in text and old.name in text and "new" in text
        await press(pilot, "enter")  # the default: save under the new name
        await press(pilot, "escape")
        await settle(pilot)
        screen = main_screen(app)
        new_path = Path(screen.recording_path or "")
        assert new_path != old and new_path.exists() and not old.exists()
        assert screen.library.get(str(old)) is None and screen.library.get(str(new_path)) is not None
        assert screen.recording_tree.current is not None and screen.recording_tree.current.path == str(new_path)
        assert any("saved as" in n and old.name in n for n in notes(app))
    rec = load(new_path)
    assert rec.request.messages[0].text == "Which planet has rings? Answer briefly."
    assert new_path.name == f"{request_hash(rec.request_raw, rec.test_id)}.json"
    assert rec.hash.status == "ok"


async def test_a_rename_never_overwrites_a_different_file(repo: dict[str, Path]) -> None:
    old = repo["saturn"]
    app = app_for("repo", old)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        raw = app.screen.query_one("#raw-tree", JsonTree)
        await goto_path(pilot, raw, "$.request.body.messages[0].content")
        await press(pilot, "e", "end")
        await type_text(pilot, "!")
        editor = app.screen
        assert isinstance(editor, NodeEditorScreen)
        plan = editor.session.pending_rename()
        assert plan is not None
        plan.target.write_text('{"someone": "else"}\n')  # a different file already has the new name
        await press(pilot, "ctrl+s", "enter")
        assert any("already exists with different content" in n for n in notes(app))
        assert editor.session.dirty
    assert old.exists() and plan.target.read_text() == '{"someone": "else"}\n'


async def test_the_json_editor_shows_parse_errors_with_line_and_column(repo: dict[str, Path]) -> None:
    path = repo["plain"]
    before = path.read_bytes()
    app = app_for("repo", path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "E")
        editor = app.screen
        assert isinstance(editor, JsonEditorScreen)
        assert '"test_id": "tests/integration/responses/test_basic.py::test_non_streaming"' in screen_text(app)
        await press(pilot, "down", "end")
        await type_text(pilot, "x")  # line 2 now ends in ...",x
        check = widget_text(editor.query_one("#json-check"))
        assert "line 2, column" in check and "✗" in check
        await press(pilot, "ctrl+s")
        assert any("cannot save yet" in n for n in notes(app))
        assert path.read_bytes() == before
        await press(pilot, "backspace")
        assert "✓ valid JSON" in widget_text(editor.query_one("#json-check"))
        area = editor.editor
        area.text = area.text.replace('"Hi there!"', '"Hello there!"')
        await settle(pilot)
        await press(pilot, "ctrl+s")
    assert load(path).rebuild.choices[0].text == "Hello there!"
    assert path.read_bytes() == before.replace(b'"Hi there!"', b'"Hello there!"')


async def test_external_change_offers_diff_then_overwrite(repo: dict[str, Path]) -> None:
    path = repo["saturn"]
    app = app_for("repo", path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "e", "end")
        await type_text(pilot, " Mine.")
        # someone re-records the file meanwhile
        path.write_text(path.read_text().replace('"Saturn "', '"Neptune "'))
        await press(pilot, "ctrl+s")
        conflict = app.screen
        assert isinstance(conflict, ConflictScreen)
        assert "changed on disk" in screen_text(app)
        await press(pilot, "d")
        diff = widget_text(conflict.query_one(DiffView))
        assert '-' in diff and "Neptune" in diff and "Mine." in diff
        await press(pilot, "escape")  # not now: nothing saved, edits kept
        assert isinstance(app.screen, EditorScreen) and app.screen.session.dirty
        assert "Neptune" in text_of(path)
        await press(pilot, "ctrl+s", "o")  # overwrite
    assert text_of(path) == SATURN + " Mine."


async def test_external_change_reload_drops_the_edits(repo: dict[str, Path]) -> None:
    path = repo["saturn"]
    app = app_for("repo", path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "e", "end")
        await type_text(pilot, " Mine.")
        path.write_text(path.read_text().replace('"Saturn "', '"Neptune "'))
        await press(pilot, "ctrl+s", "r")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert not editor.session.dirty
        assert editor.field("text:0").text == "Neptune has the most famous rings."
        await press(pilot, "escape", "2", "end")
        assert "Neptune has the most famous rings." in screen_text(app)
    assert text_of(path) == "Neptune has the most famous rings."


