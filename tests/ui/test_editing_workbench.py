"""The app's editing bookkeeping without a screen: the root it writes in, path spelling, sessions, marks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inspector.core.edit import EditError
from inspector.ui.state.workbench import Workbench, like


def app_root(paths: list) -> Path:
    return Workbench(paths).root_path


def test_the_root_is_the_git_repository_else_the_layout_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "project"
    (repo / ".git").mkdir(parents=True)
    (repo / "tests" / "integration").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert app_root([repo / "tests" / "integration"]) == repo
    (repo / ".git").rmdir()
    assert app_root(["project/tests/integration"]) == repo  # the folder above tests/, not the current folder
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert app_root([repo / "tests" / "integration"]) == repo  # the folder above tests/
    loose = tmp_path / "loose"
    loose.mkdir()
    assert app_root([loose]) == loose  # no layout: the folder the user opened


def test_new_paths_are_spelled_like_the_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert like(tmp_path / "a" / "b.json", "x/y.json") == os.path.join("a", "b.json")
    assert like("a/b.json", str(tmp_path / "x.json")) == str(tmp_path / "a" / "b.json")


def test_sessions_follow_renames_and_marks_keep_their_order(repo: dict[str, Path]) -> None:
    wb = Workbench(["repo"])
    saturn, weather = str(repo["saturn"]), str(repo["weather"])
    session = wb.open(saturn)
    assert wb.open(saturn) is session and not wb.is_dirty(saturn)
    session.set_text("changed")
    assert wb.dirty_paths() == [saturn] and wb.unsaved()[0].startswith("● ")
    wb.toggle_mark(weather)
    wb.toggle_mark(saturn)
    assert wb.targets(None) == [weather, saturn]
    wb.moved(saturn, "renamed.json")
    assert wb.session("renamed.json") is session and wb.marked == [weather, "renamed.json"]
    wb.forget(["renamed.json"])
    assert wb.dirty_paths() == [] and wb.marked == [weather]
    assert wb.clear_marks() == 1 and wb.targets(saturn) == [saturn]
    with pytest.raises(EditError):
        wb.open(str(repo["broken"]))


def test_a_clean_session_is_read_again_when_the_file_changed(repo: dict[str, Path]) -> None:
    wb = Workbench(["repo"])
    path = repo["saturn"]
    first = wb.open(str(path))
    path.write_text(path.read_text().replace('"Saturn "', '"Uranus "'))
    again = wb.open(str(path))
    assert again is not first and again.recording.rebuild.choices[0].text.startswith("Uranus")


def test_the_editor_offers_each_rebuilt_value(repo: dict[str, Path]) -> None:
    wb = Workbench(["repo"])
    session = wb.open(str(repo["weather"]))
    by_key = {f.key: f for f in session.fields()}
    assert list(by_key)[:1] == ["text:0"]
    assert {"tool.name:0:0", "tool.args:0:0", "tool.name:0:1", "tool.args:0:1", "finish:0"} <= set(by_key)
    assert by_key["tool.name:0:1"].text == "get_weather"
    assert by_key["finish:0"].text == "tool_calls"
