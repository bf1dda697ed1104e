"""A save killed with SIGKILL at any moment leaves the old file or the new one, never a mix."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspector.core.base.jsonio import parse_bytes
from inspector.core.base.writer import render
from inspector.testing.factories import PLAIN, chat_chunk, record, response

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

# The child saves A and B alternately, as fast as it can, until it is killed.
CHILD = """
import sys
from itertools import count
from inspector.core.base.writer import write_text_atomic
target, a, b = sys.argv[1], open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read()
sys.stdout.write("ready\\n"); sys.stdout.flush()
for i in count():
    write_text_atomic(target, b if i % 2 == 0 else a)
"""


def _stream(text: str, n: int) -> dict:
    chunk = chat_chunk({"content": text}, style=PLAIN.but(id="rec-0123456789ab", model="m"))
    request = {"method": "POST", "url": "http://h/v1/chat/completions", "headers": {}, "body": {"stream": True}}
    return record("tests/x/test_a.py::t", request, response([chunk] * n, streaming=True))


def test_kill_9_in_the_middle_of_saves_never_leaves_a_partial_file(tmp_path: Path) -> None:
    a, b = render(_stream("old text ", 12000)), render(_stream("new text, longer ", 14000))  # ~4 MB each
    (tmp_path / "a.bin").write_bytes(a)
    (tmp_path / "b.bin").write_bytes(b)
    target = tmp_path / "recordings" / "r.json"
    target.parent.mkdir()
    target.write_bytes(a)
    rng = random.Random(4)
    for _ in range(8):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(target), str(tmp_path / "a.bin"), str(tmp_path / "b.bin")],
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.02, 0.25))  # somewhere in the middle of some save
        child.send_signal(signal.SIGKILL)
        child.wait()
        raw = target.read_bytes()
        assert raw in (a, b), f"partial file of {len(raw)} bytes"
        parse_bytes(raw)
        leftovers = [p.name for p in target.parent.iterdir() if p.name != "r.json"]
        assert all(n.startswith(".r.json.") and n.endswith(".tmp") for n in leftovers)
    # what is left behind, check reports (and says which are complete saves, which partial)
    from inspector.core.checks.runner import check_paths

    report = check_paths([target.parent])
    reported = {f.path: f for f in report.findings if f.code == "interrupted-save"}
    assert set(reported) == {str(p) for p in target.parent.glob(".r.json.*.tmp")}
    for path, finding in reported.items():
        complete = Path(path).read_bytes() in (a, b)
        assert ("partial write" in finding.message or "empty file" in finding.message) != complete
