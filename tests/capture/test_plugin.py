"""The pytest plugin in whole pytest runs (``pytester``, in subprocesses) over the fake recorder.

Off it does nothing and imports nothing; on (flag, variable, or both) it captures each miss
once, into the folder named from the invocation directory, for the run and its children,
and the run's outcomes, messages and exit status stay what they were.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from inspector.capture.settings import ENV_VAR

from .fakerec import fake_hash, write_fake_ogx, write_recording

pytestmark = pytest.mark.slow

URL = "https://api.example.invalid/v1/v1/chat/completions"
MODELS_URL = "https://api.example.invalid/v1/v1/models"
RECORDED = {"model": "m", "messages": ["hit"]}

CONFTEST = """
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _replay():
    from ogx.testing.api_recorder import api_recording

    with api_recording("replay", str(Path(__file__).parent / "tests/integration/common")):
        yield


@pytest.fixture(autouse=True)
def _context(request):
    from ogx.core.testing_context import reset_test_context, set_test_context

    token = set_test_context(request.node.nodeid)
    yield
    reset_test_context(token)
"""

CALLS = f"""
import pytest

from ogx.testing import api_recorder as rec


def test_hit():
    assert rec.chat({URL!r}, {RECORDED!r}) == "hello"


def test_miss():
    rec.chat({URL!r}, {{"model": "m", "messages": ["missed"]}})


def test_miss_twice_caught():
    for _ in range(2):
        with pytest.raises(RuntimeError):
            rec.chat({URL!r}, {{"model": "m", "messages": ["caught"]}})


def test_model_list_miss():
    with pytest.raises(RuntimeError):
        rec.models({MODELS_URL!r})
"""

PLAIN = """
import sys


def test_plain(request):
    assert request.config.pluginmanager.has_plugin("recording_inspector")
    assert not request.config.pluginmanager.has_plugin("recording-inspector-capture")
    for name in ("ogx", "llama_stack", "inspector.capture.session", "inspector.capture.recorder"):
        assert name not in sys.modules, name
"""

CHILD = f"""
from ogx.core.testing_context import set_test_context
from ogx.testing import api_recorder as rec

with rec.api_recording("replay", "tests/integration/common"):
    set_test_context("test_calls.py::test_from_child")
    try:
        rec.chat({URL!r}, {{"model": "m", "messages": ["child"]}})
    except RuntimeError as exc:
        print(exc)
