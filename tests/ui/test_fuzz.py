"""Mangled recordings through the app's views: every view renders, the app never crashes."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from rich.console import Console

from inspector.core import load_bytes
from inspector.ui.widgets.json_tree import value_preview
from tests.ui.helpers import app_for, press, render_every_view, screen_text, settle

from ..mangle import base_documents, mangle_seeded, mangled_bytes

NAME = Path("tests/integration/x/recordings/" + "ef" * 32 + ".json")


def _render_all(raw: bytes, console: Console) -> None:
    rec = load_bytes(raw, NAME)
    render_every_view(rec, console, str(NAME))
    if rec.ok:
        console.print(value_preview(rec.data))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(raw=mangled_bytes())
def test_every_view_renders_mangled_recordings(raw: bytes) -> None:
    _render_all(raw, Console(file=io.StringIO(), width=90, color_system="truecolor"))


async def test_app_walks_a_folder_of_mangled_recordings(tmp_path: Path) -> None:
    """One session over eight mangled files: each selected, on every tab, replayed to the end."""
    folder = tmp_path / "tests" / "integration" / "fuzz" / "recordings"
    folder.mkdir(parents=True)
    rnd = random.Random(1234)
    docs = base_documents()
    for i in range(8):
        raw = json.dumps(mangle_seeded(rnd, rnd.choice(docs)), indent=2).encode()
        if i % 4 == 3:
            raw = raw[: rnd.randint(0, len(raw))]  # truncated
        (folder / f"{i:02d}-{rnd.getrandbits(32):08x}.json").write_bytes(raw)
    (folder / "zz-empty.json").write_bytes(b"")
    app = app_for(tmp_path)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        for _ in range(10):  # walk down the tree, looking at everything
            await press(pilot, "down")
            for key in ("2", "end", "3"):
                await press(pilot, key)
            await press(pilot, "escape")
        assert app.is_running and "fuzz" in screen_text(app)
