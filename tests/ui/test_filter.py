"""The `/` filter as a person types it: fast, with mistakes, and looking at the count."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from inspector.ui.main.screen import MainScreen

from .helpers import app_for, press, screen_text, settle, type_text


def _box(app) -> Input:
    return app.screen.query_one("#filter-input", Input)


def _count(app) -> str:
    return str(app.screen.query_one("#filter-count").render()).strip()


async def test_a_burst_after_slash_lands_in_the_box_not_on_the_tree(repo: dict[str, Path]) -> None:
    """`/quality` arriving at once (a paste, a fast typist, a busy app): no key runs as a command."""
    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        # Every key is queued before the app handles the first: nothing waits for the focus to move.
        for key, char in [("slash", "/"), *((c, c) for c in "quality")]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await settle(pilot)
        assert app.is_running and app.return_code is None  # `q` did not quit
        assert type(app.screen) is MainScreen  # `t` did not open the trash, `p` not the Problems
        assert app.focused is _box(app)
        assert _box(app).value == "quality"
        assert "0 of 6" in screen_text(app)


async def test_after_escape_slash_shows_an_empty_box_and_no_count(repo: dict[str, Path]) -> None:
    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "has:tools")
        assert _count(app) == "1 of 6"
        await press(pilot, "escape", "slash")
        assert _box(app).value == ""
        assert _count(app) == ""  # the box and the count agree
        assert "1 of 6" not in screen_text(app)


async def test_an_unknown_field_says_so_and_names_the_fields(repo: dict[str, Path]) -> None:
    app = app_for("repo")
    async with app.run_test(size=(200, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "foo:bar")
        assert _count(app).startswith("unknown field foo; fields are model, endpoint, test, kind, path, has, is, hash, check")
        assert "0 of 6" not in screen_text(app)
        # Quoted, it is text to search for.
        await press(pilot, "ctrl+u")
        await type_text(pilot, '"foo:bar"')
        assert _count(app) == "0 of 6"


async def test_the_count_follows_each_keystroke_before_the_tree_regroups(
    repo: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the regrouping worker held, the count still changes on every key."""
    from inspector.ui.main import screen as main_module

    release = threading.Event()
    real = main_module.build_grouper

    def held(*args, **kw):
        release.wait(30)
        return real(*args, **kw)

    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(main_module, "build_grouper", held)
        await pilot.press("slash")
        seen = []
        for key in "has:tools":
            await pilot.press(key)  # not press(): that would wait for the held worker
            await pilot.pause()
            seen.append(_count(app))
        assert seen[:3] == ["5 of 6", "5 of 6", "1 of 6"]  # h, ha, has: words over every field
        assert seen[3] == "has: needs a value"
        assert seen[-1] == "1 of 6"
        assert app.screen.library.shown == 6  # the tree has not regrouped yet
        release.set()
        await settle(pilot)
        assert app.screen.library.shown == 1


