"""Replay misses in the app (issue 19.5): the misses group, Compare beside the nearest, healing, unread, the is: terms.

Capture folders are built from the shipped samples (``tests/capture_files.py``), as the
plugin writes them: a renamed test (safe), a reworded message (unsafe) and a request
nothing resembles (none); a run record that read every recording of one test file but one.
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Static

from inspector.core.checks.misses import explain_misses
from inspector.core.heal import heal
from inspector.core.recording.captures import read_misses
from inspector.ui.main.misses import CapturesLoaded, MissesExplained
from inspector.ui.main.screen import MainScreen
from inspector.ui.screens.compare import CompareScreen
from inspector.ui.screens.dialogs.choice import ChoiceScreen
from inspector.ui.screens.messages import FilesChanged
from inspector.ui.widgets.path_diff import PathDiffView
from tests.capture_files import recording, sample, sample_root, write_miss, write_run

from .helpers import app_for, press, screen_text, settle, type_text, walk_to, widget_text

CHAT_N = "724f5673"
SIZE = (120, 36)
SUITE = "tests/integration/inference/test_openai_completion.py"


def _renamed(test_id: str, name: str) -> str:
    head, _, rest = test_id.partition("::")
    _old, bracket, params = rest.partition("[")
    return f"{head}::{name}{bracket}{params}"


@dataclass
class Captured:
    root: Path  # repo/ (relative to the test's folder)
    capture: Path  # cap/
    near: Path  # the nearest recording of the safe and unsafe misses
    safe: Path  # the miss files
    unsafe: Path
    none: Path


@pytest.fixture
def captured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Captured:
    """A copy of the samples under ./repo and a capture folder ./cap (relative paths: stable screens)."""
    monkeypatch.chdir(tmp_path)
    sample_root(tmp_path)
    root = Path("repo")
    near = sample(root, CHAT_N)
    src = recording(near)
    cap = Path("cap")
    absolute = tmp_path / "repo"
    safe = write_miss(cap, src["request"], _renamed(src["test_id"], "test_renamed"), root=absolute)
    reworded = copy.deepcopy(src["request"])
    reworded["body"]["messages"][0]["content"] = "Name one primary colour, please."
    unsafe = write_miss(cap, reworded, src["test_id"], root=absolute)
    brand_new = {"method": "POST", "url": "http://localhost:9/v1/brand/new", "headers": {}, "body": {"x": 1}, "endpoint": "/v1/brand/new", "model": ""}
    none = write_miss(cap, brand_new, "tests/integration/new/test_new.py::test_new", root=absolute)
    return Captured(root, cap, near, safe, unsafe, none)


def _run_record(c: Captured) -> set[Path]:
    """A run that collected every test of one file and read each of its recordings but the nearest one."""
    suite = [p for p in sorted(c.root.rglob("*.json")) if (recording(p).get("test_id") or "").startswith(SUITE)]
    assert c.near in suite and len(suite) > 2
    collected = [recording(p)["test_id"] for p in suite]
    reads = [(p.stem, p.resolve(), recording(p)["test_id"]) for p in suite if p != c.near]
    write_run(c.capture, collected, reads)
    return set(suite)


def _notes(app) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


def _tree_lines(app) -> list[str]:
    return [line.split("│")[0].rstrip() for line in screen_text(app).splitlines()]


def _miss_labels(app) -> dict[Path, str]:
    """The misses group's rows, whole (the tree is narrower than a label), by miss file."""
    group = app.main_screen.recording_tree.root.children[0]
    return {Path(n.data.path): str(n.label) for n in group.children}


def _count(app) -> str:
    return str(app.screen.query_one("#filter-count").render()).strip()


async def _started(pilot: Pilot[object]) -> None:
    await settle(pilot)
    await settle(pilot)  # the misses are explained by a worker the first one's message starts


async def _to_miss(pilot: Pilot[object], heal_class: str) -> None:
    tree = pilot.app.main_screen.recording_tree  # type: ignore[attr-defined]
    tree.focus()
    tree.move_cursor(tree.root.children[0])  # the misses group
    await settle(pilot)
    await walk_to(pilot, tree, f"{heal_class} ")


# --- the group at the top ---------------------------------------------------------------------------


