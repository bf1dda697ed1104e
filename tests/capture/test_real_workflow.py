"""The whole workflow against the real recorder: capture, ``misses``, ``heal``, replay again, ``check --runs``.

One project (``realproject.py``, with every scenario and two leftover recordings) runs three
times under ogx 1.5.0's recorder in replay mode, each time with capture on: as built, after
``heal`` and after ``heal --force``.  Between the runs, ``recording-inspector`` (this
environment's, ``python -m inspector``) reads the first run's capture.  The runs collect only
``tests/integration/inference`` (one CI job's suite), so the leftover of another suite is
judged only with ``--complete``.  Skipped without ``RECORDING_INSPECTOR_OGX_PYTHON``, failed
under CI.

The heal class of each miss, and why (``Scenario.heal``, ``Scenario.why``):

- renamed test: ``safe``: the same request under the test's old name;
- reworded user message, added parameter, changed tool description of a streamed tool
  call, the server stand-in's reworded message: ``unsafe``: the provider sees another body;
- unrelated request (twice, once caught by its test): ``none``;
- a local server's model list (ogx keeps the test id in its hash) under a renamed test:
  ``safe``, healed as ``models-<hash>-<digest>.json`` in the test's folder;
- a shared model list at a path nothing lists models at: ``none``: it has no test id, and
  explain's ranking keeps only candidates of the same test file or the same endpoint;
- TEI's ``GET /info`` model lookup (the recorder's one model-list GET; ``client.models.list()``
  is hashed as a POST), recorded inside a test of another suite and so filed in that test's
  folder: ``safe``, the same request (its hash holds no test id), healed into the missed
  test's folder, where replay looks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from . import realproject
from .realproject import BY_NAME, LEFTOVERS, SCENARIOS, RealProject, RunResult, Scenario, node

pytestmark = pytest.mark.slow

RUN_ARGS = ("tests/integration/inference",)  # one CI job: the other suite is never collected
MISSES = [s for s in SCENARIOS if s.miss]
SAFE = [s for s in MISSES if s.heal == "safe"]
UNSAFE = [s for s in MISSES if s.heal == "unsafe"]
NONE = [s for s in MISSES if s.heal == "none"]
#: Scenarios whose recording no healed run reads: the request drifted away from it (or, for the
#: TEI lookup, it sits in another suite's folder, judged only with --complete).
SUPERSEDED = [s for s in MISSES if s.heal in ("safe", "unsafe")]


def _row_test_id(wf: Workflow, s: Scenario) -> str | None:
    """The test id ``misses`` shows: the hash's, or for a TEI lookup the test in force its request keeps."""
    return s.nodeid if s.call == "tei" else wf.project.expected_test_id(s)


def _changed(s: Scenario) -> list[dict[str, Any]]:
    """The changed paths ``misses`` must name for ``s``, old → new (``PathChange.to_json``)."""
    recorded, sent = s.recorded or {}, s.sent or {}
    if s.heal == "safe":
        return [{"path": "test_id", "op": "changed", "old": s.recorded_as, "new": s.nodeid}]
    if s.name in ("test_changed_message", "test_via_server_child"):
        old, new = recorded["messages"][0]["content"], sent["messages"][0]["content"]
        return [{"path": "body.messages[0].content", "op": "changed", "old": old, "new": new}]
    if s.name == "test_added_parameter":
        return [{"path": "body.temperature", "op": "added", "new": 0.2}]
    if s.name == "test_streamed_tool_call_changed":
        old, new = (b["tools"][0]["function"]["description"] for b in (recorded, sent))
        return [{"path": "body.tools[0].function.description", "op": "changed", "old": old, "new": new}]
    raise AssertionError(f"no changes known for {s.name}")


def _without_diff(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in c.items() if k != "diff"} for c in changes]


@dataclass
class Cli:
    """One run of ``recording-inspector``."""

    code: int
    stdout: str
    stderr: str
    seconds: float

    def rows(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


@dataclass
class Workflow:
    """Everything the workflow did, step by step (read by the tests below)."""

    project: RealProject
    leftovers: dict[str, Path]
    runs: dict[str, RunResult] = field(default_factory=dict)
    cli: dict[str, Cli] = field(default_factory=dict)
    written: dict[str, set[Path]] = field(default_factory=dict)  # step -> files it added to the tree
    built: dict[str, dict[str, Any]] = field(default_factory=dict)  # scenario -> its recording as built

    def rel(self, path: Path) -> str:
        return path.relative_to(self.project.root).as_posix()


def _files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (root / "tests").rglob("*.json")}


