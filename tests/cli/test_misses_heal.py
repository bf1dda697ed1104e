"""``recording-inspector misses``, ``heal`` and ``check --runs``: formats, exit codes, bad input as one line."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from inspector.cli.main import main
from tests.capture_files import recording, sample, sample_root, write_miss, write_run

CHAT_N = "724f5673"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def captured(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A checkout of the samples and a capture folder with a safe, an unsafe and a none miss."""
    root = sample_root(tmp_path)
    capture = tmp_path / "capture"
    src = recording(sample(root, CHAT_N))
    test_id = src["test_id"]
    renamed = test_id.replace("test_openai_chat_completion_n", "test_chat_n_renamed")
    hashes = {"safe": write_miss(capture, src["request"], renamed, root=root).stem}
    reworded = copy.deepcopy(src["request"])
    reworded["body"]["messages"][0]["content"] = "Name one primary colour, please."
    hashes["unsafe"] = write_miss(capture, reworded, test_id, root=root).stem
    unrelated = copy.deepcopy(src["request"])
    unrelated["body"]["messages"][0]["content"] = "Tell me a joke about penguins on ice."
    hashes["none"] = write_miss(capture, unrelated, "tests/integration/inference/test_jokes.py::test_joke", root=root).stem
    return root, capture, hashes


def test_json_has_one_object_per_miss_with_the_promised_fields(captured, capsys) -> None:
    root, capture, hashes = captured
    code, out, err = _run(capsys, "misses", str(capture), "--root", str(root), "--format", "json")
    assert code == 0 and err == ""
    rows = {r["hash"]: r for r in map(json.loads, out.splitlines())}
    assert set(rows) == set(hashes.values())
    for heal_class, h in hashes.items():
        row = rows[h]
        assert {"hash", "test_id", "kind", "nearest", "changed", "heal"} <= set(row)
        assert row["heal"] == heal_class and row["kind"] == "inference"
    safe = rows[hashes["safe"]]
    assert safe["nearest"] == f"tests/integration/inference/recordings/{sample(root, CHAT_N).name}"
    assert [c["path"] for c in safe["changed"]] == ["test_id"]
    assert [c["path"] for c in rows[hashes["unsafe"]]["changed"]] == ["body.messages[0].content"]


def test_text_names_test_looked_in_nearest_changes_and_class(captured, capsys) -> None:
    root, capture, hashes = captured
    code, out, _ = _run(capsys, "misses", str(capture), "--root", str(root))
    assert code == 0
    assert "looked in 1. tests/integration/inference/recordings/  2. tests/integration/common/recordings/" in out
    assert "test_chat_n_renamed" in out and "test_joke" in out
    assert f"safe: heal writes tests/integration/inference/recordings/{hashes['safe']}.json" in out
    assert "unsafe: heal --force writes" in out and "none: nothing resembles" in out
    assert "body.messages[0].content" in out
    assert "3 misses: 1 safe, 1 unsafe, 1 none" in out


def test_markdown_is_a_pull_request_comment(captured, capsys) -> None:
    root, capture, _ = captured
    code, out, _ = _run(capsys, "misses", str(capture), "--root", str(root), "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "### Replay misses: 3 (1 safe, 1 unsafe, 1 none)"
    assert "| | test | kind | nearest | heal |" in lines
    assert sum(1 for line in lines if line.startswith("| ✅") or line.startswith("| ⚠️") or line.startswith("| ❌")) == 3
    assert out.count("<details>") == 3 and out.count("</details>") == 3
    assert f"recording-inspector heal {capture}" in out


@pytest.mark.parametrize("command", ["misses", "heal"])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys, command: str) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    for target in (str(tmp_path / "nowhere"), str(plain)):
        code, out, err = _run(capsys, command, target)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and err.startswith("recording-inspector: ")
    broken = tmp_path / "broken"
    (broken / "misses").mkdir(parents=True)
    (broken / "misses" / ("a" * 64 + ".json")).write_text("{")
    code, _, err = _run(capsys, command, str(broken))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "a" * 64 in err


def test_a_capture_without_misses_says_so(tmp_path: Path, capsys) -> None:
    write_run(tmp_path / "cap", ["a.py::t"])
    code, out, _ = _run(capsys, "misses", str(tmp_path / "cap"))
    assert code == 0 and "no misses captured" in out


def test_heal_writes_only_the_safe_one_then_force_the_unsafe(captured, capsys) -> None:
    root, capture, hashes = captured
    folder = root / "tests/integration/inference/recordings"
    code, out, _ = _run(capsys, "heal", str(capture), "--root", str(root), "--dry-run")
    assert code == 0 and out.splitlines()[-1] == "dry run: would write 1 recording, skipped 2"
    assert not (folder / f"{hashes['safe']}.json").exists()
    code, out, _ = _run(capsys, "heal", str(capture), "--root", str(root))
    lines = out.splitlines()
    assert code == 0 and lines[-1] == "wrote 1 recording, skipped 2"
    assert sum(line.startswith("skipped ") for line in lines) == 2 and sum(line.startswith("wrote ") for line in lines) == 2
    assert (folder / f"{hashes['safe']}.json").exists() and not (folder / f"{hashes['unsafe']}.json").exists()
    code, out, _ = _run(capsys, "heal", str(capture), "--root", str(root), "--force")
    assert code == 0 and out.splitlines()[-1] == "wrote 1 recording, skipped 2"  # the unsafe one; safe exists, none never
    marker = json.loads((folder / f"{hashes['unsafe']}.json").read_text())["healed"]
    assert marker["class"] == "unsafe"
    assert not (root / "tests/integration/inference/recordings" / f"{hashes['none']}.json").exists()
    code, out, _ = _run(capsys, "check", str(root), "--select", "healed", "--format", "json")
    found = {json.loads(line)["severity"] for line in out.splitlines()}
    assert found == {"info", "warning"} and code == 0


