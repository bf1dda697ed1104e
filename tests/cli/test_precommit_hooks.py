"""Both pre-commit hooks, run by pre-commit itself (``try-repo``) on a real git repository.

The hook repository is a snapshot of this working tree (committed in a temporary
repository, so uncommitted work is what is tested); pre-commit installs it into its
own environment once for the module (that install needs the package index).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
    pytest.mark.skipif(shutil.which("pre-commit") is None, reason="needs pre-commit"),
]

SOURCE = SAMPLES / "tests" / "integration" / "inference" / "recordings"
CLEAN = "27c7245ce0661d042cf7490aacb50ba3fe36e5918fb759b40811bba4c89d31f6.json"
FOLDER = "tests/integration/inference/recordings"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GIT_DIR", "GIT_WORK_TREE")}
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    return env


def _git(cwd: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A committed snapshot of this working tree (the hook repository) and the environment to run in."""
    env = _env(tmp_path_factory.mktemp("pre-commit-home"))
    snap = tmp_path_factory.mktemp("hook-repo")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        src = REPO / rel
        if src.is_file():
            (snap / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, snap / rel)
    _git(snap, "init", "-q", env=env)
    _git(snap, "add", "-A", env=env)
    _git(snap, "commit", "-qm", "snapshot", env=env)
    return snap, env


@pytest.fixture
def project(tmp_path: Path, hooks: tuple[Path, dict[str, str]]) -> Path:
    """A repository with a folder of committed recordings."""
    _, env = hooks
    folder = tmp_path / FOLDER
    folder.mkdir(parents=True)
    for f in SOURCE.glob("*.json"):
        shutil.copy2(f, folder / f.name)
    _git(tmp_path, "init", "-q", env=env)
    _git(tmp_path, "add", "-A", env=env)
    _git(tmp_path, "commit", "-qm", "recordings", env=env)
    return tmp_path


def _try(project: Path, hooks: tuple[Path, dict[str, str]], hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    snap, env = hooks
    done = subprocess.run(
        ["pre-commit", "try-repo", str(snap), hook, "--files", *files],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if "An unexpected error has occurred" in done.stdout + done.stderr and "Installing environment" in done.stdout:
        pytest.skip(f"pre-commit could not install the hook's environment (no package index?): {done.stdout[-300:]}")
    return done


def test_the_fmt_hook_rewrites_a_staged_recording_and_fails_once(project: Path, hooks: tuple[Path, dict[str, str]]) -> None:
    target = project / FOLDER / CLEAN
    recorder_bytes = target.read_bytes()
    target.write_text(json.dumps(json.loads(recorder_bytes)))  # one line: not the recorder's layout
    _git(project, "add", "-A", env=hooks[1])
    first = _try(project, hooks, "recording-inspector-fmt", f"{FOLDER}/{CLEAN}")
    assert first.returncode == 1, first.stdout
    assert "recording-inspector fmt" in first.stdout and "Failed" in first.stdout
    assert f"reformatted {FOLDER}/{CLEAN}" in first.stdout
    assert target.read_bytes() == recorder_bytes
    _git(project, "add", "-A", env=hooks[1])
    second = _try(project, hooks, "recording-inspector-fmt", f"{FOLDER}/{CLEAN}")
    assert second.returncode == 0, second.stdout
    assert "Passed" in second.stdout


def test_the_check_hook_reports_the_staged_file_against_its_folder(project: Path, hooks: tuple[Path, dict[str, str]]) -> None:
    copy = "0" * 64 + ".json"
    shutil.copy2(project / FOLDER / CLEAN, project / FOLDER / copy)  # a committed request, staged again under a wrong name
    _git(project, "add", "-A", env=hooks[1])
    before = {p.name: p.read_bytes() for p in (project / FOLDER).iterdir()}
    done = _try(project, hooks, "recording-inspector-check", f"{FOLDER}/{copy}")
    assert done.returncode == 1, done.stdout
    out = done.stdout
    assert "Failed" in out
    assert "error hash-mismatch" in out
    # The cross-file check saw the committed file, though only the staged one was passed.
    assert f"warning duplicate-request  the same request (hash 27c7245ce066…) is also recorded in {FOLDER}/{CLEAN}" in out
    assert "1 file checked: 1 error, 1 warning" in out
    # Only the staged file is reported on: the committed models list's warning is not.
    assert "hash-legacy-rule" not in out
    assert {p.name: p.read_bytes() for p in (project / FOLDER).iterdir()} == before  # it only reads


def test_the_check_hook_passes_a_clean_staged_file(project: Path, hooks: tuple[Path, dict[str, str]]) -> None:
    (project / FOLDER / CLEAN).unlink()
    _git(project, "commit", "-qam", "drop one", env=hooks[1])
    shutil.copy2(SOURCE / CLEAN, project / FOLDER / CLEAN)
    _git(project, "add", "-A", env=hooks[1])
    done = _try(project, hooks, "recording-inspector-check", f"{FOLDER}/{CLEAN}")
    assert done.returncode == 0, done.stdout
    assert "Passed" in done.stdout
