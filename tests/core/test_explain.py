"""``explain``: parsing replay misses, and finding what the request drifted from."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

from inspector.core import load
from inspector.core.checks.explain import explain, parse_body, parse_misses
from inspector.core.rules import hashing, profiles
from inspector.testing.factories import CHAT_URL, chat_body, write_chat
from tests.conftest import Source

TEST_ID = "tests/integration/inference/test_chat.py::test_capital[txt=openai/gpt-4o]"


def miss_message(h: str, model: str = "gpt-4o", url: str = CHAT_URL) -> str:
    return (
        f"Recording not found for request hash: {h}\n"
        f"Model: {model} | Request: POST {url}\n\n"
        "Run './scripts/integration-tests.sh --inference-mode record-if-missing' with required API keys to generate."
    )


def pytest_output(*failures: tuple[str, str], model: str = "gpt-4o", url: str = CHAT_URL) -> str:
    """A pasted pytest run: a section per failing test, then the short summary."""
    parts = [
        "============================= test session starts ==============================",
        "collected 12 items",
        "",
    ]
    for node, h in failures:
        name = node.split("::", 1)[1].replace("::", ".")
        parts += [
            f"________________________ {name} ________________________",
            "",
            "    def test_x():",
            ">       client.chat.completions.create(...)",
            "E   RuntimeError: " + miss_message(h, model, url).replace("\n", "\nE   "),
            "",
        ]
    parts.append("=========================== short test summary info ============================")
    parts += [f"FAILED {node} - RuntimeError: Recording not found for request hash: {h}" for node, h in failures]
    return "\n".join(parts)


# --- parsing ----------------------------------------------------------------------------------


def test_parse_the_message() -> None:
    h = "a" * 64
    (m,) = parse_misses(miss_message(h))
    assert (m.hash, m.model, m.method, m.url, m.test_id) == (h, "gpt-4o", "POST", CHAT_URL, None)
    assert m.path == "/v1/v1/chat/completions" and not m.model_list


def test_parse_pytest_output_with_two_failures() -> None:
    a, b = "a" * 64, "b" * 64
    node_a = "tests/integration/inference/test_chat.py::TestChat::test_one[txt=openai/gpt-4o]"
    node_b = "tests/integration/inference/test_chat.py::test_two"
    misses = parse_misses(pytest_output((node_a, a), (node_b, b)))
    assert [(m.hash, m.test_id) for m in misses] == [(a, node_a), (b, node_b)]
    assert all(m.url == CHAT_URL for m in misses)


def test_parse_the_older_recorder_message_and_a_bare_hash() -> None:
    h = "c" * 64
    old = f"No recorded response found for request hash: {h}\nRequest: POST http://localhost:11434/api/chat {{'model': 'x'}}\nModel: llama3.2:3b\n"
    (m,) = parse_misses(old)
    assert (m.url, m.model) == ("http://localhost:11434/api/chat", "llama3.2:3b")
    (bare,) = parse_misses(f"why is {h} missing?")
    assert bare.hash == h


def test_parse_a_tool_miss_computes_its_hash() -> None:
    text = "RuntimeError: Recording not found for tavily.web_search | Request: {'query': 'latest news', 'max_results': 3}\n\nRun ..."
    (m,) = parse_misses(text)
    assert m.family == "tool" and m.tool is not None and m.tool[:2] == ("tavily", "web_search")
    assert m.hash == hashing.hash_object(
        {"provider": "tavily", "tool_name": "web_search", "kwargs": {"query": "latest news", "max_results": 3}}
    )


def test_nothing_to_parse() -> None:
    assert parse_misses("all tests passed") == []


def test_parse_body_accepts_body_request_or_recording() -> None:
    body = chat_body()
    assert parse_body(body) == (body, {})
    assert parse_body({"method": "POST", "url": CHAT_URL, "body": body}) == (body, {"method": "POST", "url": CHAT_URL})
    assert parse_body({"test_id": "t", "request": {"url": CHAT_URL, "body": body}, "response": {}})[1]["test_id"] == "t"


# --- sightings: the file exists but replay did not see it ---------------------------------------


def _explain_for(path: Path, root: Path, test_id: str = TEST_ID, **kw):
    rec = load(path)
    h = hashing.request_hash(rec.request_raw, test_id)
    assert h
    (m,) = parse_misses(miss_message(h))
    return explain(m, root, test_id=test_id, **kw)


def test_present_where_replay_looks(repo: Path) -> None:
    path = write_chat(repo)
    e = _explain_for(path, repo)
    assert [s.how for s in e.sightings] == ["present"]
    assert "another checkout" in e.verdict
    assert e.lookup is not None and e.lookup.folders[0] == repo / "tests/integration/inference/recordings"


def test_in_the_wrong_folder(repo: Path) -> None:
    path = write_chat(repo, folder=repo / "tests/integration/responses/recordings")
    e = _explain_for(path, repo)
    (s,) = e.sightings
    assert s.how == "wrong-folder" and "tests/integration/inference/recordings/" in s.reason
    assert s.hint and s.hint.startswith("git mv")
    assert "cannot see it" in e.verdict


def test_renamed_by_older_rules(repo: Path) -> None:
    body = chat_body(temperature=0.123456789)
    request = {"method": "POST", "url": CHAT_URL, "body": body}
    old = hashing.request_hash(request, TEST_ID, profiles.rule_set("2025-10-08"))
    path = write_chat(repo, body=body, name=f"{old}.json")
    e = _explain_for(path, repo)
    (s,) = e.sightings
    assert s.how == "renamed" and "2025-10-08" in s.reason


def test_twelve_character_name(repo: Path) -> None:
    path = write_chat(repo)
    short = path.with_name(path.name[:12] + ".json")
    path.rename(short)
    e = _explain_for(short, repo)
    assert [s.how for s in e.sightings] == ["short-name"]


def test_unknown_test_id_says_so(repo: Path) -> None:
    path = write_chat(repo)
    rec = load(path)
    (m,) = parse_misses(miss_message(hashing.request_hash(rec.request_raw, TEST_ID) or ""))
    e = explain(m, repo)
    assert any("test id is unknown" in n for n in e.notes)
    assert e.lookup is not None and e.lookup.folders == (repo / "tests/integration/common/recordings",)


# --- drift: the request changed ---------------------------------------------------------------------


def test_drift_from_an_edited_real_recording(source: Source) -> None:
    """Edit a real request (a tool description and the temperature): the original ranks first, the paths are named."""
    src = source.file("tool-stream")
    rec = load(src)
    request = copy.deepcopy(rec.request_raw)
    old_description = request["body"]["tools"][0]["function"]["description"]
    assert "temperature" not in request["body"]
    request["body"]["tools"][0]["function"]["description"] = "Get the current time in a timezone"
    request["body"]["temperature"] = 0.7
    h = hashing.request_hash(request, rec.test_id)
    assert h
    text = pytest_output((rec.test_id, h), model=request["body"]["model"], url=request["url"])
    (m,) = parse_misses(text)
    assert m.test_id == rec.test_id
    root = source.root
    e = explain(m, root, body=request["body"])
    assert e.sightings == []
    assert e.body is not None and e.body.matches
    best = e.candidates[0]
    assert best.path == src
    assert best.reasons[:3] == ("same test id", "same endpoint", "same model")
    paths = {c.path: c for c in best.changes}
    assert set(paths) == {"tools[0].function.description", "temperature"}
    desc = paths["tools[0].function.description"]
    assert (desc.old, desc.new) == (old_description, "Get the current time in a timezone")
    assert paths["temperature"].op == "added"
    assert src.name in e.verdict


def test_drift_ranks_same_test_first_without_a_body(repo: Path) -> None:
    other_test = write_chat(
        repo, test_id="tests/integration/inference/test_chat.py::test_other", body=chat_body("Capital of Spain?")
    )
    same_test = write_chat(repo, body=chat_body("Capital of Italy?"))
    write_chat(repo, test_id="tests/integration/responses/test_web.py::test_z", body=chat_body("x"))
    (m,) = parse_misses(miss_message("d" * 64))
    e = explain(m, repo, test_id=TEST_ID)
    assert [c.path for c in e.candidates[:2]] == [same_test, other_test]
    assert e.candidates[0].reasons[0] == "same test id"


def test_body_without_test_id_points_at_server_mode(repo: Path) -> None:
    body = chat_body()
    h_no_test = hashing.request_hash({"method": "POST", "url": CHAT_URL, "body": body}, None)
    (m,) = parse_misses(miss_message(h_no_test or ""))
    e = explain(m, repo, test_id=TEST_ID, body=body)
    assert e.body is not None and not e.body.matches and "outside a test context" in e.body.note


def test_renamed_test_shows_as_a_test_id_change(repo: Path, tmp_path: Path) -> None:
    old_id = "tests/integration/inference/test_chat.py::test_capital_old"
    body = chat_body()
    path = write_chat(repo, test_id=old_id, body=body)
    request = {"method": "POST", "url": CHAT_URL, "body": body}
    (m,) = parse_misses(miss_message(hashing.request_hash(request, TEST_ID) or ""))
    e = explain(m, repo, test_id=TEST_ID, body=body)
    best = e.candidates[0]
    assert best.path == path
    assert [c.path for c in best.changes] == ["test_id"]


def test_model_list_miss_looks_for_models_files(repo: Path) -> None:
    (m,) = parse_misses(miss_message("e" * 64, model="", url="https://api.openai.com/v1/v1/models"))
    e = explain(m, repo, test_id=TEST_ID)
    assert e.lookup is not None and e.lookup.file_name == f"models-{'e' * 64}-*.json"


def test_explain_finds_the_real_mismatched_file(source: Source, tmp_path: Path) -> None:
    """A file whose name matches no rule (edited after recording): a miss on its real hash finds it as renamed."""
    original = source.file("mismatch")
    folder = original.parent.relative_to(source.root)  # tests/integration/<suite>/recordings
    root = tmp_path / "repo"
    shutil.copytree(original.parent, root / folder)
    path = root / folder / original.name
    rec = load(path)
    assert rec.hash.status == "mismatch"
    e = _explain_for(path, root, test_id=rec.test_id or "")
    (s,) = e.sightings
    assert s.how == "renamed" and s.path == path
    assert json.loads(json.dumps(e.to_json()))["sightings"][0]["how"] == "renamed"


def test_parse_a_genai_miss() -> None:
    h = "9" * 64
    text = f"Recording not found for genai request hash: {h}\nModel: gemini-2.0-flash | Endpoint: /generate_content_stream\n"
    (m,) = parse_misses(text)
    assert (m.hash, m.family, m.model, m.endpoint, m.path) == (
        h,
        "genai",
        "gemini-2.0-flash",
        "/generate_content_stream",
        "/generate_content_stream",
    )


def test_real_files_are_found_where_replay_looks(source: Source) -> None:
    """For real recordings whose names are right, the lookup agrees with where the recorder put them."""
    from inspector.core.recording.discovery import discover

    root = source.root
    files = discover([root]).files
    checked = 0
    for path in files:
        rec = load(path)
        if rec.hash.status != "ok" or path.name.startswith("models-") or rec.test_id is None:
            continue
        (m,) = parse_misses(
            f"Recording not found for request hash: {path.stem}\nModel: x | Request: POST {rec.request_raw.get('url', 'http://x/y')}"
        )
        e = explain(m, root, test_id=rec.test_id, files=[path])
        assert [s.how for s in e.sightings] == ["present"], path
        checked += 1
        if checked == 12:
            break
    assert checked >= 10  # the samples hold a dozen such files, the corpus thousands


def test_rank_request_ranks_a_captured_request_without_pytest_output(tmp_path: Path) -> None:
    """The public ranking: a request and a test id, no pasted text (what a captured miss has)."""
    from inspector.core.checks.explain import rank_request
    from inspector.core.recording.discovery import discover
    from inspector.testing.factories import chat_body, chat_request, write_chat

    mine = "tests/integration/x/test_a.py::test_mine"
    near = write_chat(tmp_path, test_id=mine, body=chat_body("What is the capital of France?"))
    write_chat(tmp_path, test_id="tests/integration/x/test_a.py::test_other", body=chat_body("Something else"))
    request = chat_request(body=chat_body("What is the capital of Italy?"))
    ranked = rank_request(request, mine, None, tmp_path, files=discover([tmp_path]).files).candidates
    assert [c.path for c in ranked][0] == near
    assert "same test id" in ranked[0].reasons
    assert any(ch.path.startswith("messages") for ch in ranked[0].changes)
