"""The synthetic corpus: loads, is deterministic, and every name is the newest recorder's hash."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

from inspector.core import load
from inspector.core.base.writer import render
from inspector.core.index.listing import iter_summaries
from inspector.testing.factories import KIND_WEIGHTS, generate, make_recording

REPO = Path(__file__).resolve().parents[2]


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.json"))}


def test_every_recording_loads_rebuilds_and_has_hash_status_ok(tmp_path: Path) -> None:
    report = generate(tmp_path, 120, seed=1)  # a seed whose first 120 hold every kind
    assert report.files == 120 and report.skipped == 0
    summaries = list(iter_summaries([tmp_path], use_cache=False))
    assert len(summaries) == 120
    assert Counter(s.hash_status for s in summaries) == {"ok": 120}
    assert not [s for s in summaries if s.invalid or s.problems]
    kinds = {s.kind for s in summaries}
    assert {"chat", "completion", "embeddings", "models", "tool", "messages", "ollama-generate"} <= kinds
    assert any(s.exception for s in summaries)  # recorded provider errors
    assert any(s.tools for s in summaries)  # tool calls in rebuilt streams
    assert any(s.chunks > 20 for s in summaries)
    for p in list(tmp_path.rglob("*.json"))[:30]:  # the recorder's exact bytes
        assert render(load(p).data) == p.read_bytes()


def test_layout_is_the_recorders(tmp_path: Path) -> None:
    generate(tmp_path, 60, seed=5)
    for p in tmp_path.rglob("*.json"):
        rel = p.relative_to(tmp_path).parts
        assert rel[:2] == ("tests", "integration") and rel[3] == "recordings"
        if p.name.startswith("models-"):
            assert rel[2] == "common"


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    generate(tmp_path / "a", 30, seed=9)
    generate(tmp_path / "b", 30, seed=9)
    generate(tmp_path / "c", 30, seed=10)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert set(files(tmp_path / "a")).isdisjoint(files(tmp_path / "c"))


def test_a_bigger_corpus_starts_with_the_smaller_one(tmp_path: Path) -> None:
    generate(tmp_path / "small", 10, seed=3)
    generate(tmp_path / "big", 25, seed=3)
    small, big = files(tmp_path / "small"), files(tmp_path / "big")
    assert small.items() <= big.items()


def test_existing_files_are_never_overwritten(tmp_path: Path) -> None:
    generate(tmp_path, 5, seed=4)
    folder, name, _ = make_recording(4, 0)
    target = tmp_path / folder / name
    target.write_text("mine\n")
    report = generate(tmp_path, 5, seed=4)
    assert report.skipped == 5 and target.read_text() == "mine\n"


def test_kind_mix_follows_the_weights() -> None:
    kinds = Counter()
    for i in range(400):
        _, name, data = make_recording(1, i)
        kinds[load_kind(data)] += 1
    assert kinds["chat"] > kinds["embeddings"] > 0
    assert abs(sum(KIND_WEIGHTS.values()) - 1.0) < 1e-9


def load_kind(data: dict) -> str:
    from inspector.core.recording.loading import Recording

    return Recording(None, data).kind.value


def test_the_script(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "generate_corpus.py"), str(out), "--count", "12", "--seed", "2"],
        capture_output=True, text=True, check=True,
    )
    assert "wrote 12 recordings" in res.stdout
    assert len(list(out.rglob("*.json"))) == 12
