"""Compare our newest hash and replay lookup with the real recorder's (ogx 1.5.0), by hand.

Not part of the test suite: it needs ogx, which needs Python 3.12, installed apart::

    ~/.pyenv/versions/3.12.1/bin/python -m venv /tmp/ogxvenv && /tmp/ogxvenv/bin/pip install ogx==1.5.0
    python scripts/crosscheck_recorder.py --ogx-python /tmp/ogxvenv/bin/python inspector/samples ../shared/corpus/*
    python scripts/crosscheck_recorder.py --ogx-python /tmp/ogxvenv/bin/python --after-rehash ../shared/corpus/*

Each ROOT is a repository root (the folder holding ``tests/``).  Our side runs here; the
recorder's side runs in the ogx interpreter (this same file with ``--recorder-side``), which
only *uses* ``ogx.testing.api_recorder.normalize_*_request`` with the test id set through
``ogx.core.testing_context.set_test_context`` and ``ResponseStorage(base).find_recording``
(``_model_list_responses`` for model lists), with the file reader replaced by one that only
notes which path it was asked to read.  ``--after-rehash`` copies each root, runs our
``rehash`` from the copy's root, and asks the recorder to find every file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

MODEL_LIST_ENDPOINTS = {"/v1/models", "/info"}


# --- the recorder's side (runs under the ogx interpreter: stdlib and ogx only) -------------------


def recorder_side() -> None:
    from ogx.core.testing_context import reset_test_context, set_test_context
    from ogx.testing import api_recorder as rec

    seen: list[str] = []

    def note(path: Any) -> dict[str, Any]:
        seen.append(str(path))
        return {"request": {}, "response": {"body": []}}

    rec._recording_from_file = note  # only where it looked; no recorded class is imported
    out = []
    for line in sys.stdin:
        item = json.loads(line)
        req = item["request"]
        token = set_test_context(item["test_id"])
        try:
            if item["kind"] == "tool":
                h = rec.normalize_tool_request(req.get("provider"), req.get("tool_name"), req.get("kwargs"))
            elif item["kind"] == "http":
                h = rec.normalize_http_request(req["url"], str(req.get("method") or "POST"), req.get("payload"))
            else:
                h = rec.normalize_inference_request(
                    str(req.get("method") or "POST"), req["url"], req.get("headers") or {}, req.get("body", {})
                )
            storage = rec.ResponseStorage(Path(item["root"]) / "tests/integration/common")
            seen.clear()
            if req.get("endpoint") in MODEL_LIST_ENDPOINTS:
                storage._model_list_responses(h)
            else:
                storage.find_recording(h)
            found = sorted({os.path.abspath(p) for p in seen})  # no test id: both folders are the common one
        except Exception as exc:  # noqa: BLE001 - a one-off report: say what failed, go on
            h, found = f"error: {type(exc).__name__}: {exc}", []
        finally:
            reset_test_context(token)
        out.append({"path": item["path"], "hash": h, "found": found})
    json.dump(out, sys.stdout)


# --- our side -------------------------------------------------------------------------------------


def our_items(roots: list[Path]) -> list[dict[str, Any]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from inspector.core.recording.discovery import discover
    from inspector.core.recording.loading import load
    from inspector.core.rules import hashing, layout
    from inspector.core.rules.profiles import NEWEST

    kinds = {hashing.HashKind.TOOL: "tool", hashing.HashKind.HTTP: "http", hashing.HashKind.INFERENCE: "inference"}
    items = []
    for root in roots:
        for path in discover([root]).files:
            rec = load(path)
            if not rec.ok or hashing.hash_kind(rec.request_raw) not in kinds:
                continue
            ours = hashing.request_hash(rec.request_raw, rec.test_id)
            if ours is None:
                continue
            model_list = layout.names_model_list(rec.request_raw)
            lookup = layout.replay_lookup(root.resolve(), rec.test_id, ours, model_list=model_list)
            found: list[str] = []
            for folder in lookup.folders:
                if model_list:
                    found += [str(p) for p in folder.glob(lookup.file_name)] if folder.is_dir() else []
                elif (folder / lookup.file_name).is_file():
                    found = [str(folder / lookup.file_name)]
                    break
            items.append(
                {
                    "path": str(path.resolve()),
                    "root": str(root.resolve()),
                    "test_id": rec.test_id,
                    "kind": kinds[hashing.hash_kind(rec.request_raw)],
                    "request": rec.request_raw,
                    "ours": ours,
                    "our_found": sorted(os.path.abspath(p) for p in found),
                    "replayed": NEWEST.never_reads(rec.request_raw) is None,
                }
            )
    return items


def compare(items: list[dict[str, Any]], ogx_python: str, label: str) -> None:
    ours_only = ("ours", "our_found", "replayed")
    feed = "".join(json.dumps({k: v for k, v in i.items() if k not in ours_only}) + "\n" for i in items)
    done = subprocess.run(
        [ogx_python, __file__, "--recorder-side"], input=feed, capture_output=True, text=True, check=True
    )
    theirs = {r["path"]: r for r in json.loads(done.stdout)}
    hashes, lookups, finds_itself = Counter(), Counter(), Counter()
    misses: list[str] = []
    for i in items:
        t = theirs[i["path"]]
        same_hash = t["hash"] == i["ours"]
        hashes[(i["kind"], same_hash)] += 1
        lookups[t["found"] == i["our_found"]] += 1
        finds_itself[(i["replayed"], i["path"] in t["found"])] += 1
        if not same_hash or t["found"] != i["our_found"]:
            misses.append(f"  {i['path']}: ours {i['ours'][:12]} {len(i['our_found'])} found, recorder {t['hash'][:12]} {len(t['found'])} found")
    total = len(items)
    print(f"{label}: {total} recordings")
    for kind in sorted({k for k, _ in hashes}):
        print(f"  hash ({kind}): {hashes[(kind, True)]} agree, {hashes[(kind, False)]} differ")
    print(f"  replay lookup: {lookups[True]} agree, {lookups[False]} differ")
    replayed = finds_itself[(True, True)] + finds_itself[(True, False)]
    print(f"  the recorder finds the file itself: {finds_itself[(True, True)]} of the {replayed} it replays")
    dead = total - replayed
    print(f"  never read by ogx 1.5.0 (not-replayed): {dead}, of which {finds_itself[(False, True)]} sit where it would look")
    for line in misses[:10]:
        print(line)
    if len(misses) > 10:
        print(f"  … {len(misses) - 10} more")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("roots", nargs="*", type=Path, help="repository roots (folders holding tests/)")
    p.add_argument("--ogx-python", default="/tmp/ogxvenv/bin/python", help="an interpreter with ogx 1.5.0 installed")
    p.add_argument("--after-rehash", action="store_true", help="rehash a copy of each root first, then compare")
    p.add_argument("--recorder-side", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.recorder_side:
        recorder_side()
        return
    roots = [r.resolve() for r in args.roots]
    if not args.after_rehash:
        compare(our_items(roots), args.ogx_python, "as stored")
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from inspector.cli.main import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for root in roots:
            copy = Path(tmp) / root.name
            shutil.copytree(root, copy)
            (copy / ".git").mkdir(exist_ok=True)  # a repository root, as in a checkout
            here = os.getcwd()
            os.chdir(copy)
            try:
                cli(["rehash", "--drop-duplicates", "tests"])
            finally:
                os.chdir(here)
            copies.append(copy)
        compare(our_items(copies), args.ogx_python, "after rehash from the repository root")


if __name__ == "__main__":
    main()
