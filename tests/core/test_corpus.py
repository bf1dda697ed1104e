"""Every file of ../shared/corpus: loads, rebuilds, round-trips and has the right hash status.

The expected statuses were cross-checked once (outside this suite) against the
real recorder, ogx 1.5.0's ``normalize_inference_request`` & co: our newest-rule
hash equals its hash for all 100 files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.core import discover, load
from inspector.core.base.writer import render
from tests.conftest import CORPUS, corpus_files

# Files whose status is not "ok", by name prefix; every other file must be "ok".
NOT_OK = {
    "211b1562d4e6": ("legacy-rule", "2025-07"),
    "3877ecf1bc62": ("legacy-rule", "2025-07"),
    "3c0bf9ba81b2": ("legacy-rule", "2025-07"),
    "3ca695048bee": ("legacy-rule", "2025-07"),
    "4014dd44c15f": ("legacy-rule", "2025-07"),
    "84cab42e1f5c": ("legacy-rule", "2025-07"),
    "9e7a83d3d596": ("legacy-rule", "2025-07"),
    "a97477559b10": ("legacy-rule", "2025-07"),
    "dbc41d2417e1": ("legacy-rule", "2025-07"),
    "dd9e7d5913e9": ("legacy-rule", "2025-07"),
    "f1ea938b0b0d": ("legacy-rule", "2025-07"),
    "4096743baf8e": ("legacy-rule", "2025-07"),
    "4a3a4447b16b": ("legacy-rule", "2025-07"),
    "67198cbad48f": ("legacy-rule", "2025-07"),
    "830a1fe14938": ("legacy-rule", "2025-07"),
    "9c007f300365": ("legacy-rule", "2025-07"),
    "c9667519ad7c": ("legacy-rule", "2025-07"),
    "d0ac68cbde69": ("legacy-rule", "2025-07"),
    "d4f56d7d1996": ("legacy-rule", "2025-07"),
    "f1592dee71e5": ("legacy-rule", "2025-07"),
    "ff7db0102b28": ("legacy-rule", "2025-07"),
    "models-3a641f25d": ("legacy-rule", "2026-05"),
    "models-41aa7b7ed": ("legacy-rule", "2026-05"),
    "2443581bf4a71f7b": ("legacy-rule", "2025-10-08"),
    "7f041a78a0ab9059": ("legacy-rule", "2026-03"),
    "268e65efffed6ba4": ("unknown", None),  # file processor: no hash rule
    "a2af3b8ac57ba3af": ("unknown", None),
    "732ba804b6793b0c": ("mismatch", None),
    "95f0e989816d28c3": ("mismatch", None),
    "d489df9f7e903717": ("mismatch", None),
    "632ce0140a65d711": ("mismatch", None),
}

FILES = [p for p in corpus_files() if CORPUS in p.parents]


def _expected(path: Path) -> tuple[str, str | None]:
    for prefix, exp in NOT_OK.items():
        if path.name.startswith(prefix):
            return exp
    return ("ok", "2026-10")


@pytest.mark.corpus
@pytest.mark.skipif(not FILES, reason="../shared/corpus is not present")
def test_hash_status_of_every_corpus_file() -> None:
    wrong = []
    for p in FILES:
        h = load(p).hash
        if (h.status, h.rule) != _expected(p):
            wrong.append(f"{p.name}: {h.status} {h.rule}, expected {_expected(p)}")
    assert not wrong, "\n".join(wrong)
    assert len(FILES) == 95


@pytest.mark.corpus
@pytest.mark.skipif(not FILES, reason="../shared/corpus is not present")
def test_every_corpus_file_loads_rebuilds_and_round_trips() -> None:
    kinds = set()
    for p in FILES:
        rec = load(p)
        assert rec.ok, (p, rec.problem)
        assert not rec.problems, (p, rec.problems)
        kinds.add(rec.kind.value)
        rb = rec.rebuild
        assert rec.replay.state(rec.replay.total).choices == rb.choices
        assert render(rec.data) == p.read_bytes(), f"{p.name} does not round-trip"
    assert {"chat", "completion", "embeddings", "models", "ollama-generate", "ollama-chat", "ollama-embeddings",
            "ollama-ps", "ollama-pull", "ollama-tags", "genai", "genai-stream", "messages", "interactions",
            "tool", "file-processor"} <= kinds
    assert "unknown" not in kinds


def _by_prefix(prefix: str):
    for p in FILES:
        if p.name.startswith(prefix):
            return load(p)
    pytest.skip(f"{prefix} not in corpus")


@pytest.mark.corpus
@pytest.mark.skipif(not FILES, reason="../shared/corpus is not present")
class TestFamilies:
    def test_chat_stream_with_reasoning(self) -> None:
        rb = _by_prefix("24305b4228b1").rebuild
        assert rb.reasoning.startswith("The user asks: Summarize")
        assert rb.text.startswith("The answer is 4")
        assert rb.finish_reason == "stop" and rb.usage["total_tokens"] == 475

    def test_largest_stream(self) -> None:
        rec = _by_prefix("0ea735928993")
        assert rec.chunk_count == 1399
        assert rec.rebuild.text.startswith("Python is a popular")
        assert rec.rebuild.finish_reason == "stop"

    def test_completion_stream(self) -> None:
        rb = _by_prefix("8567635651a5").rebuild
        assert rb.text.startswith("Blue.") and rb.finish_reason == "length"

    def test_ollama_stream_chat(self) -> None:
        rec = _by_prefix("ff7db0102b28")
        assert rec.kind.value == "ollama-chat" and rec.chunk_count == 92
        assert rec.rebuild.text.startswith("The image features a close-up of a golden retriever")
        assert rec.rebuild.finish_reason == "stop"

    def test_embeddings(self) -> None:
        rb = _by_prefix("1956d802ac07").rebuild
        assert ("vectors", "1 x 1536") in rb.details

    def test_model_list_and_digest(self) -> None:
        from inspector.core import model_list_digest

        rec = _by_prefix("models-41aa7b7ed")
        assert ("models", "121") in rec.rebuild.details
        assert model_list_digest(rec.response_raw["body"]) == "46bed5ab"

    def test_exception(self) -> None:
        rb = _by_prefix("6fcdad6cffcb").rebuild
        assert rb.error and rb.error.type == "BadRequestError" and rb.error.status_code == 400
        assert "image url can not be accessed" in rb.error.message

    def test_messages_sse_stream(self) -> None:
        rec = _by_prefix("f22657bfd86d")
        assert rec.kind.value == "messages" and rec.chunk_count == 61
        rb = rec.rebuild
        assert rb.text == "1, 2, 3, 4, 5" and rb.reasoning and rb.finish_reason == "end_turn"
        assert rb.usage["output_tokens"] > 0

    def test_messages_tool_use(self) -> None:
        rb = _by_prefix("0d76cd7b3dae").rebuild
        assert rb.tool_calls[0].name == "calculator"
        assert rb.tool_calls[0].arguments == '{"expression": "15 * 7"}'
        assert rb.finish_reason == "tool_use"

    def test_interactions_stream(self) -> None:
        rb = _by_prefix("2cb6caa89a82").rebuild
        assert rb.text == "1, 2, 3, 4, 5" and rb.finish_reason == "completed"

    def test_interactions_http_error(self) -> None:
        rb = _by_prefix("36a00e747aef").rebuild
        assert rb.error and rb.error.status_code == 400 and "Missing key" in rb.error.message

    def test_genai_stream_and_function_call(self) -> None:
        assert _by_prefix("03388136b088").rebuild.text == "2 + 2 = 4\n"
        rb = _by_prefix("86173aaf2711").rebuild
        assert rb.tool_calls[0].name == "web_search" and "latest news" in rb.tool_calls[0].arguments

    def test_tool_invocation_and_file_processor(self) -> None:
        assert _by_prefix("0f1241e957d1").rebuild.text.startswith('{"query": "latest news')
        rec = _by_prefix("268e65efffed")
        assert rec.kind.value == "file-processor" and rec.rebuild.text.startswith("Llama Stack")


@pytest.mark.corpus
def test_discovery_of_2025_layout_reads_index(corpus_dir) -> None:
    found = discover([corpus_dir / "llama-stack-2025-08"])
    assert len(found.files) == 22
    vision = [p for p in found.index_rows if "vision" in p.parts]
    assert len(vision) == 5
    row = found.index_rows[corpus_dir / "llama-stack-2025-08/tests/integration/recordings/vision/responses/ff7db0102b28.json"]
    assert row.timestamp == "2025-08-01 00:05:26" and row.is_streaming is True
    assert not found.issues