async def test_misses_top_the_tree_in_every_grouping_each_by_class_and_test_id(captured: Captured) -> None:
    seen: list[Message] = []
    app = app_for(captured.root / "tests" / "integration", misses=[captured.capture])
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await _started(pilot)
        lines = _tree_lines(app)
        assert lines[0] == "▼ Replay misses 3"
        assert [line[:8] for line in lines[1:4]] == ["├ safe  ", "├ none  ", "└ unsafe"]  # the miss files' order
        rows = _miss_labels(app)
        assert rows == {
            captured.safe: f"safe    test_openai_completion.py::test_renamed[openai_client-txt=openai/gpt-4o] {captured.safe.stem[:8]}",
            captured.unsafe: (
                f"unsafe  test_openai_completion.py::test_openai_chat_completion_n[openai_client-txt=openai/gpt-4o] {captured.unsafe.stem[:8]}"
            ),
            captured.none: f"none    test_new.py::test_new {captured.none.stem[:8]}",
        }
        assert "· 3 misses" in screen_text(app)  # the status line counts them apart from the recordings
        for _ in range(2):  # by endpoint and model, by folder
            await press(pilot, "g")
            await settle(pilot)
            assert _tree_lines(app)[0] == "▼ Replay misses 3"
        loaded = [m for m in seen if isinstance(m, CapturesLoaded)]
        assert len(loaded) == 1 and len(loaded[0].read.summaries) == 3
        (explained,) = [m for m in seen if isinstance(m, MissesExplained)]
        assert {r.heal for r in explained.reports.values()} == {"safe", "unsafe", "none"}


async def test_the_heal_key_is_in_the_footer_only_with_misses(captured: Captured) -> None:
    plain = app_for(captured.root / "tests" / "integration")
    async with plain.run_test(size=SIZE) as pilot:
        await _started(pilot)
        assert "h Heal" not in screen_text(plain)
    app = app_for(captured.root / "tests" / "integration", misses=[captured.capture])
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot)
        assert "h Heal" in screen_text(app).splitlines()[-1]
        await press(pilot, "question_mark")
        help_text = widget_text(app.screen.query_one("#help-text", Static), width=160)
        assert "Heal the replay miss under the cursor" in help_text
        assert "is:miss" in help_text and "is:unread" in help_text


# --- opening a miss ----------------------------------------------------------------------------------


async def test_a_miss_opens_beside_its_nearest_in_compare_with_the_changed_paths_marked(captured: Captured) -> None:
    app = app_for(captured.root / "tests" / "integration", misses=[captured.capture])
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot)
        await _to_miss(pilot, "unsafe")
        await press(pilot, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        head = widget_text(screen.query_one("#compare-head", Static), width=200)
        a, b = head.splitlines()[:2]
        assert a.startswith("A  nearest inference/recordings/724f5673ac027ed1….json")
        assert b.startswith(f"B  miss unsafe cap/misses/{captured.unsafe.stem[:16]}….json")
        diff = widget_text(screen.query_one(PathDiffView), width=200)
        assert "why replay missed  heal unsafe  the request changed where the provider sees it" in diff
        assert "▶ marks the 1 path that changed" in diff
        marked = [line.strip() for line in diff.splitlines() if line.lstrip().startswith("▶")]
        assert marked == ['▶ body.messages[0].content  changed  "Name a primary colour." → "Name one primary colour, please."']
        h = captured.unsafe.stem
        assert f"healing it writes tests/integration/inference/recordings/{h}.json (h, back in the tree)" in diff
        assert "B is a miss: no response was recorded for it" in diff


async def test_a_safe_miss_marks_only_the_test_id(captured: Captured) -> None:
    app = app_for(captured.root / "tests" / "integration", misses=[captured.capture])
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot)
        await _to_miss(pilot, "safe")
        await press(pilot, "enter")
        await settle(pilot)
        diff = widget_text(app.screen.query_one(PathDiffView), width=200)
        marked = [line.strip() for line in diff.splitlines() if line.lstrip().startswith("▶")]
        assert marked == ["▶ test_id  changed"]
        assert "only the test id differs" in diff


async def test_a_miss_nothing_resembles_opens_alone_and_says_why(captured: Captured) -> None:
    app = app_for(captured.root / "tests" / "integration", misses=[captured.capture])
    async with app.run_test(size=(200, 36)) as pilot:
        await _started(pilot)
        await _to_miss(pilot, "none")
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # no Compare: there is nothing to put beside it
        assert any(n.startswith("no nearest recording to compare with: nothing under") for n in _notes(app))
        title = str(app.screen.query_one("#title", Static).render())
        assert title.startswith("miss  test_new.py::test_new  none: nothing under")
        assert "resembles the request" in title


# --- healing -------------------------------------------------------------------------------------------


