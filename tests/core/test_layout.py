"""The recorder's layout answers once: check's hint, the Doctor's ``git mv`` and ``rehash`` name the same file.

Each case puts a recording where (and under a name) the recorder would not find
it, then asks the three front doors of the layout.  After ``rehash`` the file is
where the recorder's replay looks, and ``check`` says nothing about its place or name.
"""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.cli.main import main
from inspector.core.base.writer import write_recording
from inspector.core.checks.explain import Miss, explain
from inspector.core.checks.runner import check_paths
from inspector.core.edit.rehash import plan_rehash
from inspector.core.edit.root import Root
from inspector.core.rules import hashing, layout, profiles

PLACE_OR_NAME = {"wrong-directory", "missing-test-id", "hash-mismatch", "hash-legacy-rule", "legacy-name"}
CHAT_URL = "https://api.openai.com/v1/v1/chat/completions"
MODELS_URL = "https://api.openai.com/v1/models"
STALE = "5a1e" * 16  # a name no rule computes for these requests


@dataclass(frozen=True)
class Case:
    name: str
    test_id: str | None
    at: str  # where the file is, relative to the repository root
    expected: str  # where it belongs (relative), "{h}" the newest hash
    model_list: bool = False
    legacy: bool = False  # the 2025 layout: a 12-character name, index.sqlite, no test_id key
    git: bool = True
    found: bool = True  # whether replay inside the repository finds it afterwards


CASES = [
    Case(
        "normal id in another test's folder",
        "tests/integration/inference/test_chat.py::test_capital",
        "tests/integration/agents/recordings/" + STALE + ".json",
        "tests/integration/inference/recordings/{h}.json",
    ),
    Case(
        "no test id outside the common folder",
        None,
        "tests/integration/agents/recordings/" + STALE + ".json",
        "tests/integration/common/recordings/{h}.json",
    ),
    Case(
        "parametrised id with / and :: inside",
        "tests/integration/inference/test_chat.py::TestChat::test_x[txt=openai/gpt-4o::a/b-c]",
        "tests/integration/inference/recordings/" + STALE + ".json",
        "tests/integration/inference/recordings/{h}.json",
    ),
    Case(
        ".. that stays inside the repository",
        "tests/integration/agents/../inference/test_chat.py::test_up",
        "tests/integration/agents/recordings/" + STALE + ".json",
        "tests/integration/inference/recordings/{h}.json",
    ),
    Case(
        ".. that leaves the repository: renamed where it is",
        "../../elsewhere/test_chat.py::test_out",
        "tests/integration/agents/recordings/" + STALE + ".json",
        "tests/integration/agents/recordings/{h}.json",
        found=False,  # the recorder would look outside the repository; nothing is written there
    ),
    Case(
        "model list in another test's folder",
        "tests/integration/inference/test_models.py::test_list",
        "tests/integration/agents/recordings/models-" + STALE + "-{digest}.json",
        "tests/integration/inference/recordings/models-{h}-{digest}.json",
        model_list=True,
    ),
    Case(
        "model list without the models- prefix",
        None,
        "tests/integration/common/recordings/{h}.json",
        "tests/integration/common/recordings/models-{h}-{digest}.json",
        model_list=True,
    ),
    Case(
        "chat named as a model list",
        None,
        "tests/integration/common/recordings/models-{h}-0123abcd.json",
        "tests/integration/common/recordings/{h}.json",
    ),
    Case(
        "the 2025 layout",
        None,
        "tests/integration/recordings/responses/{h12_2025}.json",
        "tests/integration/common/recordings/{h}.json",
        legacy=True,
    ),
    Case(
        "a path outside git",
        "tests/integration/inference/test_chat.py::test_capital",
        "tests/integration/agents/recordings/" + STALE + ".json",
        "tests/integration/inference/recordings/{h}.json",
        git=False,
    ),
]

MODELS = [{"id": "gpt-4o", "object": "model", "created": 0, "owned_by": "openai"}]


