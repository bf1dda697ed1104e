"""The recorder watch, against the fake recorder imported in this process.

What a watch reports for each kind of request, where replay looked, which file served a
read, which test id went into the hash; that it wraps once, stays out of other modes, and
that a failure of its own never changes what the recorder does.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from inspector.capture import recorder

from .fakerec import write_fake_ogx, write_recording

TEST_ID = "tests/integration/inference/test_chat.py::test_one"
URL = "https://api.example.invalid/v1/v1/chat/completions"
MODELS_URL = "https://api.example.invalid/v1/v1/models"
BODY = {"model": "m-1", "messages": [{"role": "user", "content": "hi"}], "temperature": 0.123456789}


class Sink:
    """Collects what a watch reports."""

    def __init__(self, fail: bool = False) -> None:
        self.reads: list[tuple[str, list[str], str | None]] = []
        self.misses: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.fail = fail

    def read(self, request_hash: str, files: list[str], test_id: str | None) -> None:
        self.reads.append((request_hash, files, test_id))

    def miss(self, request_hash: str, **info: Any) -> None:
        if self.fail:
            raise OSError("disk full")
        self.misses.append({"hash": request_hash, **info})

    def problem(self, message: str, key: str | None = None) -> None:
        self.problems.append(message)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository root to replay in (the working directory, as in ogx's runs)."""
    root = tmp_path / "repo"
    (root / "tests/integration/common/recordings").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


def _replay(module: ModuleType, root: Path, mode: str = "replay") -> Any:
    return module.api_recording(mode, str(root / "tests/integration/common"))


def _in_test(test_id: str | None = TEST_ID) -> Any:
    from ogx.core.testing_context import set_test_context

    return set_test_context(test_id)


def _error_hash(exc: pytest.ExceptionInfo[RuntimeError]) -> str:
    return str(exc.value).split("request hash: ")[1].split()[0]


def test_a_chat_miss_carries_the_request_as_recorded_and_where_replay_looked(fake_ogx: ModuleType, repo: Path) -> None:
    sink = Sink()
    recorder.RecorderWatch(fake_ogx, sink).install()
    with _replay(fake_ogx, repo):
        _in_test()
        with pytest.raises(RuntimeError) as err:
            fake_ogx.chat(URL, BODY)
    (miss,) = sink.misses
    assert miss["hash"] == _error_hash(err)
    assert miss["kind"] == "inference"
    assert miss["test_id"] == TEST_ID
    assert list(miss["request"]) == ["method", "url", "headers", "body", "endpoint", "model"]
    # The recorder's own endpoint (its caller's), not the URL's path /v1/v1/chat/completions.
    assert miss["request"] == {"method": "POST", "url": URL, "headers": {}, "body": BODY, "endpoint": "/v1/chat/completions", "model": "m-1"}
    assert miss["looked_in"] == [str(repo / "tests/integration/inference/recordings"), str(repo / "tests/integration/common/recordings")]
    assert miss["recorder"] == "ogx 0.0.1"
    assert miss["module"] == "ogx.testing.api_recorder"
    assert sink.reads == [] and sink.problems == []


def test_a_shared_model_list_misses_with_no_test_id_and_names_the_globs(fake_ogx: ModuleType, repo: Path) -> None:
    sink = Sink()
    recorder.RecorderWatch(fake_ogx, sink).install()
    with _replay(fake_ogx, repo):
        _in_test()
        with pytest.raises(RuntimeError) as err:
            fake_ogx.models(MODELS_URL)
    (miss,) = sink.misses
    h = _error_hash(err)
    assert (miss["hash"], miss["kind"], miss["test_id"]) == (h, "models", None)
    assert miss["request"]["body"] == {} and miss["request"]["model"] == "" and miss["request"]["endpoint"] == "/v1/models"
    assert miss["looked_in"] == [
        str(repo / f"tests/integration/inference/recordings/models-{h}-*.json"),
        str(repo / f"tests/integration/common/recordings/models-{h}-*.json"),
    ]


def test_tool_and_http_misses_are_stored_as_the_recorder_stores_them(fake_ogx: ModuleType, repo: Path) -> None:
    sink = Sink()
    recorder.RecorderWatch(fake_ogx, sink).install()
    with _replay(fake_ogx, repo):
        _in_test()
        with pytest.raises(RuntimeError):
            fake_ogx.tool("tavily", "web_search", {"query": "weather"})
        with pytest.raises(RuntimeError):
            fake_ogx.http("http://rerank.invalid/v1/rerank", {"query": "q", "documents": ["a"]})
    tool, http = sink.misses
    # A tool call's hash has no test id; its request still names the test, as the recorder writes it.
    assert (tool["kind"], tool["test_id"]) == ("tool", None)
    assert tool["request"] == {"test_id": TEST_ID, "provider": "tavily", "tool_name": "web_search", "kwargs": {"query": "weather"}}
    assert (http["kind"], http["test_id"]) == ("http", TEST_ID)
    assert http["request"] == {"test_id": TEST_ID, "url": "http://rerank.invalid/v1/rerank", "method": "POST", "payload": {"query": "q", "documents": ["a"]}}


def test_without_a_test_in_force_replay_looks_in_the_common_folder_once(fake_ogx: ModuleType, repo: Path) -> None:
    sink = Sink()
    recorder.RecorderWatch(fake_ogx, sink).install()
    with _replay(fake_ogx, repo), pytest.raises(RuntimeError):
        fake_ogx.chat(URL, BODY)
    (miss,) = sink.misses
    assert miss["test_id"] is None
    assert miss["looked_in"] == [str(repo / "tests/integration/common/recordings")]


