"""The installed ``recording-inspector`` command in a real terminal (tmux).

Runs it on the corpus plus seed 001, checks a test name is listed, replays the
seed to its final text with ``2`` then ``end``, and quits with ``q``.  Skips when
tmux, the installed command or ../shared is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import CORPUS, SAMPLES, SEEDS, needs_shared

pytestmark = [pytest.mark.terminal, pytest.mark.corpus]

SEED = "001_1edcd4837b6f9484.json"


def _command() -> str:
    found = shutil.which("recording-inspector") or str(Path(sys.executable).parent / "recording-inspector")
    if not os.access(found, os.X_OK):
        pytest.skip("the recording-inspector command is not installed")
    return found


class Tmux:
    """One tmux server of our own (its own socket), so nothing else is touched."""

    def __init__(self, name: str) -> None:
        self.socket = name
        self.session = name

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check, timeout=30)

    def screen(self) -> str:
        res = self.run("capture-pane", "-p", "-t", self.session, check=False)
        return res.stdout

    def wait_for(self, text: str, within: float = 60.0) -> str:
        """Poll the screen until ``text`` shows (a deadline, not a timing assertion)."""
        deadline = time.monotonic() + within
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def alive(self) -> bool:
        return self.run("has-session", "-t", self.session, check=False).returncode == 0

    def escape_and_quit(self, within: float = 30.0) -> None:
        """Escape (alone: escape then q in one write reads as alt+q), then q; wait for the app to end."""
        self.keys("Escape")
        time.sleep(0.5)
        self.keys("q")
        deadline = time.monotonic() + within
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.2)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)


def test_replays_seed_001_in_a_real_terminal() -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    corpus = needs_shared(CORPUS)
    seed = needs_shared(SEEDS / SEED)
    command = _command()
    tmux = Tmux(f"ri-test-{os.getpid()}")
    env_cmd = f"env TERM=xterm-256color COLUMNS=250 LINES=50 {command} {corpus} {seed}"
    tmux.run("new-session", "-d", "-s", tmux.session, "-x", "250", "-y", "50", env_cmd)
    try:
        tmux.wait_for("test_response_non_streaming_basic")  # the seed's test, listed in the tree
        tmux.wait_for("recordings · by test")  # indexing finished
        tmux.keys("2")
        tmux.wait_for("chunk ")
        tmux.keys("End")
        screen = tmux.wait_for("IS SATURN.")
        assert "chunk 28/28" in screen
        tmux.keys("q")
        deadline = time.monotonic() + 30
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not tmux.alive(), "q did not quit the app"
    finally:
        tmux.run("kill-server", check=False)


def test_a_burst_after_slash_goes_into_the_filter_box() -> None:
    """`/quality` sent in one write, while the app is still indexing: the app stays, the box holds it."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    corpus = needs_shared(CORPUS)
    command = _command()
    tmux = Tmux(f"ri-burst-{os.getpid()}")
    env_cmd = f"env TERM=xterm-256color COLUMNS=120 LINES=40 {command} {corpus}"
    tmux.run("new-session", "-d", "-s", tmux.session, "-x", "120", "-y", "40", env_cmd)
    try:
        tmux.wait_for("by test")  # the first frame (indexing may still run: a busy app)
        tmux.keys("-l", "/quality")  # one write: the terminal delivers the keys together
        screen = tmux.wait_for("quality", within=30)
        time.sleep(1.0)  # any key that ran as a command (q quits, t opens the trash) has acted by now
        assert tmux.alive(), "the burst quit the app"
        screen = tmux.wait_for(" of ", within=30)  # the count beside the box
        box = [line for line in screen.splitlines() if "quality" in line]
        assert box, screen
        assert "Trash" not in screen and "Problems" not in screen.split("\n")[0]
        tmux.escape_and_quit()
        assert not tmux.alive(), "q did not quit the app after the filter"
    finally:
        tmux.run("kill-server", check=False)


@pytest.mark.parametrize(("term", "error"), [("is:streamx", "unknown term is:streamx"), ("has:wings", "unknown term has:wings")])
def test_a_mistyped_term_sent_in_one_write_shows_its_error_not_a_prefix_count(term: str, error: str) -> None:
    """`/is:streamx` in one write (a paste): the valid prefix `is:stream` must not leave its count or its filter."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    command = _command()
    tmux = Tmux(f"ri-term-{os.getpid()}")
    env_cmd = f"env TERM=xterm-256color COLUMNS=200 LINES=40 {command} {SAMPLES}"
    tmux.run("new-session", "-d", "-s", tmux.session, "-x", "200", "-y", "40", env_cmd)
    try:
        screen = tmux.wait_for("recordings · by test")  # indexing finished: every grouping is quick now
        total = screen.split(" recordings · by test")[0].split()[-1]
        inference = next(line.split()[1:3] for line in screen.splitlines() if line.split()[1:2] == ["inference"])
        tmux.keys("-l", f"/{term}")  # one write: the terminal delivers the keys together
        tmux.wait_for(error, within=30)
        time.sleep(1.5)  # a grouping of a valid prefix, had one been running, has landed by now
        screen = tmux.screen()
        assert error in screen, screen
        assert f" of {total}" not in screen, screen  # no count: not the prefix's, not any
        shown = next(line.split()[1:3] for line in screen.splitlines() if line.split()[1:2] == ["inference"])
        assert shown == inference  # the tree is filtered by nothing (the prefix leaves fewer in this group)
        tmux.escape_and_quit()
        assert not tmux.alive(), "q did not quit the app"
    finally:
        tmux.run("kill-server", check=False)
