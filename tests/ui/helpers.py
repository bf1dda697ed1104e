"""Driving the app in tests: start it in instant mode, wait for workers, read the screen."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual.app import App
from textual.pilot import Pilot

from inspector.ui.app import InspectorApp, make_app

if TYPE_CHECKING:
    from rich.console import Console

    from inspector.core.recording.loading import Recording


def app_for(*paths: object, **kw: object) -> InspectorApp:
    """The app as tests run it: instant replay, no autoplay, no blinking or clocks."""
    kw.setdefault("replay_speed", 0)
    kw.setdefault("autoplay", False)
    kw.setdefault("animations", False)
    kw.setdefault("theme", "textual-dark")
    return make_app([str(p) for p in paths], **kw)  # type: ignore[arg-type]


async def settle(pilot: Pilot[object]) -> None:
    """Let workers finish and the screen catch up."""
    await pilot.pause()
    while any(not w.is_finished for w in pilot.app.workers):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause()


async def press(pilot: Pilot[object], *keys: str) -> None:
    """Press keys one at a time, settling after each (a person waits for the screen)."""
    for key in keys:
        await pilot.press(key)
        if len(pilot.app.workers):
            await settle(pilot)


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Type text into whatever has focus."""
    await pilot.press(*list(text))
    await settle(pilot)


def screen_text(app: App[object]) -> str:
    """Everything on the terminal, as plain text."""
    # Textual has no public text export (export_screenshot draws the same strips as SVG).
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def widget_text(widget: object, width: int = 120) -> str:
    """The whole content of a Static (also the part scrolled out of view), as plain text."""
    from rich.console import Console

    console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(widget.content)  # type: ignore[attr-defined]
    return console.export_text()


async def walk_to(pilot: Pilot[object], tree: object, *labels: str) -> None:
    """Move down the tree to each label in turn, opening it (as a person reading the tree would)."""
    for label in labels:
        for _ in range(100):
            node = tree.cursor_node  # type: ignore[attr-defined]
            if node is not None and str(node.label).lstrip().startswith(label):
                break
            await pilot.press("down")
            await pilot.pause()
        else:
            raise AssertionError(f"{label!r} not found in the tree")
        if node.allow_expand and not node.is_expanded:
            await pilot.press("right")
        await settle(pilot)


def render_every_view(rec: Recording, console: Console, shown: str) -> None:
    """Print every view the app draws of ``rec`` (overview, request, replay at a few positions, chunks)."""
    from inspector.ui.widgets.chunk_view import render_chunk
    from inspector.ui.widgets.request_pane import render_conversation, render_overview, render_params, render_tools
    from inspector.ui.widgets.response_view import render_state

    console.print(render_overview(rec, rec.hash, shown))
    if not rec.ok:
        return
    req = rec.request
    for part in (render_conversation(req), render_tools(req.tools), render_params(req.params)):
        if part is not None:
            console.print(part)
    tools = {t.name: t for t in req.tools}
    total = rec.replay.total
    for n in sorted({0, 1, total // 2, total}):
        state = rec.replay.state(n)
        console.print(render_state(state, tools, details=rec.rebuild.details if state.finished else ()))
        chunk = rec.chunks[n - 1] if 0 < n <= len(rec.chunks) else None
        console.print(render_chunk(n, total, chunk, state.changes))
