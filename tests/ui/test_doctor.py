"""The Doctor (w) and the Problems view (p), driven as a person would on a copy of the samples."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import OptionList, TextArea

from inspector.core.rules.hashing import request_hash
from inspector.ui.main.screen import MainScreen
from inspector.ui.screens.doctor import DoctorScreen
from inspector.ui.screens.messages import SetFilter
from inspector.ui.screens.problems import ProblemsScreen
from inspector.ui.widgets.problem_tree import ProblemTree

from .helpers import app_for, press, screen_text, settle, type_text, widget_text

INFERENCE = Path("samples/tests/integration/inference/recordings")
PARALLEL = INFERENCE / "8bc14bf72ba3dbb8f803e4066b3a93128abe3b103a2721e733d875ab26953c9d.json"
AGENTS = Path("samples/tests/integration/agents/recordings")
TRUNCATED = AGENTS / "0e9469f4f4a6aa06ff7ba1a99c582fb036b3931ed41fa151cc1bb562c1336dff.json"
MISMATCH = AGENTS / "4b22b9136bbc18d92ba56b492b7d8e5cc268d8898ddb52aa48d08594f473b46c.json"


@pytest.fixture
def samples(tmp_path: Path, samples_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped samples under ./samples (relative paths, like a person's checkout)."""
    shutil.copytree(samples_dir, tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    return Path("samples")


def _miss_from_edit(path: Path) -> tuple[str, dict[str, object]]:
    """A replay failure made by editing a recording's request, as a test change would."""
    data = json.loads(path.read_text())
    request = data["request"]
    request["body"]["tools"][0]["function"]["description"] = "Get the current weather and the forecast for a city."
    h = request_hash(request, data["test_id"])
    text = (
        "=================================== FAILURES ===================================\n"
        "E   RuntimeError: Recording not found for request hash: " + h + "\n"
        "E   Model: gpt-4o | Request: POST https://api.openai.com/v1/v1/chat/completions\n"
        "=========================== short test summary info ============================\n"
        f"FAILED {data['test_id']} - RuntimeError: Recording not found for request hash: {h}\n"
    )
    return text, request


async def _paste(pilot, widget_id: str, text: str) -> None:
    area = pilot.app.screen.query_one(widget_id, TextArea)
    area.focus()
    await pilot.pause()
    pilot.app.post_message(events.Paste(text))  # the terminal's paste goes to the focused widget
    await pilot.pause()


def _options(app) -> list[str]:
    files = app.screen.query_one("#doctor-files", OptionList)
    out = []
    for i in range(files.option_count):
        option = files.get_option_at_index(i)
        out.append(widget_text(type("S", (), {"content": option.prompt})(), width=160))
    return out


async def test_a_pasted_miss_ranks_the_edited_recording_first_with_the_changed_path(samples: Path) -> None:
    text, request = _miss_from_edit(PARALLEL)
    app = app_for(samples)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "w")
        assert isinstance(app.screen, DoctorScreen)
        await _paste(pilot, "#doctor-miss", text)
        await _paste(pilot, "#doctor-body", json.dumps(request))
        await press(pilot, "f5")
        await settle(pilot)
        report = widget_text(app.screen.query_one("#doctor-report"), width=160)
        assert "replay looked for" in report
        assert "tests/integration/inference/recordings/" in report and "the test's folder" in report
        assert "tests/integration/common/recordings/" in report and "the common fallback" in report
        assert "no file with this hash" in report
        assert "the body hashes to the missed hash" in report
        options = _options(app)
        assert options[0].startswith("most likely drifted from")
        best = options[1]
        assert "1. …/inference/recordings/8bc14bf72ba3dbb8f803….json" in best
        assert "same test id" in best
        assert "tools[0].function.description" in best and "forecast" in best
        # Choosing the best candidate opens it in the main screen.
        assert app.focused is app.screen.query_one("#doctor-files")
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.recording_path == str(PARALLEL)
        assert app.screen.recording_tree.current is not None
        assert app.screen.recording_tree.current.path == str(PARALLEL)
        # What was pasted is still there when coming back.
        await press(pilot, "w")
        assert "Recording not found" in app.screen.query_one("#doctor-miss", TextArea).text


