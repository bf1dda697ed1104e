"""``check``: every code on crafted files, and what the real corpus shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.core.base.writer import write_text_atomic
from inspector.core.checks.codes import CODES, CheckOptions
from inspector.core.checks.runner import check_paths
from inspector.core.rules import hashing, profiles
from inspector.testing.factories import chat_body, piece, write_chat, write_data
from tests.conftest import Source

TEST_ID = "tests/integration/inference/test_chat.py::test_capital[txt=openai/gpt-4o]"


def codes(report, path: Path | None = None) -> list[str]:
    return [f.code for f in report.findings if path is None or f.path == str(path)]


def only(report, code: str):
    found = [f for f in report.findings if f.code == code]
    assert found, f"no {code} in {[(f.code, f.message) for f in report.findings]}"
    return found


def test_a_healthy_recording_has_no_findings(repo: Path) -> None:
    write_chat(repo)
    report = check_paths([repo])
    assert report.findings == []
    assert report.files == 1 and report.exit_code == 0


def test_every_code_has_a_severity_and_meaning() -> None:
    assert {c.severity for c in CODES.values()} == {"error", "warning"}
    for code in (
        "invalid-json",
        "not-a-recording",
        "hash-mismatch",
        "hash-legacy-rule",
        "legacy-name",
        "wrong-directory",
        "missing-test-id",
        "duplicate-request",
        "variant-explosion",
        "unnormalized",
        "type-drift",
        "secret",
        "stream-incomplete",
        "orphan-test",
    ):
        assert code in CODES and CODES[code].summary


def test_invalid_json_and_not_a_recording(repo: Path) -> None:
    folder = repo / "tests/integration/common/recordings"
    write_text_atomic(folder / "broken.json", b'{"request": {"url": ')
    write_text_atomic(folder / "empty.json", b"")
    write_data(folder / "other.json", {"hello": "world"})
    report = check_paths([repo])
    by_name = {Path(f.path).name: f for f in report.findings}
    assert by_name["broken.json"].code == "invalid-json" and "truncated" in by_name["broken.json"].message
    assert by_name["empty.json"].code == "invalid-json"
    assert by_name["other.json"].code == "not-a-recording"
    assert report.exit_code == 1


def test_hash_mismatch_when_the_request_was_edited_in_place(repo: Path) -> None:
    path = write_chat(repo)
    data = json.loads(path.read_text())
    data["request"]["body"]["temperature"] = 0.2
    write_data(path, data)
    (f,) = only(check_paths([repo]), "hash-mismatch")
    assert f.severity == "error" and "replay will never find" in f.message
    computed = hashing.request_hash(data["request"], TEST_ID)
    assert computed and computed in (f.hint or "")


def test_hash_legacy_rule_names_the_rule_and_rules_pins_it(repo: Path) -> None:
    body = chat_body(temperature=0.123456789)  # the 2025-10-08 rules did not round floats
    request = {"method": "POST", "url": "https://api.openai.com/v1/v1/chat/completions", "body": body}
    old = hashing.request_hash(request, TEST_ID, profiles.rule_set("2025-10-08"))
    assert old != hashing.request_hash(request, TEST_ID)
    write_chat(repo, body=body, name=f"{old}.json")
    (f,) = only(check_paths([repo]), "hash-legacy-rule")
    assert f.severity == "warning" and "2025-10-08" in f.message
    pinned = check_paths([repo], CheckOptions(rules=profiles.rule_set("2025-10-08")))
    assert "hash-legacy-rule" not in codes(pinned) and "hash-mismatch" not in codes(pinned)


def test_legacy_name_in_the_2025_layout_is_reported_once(repo: Path) -> None:
    body = chat_body()
    request = {"method": "POST", "url": "https://api.openai.com/v1/v1/chat/completions", "body": body}
    short = hashing.request_hash(request, None, profiles.rule_set("2025-07"))
    folder = repo / "tests/integration/recordings/responses"
    write_chat(
        repo,
        test_id=None,
        folder=folder,
        name=f"{short}.json",
        chunks=[
            piece("Paris", id="chatcmpl-1", created=1754000000),
            piece("", finish="stop", id="chatcmpl-1", created=1754000000),
        ],
    )
    report = check_paths([repo])
    assert codes(report) == ["legacy-name"]  # no wrong-directory, missing-test-id or unnormalized on top
    assert report.exit_code == 0


def test_wrong_directory_and_the_common_fallback(repo: Path) -> None:
    wrong = write_chat(repo, folder=repo / "tests/integration/responses/recordings")
    fallback = write_chat(repo, body=chat_body("Another question"), folder=repo / "tests/integration/common/recordings")
    report = check_paths([repo])
    (f,) = only(report, "wrong-directory")
    assert f.path == str(wrong) and "tests/integration/inference/recordings/" in f.message
    assert "git mv" in (f.hint or "")
    assert codes(report, fallback) == []


def test_wrong_directory_with_tests_root(tmp_path: Path) -> None:
    # No folder named "tests" above the file: only --tests-root tells where the repository is.
    root = tmp_path / "checkout"
    path = write_chat(root, folder=root / "elsewhere/recordings")
    assert check_paths([path]).findings == []
    report = check_paths([path], CheckOptions(tests_root=root))
    assert codes(report) == ["wrong-directory", "orphan-test"]  # and its test file does not exist


def test_missing_test_id_outside_the_fallback(repo: Path) -> None:
    lost = write_chat(repo, test_id=None, folder=repo / "tests/integration/inference/recordings")
    fine = write_chat(repo, test_id=None, body=chat_body("setup call"))
    report = check_paths([repo])
    (f,) = only(report, "missing-test-id")
    assert f.path == str(lost)
    assert codes(report, fine) == []


def _model_list(repo: Path, url: str, folder: str) -> Path:
    """A model list recorded with no test id, named as the recorder names it, in ``folder``."""
    from inspector.testing.factories import inference_request, model_list_name, model_objects, response, write

    request = inference_request(url, {}, "/v1/models", None, method="GET")
    models = model_objects(["gpt-4o", "gpt-4o-mini"], "openai")
    name = model_list_name(request, models)
    return write(repo / folder, None, request, response(models, streaming=False), name=name)


def test_a_shared_model_list_beside_its_tests_is_read_there(repo: Path) -> None:
    """ogx 1.5.0 hashes api.openai.com model lists without a test id and merges the ones in the test's
    own folder: such a file is read, so not an error; moving it to common stays a warning's hint."""
    beside = _model_list(repo, "https://api.openai.com/v1/v1/models", "tests/integration/responses/recordings")
    report = check_paths([repo])
    assert codes(report, beside) == ["model-list-outside-common"]
    (f,) = report.findings
    assert f.severity == "warning" and report.exit_code == 0
    assert f.hint and "git mv" in f.hint and "tests/integration/common/recordings/" + beside.name in f.hint
    # A local server's model list is hashed with the test id: recorded without one, no test finds it.
    local = _model_list(repo, "http://localhost:8000/v1/v1/models", "tests/integration/responses/recordings")
    assert codes(check_paths([repo]), local) == ["missing-test-id"]
    # Outside any test's recordings folder, nothing reads it.
    astray = _model_list(repo, "https://api.openai.com/v1/v1/models", "tests/integration/responses/saved")
    assert codes(check_paths([astray]), astray) == ["missing-test-id"]


