"""Capture folders made to order: the files the pytest plugin writes, built from shipped samples.

The format is the contract with ``inspector/capture`` (see ``core/recording/captures.py``):
``DIR/misses/<hash>.json`` and ``DIR/runs/<started>-<pid>.jsonl``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from inspector.core.rules import hashing, layout

SAMPLES = Path(__file__).resolve().parents[1] / "inspector" / "samples"
RECORDER = "ogx 1.5.0"
AT = "2026-12-06T12:00:00.000000Z"


def sample_root(tmp: Path) -> Path:
    """A repository root in ``tmp`` holding a copy of the shipped samples' ``tests/`` tree."""
    root = tmp / "repo"
    shutil.copytree(SAMPLES / "tests", root / "tests")
    return root


def sample(root: Path, prefix: str) -> Path:
    """The one recording under ``root`` whose name (without ``models-``) starts with ``prefix``."""
    hits = [p for p in root.rglob("*.json") if p.name.removeprefix("models-").startswith(prefix)]
    assert len(hits) == 1, hits
    return hits[0]


def recording(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def miss_kind(request: dict[str, Any]) -> str:
    if "tool_name" in request:
        return "tool"
    if "payload" in request:
        return "http"
    if layout.names_model_list(request):
        return "models"
    return "inference"


def write_miss(
    capture: Path,
    request: dict[str, Any],
    test_id: str | None,
    *,
    root: Path,
    request_hash: str | None = None,
    kind: str | None = None,
    hash_test_id: str | None | bool = True,
) -> Path:
    """``capture/misses/<hash>.json`` as the plugin writes it; the hash as the recorder computes it.

    ``hash_test_id``: the test id that went into the hash (True: ``test_id``).
    """
    tid = test_id if hash_test_id is True else hash_test_id
    h = request_hash or hashing.request_hash(request, tid)
    assert h is not None
    kind = kind or miss_kind(request)
    looked = layout.replay_lookup(root, tid or test_id, h, model_list=kind == "models")
    data = {
        "test_id": tid,
        "request": request,
        "miss": {
            "hash": h,
            "kind": kind,
            "looked_in": [str(f) for f in looked.folders],
            "at": AT,
            "recorder": RECORDER,
            "module": "ogx.testing.api_recorder",
            "pid": 4242,
            "argv": ["pytest", "tests/integration"],
        },
    }
    path = capture / "misses" / f"{h}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path


def write_run(
    capture: Path,
    collected: Iterable[str],
    reads: Iterable[tuple[str, Path, str | None]] = (),
    *,
    pid: int = 4242,
    started: str = "20261206T120000",
    torn: str | None = None,
) -> Path:
    """``capture/runs/<started>-<pid>.jsonl``: start, collected, one read per ``(hash, file, test id)``.

    ``torn``: a last line cut short, as a killed process leaves it.
    """
    lines = [
        {"event": "start", "pid": pid, "at": AT, "argv": ["pytest"], "recorder": RECORDER, "cwd": str(capture)},
        {"event": "collected", "nodeids": list(collected)},
    ]
    lines += [{"event": "read", "hash": h, "file": str(f), "test_id": t} for h, f, t in reads]
    path = capture / "runs" / f"{started}-{pid}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(x) + "\n" for x in lines)
    if torn is not None:
        text += torn
    path.write_text(text)
    return path
