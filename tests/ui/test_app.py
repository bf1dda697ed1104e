"""The app driven as a person would: open a folder, filter, select, read, replay."""

from __future__ import annotations

from pathlib import Path

from inspector.ui.main.screen import MainScreen
from inspector.ui.widgets.recording_tree import RecordingTree
from inspector.ui.widgets.replay_pane import ReplayPane

from .helpers import app_for, press, screen_text, settle, type_text, walk_to, widget_text


def main(app) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def test_opening_a_folder_lists_suites_with_counts(repo: dict[str, Path]) -> None:
    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main(app)
        assert screen.library.total == 6
        text = screen_text(app)
        assert "6 recordings · by test" in text
        assert "inference 3" in text and "responses 1" in text and "common 2" in text
        # The first suite opens by itself so the tree shows more than folders.
        assert "recordings/ (no test id) 2" in text


async def test_a_file_opens_selected_with_its_request(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["weather"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert main(app).recording_tree.current is not None
        assert main(app).recording_tree.current.path == str(repo["weather"])
        assert "test_tools.py::test_tool_calls[txt=openai/gpt-4o]" in text  # the title
        assert "Weather in Quito and Oslo?" in text  # the conversation
        assert "get_weather" in text and "city: string required" in text  # the tools offered
        assert "hash ok  rule 2026-10" in text


async def test_selecting_in_the_tree_shows_the_recording(repo: dict[str, Path]) -> None:
    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        tree = main(app).recording_tree
        await walk_to(pilot, tree, "inference", "test_chat.py", "test_interrupted", "[txt=openai/gpt-4o]", "≈")
        assert tree.current is not None and tree.current.path == str(repo["interrupted"])
        assert "Write a haiku." in screen_text(app)


async def test_filter_narrows_the_tree_and_escape_clears(repo: dict[str, Path]) -> None:
    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await walk_to(pilot, main(app).recording_tree, "inference", "test_chat.py")
        await press(pilot, "slash")
        await type_text(pilot, "has:tools")
        text = screen_text(app)
        assert "1 of 6" in text
        assert "test_tool_calls" in text and "test_chat.py" not in text
        await type_text(pilot, " -is:stream")
        assert "0 of 6" in screen_text(app)
        await press(pilot, "escape")
        text = screen_text(app)
        assert "of 6" not in text and "test_chat.py" in text
        assert main(app).library.shown == 6


async def test_free_words_match_the_response_and_bad_terms_say_why(repo: dict[str, Path]) -> None:
    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "saturn")
        assert "1 of 6" in screen_text(app)
        assert "test_streaming" in screen_text(app)
        await press(pilot, "ctrl+u")
        await type_text(pilot, "has:wings")
        assert "unknown term has:wings" in screen_text(app)


async def test_replay_to_the_end_shows_text_finish_and_usage(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["saturn"])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        replay = app.screen.query_one(ReplayPane)
        assert replay.has_focus and replay.position == 0
        assert "chunk 0/9" in screen_text(app)
        await press(pilot, "space")  # instant mode: straight to the end
        text = screen_text(app)
        assert replay.position == 9
        assert "Saturn has the most famous rings." in text
        assert "finish stop" in text and "total 15" in text
        assert "chunk 9 of 9" in text


async def test_stepping_seeking_and_speed(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["saturn"])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "right", "right", "right")
        replay = app.screen.query_one(ReplayPane)
        text = screen_text(app)
        assert replay.position == 3
        assert "Saturn has ▌" in text  # growing text with a cursor
        assert 'text += "has "' in text  # what the current chunk changed
        await press(pilot, "left")
        assert replay.position == 2
        await press(pilot, "end")
        assert replay.position == 9 and "▌" not in screen_text(app)
        await press(pilot, "home")
        assert replay.position == 0
        await press(pilot, "plus", "plus")
        assert replay.speed == 4.0 and "4x" in screen_text(app)
        await press(pilot, "minus", "minus", "minus", "minus", "minus")
        assert replay.speed == 0.25
        # Clicking the right end of the scrubber seeks to the last chunk.
        scrubber = app.screen.query_one("#scrubber")
        await pilot.click(scrubber, offset=(scrubber.size.width - 1, 1))
        await settle(pilot)
        assert replay.position == 9


async def test_tool_calls_assemble_then_are_checked_against_the_schema(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["weather"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "right", "right", "right", "right")
        text = screen_text(app)
        assert "assembling" in text and '{"city": "Quito"' in text
        await press(pilot, "end")
        text = screen_text(app)
        assert "matches the tool's parameter schema" in text  # the first call
        assert "✗ $.city: 'city' is a required property" in text  # the second
        assert "finish tool_calls" in text


async def test_an_exception_shows_after_the_chunks_it_interrupted(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["interrupted"])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "right", "right")
        assert "Connection reset" not in screen_text(app)
        await press(pilot, "end")
        text = screen_text(app)
        assert "Autumn leaves" in text
        assert "APIConnectionError" in text and "Connection reset by peer" in text
        assert "after 3 chunks received" in text


