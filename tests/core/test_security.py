"""Nothing a recording names is imported or executed; no network; discovery survives loops."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from inspector.core import discover
from tests.conftest import SAMPLES

EVIL = textwrap.dedent(
    """
    import pathlib, os
    pathlib.Path(os.environ["EVIL_MARKER"]).write_text("imported")
    class ChatCompletion:  # what a careless deserialiser would look up
        @classmethod
        def model_validate(cls, data):
            pathlib.Path(os.environ["EVIL_MARKER"]).write_text("executed")
    """
)


def _planted(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    pkg = tmp_path / "site" / "evilpkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(EVIL)
    rec_dir = tmp_path / "repo" / "tests" / "integration" / "x" / "recordings"
    rec_dir.mkdir(parents=True)
    sample = next(p for p in SAMPLES.rglob("*.json") if "most prominent rings" in p.read_text())
    doc = json.loads(sample.read_text())
    for chunk in doc["response"]["body"]:
        chunk["__type__"] = "evilpkg.ChatCompletion"
    (rec_dir / sample.name).write_text(json.dumps(doc, indent=2) + "\n")
    marker = tmp_path / "marker"
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "EVIL_MARKER": str(marker)}
    return rec_dir, marker, env


def test_type_labels_are_never_imported(tmp_path: Path) -> None:
    rec_dir, marker, env = _planted(tmp_path)
    code = (
        "import sys\n"
        "from inspector.cli import main\n"
        f"for argv in (['show', {str(rec_dir)!r}], ['show', {str(rec_dir)!r}, '--format', 'json'], ['ls', {str(rec_dir)!r}, '--format', 'jsonl']):\n"
        "    assert main(argv) == 0, argv\n"
        "from inspector.core import discover, load\n"
        f"for p in discover([{str(rec_dir)!r}]).files:\n"
        "    r = load(p); r.rebuild; r.replay.state(3); r.request; r.hash\n"
        "assert 'evilpkg' not in sys.modules, 'evilpkg was imported'\n"
        "print('clean')\n"
    )
    # sanity: the planted module *would* run if anything imported it
    probe = subprocess.run([sys.executable, "-c", "import evilpkg"], env=env, capture_output=True, text=True)
    assert probe.returncode == 0 and marker.exists()
    marker.unlink()
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "clean" in res.stdout
    assert not marker.exists()


def test_no_network_calls(tmp_path: Path) -> None:
    """An audit hook sees every socket the CLI would open: there must be none."""
    code = (
        "import sys\n"
        "events = []\n"
        "def hook(event, args):\n"
        "    if event.startswith('socket.') and event not in ('socket.__new__',):\n"
        "        events.append(event)\n"
        "    if event == 'socket.__new__':\n"
        "        events.append(event)\n"
        "sys.addaudithook(hook)\n"
        "from inspector.cli import main\n"
        f"samples = {str(SAMPLES)!r}\n"
        "for argv in (['show', samples, '--format', 'json'], ['ls', samples, '--format', 'jsonl', '--no-cache']):\n"
        "    main(argv)\n"
        "sys.stderr.write('SOCKETS=' + repr(events))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "RECORDING_INSPECTOR_CACHE_DIR": str(tmp_path / "cache")})
    assert "SOCKETS=[]" in res.stderr, res.stderr[-2000:]


def test_discovery_survives_symlink_loops(tmp_path: Path) -> None:
    rec = tmp_path / "tests" / "integration" / "a" / "recordings"
    rec.mkdir(parents=True)
    sample = next(SAMPLES.rglob("*.json"))
    (rec / sample.name).write_bytes(sample.read_bytes())
    (rec / "loop").symlink_to(tmp_path / "tests", target_is_directory=True)
    found = discover([tmp_path])
    assert [p.name for p in found.files] == [sample.name]
    assert any(i.code == "symlink-loop" for i in found.issues)


def test_discovery_reports_unreadable_folders(tmp_path: Path, monkeypatch) -> None:
    rec = tmp_path / "recordings"
    (rec / "locked").mkdir(parents=True)
    sample = next(SAMPLES.rglob("*.json"))
    (rec / sample.name).write_bytes(sample.read_bytes())
    real_scandir = os.scandir

    def scandir(path):  # root can read anything, so simulate a folder we may not list
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([tmp_path])
    assert [p.name for p in found.files] == [sample.name]
    issue = next(i for i in found.issues if i.code == "unreadable-dir")
    assert issue.path.name == "locked" and "Permission denied" in issue.message