def _cli(root: Path, *args: str) -> Cli:
    # This environment's command, run where a user would: the project's root.
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECORDING_INSPECTOR_MISSES")}
    start = time.monotonic()
    res = subprocess.run([sys.executable, "-m", "inspector", *args], cwd=root, env=env, capture_output=True, text=True, timeout=600, check=False)
    return Cli(res.returncode, res.stdout, res.stderr, time.monotonic() - start)


@pytest.fixture(scope="module")
def flow(ogx_interpreter: realproject.Interpreter, tmp_path_factory: pytest.TempPathFactory) -> Workflow:
    project = RealProject(tmp_path_factory.mktemp("workflow"), ogx_interpreter).build()
    wf = Workflow(project, project.plant_leftovers())
    wf.built = {name: json.loads(path.read_text()) for name, path in project.recordings.items()}
    root = project.root

    def step(name: str, *args: str) -> None:
        before = _files(root)
        wf.cli[name] = _cli(root, *args)
        after = _files(root)
        assert all(after.get(p) == raw for p, raw in before.items()), f"{name} changed or removed a recording"
        wf.written[name] = set(after) - set(before)

    wf.runs["captured"] = project.run(capture="flag", capture_dir="cap-1", args=RUN_ARGS)
    step("misses", "misses", "cap-1", "--root", str(root), "--format", "json")
    step("misses-text", "misses", "cap-1", "--root", str(root))
    step("misses-markdown", "misses", "cap-1", "--root", str(root), "--format", "markdown")
    wf.cli["misses-elsewhere"] = _cli(root.parent, "misses", str(root / "cap-1"), "--format", "json")  # no --root
    step("dry-run", "heal", "cap-1", "--root", str(root), "--dry-run")
    step("heal", "heal", "cap-1", "--root", str(root))
    wf.runs["healed"] = project.run(capture="flag", capture_dir="cap-2", args=RUN_ARGS)
    step("force", "heal", "cap-1", "--root", str(root), "--force")
    wf.runs["forced"] = project.run(capture="flag", capture_dir="cap-3", args=RUN_ARGS)
    step("check", "check", "tests", "--runs", "cap-3", "--format", "json")
    step("check-complete", "check", "tests", "--runs", "cap-3", "--complete", "--format", "json")
    # The run records judged in another checkout of the same tree (a CI job's artifact, read at home).
    other = root.parent / f"{root.name}-elsewhere"
    shutil.copytree(root / "tests", other / "tests")
    wf.cli["check-elsewhere"] = _cli(other, "check", "tests", "--runs", str(root / "cap-3"), "--complete", "--format", "json")
    # Follow the hints for the recordings the healed misses drifted from; the run record still holds.
    wf.cli["rm"] = _cli(root, "rm", *sorted(wf.rel(project.recordings[s.name]) for s in SUPERSEDED))
    wf.cli["check-after-rm"] = _cli(root, "check", "tests", "--runs", "cap-3", "--format", "json")
    wf.cli["check-after-rm-complete"] = _cli(root, "check", "tests", "--runs", "cap-3", "--complete", "--format", "json")
    return wf


def _misses(wf: Workflow) -> dict[str, dict[str, Any]]:
    return {row["hash"]: row for row in wf.cli["misses"].rows()}


def _target(wf: Workflow, s: Scenario) -> Path:
    """Where the recorder looks for what ``s`` sends: its test's folder, named by the hash (a model list's also by its digest)."""
    h = wf.project.hashes[s.name]
    if s.kind == "models":
        digest = wf.project.recordings[s.name].name.rsplit("-", 1)[1]  # the same models, the same digest
        return wf.project.suite / "recordings" / f"models-{h}-{digest}"
    return wf.project.suite / "recordings" / f"{h}.json"


# --- the capture run -------------------------------------------------------------------------------