async def test_a_non_streamed_response_is_one_step(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["plain"])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        assert "chunk 0/1" in screen_text(app) and "not streamed" in screen_text(app)
        await press(pilot, "right")
        text = screen_text(app)
        assert "Hi there!" in text and "finish stop" in text


async def test_autoplay_plays_when_the_replay_tab_opens(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["saturn"], autoplay=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        assert app.screen.query_one(ReplayPane).position == 9


async def test_raw_tab_folds_json_by_path(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["saturn"])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        text = screen_text(app)
        assert '"request": {} 6 keys' in text and '"is_streaming": true' in text
        await press(pilot, "down", "down")
        assert "path $.request" in screen_text(app)
        await press(pilot, "left")  # fold the request
        assert '"url"' not in screen_text(app)


async def test_broken_files_and_stale_names_are_marked(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["broken"])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main(app)
        node = screen.recording_tree.cursor_node
        assert node is not None and str(node.label).lstrip().startswith("! ")
        assert "truncated JSON (ends at line 1, column 31)" in str(node.label)  # the reason, in the tree
        assert screen.recording is not None and screen.recording.problem is not None
        assert "truncated JSON" in screen_text(app)
        await press(pilot, "up")  # the other file in that folder: a stale name
        node = screen.recording_tree.cursor_node
        assert node is not None and "#" in str(node.label)[:4]  # the marker columns
        assert "hash mismatch" in screen_text(app)


async def test_grouping_cycles_by_endpoint_and_by_folder(repo: dict[str, Path]) -> None:
    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "g")
        text = screen_text(app)
        assert "by endpoint and model" in text
        assert "/v1/chat/completions 5" in text
        await press(pilot, "g")
        text = screen_text(app)
        assert "by folder" in text and "tests/integration/inference/recordings/ 3" in text
        await press(pilot, "g")
        assert "by test" in screen_text(app)


async def test_help_lists_every_binding(repo: dict[str, Path]) -> None:
    app = app_for("repo")
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        text = widget_text(app.screen.query_one("#help-text"))
        for words in ("Play/pause", "Last chunk", "Faster", "Clear filter", "Group", "Copy path", "Quit", "has:tools"):
            assert words in text, words
        # m marks and moves on, as in file managers: the help says so.
        assert "Mark or unmark the recording and move to the next one" in text
        await press(pilot, "escape")
        assert type(app.screen) is MainScreen
        assert "Play/pause" not in screen_text(app)


async def test_palette_jumps_to_a_recording_by_hash_prefix(repo: dict[str, Path]) -> None:
    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        prefix = repo["plain"].name[:10]
        await press(pilot, "ctrl+p")
        await type_text(pilot, prefix)
        await pilot.pause(0.3)  # the palette searches after a short debounce
        await press(pilot, "enter")
        screen = main(app)
        assert screen.recording_path == str(repo["plain"])
        assert screen.recording_tree.current is not None and screen.recording_tree.current.path == str(repo["plain"])
        assert "Say hi." in screen_text(app)


