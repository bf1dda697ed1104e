"""Capture against the real recorder: ogx 1.5.0 replaying a real pytest project, under Python 3.12.

The project (``realproject.py``) holds a passing control, a renamed test, a changed message,
an added parameter, a request nothing resembles, one whose test catches the error, a
streamed tool call (served and changed), a shared model list (served and missed), a local
server's model list under a renamed test, TEI's ``GET /info`` model lookup filed in another
suite's folder, and a test that starts the server stand-in as a child.  It runs three
times: capture off, by the flag, by the variable.  The interpreter comes from ``RECORDING_INSPECTOR_OGX_PYTHON`` (skipped
when missing, failed under CI).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from . import realproject
from .realproject import BY_NAME, SCENARIOS, RealProject, RunResult

pytestmark = pytest.mark.slow

MISSES = [s for s in SCENARIOS if s.miss]
READS = [s for s in SCENARIOS if not s.miss]


@pytest.fixture(scope="module")
def project(ogx_interpreter: realproject.Interpreter, tmp_path_factory: pytest.TempPathFactory) -> RealProject:
    return RealProject(tmp_path_factory.mktemp("real"), ogx_interpreter).build()


def _minor(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((root / "tests").rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def runs(project: RealProject) -> dict[str, RunResult]:
    """The project run with capture off, by the flag and by the variable (files untouched by any)."""
    before = _tree_digest(project.root)
    results = {
        "off": project.run(),
        "flag": project.run(capture="flag", capture_dir="cap-flag"),
        "env": project.run(capture="env", capture_dir="cap-env"),
    }
    assert _tree_digest(project.root) == before, "a run changed the project's recordings"
    return results


def test_every_scenario_ends_as_replay_says_without_capture(runs: dict[str, RunResult]) -> None:
    off = runs["off"]
    assert off.outcome_of() == {s.nodeid: s.outcome for s in SCENARIOS}, off.stdout[-3000:]
    assert off.returncode == 1


@pytest.mark.parametrize("how", ["flag", "env"])
def test_capture_changes_no_outcome_no_message_and_no_status(runs: dict[str, RunResult], how: str) -> None:
    off, on = runs["off"], runs[how]
    assert on.outcome_of() == off.outcome_of()
    assert on.returncode == off.returncode
    assert {k: v.recorder_hash for k, v in on.outcomes.items()} == {k: v.recorder_hash for k, v in off.outcomes.items()}


@pytest.mark.parametrize("how", ["flag", "env"])
def test_every_miss_is_captured_under_the_hash_the_recorder_printed(runs: dict[str, RunResult], project: RealProject, how: str) -> None:
    result = runs[how]
    misses = result.misses()
    assert set(misses) == {project.hashes[s.name] for s in MISSES}
    for s in MISSES:
        if s.call == "tei":
            # The recorder's TEI message names the URL, not the hash; the request holds the test in force.
            assert f"Recording not found for TEI model lookup GET {s.base_url}/info" in result.outcomes[s.nodeid].longrepr
            doc = misses[project.hashes[s.name]]
            assert doc["test_id"] is None and project.shared[s.name]
            assert doc["request"] == {"test_id": s.nodeid, "url": s.base_url + "/info", "method": "GET", "endpoint": "/info", "headers": {}}
            assert doc["miss"]["kind"] == "models" and doc["miss"]["recorder"] == project.interp.label
            continue
        printed = result.outcomes[s.nodeid].recorder_hash
        assert printed == project.hashes[s.name], s.name
        doc = misses[printed]
        assert doc["test_id"] == project.expected_test_id(s), s.name
        assert doc["miss"]["kind"] == s.kind
        assert doc["request"]["body"] == s.sent
        assert doc["request"]["url"] == s.base_url + ("/v1/models" if s.call == "models" else "/v1/chat/completions")
        assert doc["request"]["endpoint"] == ("/v1/models" if s.call == "models" else "/v1/chat/completions")
        assert doc["miss"]["recorder"] == project.interp.label
        assert doc["miss"]["module"] == f"{project.interp.package}.testing.api_recorder"


def test_a_model_list_miss_names_both_globs_and_the_test_id_its_hash_holds(runs: dict[str, RunResult], project: RealProject) -> None:
    s = BY_NAME["test_models_list_other_host"]
    h = project.hashes[s.name]
    doc = runs["flag"].misses()[h]
    # ogx >= 1.2 shares a remote host's model list across tests (no test id in its hash);
    # older recorders share only /v1/models and a few other exact paths.
    assert project.shared[s.name] == (project.interp.package == "ogx" and _minor(project.interp.version) >= (1, 2))
    assert doc["test_id"] == (None if project.shared[s.name] else s.nodeid)
    assert doc["request"] == {"method": "POST", "url": s.base_url + "/v1/models", "headers": {}, "body": {}, "endpoint": "/v1/models", "model": ""}
    assert doc["miss"]["looked_in"] == [str(project.suite / "recordings" / f"models-{h}-*.json"), str(project.common / f"models-{h}-*.json")]


def test_miss_files_are_the_recorders_bytes_in_the_contracts_order(runs: dict[str, RunResult], project: RealProject) -> None:
    folder = runs["flag"].capture_dir
    assert folder is not None
    for path in (folder / "misses").glob("*.json"):
        raw = path.read_text()
        doc = json.loads(raw)
        assert raw == json.dumps(doc, indent=2) + "\n"
        assert list(doc) == ["test_id", "request", "miss"]
        assert list(doc["miss"]) == ["hash", "kind", "looked_in", "at", "recorder", "module", "pid", "argv"]
        assert all(os.path.isabs(p) for p in doc["miss"]["looked_in"])
        if doc["miss"]["kind"] == "inference":
            assert list(doc["request"]) == ["method", "url", "headers", "body", "endpoint", "model"]
            assert doc["miss"]["looked_in"] == [str(project.suite / "recordings"), str(project.common)]


def test_reads_name_the_recording_that_served_them(runs: dict[str, RunResult], project: RealProject) -> None:
    pytest_record = _pytest_record(runs["flag"])
    reads = {e["hash"]: e for e in pytest_record if e["event"] == "read"}
    for s in READS:
        event = reads[project.hashes[s.name]]
        assert event["file"] == str(project.recordings[s.name]), s.name
        assert event["test_id"] == project.expected_test_id(s)


def _pytest_record(result: RunResult) -> list[dict]:
    (events,) = [events for events in result.run_events().values() if any(e["event"] == "collected" for e in events)]
    return events


def test_the_run_records_hold_the_collection_and_every_miss_of_each_process(runs: dict[str, RunResult], project: RealProject) -> None:
    result = runs["env"]
    records = result.run_events()
    assert len(records) == 2  # the pytest process and the server stand-in it started
    ours = _pytest_record(result)
    assert list(ours[0]) == ["event", "pid", "at", "argv", "recorder", "cwd"]
    assert ours[0]["recorder"] == project.interp.label and ours[0]["cwd"] == str(project.root)
    collected = [n for e in ours if e["event"] == "collected" for n in e["nodeids"]]
    assert collected == [s.nodeid for s in SCENARIOS]
    missed = sorted(e["hash"] for e in ours if e["event"] == "miss")
    assert missed == sorted(project.hashes[s.name] for s in MISSES)
    (server,) = [events for events in records.values() if events is not ours and events[0]["argv"][0].endswith("serve_one.py")]
    s = BY_NAME["test_via_server_child"]
    assert [(e["event"], e["hash"], e["test_id"], e["file"]) for e in server[1:]] == [("miss", project.hashes[s.name], s.nodeid, f"misses/{project.hashes[s.name]}.json")]
    # Both processes missed it; one file holds it.
    assert (result.capture_dir / "misses" / f"{project.hashes[s.name]}.json").is_file()  # type: ignore[operator]


def test_the_summary_says_where_and_which_command_reads_them(runs: dict[str, RunResult]) -> None:
    for how in ("flag", "env"):
        result = runs[how]
        folder = result.capture_dir
        assert f"{len(MISSES)} replay misses captured in {folder / 'misses'} (2 processes" in result.stdout  # type: ignore[operator]
        assert f"read them with: recording-inspector misses {folder}" in result.stdout
    assert "recording-inspector misses" not in runs["off"].stdout


def test_the_variable_alone_captures_in_a_plain_process(project: RealProject) -> None:
    control, changed = BY_NAME["test_control"], BY_NAME["test_changed_message"]
    read, _ = project.run_server(control.nodeid, control.name, capture_dir="server-cap")
    missed, res = project.run_server(changed.nodeid, changed.name, capture_dir="server-cap")
    assert (read["outcome"], missed["outcome"]) == ("read", "miss")
    assert res.stderr.count("recording-inspector") == 0
    folder = project.root / "server-cap"  # relative: from the process's working directory
    h = realproject.HASH_PATTERN.search(missed["error"]).group(1)  # type: ignore[union-attr]
    assert h == project.hashes[changed.name]
    doc = json.loads((folder / "misses" / f"{h}.json").read_text())
    assert doc["test_id"] == changed.nodeid and doc["request"]["body"] == changed.sent
    assert doc["miss"]["argv"][0].endswith("serve_one.py")
    events = [json.loads(line) for p in sorted((folder / "runs").glob("*.jsonl")) for line in p.read_text().splitlines()]
    assert [e["event"] for e in events] == ["start", "read", "start", "miss"]
    assert events[1]["file"] == str(project.recordings[control.name]) and events[1]["test_id"] == control.nodeid