def test_duplicate_request_in_two_folders(repo: Path) -> None:
    a = write_chat(repo)
    b = write_chat(repo, folder=repo / "tests/integration/common/recordings")
    found = only(check_paths([repo]), "duplicate-request")
    assert {f.path for f in found} == {str(a), str(b)}
    assert str(b) in next(f.message for f in found if f.path == str(a))


def test_variant_explosion_counts_parametrisations_of_one_test(repo: Path) -> None:
    for i in range(4):
        write_chat(repo, test_id=f"tests/integration/inference/test_chat.py::test_capital[case{i}]")
    write_chat(repo, test_id="tests/integration/inference/test_chat.py::test_other")
    (f,) = only(check_paths([repo], CheckOptions(max_variants=3)), "variant-explosion")
    assert "test_chat.py::test_capital owns 4 recordings" in f.message and f.severity == "warning"
    assert "variant-explosion" not in codes(check_paths([repo], CheckOptions(max_variants=4)))


def test_unnormalized_ids_and_timestamps(repo: Path) -> None:
    path = write_chat(
        repo,
        chunks=[
            piece("Paris", id="chatcmpl-abc", created=1754000000),
            piece("", finish="stop", id="chatcmpl-abc", created=1754000000),
        ],
    )
    (f,) = only(check_paths([repo]), "unnormalized")
    assert "2 ids" in f.message and "chatcmpl-abc" in f.message and "2 created timestamps" in f.message
    assert f.hint == f"recording-inspector normalize {path}"