async def test_small_terminal_still_shows_tree_and_tabs(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["weather"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "end")
        text = screen_text(app)
        assert "1 Request" in text and "2 Replay" in text and "chunk 9/9" in text
        assert "inference" in text


async def test_quit_with_q(repo: dict[str, Path]) -> None:
    app = app_for("repo")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_large_groups_open_a_page_at_a_time(tmp_path: Path, monkeypatch) -> None:
    from inspector.testing.factories import PLAIN, chat_request, text_chunks, usage, write

    monkeypatch.chdir(tmp_path)
    folder = Path("big/recordings")
    for i in range(230):
        write(folder, None, chat_request(f"question {i}"), {"body": text_chunks(["a"], style=PLAIN, usage=usage(9, 1)), "is_streaming": True})
    app = app_for("big")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tree = main(app).recording_tree
        assert "230" in screen_text(app)
        group_node = tree.root.children[0].children[0]
        group_node.expand()
        await settle(pilot)
        assert len(group_node.children) == 201  # a page and a "more" node
        assert "… 30 more" in str(group_node.children[-1].label)
        tree.select_node(group_node.children[-1])
        await settle(pilot)
        assert len(group_node.children) == 230
        assert "… 30 more" not in str(group_node.children[-1].label)
        assert str(group_node.children[-1].label).lstrip().startswith("≈")  # a recording, not a "more" node


async def test_selecting_works_while_indexing(repo: dict[str, Path], monkeypatch) -> None:
    """The tree is usable before indexing ends: hold the indexer after the first file."""
    import threading

    from inspector.core.index import listing as index
    from inspector.core.index.summary import summarize
    from inspector.core.recording.loading import load

    release = threading.Event()

    def slow(paths, *, found, **kw):
        for i, path in enumerate(found.files):
            if i == 1:
                release.wait(30)
            yield summarize(load(path))

    monkeypatch.setattr(index, "iter_summaries", slow)  # the indexer's worker imports it when it starts
    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = main(app)
        for _ in range(200):
            await pilot.pause(0.02)
            if screen.library.total:
                break
        assert screen.library.total == 1
        assert "indexing 1 / 6" in screen_text(app)
        # Not press(): that waits for every worker, and the indexer is being held.
        for key in ("down", "down", "right", "down"):  # common → its folder → open → the file
            await pilot.press(key)
            await pilot.pause()
        loading = [w for w in app.workers if w.group == "load"]
        if loading:  # (an empty list would mean "every worker", the held indexer too)
            await app.workers.wait_for_complete(loading)
        await pilot.pause()
        assert screen.recording is not None and "An orphan without a test." in screen_text(app)
        assert "indexing 1 / 6" in screen_text(app)
        release.set()
        await settle(pilot)
        assert screen.library.total == 6 and "6 recordings · by test" in screen_text(app)


async def test_the_chunk_pane_sets_the_role_and_marks_cut_values(tmp_path: Path, monkeypatch) -> None:
    from inspector.testing.factories import chat_request, text_chunks, write

    monkeypatch.chdir(tmp_path)
    long = "word " * 60  # 300 characters: more than a change line shows
    path = write(Path("long/recordings"), None, chat_request("Say a lot."), {"body": text_chunks([long, "end"]), "is_streaming": True})
    app = app_for("long", path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "right")
        text = screen_text(app)
        assert 'role = "assistant"' in text  # the role is set, not appended
        assert "role +=" not in text
        await press(pilot, "right")
        line = next(ln for ln in screen_text(app).splitlines() if "text +=" in ln)
        assert line.rstrip().endswith("…")  # the value is cut by the pane, and says so
        from inspector.ui.widgets.chunk_view import ChunkView

        wide = widget_text(app.screen.query_one(ChunkView), width=400)
        assert 'text += "' + long[:120] + '…"' in wide  # and where the line's own limit cuts it
        await press(pilot, "right", "right")  # the finish chunk
        assert 'finish = "stop"' in screen_text(app)


async def test_the_indexer_and_the_tree_post_what_the_screen_relies_on(repo: dict[str, Path]) -> None:
    """The messages are the contract: the indexer reports every file once, the tree names the recording."""
    from inspector.ui.widgets.indexer import Indexer

    seen: list[object] = []

    def hook(message: object) -> None:
        kinds = (Indexer.Started, Indexer.Batch, Indexer.Finished, RecordingTree.RecordingHighlighted)
        if isinstance(message, kinds) and not any(m is message for m in seen):  # once, not per node it bubbles through
            seen.append(message)

    app = app_for("repo")
    async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
        await settle(pilot)
        started = [m for m in seen if isinstance(m, Indexer.Started)]
        batches = [m for m in seen if isinstance(m, Indexer.Batch)]
        finished = [m for m in seen if isinstance(m, Indexer.Finished)]
        assert [m.total for m in started] == [6] and [(m.total, m.error) for m in finished] == [(6, None)]
        paths = [s.path for b in batches for s in b.summaries]
        assert sorted(paths) == sorted(set(paths)) and len(paths) == 6  # every file once
        assert batches[-1].done == 6
        seen.clear()
        tree = main(app).recording_tree
        await walk_to(pilot, tree, "inference", "test_chat.py", "test_interrupted", "[txt=openai/gpt-4o]", "≈")
        highlighted = [m.summary.path for m in seen if isinstance(m, RecordingTree.RecordingHighlighted)]
        assert highlighted == [str(repo["interrupted"])]  # groups on the way post nothing


async def test_one_recording_is_counted_in_the_singular_and_a_cut_file_says_where_once(tmp_path: Path) -> None:
    """"1 recordings · by test" read wrong; "Unterminated string starting at at line 3" said "at" twice."""
    folder = tmp_path / "tests" / "integration" / "inference" / "recordings"
    folder.mkdir(parents=True)
    cut = folder / ("c" * 64 + ".json")
    cut.write_text('{\n  "test_id": null,\n  "request": {"url": "cut here')
    app = app_for(tmp_path / "tests", cut)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "1 recording · by test" in text
        assert "invalid JSON: Unterminated string starting at line 3, column 22" in text
        assert "at at" not in text
