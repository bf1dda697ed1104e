"""The app's first frame imports only what it draws.

Importing Python modules is most of a Textual app's start-up on a small machine,
so the main screen keeps editing, curating, the doctor, exports and the reading
machinery (discovery, the index, the recorder's hashing) out of its imports: they
load when first used (the index in its worker thread, after the first frame).
This checks which modules are loaded, not how long anything takes
(benchmarks/bench_app.py measures that).
"""

from __future__ import annotations

import subprocess
import sys

# Loaded on first use, never by the first frame.
DEFERRED = (
    "inspector.core.edit.curate",
    "inspector.core.edit",
    "inspector.core.base.writer",
    "inspector.core.checks.file_checks",
    "inspector.core.recording.diff",
    "inspector.core.rules.hashing",
    "inspector.core.recording.loading",
    "inspector.core.index.listing",
    "inspector.core.index.cache",
    "inspector.core.recording.discovery",
    "inspector.core.export",
    "inspector.ui.state.workbench",
    "inspector.ui.screens.editors.editor",
    "inspector.ui.screens.editors.json_editor",
    "inspector.ui.screens.editors.node_editor",
    "inspector.ui.screens.doctor",
    "inspector.ui.screens.compare",
    "inspector.ui.screens.export",
    "inspector.ui.screens.problems",
    "inspector.ui.screens.help",
    "inspector.ui.main.commands",
    # replay misses and run records: only with --misses / --runs
    "inspector.core.recording.captures",
    "inspector.core.checks.misses",
    "inspector.core.checks.unread",
    "inspector.core.heal",
)

_PROBE = """
import asyncio, sys
from inspector.ui.app import make_app
from inspector.ui.main import screen as main_screen

seen = {}
original = main_screen.MainScreen.on_mount

def on_mount(self):
    # What is loaded when the first frame has been drawn: queued before the screen's
    # own after-refresh call, which starts reading (and importing) in a thread.
    self.call_after_refresh(lambda: seen.setdefault("first_frame", set(sys.modules)))
    original(self)

main_screen.MainScreen.on_mount = on_mount
app = make_app([sys.argv[1]], autoplay=False, animations=False)

async def run():
    async with app.run_test(size=(100, 30)) as pilot:
        while "first_frame" not in seen:
            await pilot.pause()

asyncio.run(run())
print("\\n".join(sorted(seen["first_frame"])))
"""


def _loaded_at_first_frame(tmp_path) -> set[str]:
    res = subprocess.run([sys.executable, "-c", _PROBE, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    return set(res.stdout.split())


def test_first_frame_leaves_editing_curating_and_reading_unloaded(tmp_path) -> None:
    loaded = _loaded_at_first_frame(tmp_path)
    assert "inspector.ui.main.screen" in loaded  # the probe did reach the main screen
    early = sorted(m for m in DEFERRED if m in loaded or any(x.startswith(m + ".") for x in loaded))
    assert not early, f"imported before the first frame: {early}"


def test_import_of_the_app_module_is_light() -> None:
    code = "import sys, inspector.ui.app\nprint('\\n'.join(sorted(sys.modules)))"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    loaded = set(res.stdout.split())
    assert not [m for m in DEFERRED if m in loaded]
