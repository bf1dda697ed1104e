"""Recorder profiles: one object per recorder, its name checked once; TEI's /info; not-replayed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.core.base.model import Kind
from inspector.core.base.writer import write_recording
from inspector.core.checks.codes import CheckOptions
from inspector.core.checks.runner import check_paths
from inspector.core.index.summary import summarize
from inspector.core.recording.loading import load
from inspector.core.rules import hashing
from inspector.core.rules.profiles import ALIASES, NEWEST, RULE_SETS, rule_names, rule_set

from ..conftest import SAMPLES

TEI = next((SAMPLES / "tests/integration/common/recordings").glob("models-*-fd820408.json"), None)
NATIVE_OLLAMA = ("/api/generate", "/api/chat", "/api/embeddings", "/api/ps", "/api/pull", "/api/tags")


def test_every_profile_is_found_by_its_name_and_the_aliases_name_the_newest() -> None:
    assert [r.name for r in RULE_SETS] == ["2026-10", "2026-05", "2026-03", "2025-10-08", "2025-10-03", "2025-07"]
    for r in RULE_SETS:
        assert rule_set(r.name) is r
    for alias in ALIASES:
        assert rule_set(alias) is NEWEST
    assert NEWEST.name == "2026-10"


@given(st.text(min_size=1, max_size=12).filter(lambda s: s not in rule_names()))
def test_an_unknown_name_is_one_line_naming_every_valid_one(name: str) -> None:
    with pytest.raises(ValueError) as exc:
        rule_set(name)
    message = str(exc.value)
    assert "\n" not in message.replace(repr(name), "")
    assert all(valid in message for valid in rule_names())


def test_what_each_profile_normalises_and_where_it_looks() -> None:
    assert rule_set("2026-10").models_created and not rule_set("2026-05").models_created
    assert not rule_set("2025-07").normalizes and rule_set("2025-10-03").normalizes
    assert rule_set("2025-07").layout == "responses" and rule_set("2026-03").layout == "per-test"


@pytest.mark.skipif(TEI is None, reason="the TEI /info sample is not shipped")
def test_tei_info_reads_as_a_model_list_with_its_hash_and_digest() -> None:
    assert TEI is not None
    rec = load(TEI)
    assert rec.kind == Kind.MODELS
    assert rec.model == "BAAI/bge-small-en-v1.5"
    assert ("model", "BAAI/bge-small-en-v1.5") in rec.rebuild.details
    assert rec.hash.status == "ok" and rec.hash.rule == "2026-10"
    # The recorder's recipe, spelled out: GET, the URL's path, body {}, test id null (shared)
    obj = {"method": "GET", "endpoint": "/info", "body": {}, "test_id": None}
    expected = hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()
    digest = hashlib.sha256(b"BAAI/bge-small-en-v1.5").hexdigest()[:8]
    assert TEI.name == f"models-{expected}-{digest}.json"
    assert summarize(rec).model == "BAAI/bge-small-en-v1.5"
    assert check_paths([TEI]).findings == []
    raw = TEI.read_bytes()
    assert raw == (json.dumps(json.loads(raw), indent=2) + "\n").encode()  # the recorder's bytes


def _write(folder: Path, request: dict, body: object) -> Path:
    h = hashing.request_hash(request, "tests/integration/x/test_a.py::t") or "0" * 64
    path = folder / f"{h}.json"
    data = {"test_id": "tests/integration/x/test_a.py::t", "request": request, "response": {"body": body, "is_streaming": False}, "id_normalization_mapping": {}}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_recording(path, data)
    return path


@pytest.mark.parametrize("endpoint", NATIVE_OLLAMA)
def test_native_ollama_calls_are_not_replayed_by_ogx_1_5_only(tmp_path: Path, endpoint: str) -> None:
    folder = tmp_path / "tests/integration/x/recordings"
    request = {"method": "POST", "url": f"http://localhost:11434{endpoint}", "headers": {}, "body": {"model": "llama3.2:3b"}, "endpoint": endpoint, "model": "llama3.2:3b"}
    path = _write(folder, request, {"__type__": "ollama._types.ProcessResponse", "__data__": {"models": []}})
    path = path.rename(path.with_name("f" * 64 + ".json"))  # a stale name too: still only not-replayed
    findings = check_paths([path]).findings
    assert [f.code for f in findings] == ["not-replayed"]
    assert findings[0].hint is not None and "recording-inspector rm " in findings[0].hint
    older = check_paths([path], opts=CheckOptions(rules=rule_set("2026-05"))).findings
    assert "not-replayed" not in {f.code for f in older} and "hash-mismatch" in {f.code for f in older}


def test_file_processor_calls_are_not_replayed_and_openai_calls_are(tmp_path: Path) -> None:
    folder = tmp_path / "tests/integration/x/recordings"
    fp = {"test_id": "tests/integration/x/test_a.py::t", "provider": "pypdf", "api": "file_processors", "file_id": "file-1"}
    body = {"__type__": "ogx_api.file_processors.ProcessFileResponse", "__data__": {"chunks": []}}
    path = folder / ("e" * 64 + ".json")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_recording(path, {"test_id": fp["test_id"], "request": fp, "response": {"body": body, "is_streaming": False}, "id_normalization_mapping": {}})
    assert [f.code for f in check_paths([path]).findings] == ["not-replayed"]
    chat = {"method": "POST", "url": "http://localhost:11434/v1/chat/completions", "headers": {}, "body": {"model": "m"}, "endpoint": "/v1/chat/completions", "model": "m"}
    ok = _write(folder, chat, {"__type__": "openai.types.chat.chat_completion.ChatCompletion", "__data__": {"id": "x", "choices": [], "created": 0, "model": "m", "object": "chat.completion"}})
    assert "not-replayed" not in {f.code for f in check_paths([ok]).findings}


def test_rehash_leaves_what_the_recorder_never_reads_and_renames_it_under_an_older_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspector.cli.main import main

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "tests/integration/x/recordings"
    request = {"method": "POST", "url": "http://localhost:11434/api/ps", "headers": {}, "body": {}, "endpoint": "/api/ps", "model": ""}
    path = _write(folder, request, {"__type__": "ollama._types.ProcessResponse", "__data__": {"models": []}})
    stale = path.rename(path.with_name("f" * 64 + ".json"))
    assert main(["rehash", "-v", str(stale)]) == 0
    out = capsys.readouterr().out
    assert stale.exists() and "never reads it" in out and "recording-inspector rm" in out
    assert main(["rehash", "--rules", "2026-05", str(stale)]) == 0
    assert not stale.exists() and "renamed " in capsys.readouterr().out
