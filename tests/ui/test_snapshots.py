"""A few SVG snapshots of the app at a fixed size, on crafted recordings (no clocks, no blinking).

Update after an intended change with ``pytest tests/ui/test_snapshots.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from .helpers import app_for, press, settle, type_text

SIZE = (100, 30)


def test_tree_and_request(snap_compare, repo: dict[str, Path]) -> None:
    assert snap_compare(app_for("repo", repo["weather"]), terminal_size=SIZE, run_before=settle)


def test_replay_with_a_tool_call_assembling(snap_compare, repo: dict[str, Path]) -> None:
    async def steps(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await press(pilot, "2", *["right"] * 7)

    assert snap_compare(app_for("repo", repo["weather"]), terminal_size=SIZE, run_before=steps)


def test_filter_in_use(snap_compare, repo: dict[str, Path]) -> None:
    async def steps(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "test:chat")

    assert snap_compare(app_for("repo", repo["saturn"]), terminal_size=SIZE, run_before=steps)


def test_raw_tab(snap_compare, repo: dict[str, Path]) -> None:
    async def steps(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await press(pilot, "3", "down", "down")

    assert snap_compare(app_for("repo", repo["plain"]), terminal_size=SIZE, run_before=steps)
