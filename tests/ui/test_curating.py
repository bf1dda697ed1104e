"""Curating in the app: duplicate (n), move (v), delete (delete) and restore (t), marks (m), rehash (#)."""

from __future__ import annotations

import json
from pathlib import Path

from inspector.core.recording.loading import load
from inspector.core.rules.hashing import request_hash
from inspector.ui.main.screen import MainScreen
from inspector.ui.screens.dialogs.choice import ChoiceScreen
from inspector.ui.screens.dialogs.prompt import PromptScreen
from inspector.ui.screens.dialogs.report import ReportScreen
from inspector.ui.screens.trash import TrashScreen

from .helpers import app_for, press, screen_text, settle, type_text, widget_text

NEW_TEST = "tests/integration/inference/test_copies.py::test_copy"


def notes(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


def main(app: object) -> MainScreen:
    return app.main_screen  # type: ignore[attr-defined,no-any-return]


def trash_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / ".inspector-trash").glob("*/*.json") if p.name != "trash-info.json")


async def test_duplicate_as_a_new_fixture(repo: dict[str, Path]) -> None:
    source = repo["saturn"]
    before = source.read_bytes()
    app = app_for("repo", source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert "that is the test id it has already" in prompt.message
        await press(pilot, "ctrl+u")
        await type_text(pilot, "../../evil.py::test_x")
        assert "goes up with '..'" in prompt.message
        await press(pilot, "enter")
        assert app.screen is prompt  # refused
        await press(pilot, "ctrl+u")
        await type_text(pilot, NEW_TEST)
        # shown relative to the root: the folder holding tests/ (the layout's root), not the current folder
        assert prompt.message.startswith("→ tests/integration/inference/recordings/")
        await press(pilot, "enter")
        await settle(pilot)
        screen = main(app)
        assert screen.library.total == 7
        copy = Path(screen.recording_path or "")
        assert copy != source and copy.exists()
        assert screen.recording_tree.current is not None and screen.recording_tree.current.path == str(copy)
        assert "test_copies.py" in screen_text(app)
    rec = load(copy)
    assert rec.test_id == NEW_TEST
    assert copy.name == f"{request_hash(rec.request_raw, NEW_TEST)}.json"
    assert source.read_bytes() == before


async def test_move_into_another_folder(repo: dict[str, Path]) -> None:
    source = repo["plain"]
    app = app_for("repo", source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert prompt.query_one("Input").value == "tests/integration/responses/recordings"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+u")
        await type_text(pilot, "../elsewhere")
        assert "outside the root" in prompt.message
        await press(pilot, "ctrl+u")
        await type_text(pilot, "tests/integration/archive")
        assert "→ tests/integration/archive/ (created)" in prompt.message
        assert "replay looks for this test's recordings in" in prompt.message
        await press(pilot, "enter")
        await settle(pilot)
        moved = Path("repo/tests/integration/archive") / source.name
        assert moved.exists() and not source.exists()
        screen = main(app)
        assert screen.recording_path == str(moved)
        assert screen.library.get(str(source)) is None and screen.library.total == 6
        assert any("archive" in n for n in notes(app))


async def test_delete_into_the_trash_and_restore(repo: dict[str, Path]) -> None:
    source = repo["saturn"]
    before = source.read_bytes()
    app = app_for("repo", source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "delete")
        assert isinstance(app.screen, ChoiceScreen) and "Delete" in screen_text(app)
        await press(pilot, "y")
        await settle(pilot)
        screen = main(app)
        assert not source.exists() and len(trash_files(Path("repo"))) == 1
        assert screen.library.total == 5
        assert screen.recording_path is not None and screen.recording_path != str(source)  # a neighbour is selected
        assert any("t opens the trash" in n for n in notes(app))
        await press(pilot, "t")
        trash = app.screen
        assert isinstance(trash, TrashScreen)
        assert "inference/recordings/" + source.name[:12] in screen_text(app)
        await press(pilot, "enter")  # restore the highlighted one
        assert "The trash is empty" in widget_text(trash.query_one("#trash-summary"))
        await press(pilot, "escape")
        await settle(pilot)
        assert screen.library.total == 6
        assert screen.recording_path == str(source)
    assert source.read_bytes() == before and trash_files(Path("repo")) == []


async def test_marks_act_on_several_recordings_at_once(repo: dict[str, Path]) -> None:
    saturn, weather = repo["saturn"], repo["weather"]
    app = app_for("repo", saturn)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main(app)
        tree = screen.recording_tree
        await press(pilot, "m")  # marks saturn, steps down to the test_tools.py group
        await press(pilot, "m")  # a group: marks all of its recordings
        assert screen.workbench.marked == [str(saturn), str(weather)]
        assert "✓" in screen_text(app)
        await press(pilot, "delete")
        question = screen_text(app)
        assert "Delete 2 marked recordings?" in question and saturn.name[:20] in question
        await press(pilot, "y")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        report = widget_text(app.screen.query_one("#report-text"), width=400)
        assert report.count("→ trash") == 2 and "2 done" in report
        await press(pilot, "escape")
        assert not saturn.exists() and not weather.exists()
        assert screen.workbench.marked == []
        await press(pilot, "t", "b")  # restore everything deleted together
        await press(pilot, "escape")
        await settle(pilot)
        assert saturn.exists() and weather.exists() and screen.library.total == 6
        assert tree.current is not None


async def test_rehash_renames_to_the_request_hash(repo: dict[str, Path]) -> None:
    stale = repo["stale"]
    app = app_for("repo", stale)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "number_sign")
        assert isinstance(app.screen, ChoiceScreen)
        assert f"{stale.name} → " in screen_text(app)
        await press(pilot, "y")
        await settle(pilot)
        screen = main(app)
        renamed = Path(screen.recording_path or "")
        assert not stale.exists() and renamed.exists()
        rec = load(renamed)
        assert renamed.name == f"{request_hash(rec.request_raw, None)}.json"
        assert "hash ok" in screen_text(app)


async def test_rehash_offers_to_trash_a_duplicate_of_a_request_already_named_so(repo: dict[str, Path]) -> None:
    source = repo["saturn"]
    data = json.loads(source.read_text())
    data["response"]["body"][0]["__data__"]["created"] = 5  # other bytes, the same request
    copy = source.with_name("1" * 64 + ".json")
    copy.write_text(json.dumps(data, indent=2) + "\n")
    app = app_for("repo", copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "number_sign")
        assert isinstance(app.screen, ChoiceScreen)
        question = app.screen
        detail = question.detail.plain if hasattr(question.detail, "plain") else str(question.detail)
        assert f"{copy.name}: {source.name} already holds the same request (a duplicate, not renamed)" in detail
        assert "1 duplicate of a request already named so" in question.question
        assert "move the duplicates into the trash" in screen_text(app)
        await press(pilot, "d")
        await settle(pilot)
        screen = main(app)
        assert not copy.exists() and source.exists()
        assert screen.library.get(str(copy)) is None
        assert len(trash_files(Path("repo"))) == 1
        assert any("moved into the trash" in n for n in notes(app))


async def test_curating_waits_for_unsaved_edits(repo: dict[str, Path]) -> None:
    source = repo["saturn"]
    app = app_for("repo", source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "e", "end")
        await type_text(pilot, "!")
        await press(pilot, "escape", "k", "delete")
        assert isinstance(app.screen, MainScreen)
        assert any("has unsaved edits" in n for n in notes(app))
    assert source.exists() and json.loads(source.read_text())["test_id"]


async def test_help_and_palette_list_the_editing_and_curating_keys(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["saturn"])
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        help_text = widget_text(app.screen.query_one("#help-text"), width=160)
        for words in ("Edit the whole file as JSON", "Delete into the trash", "Duplicate as a new fixture", "unsaved edits", "marked (m)"):
            assert words in help_text
        await press(pilot, "escape", "ctrl+p")
        await type_text(pilot, "restore deleted")
        await press(pilot, "enter")
        assert isinstance(app.screen, TrashScreen)