async def test_heal_names_the_file_and_class_then_writes_it_marked(captured: Captured) -> None:
    seen: list[Message] = []
    target = captured.root / "tests/integration/inference/recordings" / f"{captured.safe.stem}.json"
    app = app_for(captured.root / "tests" / "integration", misses=[captured.capture])
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await _started(pilot)
        await _to_miss(pilot, "safe")
        await press(pilot, "h")
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert dialog.question == "Heal this safe miss?"
        detail = str(dialog.detail)
        assert f"writes   tests/integration/inference/recordings/{captured.safe.stem}.json" in detail
        assert "from     tests/integration/inference/recordings/724f5673" in detail
        assert "class    safe: only the test id differs" in detail
        assert not target.exists()
        await press(pilot, "y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # safe: one question only
        written = json.loads(target.read_text())
        assert written["healed"]["class"] == "safe" and written["healed"]["changed"] == ["test_id"]
        assert written["test_id"].endswith("::test_renamed[openai_client-txt=openai/gpt-4o]")
        changed = [m for m in seen if isinstance(m, FilesChanged)]
        assert [m.changed for m in changed] == [(str(target),)] and changed[0].select == str(target)
        assert any(n.startswith(f"healed: wrote tests/integration/inference/recordings/{captured.safe.stem}.json") for n in _notes(app))
        assert _miss_labels(app)[captured.safe].startswith("healed  test_openai_completion.py::test_renamed[")
        # The healed recording, selected and shown in the tree with its mark.
        node = app.main_screen.recording_tree.cursor_node
        assert node is not None and node.data.path == str(target)
        assert "✚ chat" in str(node.label)
        await press(pilot, "slash")
        await type_text(pilot, "is:healed")
        assert _count(app) == "1 of 37"


async def test_an_unsafe_miss_asks_twice_and_escape_writes_nothing(captured: Captured) -> None:
    target = captured.root / "tests/integration/inference/recordings" / f"{captured.unsafe.stem}.json"
    app = app_for(captured.root / "tests" / "integration", misses=[captured.capture])
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot)
        await _to_miss(pilot, "unsafe")
        await press(pilot, "h")
        assert isinstance(app.screen, ChoiceScreen) and app.screen.question == "Heal this unsafe miss?"
        assert "class    unsafe: the request changed where the provider sees it" in str(app.screen.detail)
        await press(pilot, "y")
        second = app.screen
        assert isinstance(second, ChoiceScreen)
        assert second.question == f"Unsafe: write tests/integration/inference/recordings/{captured.unsafe.stem}.json anyway?"
        assert "body.messages[0].content" in str(second.detail)
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen) and not target.exists()
        await press(pilot, "h", "y", "y")
        await settle(pilot)
        assert json.loads(target.read_text())["healed"]["class"] == "unsafe"
        node = app.main_screen.recording_tree.cursor_node
        assert node is not None and node.data.path == str(target) and node.data.healed == "unsafe"


async def test_a_none_miss_says_it_cannot_be_healed(captured: Captured) -> None:
    app = app_for(captured.root / "tests" / "integration", misses=[captured.capture])
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot)
        await _to_miss(pilot, "none")
        await press(pilot, "h")
        assert isinstance(app.screen, MainScreen)  # no dialog
        assert any(n.startswith("this miss cannot be healed: class none: nothing under") for n in _notes(app))
        assert not (captured.root / "tests/integration/new").exists()  # nothing written where replay would look


async def test_heal_on_a_recording_asks_for_a_miss(captured: Captured) -> None:
    app = app_for(captured.root / "tests" / "integration", misses=[captured.capture], select=captured.near)
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot)
        await press(pilot, "h")
        assert isinstance(app.screen, MainScreen)
        assert any(n.startswith("heal needs a replay miss under the cursor") for n in _notes(app))


# --- filter terms and unread -----------------------------------------------------------------------------


async def test_is_miss_is_healed_and_is_unread_count_what_they_should(captured: Captured) -> None:
    suite = _run_record(captured)
    # One recording healed after the run, before the app starts (as `heal` on the command line would).
    misses = read_misses([captured.capture]).misses
    report = next(r for r in explain_misses(misses, captured.root) if r.heal == "safe")
    (done,) = heal([report]).actions
    assert done.action == "wrote" and done.path is not None
    app = app_for(captured.root / "tests" / "integration", misses=[captured.capture], runs=[captured.capture])
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot)
        total = app.main_screen.library.total
        assert total == 37  # 33 samples, the healed one, 3 misses
        await press(pilot, "slash")
        await type_text(pilot, "is:miss")
        assert _count(app) == f"3 of {total}"
        await press(pilot, "escape", "slash")
        await type_text(pilot, "is:healed")
        assert _count(app) == f"1 of {total}"
        await press(pilot, "escape", "slash")
        await type_text(pilot, "is:unread")
        # The nearest (collected, never read) and the healed one (its test file ran, not its id): unread.
        assert _count(app) == f"2 of {total}"
        shown = {s.path for s in app.main_screen.library.grouper.root.walk()}
        assert shown == {str(captured.near), os.path.relpath(done.path)}
        await press(pilot, "escape", "slash")
        await type_text(pilot, "-is:unread is:miss")
        assert _count(app) == f"3 of {total}"
        await press(pilot, "escape")
        labels = {n.data.path: str(n.label) for n in _leaves(app.main_screen.recording_tree, open_all=True)}
        assert labels[str(captured.near)].startswith("∅ ")
        assert sum(1 for label in labels.values() if label.startswith("∅ ")) == 2
        assert all(p in labels for p in map(str, suite))


