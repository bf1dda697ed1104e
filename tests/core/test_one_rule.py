"""Rules written once: the request as the hash sees it, read errors, temp names, the repository top."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from inspector.core.base.jsonio import read_problem
from inspector.core.base.writer import temp_prefix, temp_target, write_recording
from inspector.core.history.changes import hashed_request
from inspector.core.history.git import NotARepository, find_repo
from inspector.core.recording.diff import comparable_request
from inspector.core.recording.discovery import is_recording_path, leftover_target
from inspector.core.recording.loading import load
from inspector.core.rules import hashing
from inspector.core.rules.layout import git_top


def _chat(tmp_path: Path, url: str, body: dict, method: str = "POST") -> Path:
    path = tmp_path / "tests/integration/x/recordings" / ("a" * 64 + ".json")
    request = {"method": method, "url": url, "headers": {}, "body": body, "endpoint": "/v1/chat/completions", "model": "m"}
    data = {"test_id": "tests/integration/x/test_a.py::t", "request": request, "response": {"body": {}, "is_streaming": False}}
    path.parent.mkdir(parents=True)
    write_recording(path, data)
    return path


@pytest.mark.parametrize(
    ("url", "dropped"),
    [
        ("https://bedrock-runtime.us-east-1.amazonaws.com/v1/chat/completions", True),
        # "bedrock" in the path, not the host: the recorder hashes stream_options (diff and changes
        # once dropped them here, asking `"bedrock" in url`)
        ("http://localhost:8321/bedrock/v1/chat/completions", False),
    ],
)
def test_bedrock_is_known_by_its_host_everywhere(tmp_path: Path, url: str, dropped: bool) -> None:
    rec = load(_chat(tmp_path, url, {"model": "m", "stream_options": {"include_usage": True}}))
    for seen in (comparable_request(rec), hashed_request(rec), hashing.hashed_request(rec.request_raw, rec.test_id)):
        assert ("stream_options" not in seen["body"]) is dropped


def test_the_method_is_seen_in_upper_case_as_the_recorder_hashes_it(tmp_path: Path) -> None:
    rec = load(_chat(tmp_path, "http://localhost/v1/chat/completions", {"model": "m"}, method="post"))
    assert comparable_request(rec)["method"] == hashed_request(rec)["method"] == "POST"
    raw = {"url": "http://localhost/v1/rerank", "method": "post", "payload": {"q": 1}}
    assert hashing.hashed_request(raw, None)["method"] == "POST"  # changes kept "post" for raw HTTP calls


def test_read_errors_are_named_alike() -> None:
    assert read_problem(PermissionError(13, "Permission denied")) == "permission denied"
    assert read_problem(FileNotFoundError(2, "No such file")) == "file not found"
    assert read_problem(OSError(5, "Input/output error")) == "cannot read: Input/output error"


def test_a_folder_is_read_as_the_same_problem_by_load_and_normalize(tmp_path: Path) -> None:
    from inspector.core.rules.normalize import normalize_file

    folder = tmp_path / "x.json"
    folder.mkdir()
    assert load(folder).problem == normalize_file(folder).error == "is a directory"


def test_the_writer_names_its_temporary_files_and_reads_them_back() -> None:
    name = temp_prefix("abc.json") + "k2j_9x0a.tmp"
    assert temp_target(name) == leftover_target(name) == "abc.json"
    assert temp_target("abc.json") is None and temp_target(".notes.tmp") is None


def test_what_counts_as_a_recording_path() -> None:
    assert is_recording_path("tests/integration/x/recordings/a.json")
    assert not is_recording_path("tests/integration/x/a.json") and not is_recording_path("recordings/a.txt")


def test_the_repository_top_is_found_once(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "tests/x").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    with find_repo(repo / "tests/x") as found:
        assert found.root == git_top(repo / "tests/x") == repo
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    if git_top(outside) is None:
        with pytest.raises(NotARepository):
            find_repo(outside)


def test_a_model_list_with_a_lone_surrogate_has_no_digest_rather_than_an_error() -> None:
    # found by tests/cli/test_fuzz.py: `check` stopped with an internal error on such a file
    assert hashing.model_list_digest([{"id": "\ud800"}]) is None
    assert hashing.model_list_digest([{"id": "a"}]) is not None
