"""``check``'s ``healed`` and ``unread`` codes, and ``changes``' ``healed`` class."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from inspector.core.checks.codes import INFO, WARNING, CheckOptions
from inspector.core.checks.misses import explain_misses
from inspector.core.checks.runner import check_paths
from inspector.core.heal import heal
from inspector.core.history.changes import collect_changes, resolve_range
from inspector.core.history.git import find_repo
from inspector.core.recording.captures import read_misses, read_runs
from inspector.core.recording.loading import load
from tests import gitrepo as g
from tests.capture_files import recording, sample, sample_root, write_miss, write_run

CHAT_N = "724f5673"
TEST_N = "tests/integration/inference/test_openai_completion.py::test_openai_chat_completion_n[openai_client-txt=openai/gpt-4o]"
AGENT_SIMPLE = "4b22b913"
INTERACTIONS = "ef76cbeb"  # the only recording of test_interactions.py
CI_ROOT = Path("/ci/runner/work/repo")  # where the runs ran: another checkout


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return sample_root(tmp_path)


def _heal_one(root: Path, capture: Path, *, reword: bool) -> Path:
    src = recording(sample(root, CHAT_N))
    req = copy.deepcopy(src["request"])
    test_id = TEST_N.replace("test_openai_chat_completion_n", "test_renamed")
    if reword:
        req["body"]["messages"][0]["content"] = "Name one primary colour, please."
        test_id = TEST_N
    write_miss(capture, req, test_id, root=root)
    (action,) = heal(explain_misses(read_misses([capture]).misses, root), force=True).actions
    assert action.action == "wrote" and action.path is not None
    return action.path


def _codes(root: Path, code: str, **kw) -> dict[str, tuple[str, str, str | None]]:
    report = check_paths([root], CheckOptions(select=frozenset({code}), **kw))
    return {Path(f.path).name: (f.severity, f.message, f.hint) for f in report.findings if f.code == code}


# --- healed ---------------------------------------------------------------------------------------


def test_check_reports_a_safe_heal_as_info_and_an_unsafe_one_as_a_warning(root: Path, tmp_path: Path) -> None:
    safe = _heal_one(root, tmp_path / "c1", reword=False)
    unsafe = _heal_one(root, tmp_path / "c2", reword=True)
    for _ in range(2):  # cold, then from the index cache: the severities survive it
        found = _codes(root, "healed")
        assert set(found) == {safe.name, unsafe.name}
        assert found[safe.name][0] == INFO
        assert found[unsafe.name][0] == WARNING
        assert f"healed from tests/integration/inference/recordings/{sample(root, CHAT_N).name}" in found[unsafe.name][1]
        assert "body.messages[0].content" in found[unsafe.name][1]
    report = check_paths([root], CheckOptions(select=frozenset({"healed"})))
    assert (report.errors, report.warnings, report.exit_code) == (0, 1, 0)


# --- unread ---------------------------------------------------------------------------------------


def _all_recordings(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.json") if load(p).ok]


def _ci(path: Path, root: Path) -> Path:
    return CI_ROOT / path.relative_to(root)


def _whole_suite_but(root: Path, capture: Path, *, removed_param: Path, never_run: Path) -> None:
    """A run record of the suite in which ``removed_param``'s parametrisation and ``never_run``'s test are gone."""
    collected, reads = [], []
    for p in _all_recordings(root):
        rec = load(p)
        if p == never_run:
            continue
        if p == removed_param:
            collected.append(rec.test_id.replace("gpt-4o]", "gpt-4o-mini]"))  # another parameter now
            continue
        if rec.test_id:
            collected.append(rec.test_id)
        reads.append((p.name.removeprefix("models-")[:64], _ci(p, root), rec.test_id))
    half = len(collected) // 2
    write_run(capture, collected[:half], reads[: len(reads) // 2], pid=1)
    write_run(capture, collected[half:], reads[len(reads) // 2 :], pid=2, torn='{"event": "rea')


def test_unread_finds_a_removed_parametrisation_and_nothing_else(root: Path, tmp_path: Path) -> None:
    removed, never = sample(root, CHAT_N), sample(root, INTERACTIONS)
    _whole_suite_but(root, tmp_path / "cap", removed_param=removed, never_run=never)
    runs = read_runs([tmp_path / "cap"])
    assert runs.errors == [] and len(runs.runs) == 2
    found = _codes(root, "unread", runs=runs)
    assert set(found) == {removed.name}
    severity, message, hint = found[removed.name]
    assert severity == WARNING and "parametrisation" in message
    assert hint is not None and hint.startswith("recording-inspector rm ") and hint.endswith(removed.name)


def test_complete_also_finds_a_test_no_run_collects(root: Path, tmp_path: Path) -> None:
    removed, never = sample(root, CHAT_N), sample(root, INTERACTIONS)
    _whole_suite_but(root, tmp_path / "cap", removed_param=removed, never_run=never)
    found = _codes(root, "unread", runs=read_runs([tmp_path / "cap"]), complete=True)
    assert set(found) == {removed.name, never.name}
    assert "no run collected its test" in found[never.name][1]


def test_a_test_that_ran_without_reading_its_recording_is_unread(root: Path, tmp_path: Path) -> None:
    never = sample(root, AGENT_SIMPLE)
    write_run(tmp_path / "cap", [load(never).test_id])  # collected, read nothing
    found = _codes(root, "unread", runs=read_runs([tmp_path / "cap"]))
    # the agents file's other tests were not collected: only the collected test's file and id count
    assert never.name in found and "its test ran" in found[never.name][1]
    others = {p.name for p in never.parent.glob("*.json")} - {never.name}
    assert set(found) - {never.name} <= others  # same test file, other test ids: removed parametrisations
    assert not any("inference" in str(p) for p in found)


def test_without_runs_there_is_no_unread(root: Path) -> None:
    assert _codes(root, "unread") == {}


# --- changes ----------------------------------------------------------------------------------------


def test_changes_gives_a_healed_file_the_healed_class(tmp_path: Path) -> None:
    g.need_git()
    root = g.init_repo(tmp_path / "repo")
    near = g.sample(CHAT_N)
    g.put(root, f"tests/integration/inference/recordings/{near.name}", g.read(near))
    g.commit(root, "one recording", "v1")
    healed = _heal_one(root, tmp_path / "cap", reword=False)
    with find_repo(root) as repo:
        rows = collect_changes(repo, resolve_range(repo, None)).changes
    (row,) = rows
    assert (row.status, row.classes) == ("added", ("healed",))
    assert row.to_json()["classes"] == ["healed"]
    g.commit(root, "healed", "v2")
    data = json.loads(healed.read_text())
    data["healed"]["class"] = "unsafe"
    healed.write_text(json.dumps(data, indent=2) + "\n")
    with find_repo(root) as repo:
        (row,) = collect_changes(repo, resolve_range(repo, None)).changes
    assert row.status == "modified" and "healed" in row.classes


def test_one_model_list_read_counts_for_every_file_replay_merges(root: Path, tmp_path: Path) -> None:
    models = sample(root, "99bdc90d")
    data = recording(models)
    data["response"]["body"] = data["response"]["body"][:1]  # another server's model set: another digest
    from inspector.core.rules import hashing

    h = models.name.split("-")[1]
    sibling = models.parent / f"models-{h}-{hashing.model_list_digest(data['response']['body'])}.json"
    assert sibling != models
    sibling.write_text(json.dumps(data, indent=2) + "\n")
    test_id = load(models).test_id
    write_run(tmp_path / "cap", [test_id], [(h, _ci(models, root), test_id)])
    found = _codes(root, "unread", runs=read_runs([tmp_path / "cap"]))
    assert models.name not in found and sibling.name not in found


def test_a_model_list_copy_in_a_folder_no_replay_searched_is_not_read_by_its_hash(root: Path, tmp_path: Path) -> None:
    # A shared model list recorded inside a test lands in that test's folder; a copy of it there is
    # not read when a run reads the one in common/ (replay merges only the folders it searched).
    models = sample(root, "99bdc90d")
    h = models.name.split("-")[1]
    data = recording(models)
    data["test_id"] = "tests/integration/vector_io/test_vector_io.py::test_setup"
    elsewhere = root / "tests/integration/vector_io/recordings" / models.name
    elsewhere.parent.mkdir(parents=True, exist_ok=True)
    elsewhere.write_text(json.dumps(data, indent=2) + "\n")
    write_run(tmp_path / "cap", [TEST_N], [(h, _ci(models, root), None)])
    report = check_paths([root], CheckOptions(select=frozenset({"unread"}), runs=read_runs([tmp_path / "cap"]), complete=True))
    found = {Path(f.path).resolve() for f in report.findings}
    assert elsewhere.resolve() in found
    assert models.resolve() not in found