def _recording(case: Case) -> dict[str, Any]:
    if case.model_list:
        request = {"method": "GET", "url": MODELS_URL, "headers": {}, "body": {}, "endpoint": "/v1/models", "model": ""}
        body: Any = [{"__type__": "openai.types.model.Model", "__data__": m} for m in MODELS]
    else:
        question = {"role": "user", "content": f"Where is {case.name}?"}
        request = {
            "method": "POST",
            "url": CHAT_URL,
            "headers": {},
            "body": {"model": "gpt-4o", "messages": [question], "stream": False},
            "endpoint": "/v1/chat/completions",
            "model": "gpt-4o",
        }
        message = {"role": "assistant", "content": "Here."}
        body = {
            "__type__": "openai.types.chat.chat_completion.ChatCompletion",
            "__data__": {
                "id": f"rec-{STALE[:12]}",
                "choices": [{"finish_reason": "stop", "index": 0, "logprobs": None, "message": message}],
                "created": 0,
                "model": "gpt-4o",
                "object": "chat.completion",
            },
        }
    response = {"body": body, "is_streaming": False}
    if case.legacy:  # 2025: no test_id key, no id mapping
        return {"request": request, "response": response}
    return {"test_id": case.test_id, "request": request, "response": response, "id_normalization_mapping": {}}


def _named(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _git_mv_target(hint: str | None, cwd: Path) -> Path | None:
    if not hint or "git mv " not in hint:
        return None
    words = shlex.split(hint.split("git mv ", 1)[1])
    return Path(os.path.abspath(cwd / words[1]))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_the_doctor_and_rehash_name_the_same_file(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "tests/integration").mkdir(parents=True)
    if case.git:
        (repo / ".git").mkdir()  # the layout only looks for the marker; no git command runs
    cwd = tmp_path / "somewhere-else"  # rehash must not need the current folder
    cwd.mkdir()
    monkeypatch.chdir(cwd)

    data = _recording(case)
    request = data["request"]
    h = hashing.request_hash(request, case.test_id)
    assert h is not None
    values = {
        "h": h,
        "digest": hashing.model_list_digest(data["response"]["body"]) or "",
        "h12_2025": hashing.request_hash(request, None, profiles.rule_set("2025-07")) or "",
    }
    path = repo / _named(case.at, values)
    expected = repo / _named(case.expected, values)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_recording(path, data)
    if case.legacy:
        with sqlite3.connect(path.parent.parent / "index.sqlite") as db:
            db.execute("create table recordings(request_hash, response_file, endpoint, model, timestamp, is_streaming)")
            db.execute("insert into recordings values (?, ?, '/v1/chat/completions', 'gpt-4o', '', 0)", (path.stem, path.name))

    # 1. check: every hint that moves the file names the expected file
    findings = check_paths([path]).findings
    assert {f.code for f in findings} & PLACE_OR_NAME, findings
    hinted = {_git_mv_target(f.hint, cwd) for f in findings if f.code in PLACE_OR_NAME}
    assert hinted == {expected}

    # 2. the Doctor: a miss of the request's newest hash, with the file's test id
    miss = Miss(h, model=request["model"], method=request["method"], url=request["url"], test_id=case.test_id)
    diagnosis = explain(miss, repo, files=[path])
    moves = [_git_mv_target(s.hint, cwd) for s in diagnosis.sightings if s.path == path]
    assert moves == [expected]

    # 3. rehash, run from elsewhere (outside git too): it writes exactly there
    assert plan_rehash(path, root=Root(layout.write_root([path]))).target == expected
    assert main(["rehash", str(path)]) == 0
    assert expected.is_file() and not path.exists()

    # After the rename: nothing about its place or name, and the recorder's replay finds it
    assert not {f.code for f in check_paths([expected]).findings} & PLACE_OR_NAME
    looked = layout.replay_lookup(repo, case.test_id, h, model_list=case.model_list)
    assert looked.searched(expected) is case.found
    assert json.loads(expected.read_text())["request"] == request


def test_the_write_root_is_never_the_current_folder_when_the_paths_are_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "project"
    folder = repo / "tests/integration/inference/recordings"
    folder.mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "project" / "tests")
    assert layout.write_root([folder]) == repo  # the folder holding tests/, not the current one
    (repo / ".git").mkdir()
    assert layout.write_root([folder / "x.json"]) == repo
    loose = tmp_path / "loose"
    loose.mkdir()
    monkeypatch.chdir(tmp_path)
    # no layout, no git: the command line falls back to the current folder (so rm /etc/passwd is
    # refused), the app to the folder the user opened
    assert layout.write_root([loose / "a.json"]) == tmp_path
    assert layout.write_root([loose], opened=True) == loose


