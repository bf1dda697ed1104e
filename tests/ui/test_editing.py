"""Editing in the app, driven as a person would: e, type, ctrl+z, ctrl+y, ctrl+s, escape.

Every test works on a crafted repository in a temporary folder and checks the
file on disk and what the screen shows afterwards.
"""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import TextArea

from inspector.core.recording.loading import load
from inspector.testing.factories import write
from inspector.ui.main.screen import MainScreen
from inspector.ui.screens.dialogs.choice import ChoiceScreen
from inspector.ui.screens.editors.editor import EditorScreen
from inspector.ui.screens.editors.json_editor import JsonEditorScreen
from inspector.ui.screens.messages import OpenRecording
from inspector.ui.widgets.json_tree import JsonTree

from .helpers import app_for, press, screen_text, settle, type_text, walk_to

SATURN = "Saturn has the most famous rings."


def notes(app: object) -> list[str]:
    """The notifications shown so far."""
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


def text_of(path: Path) -> str:
    return load(path).rebuild.choices[0].text


def main_screen(app: object) -> MainScreen:
    return app.main_screen  # type: ignore[attr-defined,no-any-return]


async def goto_path(pilot: Pilot[object], tree: JsonTree, target: str) -> None:
    """Walk the JSON tree down to ``target``, opening what lies on the way (as a person would)."""
    for _ in range(300):
        here = tree.current_path
        if here == target:
            return
        node = tree.cursor_node
        on_the_way = here is not None and target.startswith(here) and target[len(here)] in ".["
        if on_the_way and node is not None and node.allow_expand and not node.is_expanded:
            await press(pilot, "right")
        else:
            await press(pilot, "down")
    raise AssertionError(f"{target} not found in the JSON tree")


async def test_edit_the_answer_undo_redo_save_and_replay(repo: dict[str, Path]) -> None:
    path = repo["saturn"]
    chunks = len(load(path).chunks)
    app = app_for("repo", path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert SATURN in screen_text(app) and "Finish reason" in screen_text(app) and "Usage" in screen_text(app)
        await press(pilot, "end")
        await type_text(pilot, " Jupiter has faint ones.")
        assert "● unsaved" in screen_text(app)
        await press(pilot, "ctrl+z")  # the whole stretch of typing is one step
        assert editor.field("text:0").text == SATURN and not editor.session.dirty
        await press(pilot, "ctrl+y")
        assert editor.field("text:0").text == SATURN + " Jupiter has faint ones."
        assert text_of(path) == SATURN  # nothing written yet
        await press(pilot, "ctrl+s")
        assert "saved" in screen_text(app) and "● unsaved" not in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)
        await press(pilot, "2", "end")
        assert "Jupiter has faint ones." in screen_text(app)
    assert text_of(path) == SATURN + " Jupiter has faint ones."
    assert len(load(path).chunks) == chunks  # spread over the same chunks
    assert path.read_text().endswith("}\n")


async def test_undo_and_save_work_from_the_main_screen_too(repo: dict[str, Path]) -> None:
    path = repo["saturn"]
    app = app_for("repo", path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "e", "end")
        await type_text(pilot, "!")
        await press(pilot, "escape")
        assert isinstance(app.screen, ChoiceScreen)  # unsaved: save, discard or keep?
        await press(pilot, "k")
        screen = main_screen(app)
        assert app.screen is screen
        text = screen_text(app)
        assert "● unsaved" in text  # the title
        assert "●" in str(screen.recording_tree.cursor_node.label)  # the tree
        assert "^s Save" in text  # the footer offers it now
        await press(pilot, "ctrl+z")
        assert "● unsaved" not in screen_text(app)
        await press(pilot, "ctrl+y", "ctrl+s")
    assert text_of(path) == SATURN + "!"


async def test_leaving_a_recording_with_unsaved_edits_asks(repo: dict[str, Path]) -> None:
    path = repo["saturn"]
    app = app_for("repo", path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "e", "end")
        await type_text(pilot, " (edited)")
        await press(pilot, "escape", "k")
        screen = main_screen(app)
        tree = screen.recording_tree
        await walk_to(pilot, tree, "test_tools.py", "test_tool_calls", "[txt=openai/gpt-4o]", "≈ƒ")  # another recording
        assert isinstance(app.screen, ChoiceScreen)
        assert "has unsaved edits" in screen_text(app)
        await press(pilot, "escape")  # cancel: stay
        await settle(pilot)
        assert screen.recording_path == str(path)
        assert tree.current is not None and tree.current.path == str(path)
        await press(pilot, "down")  # the weather recording again (its groups are open now)
        while tree.current is None:
            await press(pilot, "down")
        await press(pilot, "s")  # save, then go
        await settle(pilot)
        assert screen.recording_path == str(repo["weather"])
        assert "Weather in Quito" in screen_text(app)
    assert text_of(path) == SATURN + " (edited)"


async def test_discarding_leaves_the_file_alone(repo: dict[str, Path]) -> None:
    path = repo["saturn"]
    before = path.read_bytes()
    app = app_for("repo", path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "e", "end")
        await type_text(pilot, " nope")
        await press(pilot, "escape", "d")
        assert isinstance(app.screen, MainScreen)
        await settle(pilot)
        assert "nope" not in screen_text(app) and "● unsaved" not in screen_text(app)
    assert path.read_bytes() == before


