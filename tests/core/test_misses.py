"""Captured misses: reading capture folders, the nearest recording, heal classes, healing."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.core.base.model import Kind
from inspector.core.checks.misses import NONE, SAFE, UNSAFE, explain_misses
from inspector.core.heal import HEALED_KEY, heal
from inspector.core.recording.captures import read_misses, read_runs
from inspector.core.recording.loading import load
from inspector.core.rules import hashing
from tests.capture_files import recording, sample, sample_root, write_miss, write_run

CHAT_N = "724f5673"  # test_openai_chat_completion_n: one user message, n=2
MODELS = "99bdc90d"  # test_models_list: GET https://api.openai.com/v1/v1/models
TOOL = "3b8fc7e5"  # web_search {"query": "how long do llamas live"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return sample_root(tmp_path)


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    return tmp_path / "capture"


def _only(capture: Path, root: Path | None = None):
    got = read_misses([capture])
    assert got.errors == []
    reports = explain_misses(got.misses, root)
    assert len(reports) == 1
    return reports[0]


def _renamed(test_id: str, new_name: str) -> str:
    head, _, rest = test_id.partition("::")
    _old, bracket, params = rest.partition("[")
    return f"{head}::{new_name}{bracket}{params}"


# --- the miss file is a recording without a response -----------------------------------------------


def test_a_miss_file_loads_as_a_recording_of_kind_miss(root: Path, capture: Path) -> None:
    src = recording(sample(root, CHAT_N))
    path = write_miss(capture, src["request"], src["test_id"] + "x", root=root)
    rec = load(path)
    assert rec.ok and rec.kind is Kind.MISS
    assert rec.problems == []  # no "response has no body": a miss has none by nature
    assert rec.request.messages[0].text == "Name a primary colour."
    assert rec.endpoint == "/v1/chat/completions" and rec.model == "gpt-4o"
    assert rec.rebuild.text == "" and rec.replay.sizes == () and rec.chunk_count == 0
    from inspector.core.index.summary import summarize

    assert summarize(rec).kind == "miss"


def test_a_tool_miss_shows_its_tool_request(root: Path, capture: Path) -> None:
    src = recording(sample(root, TOOL))
    rec = load(write_miss(capture, src["request"], "tests/integration/tool_runtime/test_web_search.py::t", root=root))
    assert rec.kind is Kind.MISS
    assert rec.endpoint == "tool:web_search"
    assert dict(rec.request.params) == {"query": "how long do llamas live"}


# --- reading capture folders ---------------------------------------------------------------------


def test_read_misses_gives_typed_records(root: Path, capture: Path) -> None:
    src = recording(sample(root, CHAT_N))
    path = write_miss(capture, src["request"], "tests/integration/inference/test_x.py::test_y", root=root)
    got = read_misses([capture])
    (m,) = got.misses
    assert m.hash == path.stem and m.kind == "inference" and m.test_id == "tests/integration/inference/test_x.py::test_y"
    assert m.looked_in == (str(root / "tests/integration/inference/recordings"), str(root / "tests/integration/common/recordings"))
    assert m.recorder == "ogx 1.5.0" and m.at and m.path == path and m.recording.kind is Kind.MISS


def test_bad_capture_folders_are_one_line_errors(tmp_path: Path, root: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    a_file = tmp_path / "f.txt"
    a_file.write_text("x")
    broken = tmp_path / "broken"
    (broken / "misses").mkdir(parents=True)
    (broken / "misses" / ("0" * 64 + ".json")).write_text('{"test_id": ')
    recorded = tmp_path / "recorded"
    (recorded / "misses").mkdir(parents=True)
    (recorded / "misses" / "a.json").write_bytes(sample(root, CHAT_N).read_bytes())
    got = read_misses([tmp_path / "nowhere", a_file, plain, broken, recorded])
    assert got.misses == []
    messages = [str(e) for e in got.errors]
    assert len(messages) == 5 and all("\n" not in m for m in messages)
    assert "no such folder" in messages[0]
    assert "not a folder" in messages[1]
    assert "neither misses/ nor runs/" in messages[2]
    assert str(broken) in messages[3]
    assert "not a miss file" in messages[4]


def test_read_runs_tolerates_a_torn_last_line(root: Path, capture: Path) -> None:
    file = sample(root, CHAT_N)
    write_run(capture, ["a.py::t", "a.py::u"], [(file.stem, file, "a.py::t")], torn='{"event": "read", "ha')
    got = read_runs([capture])
    assert got.errors == []
    (run,) = got.runs
    assert run.collected == ["a.py::t", "a.py::u"] and run.torn == 1
    assert [(r.hash, r.file) for r in run.reads] == [(file.stem, str(file))]
    assert got.collected == {"a.py::t", "a.py::u"}


def test_several_capture_folders_at_once(root: Path, tmp_path: Path) -> None:
    src = recording(sample(root, CHAT_N))
    one, two = tmp_path / "job1", tmp_path / "job2"
    write_miss(one, src["request"], _renamed(src["test_id"], "test_a"), root=root)
    write_miss(two, src["request"], _renamed(src["test_id"], "test_b"), root=root)
    write_miss(two, src["request"], _renamed(src["test_id"], "test_a"), root=root)  # the same miss in both jobs
    got = read_misses([one, two])
    assert len(got.misses) == 3
    reports = explain_misses(got.misses)
    assert len(reports) == 2  # one per distinct hash
    assert reports[0].also == (two / "misses" / f"{reports[0].hash}.json",)


# --- classification ----------------------------------------------------------------------------------


def test_a_renamed_test_is_safe(root: Path, capture: Path) -> None:
    near = sample(root, CHAT_N)
    src = recording(near)
    new_id = _renamed(src["test_id"], "test_chat_completion_n_renamed")
    r = _only_written(capture, root, src["request"], new_id)
    assert r.heal == SAFE
    assert r.nearest is not None and r.nearest.path == near
    assert [(c.path, c.old, c.new) for c in r.changed] == [("test_id", src["test_id"], new_id)]
    assert r.target == root / "tests/integration/inference/recordings" / f"{r.hash}.json"


def _only_written(capture: Path, root: Path, request: dict, test_id: str | None):
    write_miss(capture, request, test_id, root=root)
    return _only(capture)


def test_a_reworded_user_message_is_unsafe(root: Path, capture: Path) -> None:
    near = sample(root, CHAT_N)
    src = recording(near)
    req = copy.deepcopy(src["request"])
    req["body"]["messages"][0]["content"] = "Name one primary colour, please."
    r = _only_written(capture, root, req, src["test_id"])
    assert r.heal == UNSAFE
    assert r.nearest is not None and r.nearest.path == near
    assert [(c.path, c.old, c.new) for c in r.changed] == [
        ("body.messages[0].content", "Name a primary colour.", "Name one primary colour, please.")
    ]
    assert r.target is not None and r.target.name == f"{r.hash}.json"


def test_a_tei_lookup_missed_in_another_folder_is_the_same_request_and_safe(root: Path, capture: Path) -> None:
    # TEI's GET /info is stored without a body (the recorder hashes it with {}).  Recorded inside a
    # test of another suite, it sits in that test's folder, which this test's replay does not search.
    common = sample(root, "f7a41c83")
    src = recording(common)
    elsewhere = root / "tests/integration/vector_io/recordings" / common.name
    elsewhere.parent.mkdir(parents=True)
    src["test_id"] = src["request"]["test_id"] = "tests/integration/vector_io/test_tei.py::test_setup"
    elsewhere.write_text(json.dumps(src, indent=2) + "\n")
    common.unlink()
    missed = {**src["request"], "test_id": "tests/integration/inference/test_embeddings.py::test_embed"}
    write_miss(capture, missed, None, root=root, kind="models", hash_test_id=None)  # as capture writes it
    r = _only(capture, root)
    assert r.hash == hashing.parse_file_name(common.name)[0]
    assert r.heal == SAFE and r.note is None
    assert r.nearest is not None and r.nearest.path == elsewhere
    assert "100% of the request alike" in r.nearest.reasons and "the same request under another test id" in r.nearest.reasons
    assert [(c.path, c.old, c.new) for c in r.changed] == [("test_id", "tests/integration/vector_io/test_tei.py::test_setup", missed["test_id"])]
    assert r.target == root / "tests/integration/inference/recordings" / common.name


def test_an_added_parameter_is_unsafe(root: Path, capture: Path) -> None:
    src = recording(sample(root, CHAT_N))
    req = copy.deepcopy(src["request"])
    req["body"]["temperature"] = 0.2
    r = _only_written(capture, root, req, src["test_id"])
    assert r.heal == UNSAFE
    assert [(c.path, c.op) for c in r.changed] == [("body.temperature", "added")]


def test_an_unrelated_request_is_none(root: Path, capture: Path) -> None:
    src = recording(sample(root, CHAT_N))
    req = copy.deepcopy(src["request"])
    req["body"]["messages"][0]["content"] = "Tell me a joke about penguins on ice."
    r = _only_written(capture, root, req, "tests/integration/inference/test_jokes.py::test_joke")
    assert r.heal == NONE


def test_a_request_with_no_candidate_is_none(root: Path, capture: Path) -> None:
    req = {"method": "POST", "url": "http://localhost:9/v1/brand/new", "headers": {}, "body": {"x": 1}, "endpoint": "/v1/brand/new", "model": ""}
    r = _only_written(capture, root, req, "tests/integration/new/test_new.py::test_new")
    assert r.heal == NONE and r.nearest is None and r.target is None
    assert "resembles" in (r.note or "")


def test_a_model_list_miss_is_named_by_its_digest(root: Path, capture: Path) -> None:
    # A model list served on a local host under a path other than /v1/models: its hash holds the test id.
    src = recording(sample(root, MODELS))
    src["request"]["url"] = "http://localhost:8321/v1/openai/v1/models"
    src["test_id"] = "tests/integration/inference/test_models.py::test_list"
    h = hashing.request_hash(src["request"], src["test_id"])
    digest = hashing.model_list_digest(src["response"]["body"])
    near = root / "tests/integration/inference/recordings" / f"models-{h}-{digest}.json"
    near.write_text(json.dumps(src, indent=2) + "\n")
    new_id = "tests/integration/models/test_models.py::test_list"
    r = _only_written(capture, root, src["request"], new_id)
    assert r.miss.kind == "models"
    assert r.heal == SAFE and r.nearest is not None and r.nearest.path == near
    assert r.target == root / "tests/integration/models/recordings" / f"models-{r.hash}-{digest}.json"
    assert r.hash != h


def test_a_tool_call_with_changed_arguments_is_unsafe(root: Path, capture: Path) -> None:
    near = sample(root, TOOL)
    src = recording(near)
    req = copy.deepcopy(src["request"])
    req["kwargs"]["query"] = "how long do llamas usually live"
    r = _only_written(capture, root, req, src["test_id"])
    assert r.miss.kind == "tool"
    assert r.heal == UNSAFE and r.nearest is not None and r.nearest.path == near
    assert [c.path for c in r.changed] == ["kwargs.query"]
    assert r.target == root / "tests/integration/tool_runtime/recordings" / f"{r.hash}.json"


def test_the_same_request_under_another_test_beats_the_same_test_file(root: Path, capture: Path) -> None:
    # The test moved into agents/test_agents.py, whose other tests were recorded (same file, other bodies):
    # the identical request recorded under its old id in inference/ is still the nearest.
    near = sample(root, CHAT_N)
    src = recording(near)
    new_id = "tests/integration/agents/test_agents.py::test_moved_here[openai_client-txt=openai/gpt-4o]"
    r = _only_written(capture, root, src["request"], new_id)
    assert r.nearest is not None and r.nearest.path == near
    assert r.heal == SAFE
    assert r.target == root / "tests/integration/agents/recordings" / f"{r.hash}.json"


def test_nearest_prefers_the_same_test_id_among_identical_bodies(root: Path, capture: Path) -> None:
    home = sample(root, CHAT_N)
    src = recording(home)
    # The same request under the same test id, but in a folder replay does not search,
    # and under another test id in the right place for that test.
    stray = root / "tests/integration/stray/recordings" / home.name
    stray.parent.mkdir(parents=True)
    stray.write_bytes(home.read_bytes())
    other = copy.deepcopy(src)
    other["test_id"] = _renamed(src["test_id"], "test_another")
    other_path = home.parent / f"{hashing.request_hash(other['request'], other['test_id'])}.json"
    other_path.write_text(json.dumps(other, indent=2) + "\n")
    home.unlink()
    r = _only_written(capture, root, src["request"], src["test_id"])
    assert r.nearest is not None and r.nearest.path == stray
    assert r.changed == () and r.heal == SAFE


def test_root_comes_from_where_replay_looked(root: Path, capture: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    src = recording(sample(root, CHAT_N))
    write_miss(capture, src["request"], _renamed(src["test_id"], "test_z"), root=root)
    monkeypatch.chdir(tmp_path)  # not the repository: the root is found from looked_in
    r = _only(capture)
    assert r.root == root and r.heal == SAFE


# --- healing ----------------------------------------------------------------------------------------


def _misses(capture: Path, root: Path):
    got = read_misses([capture])
    assert got.errors == []
    return explain_misses(got.misses, root)


def test_heal_writes_a_safe_miss_where_replay_looks_marked_with_ids_repointed(root: Path, capture: Path) -> None:
    near = sample(root, CHAT_N)
    src = recording(near)
    new_id = _renamed(src["test_id"], "test_renamed")
    write_miss(capture, src["request"], new_id, root=root)
    result = heal(_misses(capture, root), at="2026-12-06T13:00:00.000000Z")
    (action,) = result.actions
    assert action.action == "wrote"
    path = action.path
    assert path is not None and path.parent == near.parent and path.stem == hashing.request_hash(src["request"], new_id)
    data = json.loads(path.read_text())
    assert list(data) == ["test_id", "request", "response", "id_normalization_mapping", HEALED_KEY]
    assert data["test_id"] == new_id and data["request"] == src["request"]
    assert data[HEALED_KEY] == {
        "from": "tests/integration/inference/recordings/" + near.name,
        "class": "safe",
        "changed": ["test_id"],
        "at": "2026-12-06T13:00:00.000000Z",
    }
    old_id, new_rec_id = f"rec-{near.stem[:12]}", f"rec-{path.stem[:12]}"
    assert old_id in near.read_text() and old_id not in path.read_text()
    assert {c["__data__"]["id"] for c in data["response"]["body"]} == {new_rec_id}  # a stream: every chunk
    assert path.read_bytes() == (json.dumps(data, indent=2) + "\n").encode()  # the recorder's bytes
    healed = load(path)
    assert healed.hash.status == "ok"  # its name is the hash of its request
    assert result.summary() == "wrote 1 recording, skipped 0"


def test_heal_never_overwrites(root: Path, capture: Path) -> None:
    src = recording(sample(root, CHAT_N))
    write_miss(capture, src["request"], _renamed(src["test_id"], "test_renamed"), root=root)
    first = heal(_misses(capture, root)).actions[0]
    assert first.action == "wrote" and first.path is not None
    first.path.write_text("kept\n")
    again = heal(_misses(capture, root)).actions[0]
    assert again.action == "skipped" and first.path.read_text() == "kept\n"


def test_heal_skips_unsafe_without_force_and_none_always(root: Path, capture: Path) -> None:
    src = recording(sample(root, CHAT_N))
    reworded = copy.deepcopy(src["request"])
    reworded["body"]["messages"][0]["content"] = "Name one primary colour, please."
    write_miss(capture, reworded, src["test_id"], root=root)
    unrelated = copy.deepcopy(src["request"])
    unrelated["body"]["messages"][0]["content"] = "Tell me a joke about penguins on ice."
    write_miss(capture, unrelated, "tests/integration/inference/test_jokes.py::test_joke", root=root)
    reports = _misses(capture, root)
    by_class = {r.heal: r for r in reports}
    assert set(by_class) == {UNSAFE, NONE}
    plain = {a.report.heal: a for a in heal(reports).actions}
    assert plain[UNSAFE].action == "skipped" and "--force" in plain[UNSAFE].reason
    assert plain[NONE].action == "skipped"
    forced = {a.report.heal: a for a in heal(reports, force=True).actions}
    assert forced[UNSAFE].action == "wrote" and forced[NONE].action == "skipped"
    marker = json.loads(by_class[UNSAFE].target.read_text())[HEALED_KEY]
    assert marker["class"] == "unsafe" and marker["changed"] == ["body.messages[0].content"]


def test_dry_run_writes_nothing(root: Path, capture: Path) -> None:
    src = recording(sample(root, CHAT_N))
    write_miss(capture, src["request"], "tests/integration/fresh/test_f.py::test_g", root=root)
    before = sorted(p for p in root.rglob("*"))
    (action,) = heal(_misses(capture, root), dry_run=True).actions
    assert action.action == "would-write" and action.path == root / "tests/integration/fresh/recordings" / f"{action.report.hash}.json"
    assert sorted(p for p in root.rglob("*")) == before  # not even the folder


_NAMES = st.from_regex(r"test_[a-z][a-z0-9_]{0,20}", fullmatch=True)
_PARAMS = st.one_of(st.just(""), st.from_regex(r"\[[a-z0-9=/_-]{1,15}\]", fullmatch=True))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_NAMES, params=_PARAMS, folder=st.sampled_from(["inference", "agents", "new/deeper"]))
def test_healed_file_name_is_the_hash_of_its_request(tmp_path_factory: pytest.TempPathFactory, name: str, params: str, folder: str) -> None:
    tmp = tmp_path_factory.mktemp("heal")
    root = sample_root(tmp)
    src = recording(sample(root, CHAT_N))
    new_id = f"tests/integration/{folder}/test_file.py::{name}{params}"
    write_miss(tmp / "capture", src["request"], new_id, root=root)
    (action,) = heal(_misses(tmp / "capture", root)).actions
    assert action.action == "wrote" and action.path is not None
    data = json.loads(action.path.read_text())
    assert action.path.name == f"{hashing.request_hash(data['request'], data['test_id'])}.json"
    assert action.path.parent == root / "tests/integration" / folder / "recordings"


# --- the real recorder reads a healed file ---------------------------------------------------------------

_OGX_CHECK = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from ogx.core.testing_context import set_test_context
    from ogx.testing import api_recorder as r

    root = Path(sys.argv[1])
    storage = r.ResponseStorage(root / "tests" / "integration" / "common")
    out = []
    for case in json.loads(sys.argv[2]):
        set_test_context(case["test_id"])
        req = case["request"]
        if case["kind"] == "tool":
            h = r.normalize_tool_request(req["provider"], req["tool_name"], req["kwargs"])
        else:
            h = r.normalize_inference_request(req["method"], req["url"], {}, req["body"])
        assert h == case["hash"], ("hash", h, case["hash"])
        if case["kind"] == "models":
            found = r._combine_model_list_responses("/v1/models", storage._model_list_responses(h))
            body = found["response"]["body"]
            out.append({"kind": "models", "ids": sorted(m.id for m in body)})
            continue
        found = storage.find_recording(h)
        assert found is not None, ("not found", h)
        body = found["response"]["body"]
        first = body[0] if isinstance(body, list) else body
        out.append({"kind": case["kind"], "type": type(first).__name__, "id": getattr(first, "id", None),
                    "healed": found.get("healed", {}).get("class")})
    print(json.dumps(out))
    """
)


