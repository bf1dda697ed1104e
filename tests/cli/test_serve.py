"""``recording-inspector serve``: the app in a browser through textual-serve, on loopback."""

from __future__ import annotations

import asyncio
import importlib.util
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from inspector.cli.main import main
from inspector.cli.serve import app_command, is_loopback


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_served_command_runs_the_app_on_the_paths(tmp_path: Path) -> None:
    odd = tmp_path / "it's $HOME; rm -rf x"
    words = shlex.split(app_command([str(odd), "rel"], rules="2026-05"))
    assert words[:4] == [sys.executable, "-m", "inspector", "app"]
    assert words[4:7] == ["--rules", "2026-05", "--"]
    assert words[7] == str(odd) and Path(words[8]).is_absolute()


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.1.2.3")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.com")


def test_bad_arguments_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.strip() == f"recording-inspector: no such file or folder: {tmp_path / 'missing'}"
    assert main(["serve", str(tmp_path)]) == 2
    assert "no recordings found" in capsys.readouterr().err
    assert main(["serve", "--rules", "bogus", str(tmp_path)]) == 2
    assert "unknown rule set 'bogus'" in capsys.readouterr().err


def test_a_taken_port_is_a_one_line_error(samples_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["serve", str(samples_dir), "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"recording-inspector: cannot listen on 127.0.0.1:{port}:") and "\n" not in err


def test_missing_textual_serve_is_a_one_line_error(samples_dir: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['textual_serve'] = None\n"
        "from inspector.cli.main import main\n"
        f"sys.exit(main(['serve', {str(samples_dir)!r}]))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 2
    assert res.stderr.strip() == "recording-inspector: serve needs textual-serve: pip install 'recording-inspector[serve]'"


@pytest.mark.slow
def test_serve_answers_with_the_textual_serve_page_on_loopback(samples_dir: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "inspector", "serve", str(samples_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = None
        deadline = time.monotonic() + 60  # a budget for a loaded machine, not an assertion
        while page is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
                    page = resp.read().decode()
                    assert resp.status == 200
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert page is not None, f"serve did not answer: {proc.stdout.read() if proc.poll() is not None else ''}"
        assert "textual.js" in page  # the textual-serve client
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        assert "recording-inspector: " in page and "samples" in page  # our title
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode is not None


def _app_available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("inspector.cli.app_command", "inspector.ui.app"))


@pytest.mark.slow
@pytest.mark.skipif(not _app_available(), reason="the Textual app is not in this checkout yet")
async def test_a_browser_session_runs_the_app_on_the_paths(samples_dir: Path) -> None:
    """What a browser tab does: open the websocket, and the app's screen arrives over it."""
    aiohttp = pytest.importorskip("aiohttp")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "inspector", "serve", str(samples_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log: list[str] = []  # the server's output, read aside so a failed app ends the wait at once
    reader = threading.Thread(target=lambda: log.extend(iter(proc.stdout.readline, "")), daemon=True)
    reader.start()
    screen = b""
    try:
        async with aiohttp.ClientSession() as session:
            ws = None
            deadline = time.monotonic() + 60  # a budget for a loaded machine, not an assertion
            while ws is None and time.monotonic() < deadline and proc.poll() is None:
                try:
                    ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=120&height=40")
                except aiohttp.ClientError:
                    await asyncio.sleep(0.2)
            assert ws is not None, "serve did not accept the websocket"
            # The app lists the samples' tests; wait until a test name is on the screen.
            while b"test_" not in screen and time.monotonic() < deadline and not _failed(log):
                try:
                    msg = await ws.receive(timeout=1)
                except TimeoutError:
                    continue
                if msg.type == aiohttp.WSMsgType.BINARY:
                    screen += msg.data
                elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
            await ws.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(timeout=5)
    output = "".join(log)
    assert not _failed(log), f"the app did not start under textual-serve:\n{output[-1500:]}"
    assert b"\x1b[" in screen and b"test_" in screen, f"no app screen arrived; server said:\n{output[-1500:]}"


def _failed(log: list[str]) -> bool:
    return any("Application failed to start" in line for line in log)
