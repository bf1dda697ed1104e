"""Time the Doctor's first and second explain in a fresh app process (bench_doctor.py).

    python benchmarks/_doctor_child.py ROOT READ_SECONDS [--no-warm]

The corpus's files are dropped from the operating system's cache first
(``posix_fadvise(DONTNEED)``: what a machine that has not read them lately has),
the app is started headless and left to index (from its warm index cache, so it reads
no recording), ``w`` opens the Doctor, a miss is pasted, and after READ_SECONDS (the
user pasting and reading) ``f5`` explains; then ``f5`` again.  ``--no-warm``: the
Doctor does not read the files while the user pastes (how it was).  Prints JSON.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual import events  # noqa: E402

from inspector.core.rules.hashing import request_hash  # noqa: E402
from inspector.ui.app import make_app  # noqa: E402
from inspector.ui.screens.doctor import DoctorScreen  # noqa: E402


def _miss(root: Path) -> str:
    """A replay failure made by editing the last message of a chat recording with a test id."""
    for path in sorted(root.rglob("*.json")):
        data = json.loads(path.read_bytes())
        messages = (data.get("request", {}).get("body") or {}).get("messages")
        if data.get("test_id") and isinstance(messages, list) and messages:
            messages[-1]["content"] = "edited since it was recorded"
            h = request_hash(data["request"], data["test_id"])
            return (
                f"E   RuntimeError: Recording not found for request hash: {h}\n"
                f"E   Model: {data['request']['body'].get('model')} | Request: POST {data['request']['url']}\n"
                f"FAILED {data['test_id']} - RuntimeError\n"
            )
    raise SystemExit("no chat recording with a test id")


def _evict(root: Path) -> None:
    for path in root.rglob("*.json"):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


async def main(root: Path, read: float, warm: bool) -> dict[str, float]:
    if not warm:
        DoctorScreen._warm = lambda self, paths: None  # type: ignore[method-assign]
    text = _miss(root)
    done: dict[str, float] = {}

    def hook(message: object) -> None:
        if isinstance(message, DoctorScreen.Explained):
            done["at"] = time.perf_counter()

    app = make_app([str(root)], replay_speed=0, autoplay=False, animations=False)
    async with app.run_test(size=(160, 45), message_hook=hook) as pilot:
        while not app.screen.library.complete:
            await pilot.pause(0.05)
        _evict(root)
        await pilot.press("w")
        area = app.screen.query_one("#doctor-miss")
        area.focus()
        await pilot.pause()
        app.post_message(events.Paste(text))
        await asyncio.sleep(read)
        out = {}
        for run in ("first", "second"):
            done.clear()
            t = time.perf_counter()
            await pilot.press("f5")
            while "at" not in done:
                await pilot.pause(0.01)
            out[run] = done["at"] - t
    return out


if __name__ == "__main__":
    result = asyncio.run(main(Path(sys.argv[1]), float(sys.argv[2]), "--no-warm" not in sys.argv))
    print(json.dumps(result))