async def test_quitting_with_unsaved_edits_asks(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["saturn"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "e", "end")
        await type_text(pilot, "?")
        await press(pilot, "escape", "k", "q")
        text = screen_text(app)
        assert "Quit without saving?" in text and "● " + repo["saturn"].name[:16] in text
        await press(pilot, "n")
        assert isinstance(app.screen, MainScreen)
        await press(pilot, "q", "y")
    assert app.return_code == 0


async def test_tool_arguments_must_be_json_and_saving_waits(repo: dict[str, Path]) -> None:
    path = repo["weather"]
    before = path.read_bytes()
    app = app_for("repo", path)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        args = editor.field("tool.args:0:0")
        assert json.loads(args.text) == {"city": "Quito", "unit": "c"}
        args.box.focus()
        await press(pilot, "end")
        await type_text(pilot, ",")  # {"city": "Quito", "unit": "c"},
        assert "not JSON" in (args.error or "") and "line 1, column" in (args.error or "")
        await press(pilot, "ctrl+s")
        assert any("cannot save yet" in n for n in notes(app))
        assert path.read_bytes() == before
        await press(pilot, "backspace", "left")  # back inside the object
        await type_text(pilot, ', "days": 3')
        assert args.error is None
        name = editor.field("tool.name:0:1")
        name.box.focus()
        await press(pilot, "end")
        await type_text(pilot, "_now")
        await press(pilot, "ctrl+s")
    calls = load(path).rebuild.choices[0].tool_calls
    assert json.loads(calls[0].arguments) == {"city": "Quito", "unit": "c", "days": 3}
    assert calls[1].name == "get_weather_now"


async def test_finish_reason_and_usage(repo: dict[str, Path]) -> None:
    path = repo["saturn"]
    app = app_for("repo", path)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        finish = editor.field("finish:0")
        finish.box.focus()
        await press(pilot, "ctrl+u")
        await type_text(pilot, "length")
        usage = editor.field("usage")
        usage.box.focus()
        area = usage.query_one(TextArea)
        area.text = '{"completion_tokens": 7, "prompt_tokens": 9, "total_tokens": 16}'
        await settle(pilot)
        await press(pilot, "f2")  # go on in the JSON editor, with the same edits
        json_editor = app.screen
        assert isinstance(json_editor, JsonEditorScreen)
        assert '"finish_reason": "length"' in json_editor.editor.text
        await press(pilot, "ctrl+s")
    rebuild = load(path).rebuild
    assert rebuild.choices[0].finish_reason == "length"
    assert rebuild.usage == {"completion_tokens": 7, "prompt_tokens": 9, "total_tokens": 16}


async def test_embeddings_open_the_json_editor_and_broken_files_say_why(repo: dict[str, Path]) -> None:
    request = {
        "method": "POST", "url": "https://api.openai.com/v1/embeddings", "headers": {},
        "body": {"model": "text-embedding-3-small", "input": ["hello"]}, "endpoint": "/v1/embeddings", "model": "text-embedding-3-small",
    }
    body = {
        "__type__": "openai.types.create_embedding_response.CreateEmbeddingResponse",
        "__data__": {"data": [{"embedding": [0.25, -0.5], "index": 0, "object": "embedding"}], "model": "text-embedding-3-small", "object": "list"},
    }
    path = write(Path("repo/tests/integration/inference/recordings"), "tests/integration/inference/test_embed.py::test_embed", request, {"body": body, "is_streaming": False})
    app = app_for("repo", path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, JsonEditorScreen)
        assert any("edit its JSON instead" in n for n in notes(app))
        await press(pilot, "escape")
        main_screen(app).post_message(OpenRecording(str(repo["broken"])))
        await settle(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, MainScreen)
        assert any(n.startswith("cannot edit:") for n in notes(app))


async def test_editor_areas_stay_quick_and_exact_on_a_large_document() -> None:
    """The JSON editor's TextArea on a 1 MB-sized document: wrapped once when it opens, no
    bracket walk, and a height counted in one step that always equals Textual's own sum,
    through typing, new lines, deletions and resizes, soft-wrapped or not."""
    from textual.app import App
    from textual.document._wrapped_document import WrappedDocument

    from inspector.ui.widgets.edit_field import HIGHLIGHT_LIMIT, make_text_area

    big = "\n".join(f'  "key{i}": ["value {i}", {{"nested": {i}}}],' for i in range(8000))
    assert len(big) > HIGHLIGHT_LIMIT
    wraps: list[int] = []
    original = WrappedDocument.wrap

    def counting(self, width, tab_width=None):
        wraps.append(len(self.document.lines))
        original(self, width, tab_width)

    class Host(App[None]):
        def compose(self):
            yield make_text_area("{\n" + big + "\n}", json=True, code=True, id="code")
            yield make_text_area(big[:3000], json=False, id="prose")

    WrappedDocument.wrap = counting  # type: ignore[method-assign]
    try:
        app = Host()
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            code, prose = app.query_one("#code", TextArea), app.query_one("#prose", TextArea)
            assert sum(1 for n in wraps if n > 1000) == 1  # the large document, wrapped once
            assert code.find_matching_bracket("{", (0, 0)) is None  # no walk through 1 MB
            assert prose.find_matching_bracket("[", (0, 9)) is not None  # small ones still match

            def exact(area: TextArea) -> None:
                wrapped = area.wrapped_document
                assert wrapped.height == sum(len(o) + 1 for o in wrapped._wrap_offsets)

            for area in (code, prose):
                area.focus()
                await pilot.press("down", "end", "x", "enter", "y", "enter", "backspace", "backspace", "backspace")
                area.insert("a long line " * 40 + "\nand another\n", (3, 0))
                exact(area)
                area.delete((2, 0), (6, 0))
                exact(area)
                area.replace("short", (1, 0), (1, 5))
                exact(area)
            await pilot.resize_terminal(60, 30)
            await pilot.pause()
            exact(code), exact(prose)
            assert prose.wrapped_document._width > 0  # soft wrap followed the new width
    finally:
        WrappedDocument.wrap = original  # type: ignore[method-assign]
