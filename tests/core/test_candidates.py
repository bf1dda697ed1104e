"""Ranking a batch of misses from per-file records: the same answers, each recording read once.

``explain_misses`` reduces every recording to a :class:`FileRecord` once and ranks all its
misses from the records; ``explain`` given a list of files reads them as it ranks.  Both
must give exactly what ranking one miss at a time gave.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core.checks import candidates as candidates_module
from inspector.core.checks import explain as explain_module
from inspector.core.checks.candidates import Candidates, TestIdHash
from inspector.core.checks.explain import Miss, explain, rank_request
from inspector.core.checks.misses import explain_miss, explain_misses
from inspector.core.recording.captures import read_misses
from inspector.core.recording.discovery import discover
from inspector.core.recording.loading import load
from inspector.core.rules import hashing
from tests.capture_files import recording, sample, sample_root, write_miss
from tests.conftest import SAMPLES, corpus_files

OTHER = "tests/integration/agents/test_agents.py::test_moved_here[openai_client-txt=openai/gpt-4o]"


def _request_hash(request: Any, test_id: str | None) -> str | None:
    """What explain's ranking compared before (``_hashes_to``): the newest rules, None when it raises."""
    try:
        return hashing.request_hash(request, test_id)
    except (RecursionError, TypeError, ValueError):
        return None


# --- the hash under another test id ------------------------------------------------------------


def test_test_id_hash_is_request_hash_on_every_sample_and_corpus_file() -> None:
    kinds: Counter[str] = Counter()
    for path in sorted(SAMPLES.rglob("*.json")) + corpus_files():
        rec = load(path)
        if not rec.ok or not rec.test_id:
            continue
        request = rec.request_raw
        hasher = TestIdHash(request)
        for test_id in (rec.test_id, OTHER, None, rec.test_id + "[é]"):
            assert hasher.hash(test_id) == _request_hash(request, test_id), (path, test_id)
        kinds[hashing.hash_kind(request)] += 1
        if hashing.hash_kind(request) != hashing.HashKind.NONE and not hashing.hashes_test_id(request):
            kinds["no test id in the hash"] += 1
    # the shipped samples alone hold these; the corpus adds Bedrock's stream_options
    assert kinds[hashing.HashKind.INFERENCE] >= 20 and kinds[hashing.HashKind.HTTP] >= 1
    assert kinds[hashing.HashKind.TOOL] >= 1 and kinds["no test id in the hash"] >= 3


_CHAT = {"model": "m", "messages": [{"role": "user", "content": "hi 0.1234567"}], "stream": True, "stream_options": {"include_usage": True}}


@pytest.mark.parametrize(
    "request_",
    [
        {"method": "POST", "url": "https://bedrock-runtime.us-east-1.amazonaws.com/v1/chat/completions", "body": _CHAT},
        {"method": "POST", "url": "http://localhost:8321/bedrock/v1/chat/completions", "body": _CHAT},  # bedrock in the path only
        {"method": "POST", "url": "http://0.0.0.0:11434/v1/chat/completions", "body": _CHAT},
        {"method": "GET", "url": "https://api.openai.com/v1/models", "body": {}},  # shared: hashed with a null test id
        {"method": "GET", "url": "http://localhost:11434/v1/models", "body": {}},
        {"method": "GET", "url": "http://localhost:8080/info", "endpoint": "/info"},  # TEI: no body, hashed with {}
        {"provider": "tavily-search", "tool_name": "web_search", "kwargs": {"query": "llamas"}},  # no test id at all
        {"method": "POST", "url": "http://localhost:9/v1/rerank", "payload": {"q": "x"}},  # test_id is not the last key
        {"method": "POST", "url": "http://0.0.0.0:11434/v1/embeddings", "body": {"input": ["A" * 5000, "é" * 3000]}},
        {"method": "POST", "url": "http://[::1/v1/chat/completions", "body": {}},  # urlparse raises: no hash
        {"url": 3, "body": {}},  # no hash rule
    ],
)
def test_test_id_hash_is_request_hash_for_every_rule_of_the_test_id(request_: dict[str, Any]) -> None:
    hasher = TestIdHash(request_)
    for test_id in (None, "tests/a/test_b.py::test_c", OTHER, 'quote " and \\ and \x00'):
        assert hasher.hash(test_id) == _request_hash(request_, test_id)


_text = st.text(st.sampled_from('ab :."\\\x00é0123456789'), max_size=10)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=15,
)
_url = st.sampled_from(
    [
        "http://0.0.0.0:11434/v1/chat/completions",
        "https://bedrock-runtime.amazonaws.com/v1/chat/completions",
        "https://api.openai.com/v1/models",
        "http://localhost:8321/v1/openai/v1/models",
        "http://localhost:9/v1/rerank",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["body", "payload", "tool"]), _url, _json, st.none() | _text, st.none() | _text)
