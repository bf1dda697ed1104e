"""The duplicate dialog (`n`) keeps up with typing (the file is read once); the rename question (`#`) reads right."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.core.edit import curate
from inspector.core.recording.loading import load
from inspector.ui.screens.dialogs.prompt import PromptScreen

from .helpers import app_for, press, settle, type_text

NEW_TEST = "tests/integration/inference/test_copies.py::test_copy"


async def test_typing_a_test_id_reads_the_recording_once(repo: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[int] = []
    walks: list[int] = []
    real_parse, real_repoint = curate.parse_bytes, curate.repoint_ids
    monkeypatch.setattr(curate, "parse_bytes", lambda raw: reads.append(len(raw)) or real_parse(raw))
    monkeypatch.setattr(curate, "repoint_ids", lambda *a: walks.append(1) or real_repoint(*a))
    source = repo["saturn"]
    app = app_for("repo", source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert len(reads) == 1  # opening the dialog read the file
        await press(pilot, "ctrl+u")
        await type_text(pilot, NEW_TEST)
        # Each of the keystrokes named the target, and none read the file or walked the response again.
        # shown relative to the repository root the layout finds (the folder holding tests/)
        assert prompt.message.startswith("→ tests/integration/inference/recordings/")
        assert len(reads) == 1 and walks == []
        await press(pilot, "enter")
        await settle(pilot)
        copy = Path(app.main_screen.recording_path or "")
    assert copy != source and load(copy).test_id == NEW_TEST
    assert walks == [1]  # the ids are re-pointed once, for the copy written


async def test_renaming_one_recording_asks_in_the_singular(repo: dict[str, Path]) -> None:
    from inspector.ui.screens.dialogs.choice import ChoiceScreen

    app = app_for("repo", repo["stale"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "number_sign")
        assert isinstance(app.screen, ChoiceScreen)
        assert app.screen.question == f"Rename {repo['stale'].name} to its request hash?"  # one file: named, singular
        await press(pilot, "escape")
