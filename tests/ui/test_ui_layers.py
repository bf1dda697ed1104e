"""The app's parts in layers (issue 20, items 3 and 4): the UI asks the core, screens are handed their config.

The import rules themselves are checked by ``lint-imports`` (tests/test_layers.py); these
tests hold the values the state derives from the core to the core's own, and show that a
pushed screen works from the configuration it is given, not from the app's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from inspector.core.edit import EditError, parse_value
from inspector.core.history.changes import CLASSES, STATUSES
from inspector.core.index.query import QueryError
from inspector.core.index.summary import Summary
from inspector.core.rules.profiles import ALIASES, NEWEST, RULE_SETS
from inspector.ui.main.screen import MainScreen
from inspector.ui.screens.editors.node_editor import NodeEditorScreen
from inspector.ui.screens.problems import ProblemsScreen
from inspector.ui.state.change_marks import CHANGE_MARKERS, CLASS_SHORT, ChangeMarks, changed_values
from inspector.ui.state.config import AppConfig
from inspector.ui.state.labels import hash_state
from inspector.ui.state.problem_filter import parse_filter
from inspector.ui.widgets.json_tree import JsonTree

from .helpers import app_for, press, settle, type_text, widget_text
from .test_editing import goto_path

BASE = Summary(
    path="r/a.json", kind="chat", test_id="tests/integration/x/test_a.py::test_b", endpoint="/v1/chat/completions",
    model="gpt-4o", streaming=False, chunks=1, hash_status="ok", hash_rule=NEWEST.name, computed_hash="aa", error=None,
    exception=False, tools=0, label="hi", finish_reason="stop", size=10, mtime=0.0, search="hi",
)


def test_the_change_markers_cover_the_cores_statuses_and_classes() -> None:
    assert set(CHANGE_MARKERS) == set(STATUSES)
    assert set(CLASS_SHORT) == set(CLASSES)
    assert changed_values() == ("any", *CLASSES, "stale", *STATUSES)


@pytest.mark.parametrize("value", ["any", "stale", *CLASSES, *STATUSES])
def test_every_change_the_core_knows_is_a_changed_term(value: str) -> None:
    marks = ChangeMarks("since main", "main", "0" * 40, Path("."))
    query = parse_filter(f"changed:{value}", None, lambda: marks)
    assert not query.matches(BASE)  # nothing changed in this comparison


def test_an_unknown_changed_term_names_the_valid_ones() -> None:
    marks = ChangeMarks("since main", "main", "0" * 40, Path("."))
    with pytest.raises(QueryError, match="unknown term changed:moved .*changed:request"):
        parse_filter("changed:moved", None, lambda: marks)


@pytest.mark.parametrize("alias", ALIASES)
def test_an_alias_of_the_newest_rules_never_excuses_a_stale_name(alias: str) -> None:
    stale = replace(BASE, hash_status="stale", hash_rule=alias)
    assert hash_state(stale, alias) == "stale"


@pytest.mark.parametrize("profile", [r.name for r in RULE_SETS[1:]])
def test_naming_an_older_profile_counts_its_hash_as_ok(profile: str) -> None:
    legacy = replace(BASE, hash_status="legacy", hash_rule=profile)
    assert hash_state(legacy, profile) == "ok"
    assert hash_state(legacy, ALIASES[0]) == "legacy"


async def test_the_problems_screen_checks_the_paths_it_is_handed(repo: dict[str, Path], tmp_path: Path) -> None:
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        # The app was opened on ./repo; the screen is handed another configuration and checks that.
        screen = ProblemsScreen(main.library, AppConfig(paths=[empty]))
        app.push_screen(screen)
        await settle(pilot)
        assert screen.report is not None
        assert screen.report.files == 0


async def test_the_palette_flips_the_secrets_switch_without_the_app_class(repo: dict[str, Path]) -> None:
    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for words, revealed in (("Show secrets", True), ("Mask secrets again", False)):
            await press(pilot, "ctrl+p")
            await type_text(pilot, words)
            await pilot.pause(0.3)  # the palette searches after a short debounce
            await press(pilot, "enter")
            assert app.reveal_secrets is revealed


async def test_the_node_editor_refuses_a_value_with_the_cores_reason(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["saturn"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        await goto_path(pilot, app.screen.query_one("#raw-tree", JsonTree), "$.request.body.messages[0]")
        await press(pilot, "e")
        editor = app.screen
        assert isinstance(editor, NodeEditorScreen) and not editor.as_text
        await press(pilot, "ctrl+end")
        await type_text(pilot, ",")
        await settle(pilot)
        with pytest.raises(EditError) as refused:
            parse_value(editor.editor.text)
        assert refused.value.reason.startswith("not JSON: ")
        assert f"✗ {refused.value.reason}" in widget_text(editor.query_one("#node-check"))
        assert not editor.session.dirty