def test_the_captured_run_fails_exactly_for_the_misses_under_the_recorders_hashes(flow: Workflow) -> None:
    run = flow.runs["captured"]
    assert run.outcome_of() == {s.nodeid: s.outcome for s in SCENARIOS}, run.stdout[-3000:]
    for s in MISSES:
        if s.call == "tei":  # the recorder's TEI message names the URL, not the hash
            assert f"Recording not found for TEI model lookup GET {s.base_url}/info" in run.outcomes[s.nodeid].longrepr
        elif s.outcome == "failed":
            assert run.outcomes[s.nodeid].recorder_hash == flow.project.hashes[s.name], s.name
    assert set(run.misses()) == {flow.project.hashes[s.name] for s in MISSES}


# --- misses ----------------------------------------------------------------------------------------


def test_misses_prints_one_json_object_per_captured_miss(flow: Workflow) -> None:
    out = flow.cli["misses"]
    assert (out.code, out.stderr) == (0, "")
    assert sorted(_misses(flow)) == sorted(flow.project.hashes[s.name] for s in MISSES)
    assert len(out.rows()) == len(MISSES)


@pytest.mark.parametrize("s", MISSES, ids=lambda s: s.name)
def test_misses_classes_each_miss_and_says_why(flow: Workflow, s: Scenario) -> None:
    row = _misses(flow)[flow.project.hashes[s.name]]
    assert row["heal"] == s.heal, f"{s.name}: expected {s.heal} ({s.why}), got {row['heal']}: {row['changed']}"
    assert row["test_id"] == _row_test_id(flow, s)
    assert row["kind"] == s.kind


@pytest.mark.parametrize("s", SAFE + UNSAFE, ids=lambda s: s.name)
def test_misses_names_the_nearest_recording_the_changed_paths_and_the_target(flow: Workflow, s: Scenario) -> None:
    row = _misses(flow)[flow.project.hashes[s.name]]
    # The renamed test's nearest is its old name's recording; a drifted one's is its own.
    assert row["nearest"] == flow.rel(flow.project.recordings[s.name])
    assert row["nearest_test_id"] == (s.recorded_as or s.nodeid)
    assert _without_diff(row["changed"]) == _changed(s)
    assert row["target"] == flow.rel(_target(flow, s))
    assert row["note"] is None


def test_a_miss_nothing_resembles_is_reported_and_skipped(flow: Workflow) -> None:
    models = _misses(flow)[flow.project.hashes["test_models_list_other_host"]]
    assert models["nearest"] is None and models["target"] is None and models["test_id"] is None
    assert "resembles the request" in models["note"]
    for s in NONE:
        line = f"({flow.project.hashes[s.name][:12]}…, none)"
        assert [x for x in flow.cli["heal"].stdout.splitlines() if line in x][0].startswith("skipped "), s.name


def test_misses_finds_the_root_from_where_replay_looked(flow: Workflow) -> None:
    # Run from outside the project without --root: the folders in the miss files lead to it.
    assert flow.cli["misses-elsewhere"].code == 0
    assert flow.cli["misses-elsewhere"].rows() == flow.cli["misses"].rows()


def test_misses_text_and_markdown_count_the_classes_and_name_the_shared_model_list(flow: Workflow) -> None:
    counts = f"{len(MISSES)} misses: {len(SAFE)} safe, {len(UNSAFE)} unsafe, {len(NONE)} none"
    text, md = flow.cli["misses-text"], flow.cli["misses-markdown"]
    assert text.code == 0 and counts in text.stdout
    assert md.code == 0 and md.stdout.startswith(f"### Replay misses: {len(MISSES)} ({len(SAFE)} safe, {len(UNSAFE)} unsafe, {len(NONE)} none)")
    # The shared model list was missed inside a test; only its hash has no test id.
    assert "outside a test" not in text.stdout and "none: a shared model list (its hash holds no test id)" in text.stdout
    assert "| `(shared model list)` | models |" in md.stdout
    for s in MISSES:
        if _row_test_id(flow, s):
            assert f"test      {s.nodeid}\n" in text.stdout and f"`{s.nodeid}`" in md.stdout, s.name


# --- heal ------------------------------------------------------------------------------------------