def test_check_runs_reports_unread_and_needs_runs_for_complete(captured, capsys, tmp_path: Path) -> None:
    root, _, _ = captured
    code, _, err = _run(capsys, "check", str(root), "--complete")
    assert code == 2 and "--complete needs --runs" in err
    code, _, err = _run(capsys, "check", str(root), "--runs", str(tmp_path / "nowhere"))
    assert code == 2 and len(err.strip().splitlines()) == 1
    near = sample(root, CHAT_N)
    runs = tmp_path / "runs-only"
    test_id = recording(near)["test_id"]
    write_run(runs, [test_id])  # its test ran and read nothing
    code, out, _ = _run(capsys, "check", str(root), "--runs", str(runs), "--select", "unread", "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and near.name in {Path(r["path"]).name for r in rows}
    assert all(r["code"] == "unread" and r["hint"].startswith("recording-inspector rm ") for r in rows)


def test_show_diff_and_export_work_on_a_miss_file(captured, capsys) -> None:
    root, capture, hashes = captured
    miss = capture / "misses" / f"{hashes['unsafe']}.json"
    code, out, _ = _run(capsys, "show", str(miss))
    assert code == 0 and "miss" in out and "Name one primary colour, please." in out
    code, out, _ = _run(capsys, "diff", str(sample(root, CHAT_N)), str(miss))
    assert code == 1 and "body.messages[0].content" in out  # 1: they differ, as diff(1) says
    code, out, _ = _run(capsys, "export", str(miss), "--as", "curl")
    assert code == 0 and "curl" in out and "Name one primary colour, please." in out


def test_a_shared_model_list_or_tool_miss_is_not_said_to_be_outside_a_test(tmp_path: Path, capsys) -> None:
    # Capture writes the hash's test id: null for a shared model list and a tool call made inside a test.
    root = sample_root(tmp_path)
    models = recording(sample(root, "99bdc90d"))
    models["request"]["url"] = "https://models.example.invalid/v2/v1/models"
    write_miss(tmp_path / "cap", models["request"], None, root=root, kind="models")
    tool = recording(sample(root, "3b8fc7e5"))
    tool["request"]["kwargs"] = {"query": "how long do alpacas live"}
    tool["request"]["test_id"] = "tests/integration/tool_runtime/test_web_search.py::t2"
    write_miss(tmp_path / "cap", tool["request"], None, root=root, kind="tool")
    code, out, _ = _run(capsys, "misses", str(tmp_path / "cap"), "--root", str(root))
    assert code == 0
    assert "outside a test" not in out
    assert "test      none: a shared model list (its hash holds no test id)" in out
    # A tool call's test id comes from its request, where the recorder keeps it.
    assert "test      tests/integration/tool_runtime/test_web_search.py::t2" in out
    code, md, _ = _run(capsys, "misses", str(tmp_path / "cap"), "--root", str(root), "--format", "markdown")
    assert "| `(shared model list)` | models |" in md
    assert "| `tests/integration/tool_runtime/test_web_search.py::t2` | tool |" in md


def test_a_tool_miss_exports_as_a_tool_call_not_a_url(tmp_path: Path, capsys) -> None:
    root = sample_root(tmp_path)
    src = recording(sample(root, "3b8fc7e5"))
    miss = write_miss(tmp_path / "cap", src["request"], "tests/integration/tool_runtime/test_web_search.py::t2", root=root)
    code, _, err = _run(capsys, "export", str(miss), "--as", "curl")
    assert code != 0 and "tool:web_search call" in err


def test_a_genai_miss_exports_as_a_genai_call(tmp_path: Path, capsys) -> None:
    root = sample_root(tmp_path)
    src = recording(sample(root, "2eced190"))  # vertexai:///generate_content
    miss = write_miss(tmp_path / "cap", src["request"], src["test_id"] + "x", root=root)
    code, out, _ = _run(capsys, "export", str(miss), "--as", "python")
    assert code == 0 and "client.models.generate_content(" in out


@pytest.mark.parametrize("argv", [["check"], ["rehash", "--dry-run"], ["fmt", "--check"], ["normalize", "--dry-run"]])
def test_other_commands_read_a_capture_folder_without_failing(captured, capsys, argv: list[str]) -> None:
    _root, capture, _ = captured
    code, _, err = _run(capsys, *argv, str(capture / "misses"))
    assert code in (0, 1) and "internal error" not in err
