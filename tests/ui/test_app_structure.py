"""The app's parts talk by messages, and every action acts on what the tree cursor is on.

Issue 14, items 3 and 4: with a recording open on the right and the tree cursor
on a group, ``delete``, ``#``, ``v`` and ``e`` act on the group (and say so),
not on the open recording; after a save or a restore a recording keeps its place
in its group.  The messages (``OpenRecording``, ``SetFilter``, ``FilesChanged``)
are asserted as posted, with ``run_test(message_hook=...)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.message import Message

from inspector.core.index.summary import Summary
from inspector.testing.factories import chat_request, text_chunks, write
from inspector.ui.main.screen import MainScreen
from inspector.ui.screens.dialogs.choice import ChoiceScreen
from inspector.ui.screens.dialogs.prompt import PromptScreen
from inspector.ui.screens.dialogs.report import ReportScreen
from inspector.ui.screens.editors.editor import EditorScreen
from inspector.ui.screens.messages import FilesChanged, OpenRecording, SetFilter
from inspector.ui.screens.problems import ProblemsScreen
from inspector.ui.screens.trash import TrashScreen
from inspector.ui.widgets.problem_tree import ProblemTree

from .helpers import app_for, press, screen_text, settle, type_text

SATURN_TEST = "tests/integration/inference/test_chat.py::test_streaming[txt=openai/gpt-4o]"


@pytest.fixture
def group(repo: dict[str, Path]) -> list[Path]:
    """Three recordings of one test (one group in the tree), in the order the tree lists them (by name)."""
    folder = repo["saturn"].parent
    extra = [
        write(folder, SATURN_TEST, chat_request(question), {"body": text_chunks([answer]), "is_streaming": True})
        for question, answer in (("Which moon is largest?", "Ganymede."), ("Which planet is hottest?", "Venus."))
    ]
    return sorted([repo["saturn"], *extra], key=lambda p: p.name)


def notes(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


def leaves(main: MainScreen) -> list[str]:
    """The recordings on screen in the tree, top to bottom (the order a person reads)."""
    tree = main.recording_tree
    out = []
    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        if node is not None and isinstance(node.data, Summary):
            out.append(node.data.path)
    return out


async def to_the_group(pilot: Any, main: MainScreen) -> None:
    """Move the tree cursor up from the open recording onto the group holding it."""
    tree = main.recording_tree
    for _ in range(5):
        if tree.cursor_node is not None and not isinstance(tree.cursor_node.data, Summary):
            return
        await press(pilot, "up")
    raise AssertionError("no group above the recording")


# --- item 3: actions follow the cursor ----------------------------------------------------------


async def test_on_a_group_delete_rehash_and_move_name_the_groups_files(group: list[Path]) -> None:
    first = group[0]
    app = app_for("repo", first)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen) and main.recording_path == str(first)
        await to_the_group(pilot, main)
        assert main.recording_path == str(first)  # still open on the right
        title = main.query_one("#title")
        # the title says what the keys now act on
        assert "group [txt=openai/gpt-4o]  3 recordings  · keys act on all 3" in screen_text(app)

        await press(pilot, "delete")
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert dialog.question == "Delete 3 recordings of [txt=openai/gpt-4o]?"
        for p in group:
            assert p.name in str(dialog.detail)
        await press(pilot, "escape")

        await press(pilot, "number_sign")  # all three are named by their hash: nothing to rename, each one said
        report = app.screen
        assert isinstance(report, ReportScreen)
        shown = screen_text(app)
        for p in group:
            assert p.name[:12] in shown
        await press(pilot, "escape")

        await press(pilot, "v")
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert prompt.title_text == "Move 3 recordings of [txt=openai/gpt-4o]"
        assert all(p.name in prompt.detail for p in group)
        await press(pilot, "escape")

        await press(pilot, "e")  # one recording only: said plainly, nothing opened
        assert app.screen is main
        assert "editing needs a recording: the cursor is on the group [txt=openai/gpt-4o]; move it onto one" in notes(app)
        await press(pilot, "down")  # back onto the recording: the title is the recording's again
        assert "group [txt=" not in str(title.render()) and "test_streaming" in str(title.render())
    assert all(p.exists() for p in group)


async def test_on_a_recording_the_dialog_names_it_and_not_the_open_one(group: list[Path]) -> None:
    first, second = group[0], group[1]
    app = app_for("repo", first)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await press(pilot, "down")
        assert main.recording_tree.current is not None and main.recording_tree.current.path == str(second)
        await press(pilot, "v")
        prompt = app.screen
        assert isinstance(prompt, PromptScreen) and prompt.title_text == f"Move {second.name}"
        await press(pilot, "escape")
        await press(pilot, "delete")
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen) and dialog.question == f"Delete {second.name}?"
        await press(pilot, "y")
        await settle(pilot)
    assert first.exists() and not second.exists()


async def test_deleting_a_group_deletes_its_files_and_shows_another_recording(group: list[Path]) -> None:
    app = app_for("repo", group[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await to_the_group(pilot, main)
        await press(pilot, "delete", "y")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)  # a line per file
        assert all(p.name[:12] in screen_text(app) for p in group)
        await press(pilot, "escape")
        assert app.screen is main
        assert "moved 3 recordings into .inspector-trash/ · t opens the trash to restore" in notes(app)
        assert main.recording_path is not None and main.recording_path not in {str(p) for p in group}
        assert not any(str(p) in leaves(main) for p in group)
    assert not any(p.exists() for p in group)


# --- item 4: the tree keeps its order -----------------------------------------------------------


async def test_a_saved_recording_keeps_its_place_in_its_group(group: list[Path]) -> None:
    first = group[0]
    app = app_for("repo", first)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        before = leaves(main)
        assert [p for p in before if p in {str(g) for g in group}] == [str(g) for g in group]
        await press(pilot, "e")
        assert isinstance(app.screen, EditorScreen)
        await press(pilot, "end")
        await type_text(pilot, " Edited.")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        await press(pilot, "escape")
        await settle(pilot)
        assert app.screen is main
        assert leaves(main) == before
        assert main.recording_tree.current is not None and main.recording_tree.current.path == str(first)


async def test_a_restored_recording_comes_back_to_its_place(group: list[Path]) -> None:
    middle = group[1]
    app = app_for("repo", middle)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        before = leaves(main)
        await press(pilot, "delete", "y")
        await settle(pilot)
        assert str(middle) not in leaves(main)
        await press(pilot, "t")
        assert isinstance(app.screen, TrashScreen)
        await press(pilot, "enter")
        await settle(pilot)
        if isinstance(app.screen, ChoiceScreen):  # asks before restoring
            await press(pilot, "y")
            await settle(pilot)
        if app.screen is not main:
            await press(pilot, "escape")
            await settle(pilot)
        assert middle.exists()
        assert leaves(main) == before


# --- the messages contract --------------------------------------------------------------------


async def test_saving_posts_files_changed_and_the_main_screen_re_indexes(repo: dict[str, Path]) -> None:
    seen: list[Message] = []
    path = repo["saturn"]
    app = app_for("repo", path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await press(pilot, "e", "end")
        await type_text(pilot, " Jupiter too.")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        changed = [m for m in seen if isinstance(m, FilesChanged)]
        assert changed == [FilesChanged(changed=(str(path),))]
        summary = main.library.get(str(path))
        assert summary is not None and "jupiter too." in summary.search  # the library holds the saved file


async def test_problems_hand_back_open_recording_and_set_filter(repo: dict[str, Path]) -> None:
    seen: list[Message] = []
    app = app_for("repo", repo["saturn"])
    async with app.run_test(size=(140, 45), message_hook=seen.append) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await press(pilot, "p")
        await settle(pilot)
        problems = app.screen
        assert isinstance(problems, ProblemsScreen)
        tree = problems.query_one(ProblemTree)
        target = None
        for _ in range(30):  # down to the first finding about a recording in the tree
            current = tree.current
            path = getattr(current, "path", None)
            if path is not None and main.library.get(path) is not None and getattr(current, "code", None):
                target = main.library.get(path)
                break
            await press(pilot, "down")
        assert target is not None, "no finding about an indexed recording"
        if target.path == main.recording_path:
            pytest.skip("the first finding is about the recording already open")
        await press(pilot, "enter")
        await settle(pilot)
        assert app.screen is main
        assert OpenRecording(target.path) in seen
        assert main.recording_path == target.path
        assert main.recording_tree.current is not None and main.recording_tree.current.path == target.path

        await press(pilot, "p")
        await settle(pilot)
        await press(pilot, "a")  # every file with a problem
        await settle(pilot)
        assert app.screen is main
        assert SetFilter("check:any") in seen
        assert main.query_one("#filter-input").value == "check:any"  # type: ignore[attr-defined]
        assert "6 of 6" in screen_text(app)  # every crafted file has a problem