async def test_a_library_too_large_to_count_per_key_says_counting(repo: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from inspector.ui.main import screen as main_module
    from inspector.ui.state.library import Library

    monkeypatch.setattr(Library, "LIVE_COUNT_LIMIT", 3)  # as if the repository held 100,000 recordings
    release = threading.Event()
    real = main_module.build_grouper
    app = app_for("repo")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(main_module, "build_grouper", lambda *a, **kw: release.wait(30) and real(*a, **kw))
        await pilot.press("slash", *"saturn")
        await pilot.pause()
        assert _count(app) == "counting…"  # not a stale or a wrong number
        release.set()
        await settle(pilot)
        assert _count(app) == "1 of 6"


async def test_the_filter_bar_posts_each_text_and_how_it_was_left(repo: dict[str, Path]) -> None:
    """The bar's messages are its contract with the screen: one Changed per keystroke, then Done."""
    from inspector.ui.widgets.filter_bar import FilterBar

    posted: list[object] = []

    def hook(message: object) -> None:
        # The hook sees a message at each node it bubbles through: keep each message once.
        if isinstance(message, (FilterBar.Changed, FilterBar.Done)) and not any(m is message for m in posted):
            posted.append(message)

    app = app_for("repo")
    async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "has")
        await press(pilot, "enter")
        assert [m.text for m in posted if isinstance(m, FilterBar.Changed)] == ["h", "ha", "has"]
        assert [m.cleared for m in posted if isinstance(m, FilterBar.Done)] == [False]
        posted.clear()
        await press(pilot, "slash", "escape")
        assert [m.text for m in posted if isinstance(m, FilterBar.Changed)] == [""]
        assert [m.cleared for m in posted if isinstance(m, FilterBar.Done)] == [True]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("is:streamx", "unknown term is:streamx (try is:stream, is:invalid, is:miss, is:healed, is:unread)"),  # its prefix is:stream is valid
        ("has:wings", "unknown term has:wings (try has:tools, has:error, has:problems, has:test)"),  # `has` is a word
        ("changed:any", "changed: needs a git comparison"),  # `changed` is a word ("exchanged")
    ],
)
async def test_a_mistyped_term_typed_fast_shows_its_error_and_filters_nothing(
    repo: dict[str, Path], monkeypatch: pytest.MonkeyPatch, text: str, error: str
) -> None:
    """The grouping of a valid prefix, still in the worker when the rest arrives, must not land:
    what is shown belongs to the whole text in the box."""
    from inspector.ui.main import screen as main_module

    release = threading.Event()
    real = main_module.build_grouper
    app = app_for("repo")
    async with app.run_test(size=(200, 36)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(main_module, "build_grouper", lambda *a, **kw: release.wait(30) and real(*a, **kw))
        await pilot.press("slash", *text)  # every grouping is held until the whole text is typed
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert _box(app).value == text
        assert _count(app).startswith(error)
        main = app.screen
        assert main.library.shown == main.library.total == 6  # the tree filtered by nothing
        assert " of 6" not in screen_text(app)


async def test_a_term_made_invalid_slowly_unfilters_the_tree(repo: dict[str, Path]) -> None:
    """Typed a key at a time: the error shows, and the tree no longer keeps the last valid prefix's filter."""
    app = app_for("repo")
    async with app.run_test(size=(200, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "is:stream")
        main = app.screen
        assert _count(app) == "4 of 6" and main.library.shown == 4
        await type_text(pilot, "x")
        assert _count(app).startswith("unknown term is:streamx")
        assert main.library.shown == 6
        await press(pilot, "backspace")  # valid again: filtered again
        assert _count(app) == "4 of 6" and main.library.shown == 4


def _region_text(app, widget) -> str:
    """What the terminal shows inside a widget's region, its lines joined by spaces."""
    r = widget.region
    lines = screen_text(app).splitlines()[r.y : r.y + r.height]
    return " ".join(" ".join(line[r.x : r.x + r.width].split()) for line in lines).strip()


@pytest.mark.parametrize("size", [(200, 40), (80, 24)])
async def test_a_message_is_shown_whole_at_any_width(repo: dict[str, Path], size: tuple[int, int]) -> None:
    """The sidebar is 80 columns at most: a message beside the box lost its end (what to start with, the total)."""
    app = app_for("repo")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "foo:bar")
        count = app.screen.query_one("#filter-count")
        message = str(count.render()).strip()
        assert message.endswith('(quote it to search for the text: "foo:bar")')
        assert _region_text(app, count) == message
        assert "…" not in _region_text(app, count)
        await press(pilot, "ctrl+u")
        await type_text(pilot, "changed:any")
        message = str(count.render()).strip()
        assert message.endswith("(start with --since REV, or the palette's Compare with revision…)")
        assert _region_text(app, count) == message
        # a count is one line again, beside the box
        await press(pilot, "ctrl+u")
        await type_text(pilot, "has:tools")
        assert _region_text(app, count) == "1 of 6" and count.region.height == 1
        assert count.region.y == app.screen.query_one("#filter-input").region.y
