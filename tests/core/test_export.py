"""``export``: curl, Python, pytest and Markdown from real recordings."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

from inspector.core import load
from inspector.core.export import ExportError, export, target_of
from inspector.testing.factories import chat_body, write_chat
from tests.conftest import Source


def corpus_file(corpus_dir: Path, prefix: str) -> Path:
    return next(corpus_dir.rglob(f"{prefix}*.json"))


def _question(rec) -> str:
    """The last user message of a chat request (what a transcript must show)."""
    return next(m["content"] for m in reversed(rec.request_raw["body"]["messages"]) if m["role"] == "user")


def test_target_undoes_the_doubled_v1(source: Source) -> None:
    t = target_of(load(source.file("tool-stream")))
    assert t.url == "https://api.openai.com/v1/chat/completions"
    assert (t.base_url, t.sdk_path, t.key_var) == ("https://api.openai.com/v1", "/chat/completions", "OPENAI_API_KEY")


def test_azure_keeps_its_deployment_path(corpus_dir: Path) -> None:
    azure = target_of(load(next(p for p in corpus_dir.rglob("*.json") if "openai.azure.com" in p.read_text()[:2000])))
    assert azure.base_url is not None and azure.base_url.endswith(".openai.azure.com/openai/v1")
    assert azure.key_var == "AZURE_OPENAI_API_KEY"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_curl_is_valid_shell(source: Source, tmp_path: Path) -> None:
    rec = load(source.file("tool-stream"))
    text = export(rec, "curl")
    assert text.count("curl -sS -N https://api.openai.com/v1/chat/completions") == 1
    assert '"Authorization: Bearer $OPENAI_API_KEY"' in text
    assert _question(rec) in text
    script = tmp_path / "request.sh"
    script.write_text(text)
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0


def test_python_and_pytest_compile(source: Source) -> None:
    exported = 0
    for path in source.files():
        rec = load(path)
        if not rec.ok:
            continue
        for fmt in ("python", "pytest"):
            try:
                text = export(rec, fmt)
            except ExportError:
                assert rec.kind.value in ("tool", "file-processor") and fmt == "python"
                continue
            ast.parse(text, filename=f"{path.name}:{fmt}")
            exported += 1
    assert exported > 20


def test_python_uses_the_openai_sdk(corpus_dir: Path) -> None:
    text = export(load(corpus_file(corpus_dir, "37e10e6ac4dccb3a")), "python")
    assert "from openai import OpenAI" in text
    assert 'base_url="http://0.0.0.0:11434/v1"' in text
    assert "client.chat.completions.create(" in text and "'description': 'Get current time'" in text
    assert "import os" not in text  # a local server needs no key


def test_pytest_skeleton_keeps_the_test_id(corpus_dir: Path) -> None:
    rec = load(corpus_file(corpus_dir, "37e10e6ac4dccb3a"))
    text = export(rec, "pytest")
    tree = ast.parse(text)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    assert cls.name == "TestStreamingWithTools"
    assert [f.name for f in cls.body if isinstance(f, ast.FunctionDef)] == ["test_streaming_tool_calls"]
    assert "assert finish_reason == 'stop'" in text
    assert rec.test_id and rec.test_id in text


def test_markdown_transcript(source: Source) -> None:
    rec = load(source.file("tool-conversation"))
    text = export(rec, "markdown")
    assert text.startswith(f"# {rec.test_id.split('[')[0]}")
    assert "## Request" in text and "## Response" in text
    assert _question(rec) in text
    called = next(m for m in rec.request_raw["body"]["messages"] if m.get("tool_calls"))["tool_calls"][0]["function"]["name"]
    assert f"**calls `{called}`**" in text
    assert f"*finish reason:* `{rec.rebuild.finish_reason}`" in text


@pytest.mark.parametrize(
    ("recorded", "called"),
    [
        ("https://api.openai.com/v1/v1/chat/completions", "https://api.openai.com/v1/chat/completions"),
        (
            "https://lls-test.openai.azure.com/openai/v1/v1/chat/completions",
            "https://lls-test.openai.azure.com/openai/v1/chat/completions",
        ),
    ],
)
def test_markdown_names_the_url_the_client_called(repo: Path, recorded: str, called: str) -> None:
    """The transcript undoes the recorder's ``/v1/v1`` as curl and Python do."""
    rec = load(write_chat(repo, url=recorded))
    text = export(rec, "markdown")
    assert "/v1/v1/" not in text
    assert f"| request | `POST {called}` |" in text
    assert called in export(rec, "curl")


def test_tool_invocations_are_not_http(source: Source) -> None:
    rec = load(source.file("tool"))
    with pytest.raises(ExportError, match="not an HTTP request"):
        export(rec, "curl")
    assert rec.data["request"]["tool_name"] in export(rec, "markdown")
    ast.parse(export(rec, "pytest"))


def test_genai_python_but_no_curl(source: Source) -> None:
    rec = load(source.file("genai-stream"))
    with pytest.raises(ExportError, match="vertexai"):
        export(rec, "curl")
    assert "client.models.generate_content_stream(" in export(rec, "python")


def test_no_secret_survives_an_export(repo: Path) -> None:
    key = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXyZ0"
    path = write_chat(
        repo, headers={"Authorization": f"Bearer {key}", "X-Trace": "abc"}, body=chat_body(f"my key is {key}")
    )
    rec = load(path)
    for fmt in ("curl", "python", "pytest", "markdown"):
        text = export(rec, fmt)
        assert key not in text, fmt
    curl = export(rec, "curl")
    assert "$OPENAI_API_KEY" in curl and "X-Trace: abc" in curl


def test_unknown_format_and_unreadable_files() -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        export(load(Path(__file__)), "yaml")
    with pytest.raises(ExportError, match="invalid JSON"):
        export(load(Path(__file__)), "markdown")  # not even a recording: still one clear error