async def test_a_file_in_the_wrong_folder_is_named_with_the_move_that_fixes_it(samples: Path) -> None:
    data = json.loads(PARALLEL.read_text())
    h = PARALLEL.stem
    moved = AGENTS / PARALLEL.name
    shutil.move(PARALLEL, moved)
    text = f"Recording not found for request hash: {h}\nModel: gpt-4o | Request: POST {data['request']['url']}\n"
    app = app_for(samples)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "w")
        await _paste(pilot, "#doctor-miss", text)
        app.screen.query_one("#doctor-test-id").value = data["test_id"]
        await press(pilot, "f5")
        await settle(pilot)
        status = widget_text(app.screen.query_one("#doctor-status"), width=200)
        assert "replay cannot see it" in status
        options = _options(app)
        assert options[0].startswith("files holding this request")
        assert "agents/recordings/8bc14bf72ba3" in options[1] and "wrong-folder" in options[1]
        assert "git mv" in options[1]


async def test_text_without_a_miss_and_a_broken_body_say_what_is_wrong(samples: Path) -> None:
    app = app_for(samples)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "w")
        await _paste(pilot, "#doctor-miss", "FAILED tests/x.py::test_y - AssertionError")
        await press(pilot, "f5")
        assert "no replay miss found in the text" in screen_text(app)
        await _paste(pilot, "#doctor-miss", "\nRecording not found for request hash: " + "ab" * 32)
        await _paste(pilot, "#doctor-body", '{"model": "gpt-4o",')
        await press(pilot, "f5")
        assert "the request that missed is not JSON" in screen_text(app)
        await press(pilot, "ctrl+l")
        assert app.screen.query_one("#doctor-miss", TextArea).text == ""
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)


async def test_problems_lists_the_samples_defects_and_jumps_to_a_file(samples: Path) -> None:
    app = app_for(samples)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        text = screen_text(app)
        assert "33 files checked: 3 errors, 11 warnings" in text
        for code in ("hash-mismatch", "stream-incomplete", "hash-legacy-rule", "legacy-name", "discovery", "not-replayed"):
            assert code in text
        tree = app.screen.query_one(ProblemTree)
        lines = [str(leaf.label) for group in tree.root.children for leaf in group.children]
        assert len(lines) == 14  # 6 of them not-replayed: native Ollama and file-processor samples (ogx 1.5.0)
        assert any("abababababab.json  index-missing-file: index.sqlite lists abababababab.json but the file is missing" in x for x in lines)
        assert any("0e9469f4f4a6….json  the stream ends after 5 chunks without a finish reason" in x for x in lines)
        assert any("4b22b9136bbc….json  the name matches no hash rule" in x for x in lines)
        assert any("the name matches only the 2026-05 rules" in x for x in lines)
        # Errors come first; the first group is under the cursor, its meaning beside it.
        assert tree.current.code == "hash-mismatch"
        assert "replay will never find it" in widget_text(app.screen.query_one("#problems-detail"))
        await press(pilot, "down", "down", "down")  # the first stream-incomplete finding
        assert tree.current.code == "stream-incomplete"
        assert "stream-incomplete" in widget_text(app.screen.query_one("#problems-detail"))
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.recording_path == str(TRUNCATED)
        assert app.screen.recording_tree.current.path == str(TRUNCATED)


async def test_problems_filter_the_tree_to_the_files_with_a_problem(samples: Path) -> None:
    app = app_for(samples)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        main = app.screen
        await press(pilot, "slash")
        await type_text(pilot, "check:any")
        await settle(pilot)
        # The term ran the checks itself: the files with problems, before p was ever pressed.
        assert main.library.check_report is not None
        assert main.library.shown == 12
        assert "12 of 33" in screen_text(app)
        await press(pilot, "escape", "p")
        await settle(pilot)
        await press(pilot, "f")  # on the hash-mismatch group
        await settle(pilot)
        assert app.screen is main
        assert main.query_one("#filter-input").value == "check:hash-mismatch"
        assert main.library.shown == 1
        assert str(MISMATCH) in main.library.grouper
        # The report is kept: p shows it at once; a narrows to the files with any problem.
        await press(pilot, "p")
        assert "33 files checked" in screen_text(app)
        await press(pilot, "a")
        await settle(pilot)
        assert main.query_one("#filter-input").value == "check:any"
        assert main.library.shown == 12  # files with problems (the missing file is not in the tree)
        main.post_message(SetFilter("-check:error"))  # as the palette does
        await settle(pilot)
        assert main.library.shown == 33 - 2  # two files have errors