def test_test_id_hash_is_request_hash_for_any_request_and_test_id(shape: str, url: str, value: Any, tid_a: str | None, tid_b: str | None) -> None:
    if shape == "tool":
        request: dict[str, Any] = {"provider": "p", "tool_name": "t", "kwargs": value}
    else:
        request = {"method": "POST", "url": url, shape: value}
    hasher = TestIdHash(request)
    for test_id in (tid_a, tid_b):
        assert hasher.hash(test_id) == _request_hash(request, test_id)


# --- a batch gives what one miss at a time gave -------------------------------------------------


def _misses_from_every_sample(root: Path, capture: Path) -> None:
    """For each sample with a test: its request under another test id, under its own (found
    where replay looks), with a changed body, and with a hash our rules do not reproduce."""
    for n, path in enumerate(sorted(root.rglob("*.json"))):
        rec = load(path)
        if not rec.ok or not rec.test_id or hashing.request_hash(rec.request_raw, rec.test_id) is None:
            continue
        request = rec.request_raw
        write_miss(capture, request, OTHER, root=root)
        write_miss(capture, request, rec.test_id, root=root)
        changed = copy.deepcopy(request)
        for key in ("body", "payload", "kwargs"):
            if isinstance(changed.get(key), dict):
                changed[key]["added_by_the_test"] = n
        write_miss(capture, changed, rec.test_id, root=root)
        if n % 4 == 0:
            write_miss(capture, request, OTHER, root=root, request_hash=f"{n:064x}")


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, list]:
    root = sample_root(tmp_path)
    capture = tmp_path / "capture"
    _misses_from_every_sample(root, capture)
    got = read_misses([capture])
    assert got.errors == []
    assert len(got.misses) >= 60
    return root, got.misses


def test_a_batch_gives_the_reports_of_one_miss_at_a_time(batch: tuple[Path, list]) -> None:
    root, misses = batch
    together = [r.to_json() for r in explain_misses(misses, root)]
    alone = [explain_miss(m, root).to_json() for m in misses]
    assert together == alone
    heals = Counter(r["heal"] for r in together)
    assert heals["safe"] >= 20 and heals["unsafe"] >= 20 and sum(r["present"] is not None for r in together) >= 20


def test_shared_records_rank_as_reading_each_file(batch: tuple[Path, list]) -> None:
    """Every candidate, its reasons and changes, and every sighting (not only the nearest)."""
    root, misses = batch
    files = discover([root]).files
    shared = Candidates(files)
    for m in misses:
        fresh = rank_request(m.request, m.test_id, m.hash, root, files=files, limit=8).to_json()
        assert rank_request(m.request, m.test_id, m.hash, root, files=shared, limit=8).to_json() == fresh
    # a pasted body that is not the missed request: the same request is still found by its hash
    src = recording(sample(root, "724f5673"))
    miss = Miss(hashing.request_hash(src["request"], OTHER), model="gpt-4o", method="POST", url=src["request"]["url"], test_id=OTHER)
    body = {**src["request"]["body"], "temperature": 0.5}
    fresh = explain(miss, root, body=body, files=files).to_json()
    assert explain(miss, root, body=body, files=shared).to_json() == fresh
    assert "the same request under another test id" in fresh["candidates"][0]["reasons"]


def test_a_batch_reads_each_recording_once(batch: tuple[Path, list], monkeypatch: pytest.MonkeyPatch) -> None:
    root, misses = batch
    files = discover([root]).files
    scanned: Counter[Path] = Counter()
    again: Counter[Path] = Counter()

    def counting(into: Counter[Path]):
        def load_counted(path):
            into[Path(path)] += 1
            return load(path)

        return load_counted

    monkeypatch.setattr(candidates_module, "load", counting(scanned))
    monkeypatch.setattr(explain_module, "load", counting(again))
    reports = explain_misses(misses, root)
    assert len(reports) == len(misses) >= 60
    assert scanned == Counter(files)  # each recording read once for the whole batch
    # read again: only the ranked candidates (5 a miss at most) and the files that are the missed request
    sightings = sum(r.present is not None for r in reports)
    assert sum(again.values()) <= 5 * len(misses) + sightings < len(files) * len(misses)


def test_explain_command_with_several_misses_says_what_each_alone_says(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``explain`` on a pasted run with several failures shares one reading of the recordings."""
    from inspector.cli import main

    root = sample_root(tmp_path)
    failures = []
    for prefix, test_id in (("724f5673", OTHER), ("724f5673", None), ("3b8fc7e5", OTHER)):
        src = recording(sample(root, prefix))
        failures.append(test_id or src["test_id"])
        failures.append(hashing.request_hash(src["request"], test_id or src["test_id"]))
    failures.append("tests/integration/inference/test_new.py::test_new")
    failures.append("c" * 64)
    pairs = list(zip(failures[::2], failures[1::2], strict=True))
    text = "\n".join(f"FAILED {node} - RuntimeError: Recording not found for request hash: {h}" for node, h in pairs)

    def lines(pasted: str) -> list[dict[str, Any]]:
        assert main(["explain", pasted, "--root", str(root), "--format", "json"]) in (0, 1)
        return [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    together = lines(text)
    assert len(together) == len(pairs)
    assert together == [lines(line)[0] for line in text.splitlines()]
    assert together[0]["candidates"] and together[1]["sightings"]