def test_a_dry_run_writes_nothing_and_says_what_it_would(flow: Workflow) -> None:
    out = flow.cli["dry-run"]
    assert out.code == 0 and flow.written["dry-run"] == set()
    assert out.stdout.splitlines()[-1] == f"dry run: would write {len(SAFE)} recordings, skipped {len(MISSES) - len(SAFE)}"


def test_heal_writes_only_the_safe_misses_where_the_recorder_looks(flow: Workflow) -> None:
    out = flow.cli["heal"]
    assert out.code == 0, out.stderr
    assert flow.written["heal"] == {_target(flow, s) for s in SAFE}
    assert out.stdout.splitlines()[-1] == f"wrote {len(SAFE)} recordings, skipped {len(MISSES) - len(SAFE)}"


@pytest.mark.parametrize("s", SAFE + UNSAFE, ids=lambda s: s.name)
def test_a_healed_file_holds_the_missed_request_the_nearest_answer_and_the_marker(flow: Workflow, s: Scenario) -> None:
    path = _target(flow, s)
    raw = path.read_text()
    doc = json.loads(raw)
    assert raw == json.dumps(doc, indent=2) + "\n"  # the recorder's bytes
    assert list(doc) == ["test_id", "request", "response", "id_normalization_mapping", "healed"]
    miss = flow.runs["captured"].misses()[flow.project.hashes[s.name]]
    # The test in force, as the recorder writes it (a TEI lookup's miss file keeps it in the request).
    assert doc["test_id"] == (s.nodeid if s.call == "tei" else miss["test_id"]) and doc["request"] == miss["request"]
    marker = doc["healed"]
    assert marker["from"] == flow.rel(flow.project.recordings[s.name])
    assert marker["class"] == s.heal
    assert marker["changed"] == [c["path"] for c in _changed(s)]
    source = flow.built[s.name]["response"]
    old12, new12 = flow.project.recordings[s.name].name.removeprefix("models-")[:12], flow.project.hashes[s.name][:12]
    # Ids re-pointed as the recorder writes them (model objects keep theirs).
    assert doc["response"] == json.loads(json.dumps(source).replace(f"rec-{old12}", f"rec-{new12}"))
    if s.kind != "models":
        assert f"rec-{new12}" in json.dumps(doc["response"]) and f"rec-{old12}" not in json.dumps(doc["response"])


def test_replay_after_heal_passes_exactly_for_the_safe_ones(flow: Workflow) -> None:
    before, after = flow.runs["captured"], flow.runs["healed"]
    expected = {s.nodeid: "passed" if s.heal == "safe" else s.outcome for s in SCENARIOS}
    assert after.outcome_of() == expected, after.stdout[-3000:]
    for s in MISSES:
        if expected[s.nodeid] == "failed":  # still failing, for the same request
            assert after.outcomes[s.nodeid].recorder_hash == before.outcomes[s.nodeid].recorder_hash, s.name
    assert set(after.misses()) == {flow.project.hashes[s.name] for s in MISSES if s.heal != "safe"}
    # The renamed test got the healed answer, its id re-pointed to the request it made.
    renamed = BY_NAME["test_renamed"]
    printed = json.loads(after.outcomes[renamed.nodeid].stdout.strip().splitlines()[-1])
    assert printed == {"id": f"rec-{flow.project.hashes[renamed.name][:12]}"}


def test_heal_force_writes_the_unsafe_ones_and_skips_the_rest(flow: Workflow) -> None:
    out = flow.cli["force"]
    assert out.code == 0, out.stderr
    assert flow.written["force"] == {_target(flow, s) for s in UNSAFE}
    assert out.stdout.splitlines()[-1] == f"wrote {len(UNSAFE)} recordings, skipped {len(SAFE) + len(NONE)}"
    for s in SAFE:
        assert f"{flow.rel(_target(flow, s))} is already where replay looks" in out.stdout, s.name


def test_replay_after_heal_force_passes_for_everything_but_the_none_misses(flow: Workflow) -> None:
    before, after = flow.runs["captured"], flow.runs["forced"]
    expected = {s.nodeid: "failed" if s.heal == "none" and s.call != "caught" else "passed" for s in SCENARIOS}
    assert after.outcome_of() == expected, after.stdout[-3000:]
    for s in NONE:
        if s.call != "caught":
            assert after.outcomes[s.nodeid].recorder_hash == before.outcomes[s.nodeid].recorder_hash, s.name
    assert set(after.misses()) == {flow.project.hashes[s.name] for s in NONE}


