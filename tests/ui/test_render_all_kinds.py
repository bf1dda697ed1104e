"""Every view renders every kind of recording: the shipped samples and the real corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.console import Console

from inspector.core.recording.discovery import discover
from inspector.core.recording.loading import load
from inspector.ui.widgets.response_view import render_state

from ..conftest import SAMPLES, corpus_files
from .helpers import render_every_view


def _files() -> list[Path]:
    return list(discover([SAMPLES]).files) + corpus_files()


def _render_everything(path: Path, console: Console) -> str:
    rec = load(path)
    render_every_view(rec, console, str(path))
    if not rec.ok:
        return "invalid"
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
