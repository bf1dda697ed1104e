"""`recording-inspector [PATH...]`: what opening the app says when it cannot."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.cli.main import main


def test_missing_path_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main([str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"recording-inspector: no such file or folder: {tmp_path / 'nowhere'}"


def test_unknown_rule_set_is_one_line(capsys: pytest.CaptureFixture[str], samples_dir: Path) -> None:
    code = main(["app", str(samples_dir), "--rules", "1999"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "unknown rule set '1999'" in err


def test_without_a_terminal_it_says_so(capsys: pytest.CaptureFixture[str], samples_dir: Path) -> None:
    code = main([str(samples_dir)])  # pytest's captured output is not a terminal
    err = capsys.readouterr().err
    assert code == 2
    assert "needs a terminal" in err and "recording-inspector ls" in err


# --- --misses / --runs and RECORDING_INSPECTOR_MISSES (issue 19.5) ------------------------------------


class _Opened:
    """Stands for make_app: records what the app would be opened on."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict]] = []

    def __call__(self, paths, **kw):  # noqa: ANN001 - make_app's signature
        self.calls.append(([str(p) for p in paths], kw))
        return self

    def run(self) -> None:
        pass


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> _Opened:
    import inspector.ui.app

    fake = _Opened()
    monkeypatch.setattr(inspector.ui.app, "make_app", fake)
    monkeypatch.setenv("TEXTUAL_DRIVER", "headless")  # past the terminal check: nothing runs
    monkeypatch.delenv("RECORDING_INSPECTOR_MISSES", raising=False)
    return fake


def _capture(tmp_path: Path, name: str = "cap", *, misses: bool = True, runs: bool = False) -> Path:
    cap = tmp_path / name
    if misses:
        (cap / "misses").mkdir(parents=True)
    if runs:
        (cap / "runs").mkdir(parents=True)
    return cap


def test_misses_dir_then_root_opens_root_with_the_misses(opened: _Opened, tmp_path: Path, samples_dir: Path) -> None:
    one, two = _capture(tmp_path, "one"), _capture(tmp_path, "two", misses=False, runs=True)
    assert main(["--misses", str(one), str(two), str(samples_dir)]) == 0
    (paths, kw), = opened.calls
    assert paths == [str(samples_dir)]
    assert kw["misses"] == [str(one), str(two)] and kw["runs"] == []


def test_runs_and_misses_with_the_path_first(opened: _Opened, tmp_path: Path, samples_dir: Path) -> None:
    cap = _capture(tmp_path, runs=True)
    assert main([str(samples_dir), "--misses", str(cap), "--runs", str(cap)]) == 0
    (paths, kw), = opened.calls
    assert paths == [str(samples_dir)] and kw["misses"] == [str(cap)] and kw["runs"] == [str(cap)]


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda t: t / "nowhere", "no such folder"),
        (lambda t: t, "holds neither misses/ nor runs/"),
    ],
)
def test_a_first_misses_value_that_is_no_capture_folder_is_one_line(
    opened: _Opened, capsys: pytest.CaptureFixture[str], tmp_path: Path, make, says: str
) -> None:
    code = main(["--misses", str(make(tmp_path))])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert err.startswith("recording-inspector: --misses ") and says in err
    assert opened.calls == []


def test_a_capture_folder_after_a_path_is_refused(opened: _Opened, capsys: pytest.CaptureFixture[str], tmp_path: Path, samples_dir: Path) -> None:
    cap = _capture(tmp_path)
    code = main(["--misses", str(cap), str(samples_dir), str(_capture(tmp_path, "late"))])
    assert code == 2 and f"{samples_dir} is not a capture folder" in capsys.readouterr().err
    assert opened.calls == []


def test_the_variable_names_a_capture_folder_for_misses_and_runs(
    opened: _Opened, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, samples_dir: Path
) -> None:
    cap = _capture(tmp_path, runs=True)
    monkeypatch.setenv("RECORDING_INSPECTOR_MISSES", str(cap))
    assert main([str(samples_dir)]) == 0
    (_paths, kw), = opened.calls
    assert kw["misses"] == [str(cap)] and kw["runs"] == [str(cap)]


def test_the_variable_is_ignored_when_it_names_no_capture_folder(
    opened: _Opened, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, samples_dir: Path
) -> None:
    monkeypatch.setenv("RECORDING_INSPECTOR_MISSES", str(tmp_path / "not-yet"))  # a run that captured nothing
    assert main([str(samples_dir)]) == 0
    monkeypatch.setenv("RECORDING_INSPECTOR_MISSES", str(tmp_path))  # a folder, but no capture folder
    assert main([str(samples_dir)]) == 0
    assert [kw["misses"] for _p, kw in opened.calls] == [[], []]


def test_the_variable_does_not_add_a_folder_given_already(
    opened: _Opened, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, samples_dir: Path
) -> None:
    cap = _capture(tmp_path, runs=True)
    monkeypatch.setenv("RECORDING_INSPECTOR_MISSES", str(cap))
    assert main([str(samples_dir), "--misses", str(cap)]) == 0
    (_paths, kw), = opened.calls
    assert kw["misses"] == [str(cap)] and kw["runs"] == []
