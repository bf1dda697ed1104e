"""A real git repository of sample recordings, with one commit per kind of change.

Tags name the commits, so tests read ``t-churn..t-request`` rather than counting.
Files are the shipped samples (copied into a temporary folder, never into the project).
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from inspector.core.base.writer import render

SAMPLES = Path(__file__).resolve().parents[1] / "inspector" / "samples"
INF = "tests/integration/inference/recordings"
AGENTS = "tests/integration/agents/recordings"

#: short names of the sample files the scenario uses (first hex characters of their names)
CHURN = "309c825a"  # chat stream with reasoning: re-recorded with churn only
REQUEST = "4c0f9353"  # chat: a user message edited in place (name goes stale)
MOVE = "724f5673"  # chat stream: moved to another folder, unchanged
MOVE_EDIT = "86acf08b"  # chat stream: moved to another folder with its text edited
DELETE = "d85d8625"  # chat stream: deleted
HOST = "e412a1ce"  # completion: URL host and a __type__ label changed
PROJECT = "8bc14bf7"  # chat stream: its stored test id rewritten by a project-wide rename
ADDED = "ef76cbeb"  # interactions: added later, name ok


def need_git() -> str:
    exe = shutil.which("git")
    if exe is None:
        pytest.skip("git is not installed")
    return exe


def sample(prefix: str) -> Path:
    (path,) = [p for p in SAMPLES.rglob(f"{prefix}*.json")]
    return path


def git(root: Path, *args: str) -> str:
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return out.stdout


def init_repo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.invalid")
    git(root, "config", "commit.gpgsign", "false")
    return root


def commit(root: Path, message: str, tag: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    git(root, "tag", tag)
    return git(root, "rev-parse", "HEAD").strip()


def put(root: Path, rel: str, data: Any) -> Path:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render(data))
    return target


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def rel_of(prefix: str, folder: str = INF) -> str:
    return f"{folder}/{sample(prefix).name}"


def _rechunk(data: dict[str, Any]) -> None:
    """Cut the first chunk with a long enough text in two (same text, other chunks), and regenerate the fingerprint."""
    body = data["response"]["body"]
    for i, chunk in enumerate(body):
        choices = chunk["__data__"].get("choices") or []
        text = choices[0]["delta"].get("content") if choices else None
        if isinstance(text, str) and len(text) >= 2:
            first, second = copy.deepcopy(chunk), copy.deepcopy(chunk)
            first["__data__"]["choices"][0]["delta"]["content"] = text[: len(text) // 2]
            first["__data__"]["choices"][0]["finish_reason"] = None
            second["__data__"]["choices"][0]["delta"]["content"] = text[len(text) // 2 :]
            second["__data__"]["choices"][0]["delta"]["role"] = None
            body[i : i + 1] = [first, second]
            break
    else:
        raise AssertionError("no chunk to cut")
    for chunk in body:
        chunk["__data__"]["system_fingerprint"] = "fp_rerecorded"


def _edit_text(data: dict[str, Any], old: str, new: str) -> None:
    for chunk in data["response"]["body"]:
        for c in chunk["__data__"].get("choices") or []:
            t = c["delta"].get("content")
            if isinstance(t, str) and old in t:
                c["delta"]["content"] = t.replace(old, new, 1)
                return
    raise AssertionError(f"{old!r} not in the stream")


def first_word(data: dict[str, Any]) -> str:
    for chunk in data["response"]["body"]:
        for c in chunk["__data__"].get("choices") or []:
            t = c["delta"].get("content")
            if isinstance(t, str) and t.strip():
                return t.strip().split()[0]
    raise AssertionError("empty stream")


def build_scenario(root: Path) -> dict[str, str]:
    """The repository, one commit per change; returns tag -> commit id."""
    need_git()
    init_repo(root)
    shas: dict[str, str] = {}
    for prefix in (CHURN, REQUEST, MOVE, MOVE_EDIT, DELETE, HOST, PROJECT):
        put(root, rel_of(prefix), read(sample(prefix)))
    shas["t-base"] = commit(root, "Add recordings", "t-base")

    d = read(sample(CHURN))
    _rechunk(d)
    put(root, rel_of(CHURN), d)
    shas["t-churn"] = commit(root, "Re-record the reasoning test", "t-churn")

    d = read(sample(REQUEST))
    d["request"]["body"]["messages"][-1]["content"] += " Answer briefly."
    put(root, rel_of(REQUEST), d)
    shas["t-request"] = commit(root, "Edit a prompt in place", "t-request")

    (root / AGENTS).mkdir(parents=True)
    git(root, "mv", rel_of(MOVE), rel_of(MOVE, AGENTS))
    shas["t-move"] = commit(root, "Move a recording", "t-move")

    d = read(sample(MOVE_EDIT))
    word = first_word(d)
    _edit_text(d, word, word + "X")
    (root / rel_of(MOVE_EDIT)).unlink()
    put(root, rel_of(MOVE_EDIT, AGENTS), d)
    shas["t-move-edit"] = commit(root, "Move a recording and fix its text", "t-move-edit")

    (root / rel_of(DELETE)).unlink()
    shas["t-delete"] = commit(root, "Delete a recording", "t-delete")

    d = read(sample(HOST))
    d["request"]["url"] = d["request"]["url"].replace("localhost", "127.0.0.1")
    d["response"]["body"]["__type__"] = d["response"]["body"]["__type__"].replace("openai.types", "openai_v2.types")
    put(root, rel_of(HOST), d)
    shas["t-host"] = commit(root, "Point recordings at 127.0.0.1", "t-host")

    d = read(sample(PROJECT))
    d["test_id"] = d["test_id"].replace("openai_client", "ogx_client")
    put(root, rel_of(PROJECT), d)
    shas["t-project"] = commit(root, "Rename the project: openai_client -> ogx_client", "t-project")

    put(root, f"tests/integration/interactions/recordings/{sample(ADDED).name}", read(sample(ADDED)))
    shas["t-added"] = commit(root, "Add an interactions recording", "t-added")

    d = read(sample(ADDED))
    d["test_id"] = d["test_id"] + "-copy"
    put(root, "tests/integration/interactions/recordings/" + "0" * 64 + ".json", d)
    shas["t-added-stale"] = commit(root, "Add a recording under a wrong name", "t-added-stale")
    return shas
