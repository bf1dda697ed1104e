"""The app's git view: the working tree against HEAD, --since REV, changed: terms, Compare at REV, why in Problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget

from inspector.cli.main import main as cli_main
from inspector.ui.main.changes import ChangeWatch
from inspector.ui.screens.compare import CompareScreen
from inspector.ui.screens.messages import OpenRecording, SetFilter
from inspector.ui.screens.problems import ProblemsScreen
from inspector.ui.widgets.problem_tree import ProblemTree
from tests import gitrepo as g

from .helpers import app_for, press, screen_text, settle, widget_text


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """Four recordings committed; then, uncommitted: churn, a request edit, a deletion and an untracked file."""
    g.need_git()
    root = g.init_repo(tmp_path / "repo")
    for prefix in (g.CHURN, g.REQUEST, g.DELETE, g.MOVE):
        g.put(root, g.rel_of(prefix), g.read(g.sample(prefix)))
    g.commit(root, "recordings", "v1")
    d = g.read(g.sample(g.CHURN))
    for chunk in d["response"]["body"]:
        chunk["__data__"]["system_fingerprint"] = "fp_rerecorded"
    g.put(root, g.rel_of(g.CHURN), d)
    d = g.read(g.sample(g.REQUEST))
    d["request"]["body"]["messages"][-1]["content"] += " Answer briefly."
    g.put(root, g.rel_of(g.REQUEST), d)
    (root / g.rel_of(g.DELETE)).unlink()
    g.put(root, g.rel_of(g.HOST), g.read(g.sample(g.HOST)))
    return root


def _shown(main) -> list[str]:
    return [s.name[:8] for s in main.library.summaries if s.path in main.library.grouper]


def _key(root: Path, prefix: str) -> str:
    return str(root / "tests" / "integration" / "inference" / "recordings" / g.sample(prefix).name)


async def test_a_dirty_tree_is_marked_against_head(git_repo: Path) -> None:
    app = app_for(git_repo / "tests" / "integration")
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        main = app.screen
        marks = main.change_marks
        assert marks is not None and marks.label == "working tree against HEAD"
        tree = main.recording_tree
        flags = {Path(p).name[:8]: f.plain.strip() for p, f in tree.flags.items()}
        assert flags == {
            g.sample(g.CHURN).name[:8]: "M churn",
            g.sample(g.REQUEST).name[:8]: "M req",
            g.sample(g.DELETE).name[:8]: "D deleted",
            g.sample(g.HOST).name[:8]: "A",
        }
        # The deleted recording is listed (greyed) and opens with its old content, from git.
        deleted = _key(git_repo, g.DELETE)
        assert main.library.get(deleted) is not None
        node = tree.node_for(deleted)
        assert node is not None
        label = node.label
        flag_end = len("D deleted  ")
        assert any(str(sp.style) == "dim" and sp.start == flag_end and sp.end == len(label.plain) for sp in label.spans)
        main.post_message(OpenRecording(deleted))
        await settle(pilot)
        assert main.recording is not None and main.recording.ok and main.recording_path == deleted
        # changed: terms narrow the tree.
        main.post_message(SetFilter("changed:stale"))
        await settle(pilot)
        assert _shown(main) == [g.sample(g.REQUEST).name[:8]]
        main.post_message(SetFilter("changed:churn"))
        await settle(pilot)
        assert _shown(main) == [g.sample(g.CHURN).name[:8]]


async def test_compare_opens_the_file_against_its_version_at_the_revision(git_repo: Path) -> None:
    edited = _key(git_repo, g.REQUEST)
    app = app_for(git_repo / "tests" / "integration", since="v1", select=edited)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        main = app.screen
        assert main.change_marks is not None and main.change_marks.label == "since v1"
        from inspector.ui.main.changes import watch_of

        watch_of(main).compare_current()
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        diff = widget_text(app.screen.query_one("#compare-diff"), width=160)
        assert "body.messages[0].content" in diff and "Answer briefly." in diff


async def test_the_palette_asks_for_a_revision_and_marks_against_it(git_repo: Path) -> None:
    g.git(git_repo, "add", "-A")
    g.git(git_repo, "commit", "-qm", "everything")  # now clean: nothing marked at start
    app = app_for(git_repo / "tests" / "integration")
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        main = app.screen
        assert main.change_marks is None
        from inspector.ui.main.changes import watch_of

        watch_of(main).ask_revision()
        await settle(pilot)
        field = app.screen.query_one("#prompt-input")
        field.value = "v1"
        await press(pilot, "enter")
        await settle(pilot)
        assert main.change_marks is not None and main.change_marks.label == "since v1"
        assert main.change_marks.counts() == "1 added, 2 modified, 1 removed, 1 newly stale"


async def test_a_clean_tree_marks_nothing(tmp_path: Path) -> None:
    g.need_git()
    root = g.init_repo(tmp_path / "clean")
    g.put(root, g.rel_of(g.CHURN), g.read(g.sample(g.CHURN)))
    g.commit(root, "one", "v1")
    app = app_for(root / "tests" / "integration")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.change_marks is None
        assert app.screen.recording_tree.flags == {}
        app.screen.post_message(SetFilter("changed:any"))
        await settle(pilot)
        assert "changed: needs a git comparison" in widget_text(app.screen.query_one("#filter-count"))


async def test_problems_view_says_which_commit_broke_a_name(git_repo: Path) -> None:
    g.git(git_repo, "commit", "-qam", "Edit a prompt in place")
    app = app_for(git_repo / "tests" / "integration")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        tree = screen.query_one(ProblemTree)
        for _ in range(30):
            current = tree.current
            if getattr(current, "code", None) == "hash-mismatch" and hasattr(current, "path"):
                break
            await press(pilot, "down")
        else:
            raise AssertionError("no hash-mismatch finding")
        await press(pilot, "h")
        await settle(pilot)
        detail = widget_text(screen.query_one("#problems-detail"), width=160)
        assert "broke in" in detail and "Edit a prompt in place" in detail and "body.messages[0].content" in detail


def test_since_with_an_unknown_revision_is_one_line(git_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_main(["app", str(git_repo / "tests"), "--since", "nope"])
    assert code == 2
    assert capsys.readouterr().err == "recording-inspector: --since nope: unknown revision: nope\n"


async def test_the_comparison_started_while_the_screen_closes_ends_cleanly(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading (and the comparison) starts after the first refresh. On a loaded machine that callback
    can run only once the screen has begun to close (the app quit at once, as the footer test does):
    the watch mounted then is never attached, and asking it for its screen ended the app (NoScreen)."""
    from inspector.ui.main.screen import MainScreen

    start_reading = MainScreen._start_reading
    held: list[MainScreen] = []
    monkeypatch.setattr(MainScreen, "_start_reading", lambda self: held.append(self))  # held back, as under load

    async def prune_late(self: MainScreen, event: object) -> None:
        for screen in held:
            start_reading(screen)  # the after-refresh callback, run only now the screen is being pruned
        await Widget.on_prune(self, event)  # type: ignore[arg-type]

    monkeypatch.setattr(MainScreen, "on_prune", prune_late, raising=False)
    app = app_for(git_repo / "tests" / "integration")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
    assert held  # the race was run
    assert app._exception is None  # what ends an app is kept here (and raised by run_test)