"""


def _project(pytester: pytest.Pytester, *, omit: tuple[str, ...] = ()) -> Path:
    write_fake_ogx(pytester.path, omit=omit)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_calls=CALLS)
    # test_calls.py sits at the root: its recordings are ./recordings.
    h = fake_hash({"method": "POST", "endpoint": "/v1/v1/chat/completions", "body": RECORDED, "test_id": "test_calls.py::test_hit"})
    write_recording(pytester.path / "recordings", f"{h}.json", "test_calls.py::test_hit", {}, "hello")
    return pytester.path


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA", *args)


def _tree(root: Path) -> set[str]:
    # pytester's own files (its basetemp, the captured streams) are not the run's.
    own = ("stdout", "stderr", "runpytest-")
    return {str(p.relative_to(root)) for p in root.rglob("*") if "__pycache__" not in p.parts and not p.relative_to(root).parts[0].startswith(own)}


def _errors(result: pytest.RunResult) -> list[str]:
    return sorted(line for line in result.outlines if "Recording not found for request hash" in line)


def _runs(folder: Path) -> list[list[dict]]:
    return [[json.loads(line) for line in p.read_text().splitlines()] for p in sorted((folder / "runs").glob("*.jsonl"))]


def test_off_the_plugin_imports_nothing_and_writes_nothing(pytester: pytest.Pytester) -> None:
    write_fake_ogx(pytester.path)
    pytester.makepyfile(test_plain=PLAIN)
    before = _tree(pytester.path)
    result = _run(pytester)
    result.assert_outcomes(passed=1)
    assert _tree(pytester.path) == before
    assert "- recording-inspector -" not in result.stdout.str()  # no summary section


def test_on_it_still_imports_no_recorder_until_the_run_does(pytester: pytest.Pytester) -> None:
    write_fake_ogx(pytester.path)
    pytester.makepyfile(test_plain=PLAIN.replace('assert not request.config.pluginmanager.has_plugin("recording-inspector-capture")', "").replace('"inspector.capture.session", ', ""))
    result = _run(pytester, "--capture-misses", "cap")
    result.assert_outcomes(passed=1)
    (events,) = _runs(pytester.path / "cap")
    assert [e["event"] for e in events] == ["start", "collected"]
    assert events[0]["recorder"] is None
    assert events[1]["nodeids"] == ["test_plain.py::test_plain"]
    assert not (pytester.path / "cap" / "misses").exists()
    result.stdout.fnmatch_lines(["*no replay misses (the recorder was not used in this process)*"])


def test_outcomes_messages_and_status_are_the_same_with_capture_on(pytester: pytest.Pytester) -> None:
    _project(pytester)
    off = _run(pytester)
    on = _run(pytester, "--capture-misses", "cap")
    assert on.ret == off.ret == 1
    assert on.parseoutcomes() == off.parseoutcomes() == {"failed": 1, "passed": 3}
    assert _errors(on) == _errors(off) and _errors(on)
    # The summary: where the misses are and the command that reads them.
    folder = pytester.path / "cap"
    on.stdout.fnmatch_lines(
        [
            "*- recording-inspector -*",
            f"3 replay misses captured in {folder / 'misses'} (1 process, 2 tests)",
            f"read them with: recording-inspector misses {folder}",
        ]
    )


def test_flag_and_variable_together_capture_each_miss_once(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(pytester)
    monkeypatch.setenv(ENV_VAR, "cap")  # the start-up hook switches capture on before pytest starts
    result = _run(pytester, "--capture-misses", "cap")
    result.assert_outcomes(failed=1, passed=3)
    folder = pytester.path / "cap"
    (events,) = _runs(folder)  # one process, one record
    misses = [e for e in events if e["event"] == "miss"]
    assert len(misses) == 4  # test_miss once, the caught one twice, the model list once
    reads = [e for e in events if e["event"] == "read"]
    assert [(e["test_id"], Path(e["file"]).parent) for e in reads] == [("test_calls.py::test_hit", pytester.path / "recordings")]
    files = sorted(p.stem for p in (folder / "misses").glob("*.json"))
    assert files == sorted({e["hash"] for e in misses}) and len(files) == 3
    by_test = {e["test_id"] for e in misses}
    assert by_test == {"test_calls.py::test_miss", "test_calls.py::test_miss_twice_caught", None}
    hashes = set(re.findall(r"request hash: ([0-9a-f]{64})", result.stdout.str()))
    assert hashes <= set(files)


def test_a_relative_dir_is_the_invocation_dir_for_the_run_and_its_children(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(pytester)
    (pytester.path / "child.py").write_text(CHILD)
    expected = pytester.path / "rel" / "cap"
    pytester.makepyfile(
        test_move=f"""
        import os, subprocess, sys
        from pathlib import Path

        import pytest
        from ogx.testing import api_recorder as rec


        def test_elsewhere():
            root = Path.cwd()
            assert os.environ[{ENV_VAR!r}] == {str(expected)!r}
            (root / "sub").mkdir()
            os.chdir(root / "sub")
            try:
                out = subprocess.run([sys.executable, str(root / "child.py")], cwd=root / "sub", capture_output=True, text=True)
                assert "Recording not found" in out.stdout, out.stderr
                with pytest.raises(RuntimeError):
                    rec.chat({URL!r}, {{"model": "m", "messages": ["moved"]}})
            finally:
                os.chdir(root)
        """
    )
    monkeypatch.setenv(ENV_VAR, "elsewhere")  # the flag wins, and children follow it
    result = _run(pytester, "--capture-misses", "rel/cap", "test_move.py")
    result.assert_outcomes(passed=1)
    records = _runs(expected)
    assert len(records) == 2  # pytest and the child, each its own record
    assert {r[0]["pid"] for r in records} == {r[0]["pid"] for r in records if r[0]["event"] == "start"}
    assert sum(1 for r in records for e in r if e["event"] == "miss") == 2
    assert len(list((expected / "misses").glob("*.json"))) == 2
    assert not (pytester.path / "elsewhere").exists() and not (pytester.path / "sub" / "rel").exists()
    assert not (pytester.path / "sub" / "tests").exists()


def test_an_unknown_recorder_is_said_once_and_the_run_passes(pytester: pytest.Pytester) -> None:
    _project(pytester, omit=("normalize_tool_request",))
    (pytester.path / "test_calls.py").write_text(CALLS.split("def test_miss():")[0])  # keep the hit only
    pytester.makepyfile(test_more="from ogx.testing import api_recorder\n\ndef test_again():\n    assert api_recorder\n")
    result = _run(pytester, "--capture-misses", "cap")
    assert result.ret == 0
    result.assert_outcomes(passed=2)
    said = [line for line in result.outlines if "is not a recorder this version knows" in line]
    assert len(said) == 1 and "normalize_tool_request(provider_name, tool_name, kwargs)" in said[0]
    assert said[0].startswith("recording-inspector: ogx.testing.api_recorder (ogx 0.0.1)")
    assert not (pytester.path / "cap" / "misses").exists()
    assert "is not a recorder" not in result.stderr.str()