def test_unnormalized_ollama_timestamps(repo: Path) -> None:
    body = {"model": "llama3.2:3b", "prompt": "hi", "stream": False}
    request = {
        "method": "POST",
        "url": "http://localhost:11434/api/generate",
        "headers": {},
        "body": body,
        "endpoint": "/api/generate",
        "model": "llama3.2:3b",
    }
    h = hashing.request_hash(request, TEST_ID)
    resp = {
        "__type__": "ollama._types.GenerateResponse",
        "__data__": {
            "model": "llama3.2:3b",
            "created_at": "2025-08-04T22:55:11.15982Z",
            "done": True,
            "done_reason": "stop",
            "total_duration": 123,
            "load_duration": 4,
            "eval_duration": None,
            "response": "Hello",
        },
    }
    write_data(
        repo / "tests/integration/inference/recordings" / f"{h}.json",
        {
            "test_id": TEST_ID,
            "request": request,
            "response": {"body": resp, "is_streaming": False},
            "id_normalization_mapping": {},
        },
    )
    # The May 2026 recorder still replayed the native Ollama client, so its normalisation matters there
    (f,) = only(check_paths([repo], CheckOptions(rules=profiles.rule_set("2026-05"))), "unnormalized")
    assert "created_at not the epoch" in f.message and "2 durations" in f.message  # eval_duration None stays
    # ogx 1.5.0 never reads it: not-replayed alone, no advice to normalise a file to delete
    assert [f.code for f in check_paths([repo]).findings] == ["not-replayed"]


@pytest.mark.parametrize(
    "type_name", ["llama_stack.apis.tools.tools.ToolInvocationResult", "llama_stack_api.tools.ToolInvocationResult"]
)
def test_type_drift(repo: Path, type_name: str) -> None:
    request = {"test_id": TEST_ID, "provider": "tavily", "tool_name": "web_search", "kwargs": {"query": "news"}}
    h = hashing.request_hash(request, TEST_ID)
    body = {"__type__": type_name, "__data__": {"content": "[]", "error_message": None}}
    write_data(
        repo / "tests/integration/inference/recordings" / f"{h}.json",
        {
            "test_id": TEST_ID,
            "request": request,
            "response": {"body": body, "is_streaming": False},
            "id_normalization_mapping": {},
        },
    )
    (f,) = only(check_paths([repo]), "type-drift")
    assert type_name in f.message
    fixed = json.loads(Path(f.path).read_text())
    fixed["response"]["body"]["__type__"] = "ogx_api.tools.ToolInvocationResult"
    write_data(Path(f.path), fixed)
    assert check_paths([repo]).findings == []


def test_secrets_are_found_and_reported_masked(repo: Path) -> None:
    key = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXyZ0"
    google = "AIzaSyD4x9Qm2Lr7Kt1Vw8Bn3Hc6Jf0Pg5Ys2Ue"
    write_chat(repo, headers={"Authorization": f"Bearer {key}"}, body=chat_body(f"my key is {google}"))
    found = only(check_paths([repo]), "secret")
    text = "\n".join(f.message for f in found)
    assert key not in text and google not in text
    assert "sk-proj-****XyZ0" in text and "AIza****s2Ue" in text
    assert "request.headers.Authorization" in text
    assert all(f.severity == "error" for f in found)