async def test_problems_shows_a_leftover_of_an_interrupted_save_and_copies_its_fix(samples: Path) -> None:
    leftover = PARALLEL.with_name(f".{PARALLEL.name}.k3y_9zab.tmp")
    leftover.write_bytes(PARALLEL.read_bytes()[:100])  # a save killed half-way
    app = app_for(samples)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        await settle(pilot)
        assert "interrupted-save" in screen_text(app)
        tree = app.screen.query_one(ProblemTree)
        group = next(g for g in tree.root.children if "interrupted-save" in str(g.label))
        tree.move_cursor(group.children[0])
        await pilot.pause()
        assert "partial write (100 bytes) left by an interrupted save" in widget_text(app.screen.query_one("#problems-detail"))
        await press(pilot, "y")
        assert app.clipboard == f"rm {leftover}"
        assert leftover.exists()  # nothing is deleted for the user


async def test_a_made_up_hash_says_what_was_compared_and_has_no_stray_request_line(samples: Path) -> None:
    app = app_for(samples)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "w")
        await _paste(pilot, "#doctor-miss", "Recording not found for request hash: " + "ab" * 32)
        await press(pilot, "f5")
        await settle(pilot)
        report = widget_text(app.screen.query_one("#doctor-report"), width=200)
        lines = [ln.strip() for ln in report.splitlines()]
        assert not any(ln.startswith("request") for ln in lines), report  # the message names no request
        assert "no request was compared: the test and the endpoint are unknown" in report
        assert "never recorded" not in report
        assert "no file to show (see the verdict)" in "\n".join(_options(app))


async def test_one_file_holding_the_request_is_spoken_of_in_the_singular(samples: Path) -> None:
    data = json.loads(PARALLEL.read_text())
    shutil.move(PARALLEL, AGENTS / PARALLEL.name)
    text = f"Recording not found for request hash: {PARALLEL.stem}\nModel: gpt-4o | Request: POST {data['request']['url']}\n"
    app = app_for(samples)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "w")
        await _paste(pilot, "#doctor-miss", text)
        app.screen.query_one("#doctor-test-id").value = data["test_id"]
        await press(pilot, "f5")
        await settle(pilot)
        report = widget_text(app.screen.query_one("#doctor-report"), width=200)
        assert "1 file under the root holds this request" in report


async def test_the_doctor_reads_the_files_while_the_user_pastes_and_counts_as_it_explains(
    samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new app has read no recording (its index is cached); the first explain read them all from a
    cold disk, the status saying only "explaining 1 miss…".  Now the files are read while the user
    pastes, and the status counts the recordings compared."""
    import threading

    from inspector.ui.screens import doctor

    opened: list[str] = []
    real_open = open

    def recording_open(path, *a, **kw):  # the Doctor's own reads
        opened.append(str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr(doctor, "open", recording_open, raising=False)
    release = threading.Event()
    real_explain = doctor.explain

    def held(miss, root, **kw):  # report some progress, then wait: the screen is looked at meanwhile
        kw["progress"](0, 40)
        time.sleep(0.15)
        kw["progress"](12, 40)
        release.wait(30)
        return real_explain(miss, root, **kw)

    monkeypatch.setattr(doctor, "explain", held)
    text, _request = _miss_from_edit(PARALLEL)
    app = app_for(samples)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        main = app.screen
        await press(pilot, "w")
        await settle(pilot)
        assert sorted(opened) == sorted(s.path for s in main.library.summaries)  # every indexed file, once
        await _paste(pilot, "#doctor-miss", text)
        await pilot.press("f5")
        status = app.screen.query_one("#doctor-status")
        for _ in range(100):
            await pilot.pause(0.02)
            if "12 of 40" in str(status.render()):
                break
        assert str(status.render()).strip() == "explaining 1 miss: 12 of 40 recordings compared…"
        release.set()
        await settle(pilot)
        assert "most likely drifted from" in _options(app)[0]
