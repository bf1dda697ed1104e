"""The app at 80x24, the smallest terminal people commonly use."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._toast import Toast

from .helpers import app_for, press, screen_text, settle

SMALL = (80, 24)


def _rows(app) -> list[str]:
    return screen_text(app).splitlines()


async def test_the_footer_keeps_quit_and_help_in_view(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["weather"])
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.pause()
        footer = _rows(app)[-1]
        assert footer.lstrip().startswith("q Quit  ? Help")
        assert "^p palette" in footer
        await press(pilot, "2")  # other keys come and go; these stay
        await pilot.pause()
        assert _rows(app)[-1].lstrip().startswith("q Quit  ? Help")


async def test_a_wide_footer_keeps_textuals_order(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["weather"])
    async with app.run_test(size=(220, 30)) as pilot:
        await settle(pilot)
        await pilot.pause()
        footer = _rows(app)[-1]
        assert footer.lstrip().startswith("1 Request")
        assert footer.index("e Edit") < footer.index("q Quit") < footer.index("? Help")


async def test_the_tree_shows_the_words_of_a_recording(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["weather"])
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        row = next(r for r in _rows(app) if "Weather" in r.split("│")[0])
        tree_part = row.split("│")[0] if row.count("│") == 1 else row[: len(row) // 2]
        # Under "[txt=openai/gpt-4o]" the model is not repeated; the words get the room.
        assert "chat Weather in Quito" in tree_part, row
        assert app.screen.query_one("#sidebar").size.width >= 38


async def test_the_doctors_inputs_leave_room_for_the_report(repo: dict[str, Path]) -> None:
    app = app_for("repo")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await press(pilot, "w")
        inputs = app.screen.query_one("#doctor-inputs")
        assert inputs.outer_size.height <= SMALL[1] // 3
        assert app.screen.query_one("#doctor-results").region.y <= SMALL[1] // 2


async def test_toasts_do_not_cover_the_chunk_pane(repo: dict[str, Path]) -> None:
    app = app_for("repo", repo["saturn"])
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "2", "right", "right")
        app.notify("a message of a reasonable length for a toast", timeout=30)
        await pilot.pause()
        await pilot.pause()
        toasts = list(app.screen.query(Toast))
        assert toasts
        chunk = app.screen.query_one("#chunk-scroll").region
        for toast in toasts:
            assert not toast.region.overlaps(chunk), (toast.region, chunk)
        assert "chunk 2 of 9" in screen_text(app)  # the pane is still readable