def test_replay_searches_the_test_folder_then_the_common_fallback(tmp_path: Path) -> None:
    h = "ab" * 32
    own = layout.replay_lookup(tmp_path, "tests/integration/agents/test_a.py::test_b[x/y]", h)
    assert own.folders == (
        tmp_path / "tests/integration/agents/recordings",
        tmp_path / "tests/integration/common/recordings",
    )
    assert own.file_name == f"{h}.json"
    models = layout.replay_lookup(tmp_path, None, h, model_list=True)
    assert models.folders == (tmp_path / "tests/integration/common/recordings",)
    assert models.matches(f"models-{h}-0123abcd.json") and not models.matches(f"{h}.json")
    escaping = layout.replay_lookup(tmp_path, "../../x/test_a.py::t", h)
    assert escaping.folders == (tmp_path / "tests/integration/common/recordings",)


@pytest.mark.parametrize(
    ("url", "shared"),
    [
        ("https://api.openai.com/v1/v1/models", True),  # ogx 1.5.0 hashes it with a null test id
        ("http://localhost:11434/v1/models", True),  # /v1/models is shared on any host
        ("http://localhost:8000/v1/v1/models", False),  # a local server's other path: per test
    ],
)
def test_a_model_list_read_beside_tests_is_what_replay_finds(tmp_path: Path, url: str, shared: bool) -> None:
    """``read_beside_tests`` agrees with the recorder's lookup: a test of the folder computes the
    file's hash and searches that folder for ``models-<hash>-*.json``."""
    request = {"method": "GET", "url": url, "headers": {}, "body": {}, "endpoint": "/v1/models", "model": ""}
    h = hashing.request_hash(request, None)
    assert h is not None
    path = tmp_path / f"tests/integration/responses/recordings/models-{h}-0123abcd.json"
    path.parent.mkdir(parents=True)
    path.write_text("{}")
    assert hashing.hashes_test_id(request) is not shared
    assert layout.read_beside_tests(path, request) is shared
    test_id = "tests/integration/responses/test_x.py::test_y"
    lookup = layout.replay_lookup(tmp_path, test_id, hashing.request_hash(request, test_id) or "", model_list=True)
    assert lookup.searched(path) is shared
    # An older recorder that keeps files elsewhere, or a folder replay never searches: never.
    assert not layout.read_beside_tests(path, request, profiles.rule_set("2025-07"))
    astray = tmp_path / f"tests/integration/responses/saved/models-{h}-0123abcd.json"
    assert not layout.read_beside_tests(astray, request)


_SEGMENT = st.sampled_from(["tests", "integration", "inference", "agents", "..", ".", "a b", "x[1]", "common"])


@given(
    parts=st.lists(_SEGMENT, min_size=0, max_size=6),
    tail=st.text(alphabet="abc/:[]=-.", max_size=12),
    prefix=st.sampled_from(["", "/", "../"]),
)
def test_a_test_id_never_places_a_file_outside_the_repository(parts: list[str], tail: str, prefix: str) -> None:
    root = Path("/repo")
    here = root / "tests/integration/agents/recordings"
    test_id = prefix + "/".join([*parts, "test_x.py"]) + "::t" + tail
    where = layout.home(here / "f.json", test_id, None, tests_root=root)
    resolved = Path(os.path.normpath(where))  # ".." spelled inside a path must not hide an escape
    assert resolved == where and (where == here or root in where.parents)  # inside, or left where it is
    looked = layout.replay_lookup(root, test_id, "a" * 64)
    assert all(root in Path(os.path.normpath(folder)).parents for folder in looked.folders)
    assert looked.folders[-1] == root / layout.COMMON_RECORDINGS  # the fallback is always searched last
    if where != here:
        assert where == looked.folders[0]  # where it is put is where replay looks first


def test_rehash_a_loose_folder_outside_the_current_folder_and_outside_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    loose = tmp_path / "loose"  # no tests/ folder, no git: nothing to place it by
    data = _recording(CASES[0])
    path = loose / f"{STALE}.json"
    path.parent.mkdir(parents=True)
    write_recording(path, data)
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    assert main(["rehash", str(loose)]) == 0
    h = hashing.request_hash(data["request"], data["test_id"])
    assert (loose / f"{h}.json").is_file() and not path.exists()  # renamed where it is
    assert "is outside" not in capsys.readouterr().err
    assert main(["rm", str(loose / f"{h}.json")]) == 1  # deleting still needs a root that holds it
    assert "is outside" in capsys.readouterr().err
