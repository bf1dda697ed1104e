"""The installed command opened with ``--misses DIR ROOT`` in a real terminal (tmux): the misses group, Compare.

The capture folder and the repository are made from the shipped samples in a temporary
folder, so this needs neither ../shared nor a network.  Skips when tmux or the installed
command is missing.
"""

from __future__ import annotations

import copy
import os
import shlex
import shutil
from pathlib import Path

import pytest

from ..capture_files import recording, sample, sample_root, write_miss
from .test_tmux import Tmux, _command

pytestmark = [pytest.mark.terminal]


def test_misses_dir_then_root_shows_the_misses_group_and_opens_one_in_compare(tmp_path: Path) -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    command = _command()
    root = sample_root(tmp_path)
    near = sample(root, "724f5673")
    src = recording(near)
    cap = tmp_path / "cap"
    head, _, rest = src["test_id"].partition("::")
    write_miss(cap, src["request"], f"{head}::test_renamed[{rest.partition('[')[2]}", root=root)
    reworded = copy.deepcopy(src["request"])
    reworded["body"]["messages"][0]["content"] = "Name one primary colour, please."
    write_miss(cap, reworded, src["test_id"], root=root)
    tmux = Tmux(f"ri-misses-{os.getpid()}")
    cache = os.environ.get("RECORDING_INSPECTOR_CACHE_DIR", str(tmp_path / "cache"))
    env_cmd = (
        f"env -u RECORDING_INSPECTOR_MISSES TERM=xterm-256color COLUMNS=160 LINES=40 RECORDING_INSPECTOR_CACHE_DIR={shlex.quote(cache)} "
        f"{command} --misses {shlex.quote(str(cap))} {shlex.quote(str(root))}"
    )
    tmux.run("new-session", "-d", "-s", tmux.session, "-x", "160", "-y", "40", env_cmd)
    try:
        screen = tmux.wait_for("Replay misses 2")
        screen = tmux.wait_for("safe    test_openai_completion.py::test_renamed")  # explained: its class beside it
        assert "unsafe  test_openai_completion.py::test_openai_chat_completion_n" in screen
        first = [line for line in screen.splitlines() if line.strip()][0]
        assert "Replay misses 2" in first  # the top of the tree
        tmux.wait_for("2 misses")  # indexing finished, the status counts them
        tmux.keys("Down")  # onto the misses group (the title names it), then its first miss (the title shows it)
        tmux.wait_for("group Replay misses")
        tmux.keys("Down")
        tmux.wait_for("miss gpt-4o")
        tmux.keys("Enter")
        screen = tmux.wait_for("why replay missed")
        assert "B  miss" in screen and "A  nearest" in screen
        tmux.escape_and_quit()
        assert not tmux.alive(), "q did not quit the app"
    finally:
        tmux.run("kill-server", check=False)
