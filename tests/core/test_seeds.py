"""The five seeds of ../shared/seeds with their known results."""

from __future__ import annotations

from inspector.core import load


def test_seed_001_saturn(seeds_dir) -> None:
    rec = load(seeds_dir / "001_1edcd4837b6f9484.json")
    rb = rec.rebuild
    assert rec.kind.value == "chat" and rec.streaming
    assert rb.text.endswith("IS SATURN.")
    assert rb.finish_reason == "stop"
    assert rb.usage and rb.usage["total_tokens"] == rb.usage["prompt_tokens"] + rb.usage["completion_tokens"]
    assert rec.test_id and rec.test_id.endswith("saturn]")


def test_seed_002_parallel_weather_calls(seeds_dir) -> None:
    rb = load(seeds_dir / "002_b46980ad0094c70c.json").rebuild
    calls = rb.tool_calls
    assert [c.name for c in calls] == ["get_weather", "get_weather"]
    assert [c.index for c in calls] == [0, 1]
    assert "San Francisco" in calls[0].arguments and "Los Angeles" in calls[1].arguments
    assert calls[0].id and calls[1].id and calls[0].id != calls[1].id
    import json

    assert json.loads(calls[0].arguments)["location"].startswith("San Francisco")
    assert rb.finish_reason == "tool_calls"


def test_other_seeds_rebuild(seeds_dir) -> None:
    for name in ("000_115db58d8be9c5b0.json", "003_d792e600a2c40079.json", "004_32831fcb20d9ad57.json"):
        rec = load(seeds_dir / name)
        assert rec.ok and rec.kind.value == "chat"
        assert rec.rebuild.text and rec.rebuild.finish_reason == "stop"
        # seed names are not request hashes: no rule applies to the name
        assert rec.hash.status == "unknown"