# --- check: healed and unread ----------------------------------------------------------------------


def _findings(out: Cli) -> dict[tuple[str, str], dict[str, Any]]:
    return {(row["path"], row["code"]): row for row in out.rows()}


def _unread_expected(wf: Workflow, complete: bool) -> set[str]:
    paths = {wf.rel(wf.leftovers["removed_parametrisation"])}
    # Another suite's folder (the TEI lookup's old copy) is judged only with --complete.
    paths |= {wf.rel(wf.project.recordings[s.name]) for s in SUPERSEDED if complete or s.recorded_in is None}
    if complete:
        paths.add(wf.rel(wf.leftovers["never_collected"]))
    return paths


@pytest.mark.parametrize("complete", [False, True], ids=["runs", "complete"])
def test_check_reports_the_healed_files_and_the_unread_recordings_and_nothing_else(flow: Workflow, complete: bool) -> None:
    out = flow.cli["check-complete" if complete else "check"]
    assert out.code == 0, out.stderr
    found = _findings(out)
    healed = {(flow.rel(_target(flow, s)), "healed") for s in SAFE + UNSAFE}
    unread = {(p, "unread") for p in _unread_expected(flow, complete)}
    # The TEI lookup was healed by a copy: the old one in the other suite's folder is the same request.
    tei = BY_NAME["test_tei_model_lookup"]
    duplicate = {(flow.rel(p), "duplicate-request") for p in (flow.project.recordings[tei.name], _target(flow, tei))}
    assert set(found) == healed | unread | duplicate
    for s in SAFE + UNSAFE:
        row = found[(flow.rel(_target(flow, s)), "healed")]
        assert row["severity"] == ("info" if s.heal == "safe" else "warning"), s.name


def test_unread_says_why_each_recording_is_unread(flow: Workflow) -> None:
    found = _findings(flow.cli["check-complete"])
    removed = found[(flow.rel(flow.leftovers["removed_parametrisation"]), "unread")]
    assert "a parametrisation that no longer exists" in removed["message"]
    assert removed["hint"] == f"recording-inspector rm {flow.rel(flow.leftovers['removed_parametrisation'])}"
    never = found[(flow.rel(flow.leftovers["never_collected"]), "unread")]
    assert f"no run collected its test ({LEFTOVERS[1].test_id})" in never["message"]
    before_rename = found[(flow.rel(flow.project.recordings["test_renamed"]), "unread")]
    assert node("test_before_rename") in before_rename["message"] and "parametrisation" in before_rename["message"]
    for s in SUPERSEDED:
        if s.recorded_as is None:
            row = found[(flow.rel(flow.project.recordings[s.name]), "unread")]
            assert f"its test ran ({s.nodeid}) and never asked for it" in row["message"], s.name
    assert all(row["severity"] == "warning" for (_p, code), row in found.items() if code == "unread")


def test_run_records_from_another_checkout_judge_the_same_recordings(flow: Workflow) -> None:
    here, elsewhere = flow.cli["check-complete"], flow.cli["check-elsewhere"]
    assert elsewhere.code == 0, elsewhere.stderr
    assert sorted(elsewhere.rows(), key=json.dumps) == sorted(here.rows(), key=json.dumps)


@pytest.mark.parametrize("complete", [False, True], ids=["runs", "complete"])
def test_once_the_drifted_from_recordings_are_removed_only_the_leftovers_are_unread(flow: Workflow, complete: bool) -> None:
    assert flow.cli["rm"].code == 0, flow.cli["rm"].stderr
    out = flow.cli["check-after-rm-complete" if complete else "check-after-rm"]
    assert out.code == 0, out.stderr
    found = _findings(out)
    unread = {p for (p, code) in found if code == "unread"}
    expected = {flow.rel(flow.leftovers["removed_parametrisation"])}
    if complete:
        expected.add(flow.rel(flow.leftovers["never_collected"]))
    assert unread == expected
    assert {code for (_p, code) in found} == {"unread", "healed"}