def test_stream_without_finish_reason(repo: Path) -> None:
    write_chat(repo, chunks=[piece("Par"), piece("is")])
    (f,) = only(check_paths([repo]), "stream-incomplete")
    assert "without a finish reason" in f.message and f.severity == "error"


def test_stream_with_truncated_tool_arguments(repo: Path) -> None:
    first = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": ""}}
    rest = {"index": 0, "function": {"arguments": '{"city": "Par'}}
    write_chat(repo, chunks=[piece(None, tool=first), piece(None, tool=rest), piece(None, finish="tool_calls")])
    (f,) = only(check_paths([repo]), "stream-incomplete")
    assert "get_weather" in f.message and "not valid JSON" in f.message


def test_stream_with_content_after_the_finish(repo: Path) -> None:
    write_chat(repo, chunks=[piece("Paris"), piece("", finish="stop"), piece(" and more")])
    (f,) = only(check_paths([repo]), "stream-incomplete")
    assert "chunk 2 after the finish reason in chunk 1" in f.message


def test_usage_chunk_after_the_finish_is_fine(repo: Path) -> None:
    usage = piece(None, usage={"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6})
    usage["__data__"]["choices"] = []
    write_chat(repo, chunks=[piece("Paris"), piece("", finish="stop"), usage])
    assert check_paths([repo]).findings == []


def test_orphan_test_reads_the_test_file(repo: Path) -> None:
    test_file = repo / "tests/integration/inference/test_chat.py"
    test_file.parent.mkdir(parents=True)
    test_file.write_text(
        "import pytest\n\n"
        "class Base:\n    def test_inherited(self):\n        pass\n\n"
        "class TestChat(Base):\n    def test_kept(self):\n        pass\n\n"
        "def test_capital():\n    pass\n"
    )
    kept = write_chat(repo)  # test_capital exists
    inherited = write_chat(repo, test_id="tests/integration/inference/test_chat.py::TestChat::test_inherited[x]")
    gone = write_chat(repo, test_id="tests/integration/inference/test_chat.py::TestChat::test_removed")
    vanished = write_chat(repo, test_id="tests/integration/inference/test_deleted.py::test_x")
    assert "orphan-test" not in codes(check_paths([repo]))  # only with --tests-root
    report = check_paths([repo], CheckOptions(tests_root=repo))
    orphans = {f.path: f.message for f in only(report, "orphan-test")}
    assert set(orphans) == {str(gone), str(vanished)}
    assert "has no TestChat::test_removed" in orphans[str(gone)]
    assert "test_deleted.py no longer exists" in orphans[str(vanished)]
    assert str(kept) not in orphans and str(inherited) not in orphans


def test_select_and_ignore(repo: Path) -> None:
    write_chat(repo, chunks=[piece("Par", id="chatcmpl-1")])
    both = set(codes(check_paths([repo])))
    assert both == {"unnormalized", "stream-incomplete"}
    assert set(codes(check_paths([repo], CheckOptions(select=frozenset({"unnormalized"}))))) == {"unnormalized"}
    assert set(codes(check_paths([repo], CheckOptions(ignore=frozenset({"unnormalized"}))))) == {"stream-incomplete"}


def test_index_rows_without_files_are_reported(tmp_path: Path) -> None:
    import sqlite3

    folder = tmp_path / "tests/integration/recordings"
    (folder / "responses").mkdir(parents=True)
    con = sqlite3.connect(folder / "index.sqlite")
    con.execute(
        "CREATE TABLE recordings (request_hash TEXT, response_file TEXT, endpoint TEXT, model TEXT, timestamp TEXT, is_streaming BOOLEAN)"
    )
    con.execute("INSERT INTO recordings VALUES ('abc', 'abcdefabcdef.json', '/v1/chat/completions', 'm', 't', 0)")
    con.commit()
    con.close()
    report = check_paths([tmp_path])
    assert [f.code for f in report.findings] == ["discovery"]
    assert "abcdefabcdef.json" in report.findings[0].message


# --- the real corpus -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_report():
    from tests.conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return check_paths([CORPUS])


def _finding(report, name_start: str, code: str):
    hits = [f for f in report.findings if Path(f.path).name.startswith(name_start) and f.code == code]
    assert hits, f"{code} not reported for {name_start}"
    return hits[0]


def test_corpus_codes(corpus_report) -> None:
    found = set(codes(corpus_report))
    assert {
        "legacy-name",
        "hash-legacy-rule",
        "hash-mismatch",
        "unnormalized",
        "type-drift",
        "missing-test-id",
    } <= found
    # Nothing in the real corpus leaks a key, breaks a stream, or is misfiled.
    assert not found & {
        "secret",
        "stream-incomplete",
        "wrong-directory",
        "invalid-json",
        "not-a-recording",
        "duplicate-request",
    }
    assert corpus_report.exit_code == 1


def test_corpus_known_files(corpus_report) -> None:
    assert "2025-10-08" in _finding(corpus_report, "2443581bf4a7", "hash-legacy-rule").message
    assert "2026-03" in _finding(corpus_report, "7f041a78a0ab", "hash-legacy-rule").message
    assert "2026-05" in _finding(corpus_report, "models-3a641f25", "hash-legacy-rule").message
    assert "bd23ec15f68f" in _finding(corpus_report, "732ba804b679", "hash-mismatch").message
    assert "rec-c7165c8e2ee1" in _finding(corpus_report, "3abb9133ddda", "unnormalized").message
    assert "llama_stack_api.file_processors" in _finding(corpus_report, "268e65efffed", "type-drift").message
    _finding(corpus_report, "632ce0140a65", "missing-test-id")
    # The 2025 layout: one finding per file, legacy-name (not hash-legacy-rule or unnormalized on
    # top), or not-replayed instead for native Ollama calls, which ogx 1.5.0 never reads.
    legacy = [f for f in corpus_report.findings if "llama-stack-2025-08" in f.path]
    assert legacy and {f.code for f in legacy} == {"legacy-name", "not-replayed"}
    assert len({f.path for f in legacy}) == len(legacy)
    for f in legacy:
        endpoint = json.loads(Path(f.path).read_text())["request"].get("endpoint")
        assert (f.code == "not-replayed") == (endpoint in {"/api/generate", "/api/chat", "/api/embeddings", "/api/ps", "/api/pull", "/api/tags"})


def test_real_stream_cut_short_is_incomplete(source: Source, tmp_path: Path) -> None:
    src = source.file("tool-stream")
    data = json.loads(src.read_text())
    body = data["response"]["body"]
    finished = next(i for i, c in enumerate(body) if any(ch.get("finish_reason") for ch in c["__data__"]["choices"]))
    data["response"]["body"] = body[:finished]  # cut before the chunk with the finish reason
    target = tmp_path / src.relative_to(source.root)
    write_data(target, data)
    report = check_paths([target])
    assert [f.code for f in report.findings] == ["stream-incomplete"]


def test_ollama_stream_with_content_after_done(repo: Path) -> None:
    """Families other than OpenAI go through the replay's per-chunk changes."""
    body = {"model": "llama3.2:3b", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    request = {
        "method": "POST",
        "url": "http://localhost:11434/api/chat",
        "headers": {},
        "body": body,
        "endpoint": "/api/chat",
        "model": "llama3.2:3b",
    }
    h = hashing.request_hash(request, TEST_ID)

    def part(text: str, done: bool = False) -> dict:
        data = {
            "model": "llama3.2:3b",
            "created_at": "1970-01-01T00:00:00.000000Z",
            "done": done,
            "message": {"role": "assistant", "content": text},
        }
        if done:
            data["done_reason"] = "stop"
        return {"__type__": "ollama._types.ChatResponse", "__data__": data}

    path = repo / "tests/integration/inference/recordings" / f"{h}.json"
    record = {
        "test_id": TEST_ID,
        "request": request,
        "response": {"body": [part("Hel"), part("lo", done=True), part(" again")], "is_streaming": True},
        "id_normalization_mapping": {},
    }
    write_data(path, record)
    (f,) = only(check_paths([repo]), "stream-incomplete")
    assert "chunk 2 after the finish reason in chunk 1" in f.message
    record["response"]["body"] = record["response"]["body"][:2]
    write_data(path, record)
    # ogx 1.5.0 no longer patches the native Ollama client: dead weight, said once (no hash codes)
    assert [f.code for f in check_paths([repo]).findings] == ["not-replayed"]
    assert check_paths([repo], CheckOptions(rules=profiles.rule_set("2026-05"))).findings == []


def test_ids_that_match_the_computed_hash_are_not_unnormalized(repo: Path) -> None:
    """A file renamed by hand: its ids name the real hash, so only the name is reported."""
    path = write_chat(repo)  # ids are rec-<its hash>
    renamed = path.with_name("f" * 64 + ".json")
    path.rename(renamed)
    assert codes(check_paths([repo])) == ["hash-mismatch"]


# --- interrupted saves ----------------------------------------------------------------------------


def _leftover(target: Path, data: bytes) -> Path:
    """A temporary file named as the writer names its own (``mkstemp`` in the target's folder)."""
    import os
    import tempfile

    from inspector.core.base.writer import TEMP_SUFFIX

    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    os.write(fd, data)
    os.close(fd)
    return Path(name)


def test_leftovers_of_interrupted_saves_are_found_never_listed(repo: Path) -> None:
    from inspector.core.recording.discovery import discover, leftover_target

    rec = write_chat(repo)
    tmp = _leftover(rec, b'{"request": ')
    assert leftover_target(tmp.name) == rec.name
    assert leftover_target(".notes.tmp") is None and leftover_target(rec.name) is None
    found = discover([repo])
    assert found.files == [rec] and found.leftovers == [tmp]


def test_interrupted_save_says_what_the_leftover_holds_and_what_to_do(repo: Path) -> None:
    import os

    rec = write_chat(repo)
    original = rec.read_bytes()
    partial = _leftover(rec, original[:40])
    copy = _leftover(rec, original)
    newer = _leftover(rec, original.replace(b"Paris", b"Lyon!"))
    gone_target = rec.with_name("0" * 64 + ".json")
    orphan = _leftover(gone_target, original)
    report = check_paths([repo])
    by_path = {f.path: f for f in only(report, "interrupted-save")}
    assert len(by_path) == 4 and report.exit_code == 0  # warnings: nothing is broken
    assert "partial write (40 bytes)" in by_path[str(partial)].message
    assert by_path[str(partial)].hint.startswith("rm ")
    assert "the same bytes" in by_path[str(copy)].message and by_path[str(copy)].hint.startswith("rm ")
    assert "the two differ" in by_path[str(newer)].message
    os.utime(newer, (1, 1))  # written before the file's last save
    assert "older than" in check_paths([repo]).by_path()[str(newer)][0].message
    assert by_path[str(newer)].hint.startswith("diff -u ")
    assert f"{gone_target.name} is missing" in by_path[str(orphan)].message
    assert by_path[str(orphan)].hint.startswith("mv ") and by_path[str(orphan)].hint.endswith(gone_target.name)
    assert partial.exists() and copy.exists() and newer.exists()  # the check only reads
    assert "interrupted-save" not in codes(check_paths([repo], CheckOptions(ignore=frozenset({"interrupted-save"}))))


def test_a_save_in_progress_is_not_reported(repo: Path) -> None:
    from inspector.core.base.writer import _folder_lock
    from inspector.core.checks.file_checks import check_leftover

    rec = write_chat(repo)
    tmp = _leftover(rec, b"")
    with _folder_lock(rec.parent):  # what a running save holds while its temporary file exists
        assert check_leftover(tmp) is None
    finding = check_leftover(tmp)
    assert finding is not None and finding.message.startswith("an empty file left by an interrupted save")
