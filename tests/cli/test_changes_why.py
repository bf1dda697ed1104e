"""``recording-inspector changes`` and ``why``: what a reviewer reads, and the exit codes CI acts on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.cli.main import main
from tests import gitrepo as g


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    g.need_git()
    root = tmp_path_factory.mktemp("cli-changes") / "repo"
    return root, g.build_scenario(root)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("spec", "code"),
    [("t-base..t-churn", 0), ("t-churn..t-request", 1), ("t-request..t-delete", 0), ("t-added..t-added-stale", 1)],
)
def test_exit_code_says_whether_a_file_became_unreachable(scenario, capsys, spec: str, code: int) -> None:
    root, _ = scenario
    assert _run(capsys, "changes", "--repo", str(root), spec, "--format", "json")[0] == code


def test_json_lines_have_the_promised_fields(scenario, capsys) -> None:
    root, _ = scenario
    code, out, _ = _run(capsys, "changes", "--repo", str(root), "t-base..t-added-stale", "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert all(list(r) == ["status", "path", "old_path", "test_id", "classes", "hash_before", "hash_after"] for r in rows)
    by_status = {r["status"]: r for r in rows}
    assert by_status["removed"]["hash_after"] is None and by_status["removed"]["classes"] is None
    assert by_status["renamed"]["old_path"].startswith("tests/integration/inference/")
    assert sorted(r["classes"][0] for r in rows if r["classes"]) == ["churn", "other", "request", "request", "response"]


def test_text_groups_by_test_and_folds_churn(scenario, capsys) -> None:
    root, _ = scenario
    code, out, _ = _run(capsys, "changes", "--repo", str(root), "t-base..t-added-stale")
    assert code == 1
    lines = out.splitlines()
    assert "added 2 · removed 1 · renamed 2 · modified 4" in lines[1]
    assert "3 newly stale" in lines[1]
    assert "  ~ 1 recording with churn only (ids, timestamps, chunking)" in lines
    assert any("body.messages[0].content" in line and "{+ Answer briefly.+}" in line for line in lines)
    assert any(line.strip().startswith("text  [-") for line in lines)  # the word diff of the edited response
    assert not any(g.CHURN in line for line in lines)  # the churn-only file is folded, not listed


def test_markdown_calls_out_stale_files_before_the_sections(scenario, capsys) -> None:
    root, _ = scenario
    _, out, _ = _run(capsys, "changes", "--repo", str(root), "t-base..t-added-stale", "--format", "markdown")
    assert out.startswith("### Recording changes: `t-base..t-added-stale`")
    assert "| **newly stale** | **3** |" in out
    stale_at, first_section = out.index("newly stale: replay will not find these"), out.index("<details>")
    assert stale_at < first_section
    assert out.count("<details>") == out.count("</details>") == 9  # one per test


def test_paths_after_the_range_limit_the_output(scenario, capsys) -> None:
    root, _ = scenario
    _, out, _ = _run(
        capsys, "changes", "--repo", str(root), "t-base..t-added-stale", "tests/integration/agents", "--format", "json"
    )
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["renamed", "renamed"]


def test_bad_input_is_one_line_and_exit_2(scenario, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = scenario
    code, out, err = _run(capsys, "changes", "--repo", str(root), "nope..t-base")
    assert (code, out, err) == (2, "", "recording-inspector: unknown revision: nope\n")
    code, _, err = _run(capsys, "changes", "--repo", str(tmp_path))
    assert code == 2 and err.count("\n") == 1 and "not a git repository" in err
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on PATH
    code, _, err = _run(capsys, "changes", "--repo", str(root))
    assert code == 2 and err.startswith("recording-inspector: git is not installed") and err.count("\n") == 1


def test_why_json(scenario, capsys) -> None:
    root, shas = scenario
    code, out, _ = _run(capsys, "why", "--format", "json", str(root / g.rel_of(g.PROJECT)), str(root / g.rel_of(g.HOST)))
    broken, fine = (json.loads(line) for line in out.splitlines())
    assert code == 0
    assert list(broken) == ["path", "status", "rule", "last_good", "broke_in", "changed"]
    assert broken["broke_in"]["commit"] == shas["t-project"] and broken["changed"] == ["test_id"]
    assert broken["last_good"]["subject"] == "Add recordings"
    assert (fine["status"], fine["last_good"], fine["broke_in"]) == ("ok", None, None)


def test_why_text_and_a_missing_file(scenario, capsys) -> None:
    root, _ = scenario
    code, out, _ = _run(capsys, "why", str(root / g.rel_of(g.REQUEST)))
    assert code == 0 and "broke in" in out and "Edit a prompt in place" in out and "body.messages[0].content" in out
    code, _, err = _run(capsys, "why", str(root / "nope.json"))
    assert code == 2 and err.endswith("nope.json: no such file\n")


def test_no_cache_leaves_the_blob_cache_alone(scenario, capsys, cache_dir: Path, monkeypatch) -> None:
    from inspector.core.history import changes

    root, _ = scenario
    monkeypatch.setattr(changes, "_SHARED_CACHE", changes.SideCache())  # as in a fresh process
    args = ("changes", "--repo", str(root), "t-base..t-added-stale", "--format", "json")
    uncached = _run(capsys, *args, "--no-cache")
    assert not list(cache_dir.glob("*.json"))
    monkeypatch.setattr(changes, "_SHARED_CACHE", changes.SideCache())
    assert _run(capsys, *args) == uncached
    assert list(cache_dir.glob("*.json"))  # the blobs' sides, for the next run