async def test_a_comparison_asked_before_the_watch_is_mounted_still_runs(git_repo: Path) -> None:
    """watch_of mounts the watch and starts it in the same call: it must not need its screen until mounted."""
    from inspector.ui.main.changes import watch_of

    app = app_for(git_repo / "tests" / "integration")
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        main = app.screen
        for old in main.query(ChangeWatch):
            await old.remove()
        watch_of(main).start("v1")  # mounted and started at once, before any refresh
        await settle(pilot)
        assert main.change_marks is not None and main.change_marks.label == "since v1"


async def test_a_changed_term_typed_before_the_comparison_lands_filters_once_it_does(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Until the comparison exists `changed:any` is an error (and filters nothing); when it lands, the text is read again."""
    import threading

    from inspector.ui.main import changes

    release = threading.Event()
    real = changes.build_marks
    monkeypatch.setattr(changes, "build_marks", lambda *a, **kw: release.wait(30) and real(*a, **kw))
    app = app_for(git_repo / "tests" / "integration")
    async with app.run_test(size=(200, 45)) as pilot:
        main = app.screen
        while not main.library.complete:
            await pilot.pause()
        await pilot.press("slash", *"changed:any")
        for _ in range(5):
            await pilot.pause()
        count = app.screen.query_one("#filter-count")
        assert str(count.render()).startswith("changed: needs a git comparison")
        assert main.library.shown == main.library.total
        release.set()
        await settle(pilot)
        assert main.change_marks is not None
        assert str(count.render()).strip() == f"4 of {main.library.total}"  # M, M, A and the deleted D
        assert len(main.library.grouper) == 4


def test_an_unknown_changed_value_lists_every_value_it_takes() -> None:
    from inspector.core.index.query import QueryError
    from inspector.ui.state.change_marks import changed_values
    from inspector.ui.state.problem_filter import parse_filter

    with pytest.raises(QueryError) as err:
        parse_filter("changed:wings", None, lambda: None)
    assert str(err.value) == f"unknown term changed:wings (try {', '.join('changed:' + v for v in changed_values())})"
    assert "changed:modified" in str(err.value)  # the last one too, not the first six


def _flag(main, path: str) -> str | None:
    flag = main.recording_tree.flags.get(path)
    return None if flag is None else flag.plain.strip()


async def test_the_marks_follow_the_apps_own_saves_moves_deletes_and_restores(git_repo: Path) -> None:
    """git status changes with every write the app makes; so must the marks and the changed: terms."""
    from inspector.ui.screens.dialogs.prompt import PromptScreen
    from inspector.ui.screens.trash import TrashScreen

    target = _key(git_repo, g.MOVE)  # committed, untouched: no mark at first
    app = app_for(git_repo / "tests" / "integration", select=target)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        main = app.screen
        assert main.change_marks.counts() == "1 added, 2 modified, 1 removed, 1 newly stale"
        assert _flag(main, target) is None
        # an edit of the answer, saved in the app
        await press(pilot, "e", "end")
        await pilot.press(*" Briefly.")
        await press(pilot, "ctrl+s", "escape")
        await settle(pilot)
        assert g.git(git_repo, "status", "--porcelain").count(" M ") == 3
        assert _flag(main, target) == "M resp"
        assert main.change_marks.counts() == "1 added, 3 modified, 1 removed, 1 newly stale"
        main.post_message(SetFilter("changed:modified"))
        await settle(pilot)
        assert target in main.library.grouper and len(main.library.grouper) == 3
        main.post_message(SetFilter(""))
        await settle(pilot)
        # moved into another folder: a rename
        await press(pilot, "v")
        assert isinstance(app.screen, PromptScreen)
        await press(pilot, "ctrl+u")
        await pilot.press(*"tests/integration/agents/recordings")
        await press(pilot, "enter")
        await settle(pilot)
        moved = str(git_repo / "tests" / "integration" / "agents" / "recordings" / Path(target).name)
        assert Path(moved).exists()
        assert _flag(main, moved) == "R resp" and _flag(main, target) is None
        # deleted into the trash: removed, listed greyed with its old content
        main.reveal(moved)
        await press(pilot, "delete", "y")
        await settle(pilot)
        assert not Path(moved).exists()
        assert _flag(main, target) == "D deleted" and _flag(main, moved) is None
        assert main.library.get(target) is not None  # listed (from git)
        # restored from the trash: back where it was moved to, edited
        await press(pilot, "t")
        assert isinstance(app.screen, TrashScreen)
        await press(pilot, "enter", "escape")
        await settle(pilot)
        assert Path(moved).exists()
        assert _flag(main, moved) == "R resp" and _flag(main, target) is None
        assert main.library.get(target) is None  # no longer listed as removed
        assert main.change_marks.counts() == "1 added, 2 modified, 1 renamed, 1 removed, 1 newly stale"


async def test_a_save_in_a_clean_tree_brings_the_first_mark(tmp_path: Path) -> None:
    g.need_git()
    root = g.init_repo(tmp_path / "clean")
    g.put(root, g.rel_of(g.MOVE), g.read(g.sample(g.MOVE)))
    g.commit(root, "one", "v1")
    target = str(root / g.rel_of(g.MOVE))
    app = app_for(root / "tests" / "integration", select=target)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        assert main.change_marks is None
        await press(pilot, "e", "end")
        await pilot.press(*" Briefly.")
        await press(pilot, "ctrl+s", "escape")
        await settle(pilot)
        assert main.change_marks is not None and main.change_marks.label == "working tree against HEAD"
        assert _flag(main, target) == "M resp"


@pytest.mark.parametrize("size", [(140, 45), (80, 24)])
async def test_compare_at_a_revision_names_each_side(git_repo: Path, size: tuple[int, int]) -> None:
    """Both sides have the same file name: the headers say which is the revision and which the working tree."""
    from inspector.ui.main.changes import watch_of

    edited = _key(git_repo, g.REQUEST)
    app = app_for(git_repo / "tests" / "integration", since="v1", select=edited)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        old = app.screen.change_marks.old[:12]
        watch_of(app.screen).compare_current()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        head = [line.strip() for line in screen_text(app).splitlines()[:2]]
        assert head[0].startswith(f"A  at v1 ({old}) ")
        assert head[1].startswith("B  working tree ")
        labels = [str(screen.query_one(f"#compare-label-{s}").render()) for s in "ab"]
        assert labels[0].startswith(f"A  at v1 ({old}) ") and labels[1].startswith("B  working tree ")
        await press(pilot, "s")  # swapped, the names go with their sides
        await settle(pilot)
        head = [line.strip() for line in screen_text(app).splitlines()[:2]]
        assert head[0].startswith("A  working tree ") and head[1].startswith(f"B  at v1 ({old}) ")