def test_reads_name_the_files_that_served_them(fake_ogx: ModuleType, repo: Path) -> None:
    sink = Sink()
    recorder.RecorderWatch(fake_ogx, sink).install()
    h = fake_ogx.normalize_inference_request.__wrapped__  # the original, to name the files
    from ogx.core.testing_context import reset_test_context

    token = _in_test()
    chat_hash, models_hash = h("POST", URL, {}, BODY), h("POST", MODELS_URL, {}, {})
    reset_test_context(token)
    suite = repo / "tests/integration/inference/recordings"
    common = repo / "tests/integration/common/recordings"
    served = write_recording(suite, f"{chat_hash}.json", TEST_ID, {}, "hello")
    write_recording(common, f"{chat_hash}.json", TEST_ID, {}, "shadowed")
    lists = [write_recording(suite, f"models-{models_hash}-aaaaaaaa.json", None, {}, ["m-1"]), write_recording(common, f"models-{models_hash}-bbbbbbbb.json", None, {}, ["m-2"])]
    with _replay(fake_ogx, repo):
        _in_test()
        assert fake_ogx.chat(URL, BODY) == "hello"
        assert sorted(fake_ogx.models(MODELS_URL)) == ["m-1", "m-2"]
    assert sink.reads == [(chat_hash, [str(served)], TEST_ID), (models_hash, [str(p) for p in lists], None)]
    assert sink.misses == []


def test_outside_replay_hits_are_reads_and_nothing_is_a_miss(fake_ogx: ModuleType, repo: Path) -> None:
    sink = Sink()
    recorder.RecorderWatch(fake_ogx, sink).install()
    with _replay(fake_ogx, repo, mode="record-if-missing"):
        _in_test()
        assert fake_ogx.chat(URL, BODY) is None  # the fake "records" nothing; the real one would call the provider
    assert sink.misses == [] and sink.reads == []


def test_a_second_watch_wraps_nothing_twice(fake_ogx: ModuleType, repo: Path) -> None:
    sink = Sink()
    recorder.RecorderWatch(fake_ogx, sink).install()
    first = fake_ogx.normalize_inference_request
    recorder.RecorderWatch(fake_ogx, Sink()).install()
    recorder.RecorderWatch(fake_ogx, sink).install()
    assert fake_ogx.normalize_inference_request is first
    assert getattr(getattr(first, recorder.MARK), recorder.MARK, None) is None
    with _replay(fake_ogx, repo):
        _in_test()
        with pytest.raises(RuntimeError):
            fake_ogx.chat(URL, BODY)
    assert len(sink.misses) == 1


def test_a_failure_inside_capture_leaves_the_recorders_behaviour_alone(fake_ogx: ModuleType, repo: Path) -> None:
    with _replay(fake_ogx, repo):
        _in_test()
        with pytest.raises(RuntimeError) as unwatched:
            fake_ogx.chat(URL, BODY)
    sink = Sink(fail=True)
    recorder.RecorderWatch(fake_ogx, sink).install()
    with _replay(fake_ogx, repo):
        _in_test()
        for _ in range(2):
            with pytest.raises(RuntimeError) as watched:
                fake_ogx.chat(URL, BODY)
            assert str(watched.value) == str(unwatched.value)
    assert len(sink.problems) == 2  # the sink dedupes by key; the watch reports each failure
    assert "OSError: disk full" in sink.problems[0]


def test_a_recorder_with_a_missing_or_changed_hook_point_is_unknown(tmp_path: Path) -> None:
    assert recorder.unknown_parts(_load(tmp_path / "a")) == []
    assert recorder.unknown_parts(_load(tmp_path / "b", omit=("normalize_tool_request",))) == ["normalize_tool_request(provider_name, tool_name, kwargs)"]
    changed = _load(tmp_path / "c")
    changed.normalize_http_request = lambda url, method, payload, headers: ""
    del changed.ResponseStorage._model_list_responses
    assert recorder.unknown_parts(changed) == ["normalize_http_request(url, method, payload)", "ResponseStorage._model_list_responses(self, request_hash)"]


def _load(folder: Path, omit: tuple[str, ...] = ()) -> ModuleType:
    import importlib.util
    import sys

    write_fake_ogx(folder, omit=omit)
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location(f"fake_recorder_{folder.name}", folder / "ogx/testing/api_recorder.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n == "ogx" or n.startswith("ogx.")]:
            del sys.modules[name]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            {"method": "GET", "url": "http://tei.invalid/info", "headers": {}, "body": {}},
            {"test_id": TEST_ID, "url": "http://tei.invalid/info", "method": "GET", "endpoint": "/info", "headers": {}},
        ),
        (
            {"method": "POST", "url": "vertexai:///generate_content", "headers": {}, "body": {"model": "gemini", "contents": "hi"}},
            {"method": "POST", "url": "vertexai:///generate_content", "headers": {}, "body": {"model": "gemini", "contents": "hi"}, "endpoint": "/generate_content", "model": "gemini", "provider_metadata": {"provider": "vertexai"}},
        ),
    ],
)
def test_other_inference_requests_take_the_recorders_shapes(arguments: dict[str, Any], expected: dict[str, Any]) -> None:
    request = recorder.request_as_recorded("inference", arguments, TEST_ID)
    assert request == expected and list(request) == list(expected)


def test_the_label_names_the_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_fake_ogx(tmp_path, version="9.9.9")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert recorder.recorder_label("ogx.testing.api_recorder") == "ogx 9.9.9"
    assert recorder.recorder_label("nosuchpackage_xyz.testing.api_recorder") == "nosuchpackage_xyz (version unknown)"
    assert os.path.isabs(recorder._absolute("x"))
