"""``changes``' sides cached on disk by blob id (``core/index/cache.py``'s BlobShard) and reduced by the worker pool."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.core.history.changes import _SIDE_CODE, ChangeSet, ChangeStats, SideCache, collect_changes, resolve_range
from inspector.core.history.git import find_repo
from inspector.core.index import cache
from inspector.core.index.cache import BlobShard, code_fingerprint
from inspector.core.rules.profiles import NEWEST
from inspector.testing.factories import generate
from tests import gitrepo as g

_TAGS = ["t-base", "t-churn", "t-request", "t-move", "t-move-edit", "t-delete", "t-host", "t-project", "t-added", "t-added-stale"]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    g.need_git()
    root = tmp_path_factory.mktemp("changes-cache") / "repo"
    g.build_scenario(root)
    return root


def _run(root: Path, spec: str | None, **kw) -> tuple[ChangeSet, ChangeStats, int]:
    """A run as a fresh process would make it: a new repository handle and no sides in memory."""
    stats = ChangeStats()
    with find_repo(root) as repo:
        cs = collect_changes(repo, resolve_range(repo, spec), cache=SideCache(), stats=stats, workers=1, **kw)
        return cs, stats, repo.blobs.objects_read


def test_a_second_run_reads_no_blob_it_has_cached(scenario: Path, cache_dir: Path) -> None:
    first, cold, read_cold = _run(scenario, "t-base..t-added-stale")
    assert cold.read == cold.sides - 1 > 0 and cold.cached == 0  # a move to another folder: one blob, one name
    with find_repo(scenario) as repo:
        rng = resolve_range(repo, "t-base..t-added-stale")
        blobs = {b for c in repo.diff_raw(rng.old, rng.new) for b in (c.old_blob, c.new_blob) if b}
    assert read_cold == len(blobs) == cold.read  # every blob's bytes came from git once
    assert cold.shards_written > 0
    second, warm, read_warm = _run(scenario, "t-base..t-added-stale")
    assert (warm.read, warm.cached, warm.memory, read_warm) == (0, cold.read, 1, 0)
    assert warm.shards_written == 0  # nothing new: nothing written
    assert second.changes == first.changes


def test_the_working_tree_side_is_always_read(tmp_path: Path, cache_dir: Path) -> None:
    g.need_git()
    root = g.init_repo(tmp_path / "wt")
    g.put(root, g.rel_of(g.CHURN), g.read(g.sample(g.CHURN)))
    g.commit(root, "one recording", "v1")
    d = g.read(g.sample(g.CHURN))
    d["test_id"] += "-edited"
    g.put(root, g.rel_of(g.CHURN), d)
    _run(root, None)
    cs, stats, objects = _run(root, None)
    assert (stats.cached, stats.read, objects) == (1, 1, 0)  # HEAD's blob from the cache, the file from disk
    assert [r.classes for r in cs] == [("request",)]


def _shards(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if b'"store":"blobs"' in p.read_bytes().split(b"\n", 1)[0])


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "garbage"])
def test_a_damaged_shard_is_ignored_and_rewritten(scenario: Path, cache_dir: Path, damage: str) -> None:
    first, cold, _ = _run(scenario, "t-base..t-project")
    shards = _shards(cache_dir)
    assert shards
    for shard in shards:
        raw = shard.read_bytes()
        if damage == "flip a byte":
            at = len(raw) - 10  # inside the rows: the header still parses, the CRC does not match
            raw = raw[:at] + bytes([raw[at] ^ 0x20]) + raw[at + 1 :]
        elif damage == "truncate":
            raw = raw[: len(raw) // 2]
        else:
            raw = b"\x00not a shard\n[]"
        shard.write_bytes(raw)
    again, stats, objects = _run(scenario, "t-base..t-project")
    assert (stats.cached, stats.read, objects) == (0, cold.read, cold.read)
    assert again.changes == first.changes
    assert stats.shards_written == len(shards)  # rewritten whole
    _, warm, _ = _run(scenario, "t-base..t-project")
    assert (warm.cached, warm.read) == (cold.read, 0)


def test_new_code_or_other_rules_ignore_old_shards(scenario: Path, cache_dir: Path, monkeypatch) -> None:
    _, cold, _ = _run(scenario, "t-base..t-churn")
    from inspector.core.rules.profiles import RULE_SETS

    other = next(r for r in RULE_SETS if r.name != NEWEST.name)
    _, stats, _ = _run(scenario, "t-base..t-churn", rules=other)
    assert (stats.cached, stats.read) == (0, cold.read)  # the hash status depends on the rules
    monkeypatch.setattr(cache, "_CODE", "0" * 16)  # as after editing core/index/summary.py
    _, stats, _ = _run(scenario, "t-base..t-churn")
    assert (stats.cached, stats.read) == (0, cold.read)


def test_a_row_of_the_wrong_shape_is_reduced_again(scenario: Path, cache_dir: Path) -> None:
    first, cold, _ = _run(scenario, "t-base..t-churn")
    code = code_fingerprint(_SIDE_CODE)
    for shard_file in _shards(cache_dir):
        head = json.loads(shard_file.read_bytes().split(b"\n", 1)[0])
        shard = BlobShard.load(head["rules"], code, head["part"])
        for key in list(shard.stored):
            shard.put(key, b'["not", "a side"]')  # a valid shard (right CRC) holding nonsense
        assert shard.save()
    again, stats, _ = _run(scenario, "t-base..t-churn")
    assert (stats.cached, stats.read) == (0, cold.read)
    assert again.changes == first.changes


def test_a_shard_keeps_the_most_recently_used_rows(cache_dir: Path, monkeypatch) -> None:
    monkeypatch.setattr(cache, "BLOB_ROWS", 3)
    shard = BlobShard.load("newest", "code", "ab")
    for i in range(5):
        shard.put(f"ab{i}", b"[%d]" % i)
    assert shard.save()
    again = BlobShard.load("newest", "code", "ab")
    assert list(again.stored) == ["ab2", "ab3", "ab4"]
    assert again.get("ab2") == [2]
    assert BlobShard.load("newest", "other code", "ab").stored == {}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.sampled_from(_TAGS), b=st.sampled_from(_TAGS), three=st.booleans())
def test_cached_and_uncached_runs_give_identical_rows(scenario: Path, a: str, b: str, three: bool) -> None:
    spec = f"{a}...{b}" if three else f"{a}..{b}"
    uncached, _, _ = _run(scenario, spec, use_cache=False)
    cached_once, _, _ = _run(scenario, spec)
    cached_twice, stats, _ = _run(scenario, spec)
    assert stats.read == 0
    assert cached_once.changes == cached_twice.changes == uncached.changes


# --- the worker pool --------------------------------------------------------------------------


def _rewritten_repo(root: Path, count: int) -> Path:
    g.need_git()
    generate(root, count, seed=3)
    g.init_repo(root)
    g.commit(root, "recordings", "before")
    for f in sorted((root / "tests").rglob("*.json")):
        d = json.loads(f.read_bytes())
        d["test_id"] = (d.get("test_id") or "t") + "-renamed"
        g.put(root, str(f.relative_to(root)), d)
    g.commit(root, "rename every test", "after")
    return root


def test_cold_reductions_use_the_pool_in_order(tmp_path: Path, cache_dir: Path) -> None:
    root = _rewritten_repo(tmp_path / "big", 80)
    with find_repo(root) as repo:
        rng = resolve_range(repo, "before..after")
        serial = collect_changes(repo, rng, cache=SideCache(), use_cache=False, workers=1)
        stats = ChangeStats()
        parallel = collect_changes(repo, rng, cache=SideCache(), stats=stats, workers=2)
    assert stats.workers == 2 and stats.read == stats.sides == 160
    assert parallel.changes == serial.changes
    assert len(parallel) == 80 and {r.classes for r in parallel} >= {("request",)}
    _, warm, objects = _run(root, "before..after")
    assert (warm.workers, warm.read, objects) == (0, 0, 0)  # warm: nothing to hand out