def test_ogx_replay_reads_healed_files(root: Path, capture: Path) -> None:
    python = os.environ.get("RECORDING_INSPECTOR_OGX_PYTHON")
    if not python:
        pytest.skip("set RECORDING_INSPECTOR_OGX_PYTHON to a Python with ogx 1.5.0 (e.g. /work/venv312/bin/python)")
    chat = recording(sample(root, CHAT_N))
    write_miss(capture, chat["request"], _renamed(chat["test_id"], "test_renamed"), root=root)
    tool = recording(sample(root, TOOL))
    tool_req = copy.deepcopy(tool["request"])
    tool_req["kwargs"]["query"] = "how long do llamas usually live"
    write_miss(capture, tool_req, tool["test_id"], root=root)
    models = recording(sample(root, MODELS))
    models["request"]["url"] = "http://localhost:8321/v1/openai/v1/models"  # a model list whose hash holds the test id
    models["test_id"] = "tests/integration/inference/test_models.py::test_list"
    h = hashing.request_hash(models["request"], models["test_id"])
    digest = hashing.model_list_digest(models["response"]["body"])
    (root / "tests/integration/inference/recordings" / f"models-{h}-{digest}.json").write_text(json.dumps(models, indent=2) + "\n")
    write_miss(capture, models["request"], "tests/integration/models/test_models.py::test_list", root=root)
    actions = heal(_misses(capture, root), force=True).actions
    assert [a.action for a in actions] == ["wrote"] * 3
    cases = [
        {"test_id": a.report.test_id, "hash": a.report.hash, "kind": a.report.miss.kind, "request": a.report.miss.request}
        for a in actions
    ]
    out = subprocess.run([python, "-c", _OGX_CHECK, str(root), json.dumps(cases)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    got = {g["kind"]: g for g in json.loads(out.stdout.strip().splitlines()[-1])}
    chat_hash = next(a.report.hash for a in actions if a.report.miss.kind == "inference")
    assert got["inference"] == {"kind": "inference", "type": "ChatCompletionChunk", "id": f"rec-{chat_hash[:12]}", "healed": "safe"}
    assert got["tool"]["healed"] == "unsafe" and got["tool"]["type"] == "ToolInvocationResult"
    model_ids = sorted(m["__data__"]["id"] for m in models["response"]["body"])
    assert got["models"] == {"kind": "models", "ids": model_ids}


def test_hashed_object_is_what_the_hash_digests(samples_dir: Path) -> None:
    checked = 0
    for path in samples_dir.rglob("*.json"):
        rec = load(path)
        if not rec.ok:
            continue
        obj = hashing.hashed_object(rec.request_raw, rec.test_id)
        expected = hashing.request_hash(rec.request_raw, rec.test_id)
        assert (obj is None) == (expected is None), path
        if obj is not None:
            assert hashing.hash_object(obj) == expected, path
            checked += 1
    assert checked >= 20


def test_a_miss_without_a_test_id_goes_to_the_common_folder(root: Path, capture: Path) -> None:
    # Server mode that lost the test id: the hash has none, and the layout files such calls in common/.
    src = recording(sample(root, CHAT_N))
    r = _only_written(capture, root, src["request"], None)
    assert r.test_id is None and r.heal == SAFE
    assert r.target == root / "tests/integration/common/recordings" / f"{r.hash}.json"


def test_a_captured_hash_our_rules_do_not_reproduce_is_said(root: Path, capture: Path) -> None:
    src = recording(sample(root, CHAT_N))
    write_miss(capture, src["request"], _renamed(src["test_id"], "test_q"), root=root, request_hash="e" * 64)
    r = _only(capture)
    assert r.hash == "e" * 64
    assert r.note is not None and "does not hash to the captured hash" in r.note


def test_heal_summary_counts_what_was_done(root: Path, capture: Path) -> None:
    src = recording(sample(root, CHAT_N))
    unrelated = copy.deepcopy(src["request"])
    unrelated["body"]["messages"][0]["content"] = "Tell me a joke about penguins on ice."
    write_miss(capture, unrelated, "tests/integration/inference/test_jokes.py::test_joke", root=root)
    reports = _misses(capture, root)
    assert heal(reports).summary() == "wrote 0 recordings, skipped 1"
    assert heal(reports, dry_run=True).summary() == "would write 0 recordings, skipped 1"
