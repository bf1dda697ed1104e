#!/usr/bin/env python3
"""Write the screenshots of the README and docs/ (``screenshots/*.svg``) from the real app on the shipped samples.

Run from anywhere: ``python scripts/export_screenshots.py``.  The app runs headless
at a fixed size with animations off, driven by the same keys a person would press.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402

from inspector.core.recording.discovery import discover  # noqa: E402
from inspector.core.recording.loading import load  # noqa: E402
from inspector.ui.app import InspectorApp, make_app  # noqa: E402

OUT = ROOT / "screenshots"
SAMPLES = Path("inspector") / "samples"  # relative, so the screens show short paths
SIZE = (120, 34)


def sample_with_test(fragment: str) -> Path:
    """The shipped sample whose test id contains ``fragment``."""
    for path in discover([SAMPLES]).files:
        rec = load(path)
        if rec.test_id and fragment in rec.test_id:
            return path
    raise SystemExit(f"no shipped sample has a test id containing {fragment!r}")


async def settle(pilot: Pilot[object]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def keys(pilot: Pilot[object], *names: str) -> None:
    for name in names:
        await pilot.press(name)
        await settle(pilot)


async def shoot(name: str, app: InspectorApp, steps: Callable[[Pilot[object]], Awaitable[None]], title: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await steps(pilot)
        await settle(pilot)
        svg = app.export_screenshot(title=title)
    (OUT / f"{name}.svg").write_text(svg)
    print(f"wrote screenshots/{name}.svg")


def app_on(select: Path | None = None) -> InspectorApp:
    return make_app([str(SAMPLES)], select=select, replay_speed=0, autoplay=False, animations=False, theme="textual-dark")


async def main() -> None:
    os.chdir(ROOT)
    OUT.mkdir(exist_ok=True)
    tools = sample_with_test("test_parallel_tool_calls[")

    async def nothing(pilot: Pilot[object]) -> None:
        pass

    async def replay_mid_stream(pilot: Pilot[object]) -> None:
        await keys(pilot, "2", *["right"] * 12)

    async def filtering(pilot: Pilot[object]) -> None:
        await keys(pilot, "slash")
        await pilot.press(*"has:tools")
        await settle(pilot)

    async def raw(pilot: Pilot[object]) -> None:
        await keys(pilot, "3", "down", "down")

    await shoot("tree-request", app_on(tools), nothing, "recording-inspector: the tree and a request")
    await shoot("replay", app_on(tools), replay_mid_stream, "recording-inspector: replaying parallel tool calls")
    await shoot("filter", app_on(tools), filtering, "recording-inspector: filter has:tools")
    await shoot("raw", app_on(tools), raw, "recording-inspector: the raw file")


if __name__ == "__main__":
    asyncio.run(main())
