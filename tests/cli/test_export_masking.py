"""Exports never carry a credential from the recording, whatever field it sits in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.cli import main

SECRETS = ["hunter2secret", "correct horse battery staple", "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd",
           "abcdefghijklmnopqrstuvwxyz123456", "AKIAIOSFODNN7REALKEY", "sk-ant-api03-ZYXWVUTSRQPONMLKJIHGFEDCBA0123456789"]


@pytest.fixture
def leaky(tmp_path: Path) -> Path:
    doc = {"test_id": "tests/integration/x/test_a.py::test_b",
           "request": {"method": "POST", "url": "https://user:hunter2secret@api.example.com/v1/chat/completions",
                       "headers": {"Authorization": "Bearer abcdefghijklmnopqrstuvwxyz123456", "x-api-key": SECRETS[5]},
                       "body": {"model": "m", "messages": [{"role": "user", "content": f"key {SECRETS[2]} and {SECRETS[4]}"}],
                                "password": SECRETS[1], "stream": False},
                       "endpoint": "/v1/chat/completions", "model": "m"},
           "response": {"body": {"__type__": "x.ChatCompletion", "__data__": {"choices": [
               {"index": 0, "message": {"content": "ok"}, "finish_reason": "stop"}]}}, "is_streaming": False}}
    path = tmp_path / "recordings" / "a.json"
    path.parent.mkdir()
    path.write_text(json.dumps(doc, indent=2) + "\n")
    return path


@pytest.mark.parametrize("fmt", ["curl", "python", "pytest", "markdown"])
def test_export_masks_every_secret(leaky: Path, fmt: str, capsys) -> None:
    assert main(["export", str(leaky), "--as", fmt]) == 0
    out = capsys.readouterr().out
    assert out.strip()
    for secret in SECRETS:
        assert secret not in out, (fmt, secret)
