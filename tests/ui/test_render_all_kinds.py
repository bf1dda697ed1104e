"""Every view renders every kind of recording: the shipped samples and the real corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.console import Console

from inspector.core.discovery import discover
from inspector.core.recording import load
from inspector.ui.widgets.chunk_view import render_chunk
from inspector.ui.widgets.request_pane import render_conversation, render_overview, render_params, render_tools
from inspector.ui.widgets.response_view import render_state

from ..conftest import SAMPLES, corpus_files


def _files() -> list[Path]:
    return list(discover([SAMPLES]).files) + corpus_files()


def _render_everything(path: Path, console: Console) -> str:
    rec = load(path)
    console.print(render_overview(rec, rec.hash, str(path)))
    if not rec.ok:
        return "invalid"
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
    return rec.kind.value


def test_every_sample_and_corpus_file_renders() -> None:
    console = Console(width=80, file=open(os.devnull, "w"), color_system="truecolor")  # noqa: SIM115
    kinds = {_render_everything(p, console) for p in _files()}
    # The samples alone cover these; the corpus adds more when present.
    assert {"chat", "completion", "messages", "interactions", "responses", "ollama-chat", "tool", "models"} <= kinds


@pytest.mark.parametrize("width", [40, 200])
def test_final_text_of_seed_001_at_any_width(width: int, seeds_dir: Path) -> None:
    rec = load(seeds_dir / "001_1edcd4837b6f9484.json")
    console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(render_state(rec.replay.state(rec.replay.total), {}))
    text = " ".join(console.export_text().split())
    assert text.startswith('THE PLANET WITH RINGS AROUND IT THAT HAS A NAME STARTING WITH THE LETTER "S" IS SATURN.')
    assert "finish stop" in text and "total 82" in text