def _leaves(tree, *, open_all: bool = False):
    if open_all:
        tree.open_all()
    stack = [tree.root]
    while stack:
        node = stack.pop()
        if node.children:
            stack.extend(node.children)
        elif node.data is not None and hasattr(node.data, "path"):
            yield node


async def test_is_unread_without_run_records_says_what_it_needs(captured: Captured) -> None:
    app = app_for(captured.root / "tests" / "integration", misses=[captured.capture])
    async with app.run_test(size=(200, 36)) as pilot:
        await _started(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "is:unread")
        assert _count(app).startswith("is:unread needs run records (open the app with --runs DIR")
        await press(pilot, "escape", "slash")
        await type_text(pilot, "is:mis")
        assert _count(app).startswith("unknown term is:mis (try is:stream, is:invalid, is:miss, is:healed, is:unread)")


# --- one picture ------------------------------------------------------------------------------------------


def test_snapshot_the_tree_with_a_misses_group(snap_compare, captured: Captured) -> None:
    async def steps(pilot: Pilot[object]) -> None:
        await _started(pilot)
        await _to_miss(pilot, "unsafe")

    app = app_for(captured.root / "tests" / "integration", misses=[captured.capture])
    assert snap_compare(app, terminal_size=(100, 30), run_before=steps)


# --- is:unread, as the filter parses it (plain state: no app) -------------------------------------------


def test_is_unread_reads_the_apps_set_and_lets_nothing_through_until_it_is_known() -> None:
    from dataclasses import replace

    from inspector.core.index.query import QueryError
    from inspector.ui.state.problem_filter import parse_filter

    from ..core.test_misses_index import BASE

    read, unread = replace(BASE, path="a.json"), replace(BASE, path="b.json")
    known: list[frozenset[str] | None] = [None]
    for text in ("is:unread", "-is:unread"):
        query = parse_filter(text, None, None, lambda: known[0])
        assert [s.path for s in (read, unread) if query.matches(s)] == []  # not judged yet: never a guess
    known[0] = frozenset({"b.json"})
    assert [s.path for s in (read, unread) if parse_filter("is:unread", None, None, lambda: known[0]).matches(s)] == ["b.json"]
    assert [s.path for s in (read, unread) if parse_filter("-is:unread", None, None, lambda: known[0]).matches(s)] == ["a.json"]
    with pytest.raises(QueryError, match="needs run records"):
        parse_filter("is:unread", None)  # no run records given to the app
    with pytest.raises(QueryError, match="unknown term is:unreadx"):
        parse_filter("is:unreadx", None, None, lambda: known[0])  # the app's term takes only the exact value


def test_the_captures_state_spells_misses_as_given_and_classes_them_once_explained(captured: Captured, tmp_path: Path) -> None:
    from inspector.ui.state.captures import HEALED, PENDING, PRESENT, Captures, explain, read_captures

    twice = tmp_path / "job2"  # the same miss captured by a second CI job
    (twice / "misses").mkdir(parents=True)
    (twice / "misses" / captured.safe.name).write_bytes(captured.safe.read_bytes())
    read = read_captures([captured.capture, twice], [])
    assert read.errors == []
    assert sorted(s.path for s in read.summaries) == sorted(str(p) for p in (captured.safe, captured.unsafe, captured.none))
    assert all(s.kind == "miss" and not Path(s.path).is_absolute() for s in read.summaries)
    state = Captures([captured.capture, twice])
    state.misses = read.misses
    assert set(state.classes().values()) == {PENDING}
    state.reports = explain(read.misses, captured.root)
    assert state.classes() == {str(captured.safe): "safe", str(captured.unsafe): "unsafe", str(captured.none): "none"}
    state.healed[str(captured.unsafe)] = "somewhere.json"
    assert state.heal_class(str(captured.unsafe)) == HEALED
    # Healed meanwhile by the command line: explained again, its file is where replay looks.
    heal([state.reports[str(captured.safe)]])
    assert explain(read.misses, captured.root)[str(captured.safe)].present is not None
    state.reports = explain(read.misses, captured.root)
    assert state.heal_class(str(captured.safe)) == PRESENT
