"""The index cache: hits, misses, stale and corrupt shards, rule sets, paths, --no-cache."""

from __future__ import annotations

import json
import multiprocessing
import os
import zlib
from pathlib import Path

import orjson
import pytest

from inspector.cli.main import main
from inspector.core.index import cache
from inspector.core.index.listing import IndexStats, iter_summaries
from inspector.core.rules import profiles

from ..conftest import OLD


def index(root: Path | str, **kw) -> tuple[list, IndexStats]:
    stats = IndexStats()
    out = list(iter_summaries([root], stats=stats, workers=1, **kw))
    return out, stats


def shards(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*.json"))


def test_second_listing_reads_nothing_and_gives_the_same_summaries(corpus: Path, cache_dir: Path) -> None:
    fresh, _ = index(corpus, use_cache=False)
    first, s1 = index(corpus)
    second, s2 = index(corpus)
    assert (s1.read, s1.cached) == (40, 0) and s1.shards_written > 0
    assert (s2.read, s2.cached, s2.shards_written) == (0, 40, 0)
    assert first == second == fresh


def test_a_changed_file_is_read_again(corpus: Path, cache_dir: Path) -> None:
    before, _ = index(corpus)
    victim = Path(before[3].path)
    data = json.loads(victim.read_text())
    data["test_id"] = "tests/integration/x/test_edited.py::test_edited"
    victim.write_text(json.dumps(data, indent=2) + "\n")
    os.utime(victim, (OLD + 60, OLD + 60))
    after, stats = index(corpus)
    assert (stats.read, stats.cached) == (1, 39)
    changed = next(s for s in after if s.path == str(victim))
    assert changed.test_id == "tests/integration/x/test_edited.py::test_edited"
    assert changed.hash_status == "mismatch"  # the name no longer matches the edited request


def test_same_size_new_mtime_is_a_miss(corpus: Path, cache_dir: Path) -> None:
    index(corpus)
    f = next(corpus.rglob("*.json"))
    os.utime(f, (OLD + 1, OLD + 1))
    _, stats = index(corpus)
    assert stats.read == 1


def test_files_changed_moments_ago_are_not_cached(corpus: Path, cache_dir: Path) -> None:
    f = next(corpus.rglob("*.json"))
    os.utime(f)  # now: could still change within the same timestamp tick
    index(corpus)
    _, stats = index(corpus)
    assert (stats.read, stats.cached) == (1, 39)


def test_deleted_and_added_files(corpus: Path, cache_dir: Path, tmp_path: Path) -> None:
    first, _ = index(corpus)
    gone = Path(first[0].path)
    gone.unlink()
    extra = gone.parent / ("0" * 64 + ".json")
    extra.write_bytes(Path(first[1].path).read_bytes())
    os.utime(extra, (OLD, OLD))
    after, stats = index(corpus)
    assert str(gone) not in {s.path for s in after}
    assert (stats.read, stats.cached) == (1, 39)
    assert next(s for s in after if s.path == str(extra)).hash_status == "mismatch"
    # the deleted file's entry is gone from its shard
    assert all(gone.name.encode() not in p.read_bytes() for p in shards(cache_dir))


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: raw[:-40] + b"X" + raw[-39:],  # one byte changed: the CRC no longer matches
        lambda raw: b"not json at all\n" + raw,
        lambda raw: b"",
        lambda raw: raw.replace(b'"version":1', b'"version":999'),
        lambda raw: raw.split(b"\n", 1)[0],  # header only
    ],
    ids=["truncated", "flipped-byte", "garbage-header", "empty", "other-version", "no-body"],
)
def test_a_damaged_shard_is_ignored_and_rebuilt(corpus: Path, cache_dir: Path, damage) -> None:
    good, _ = index(corpus)
    for p in shards(cache_dir):
        p.write_bytes(damage(p.read_bytes()))
    again, stats = index(corpus)
    assert again == good
    assert stats.read == 40 and stats.shards_written == len(shards(cache_dir))
    _, stats = index(corpus)
    assert stats.cached == 40  # rewritten whole


def test_a_forged_but_well_formed_entry_is_used_and_no_cache_bypasses_it(corpus: Path, cache_dir: Path, capsys) -> None:
    """Keys match, CRC matches: the cache is believed; ``ls --no-cache`` reads the files."""
    index(corpus)
    for p in shards(cache_dir):
        head, body = p.read_bytes().split(b"\n", 1)
        rows = orjson.loads(body)
        for row in rows:
            row[3 + cache._STORED.index("model")] = "forged-model"
        body = orjson.dumps(rows)
        header = orjson.loads(head)
        header["crc"] = zlib.crc32(body)
        p.write_bytes(orjson.dumps(header) + b"\n" + body)
    assert main(["ls", str(corpus), "--format", "jsonl"]) == 0
    cached = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["model"] for r in cached} == {"forged-model"}
    assert main(["ls", str(corpus), "--format", "jsonl", "--no-cache"]) == 0
    real = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "forged-model" not in {r["model"] for r in real} and len(real) == 40


def test_no_cache_neither_reads_nor_writes(corpus: Path, cache_dir: Path, capsys) -> None:
    assert main(["ls", str(corpus), "--format", "jsonl", "--no-cache"]) == 0
    assert not cache_dir.exists()
    assert main(["ls", str(corpus), "--format", "jsonl"]) == 0
    assert shards(cache_dir)
    capsys.readouterr()


def test_new_code_ignores_old_shards(corpus: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index(corpus)
    monkeypatch.setattr(cache, "_CODE", "another-version")
    _, stats = index(corpus)
    assert stats.read == 40


def test_each_rule_set_has_its_own_entries(corpus: Path, cache_dir: Path) -> None:
    newest, _ = index(corpus)
    assert {s.hash_status for s in newest} == {"ok"}
    older = profiles.rule_set("2025-10-03")  # before the test id was hashed
    old, stats = index(corpus, rules=older)
    assert stats.read == 40
    # tool invocations never hashed the test id; everything else with one now matches an older rule
    assert {s.hash_status for s in old if s.test_id and s.kind != "tool"} == {"legacy-rule"}
    again, stats = index(corpus, rules=older)
    assert stats.cached == 40 and again == old
    assert index(corpus)[0] == newest


def test_paths_are_as_the_user_named_them(corpus: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    absolute, _ = index(corpus)
    monkeypatch.chdir(corpus.parent)
    relative, stats = index(corpus.name)
    assert stats.cached == 40
    assert [s.path for s in relative] == [os.path.relpath(s.path) for s in absolute]
    assert relative == index(corpus.name, use_cache=False)[0]
    assert all(s.path.lower() in s.search for s in relative)


def test_an_unwritable_cache_is_not_an_error(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RECORDING_INSPECTOR_CACHE_DIR", str(blocker / "cache"))
    out, stats = index(corpus)
    assert len(out) == 40 and stats.shards_written == 0


def test_the_cache_folder_is_private(corpus: Path, cache_dir: Path) -> None:
    index(corpus)
    assert cache_dir.stat().st_mode & 0o077 == 0


def _index_in_process(root: str, cache_dir: str) -> int:
    os.environ["RECORDING_INSPECTOR_CACHE_DIR"] = cache_dir
    return len(list(iter_summaries([root], workers=1)))


def test_two_processes_writing_at_once_leave_a_whole_shard(corpus: Path, cache_dir: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        counts = pool.starmap(_index_in_process, [(str(corpus), str(cache_dir))] * 4)
    assert counts == [40] * 4
    assert not list(cache_dir.glob("*.tmp")) and not list(cache_dir.glob(".shard-*"))  # no temporary files left
    _, stats = index(corpus)
    assert stats.cached == 40


def test_clear_cache(corpus: Path, cache_dir: Path) -> None:
    index(corpus)
    n = len(shards(cache_dir))
    assert n and cache.clear_cache() == n
    assert not shards(cache_dir)
    _, stats = index(corpus)
    assert stats.read == 40


def test_default_location_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("RECORDING_INSPECTOR_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if os.name == "nt":
        pytest.skip("XDG applies to Linux")
    expected = tmp_path / "xdg" / "recording-inspector" / "index"
    if os.uname().sysname == "Darwin":
        expected = Path.home() / "Library" / "Caches" / "recording-inspector" / "index"
    assert cache.cache_dir() == expected
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the spec says: ignore relative paths
    assert cache.cache_dir().is_absolute()


def test_a_large_folder_is_split_into_several_shards(corpus: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from inspector.core.index import listing as index_mod

    monkeypatch.setattr(index_mod, "_SPLIT_ABOVE", 5)
    first, s1 = index(corpus)
    folders = {Path(s.path).parent for s in first}
    assert len(shards(cache_dir)) > len(folders)
    second, s2 = index(corpus)
    assert s2.cached == 40 and second == first


def test_shards_unused_for_a_month_are_pruned(corpus: Path, cache_dir: Path, tmp_path: Path) -> None:
    index(corpus)
    kept = shards(cache_dir)
    old = cache_dir / ("f" * 32 + ".json")
    old.write_text("{}\n[]")
    os.utime(old, (OLD, OLD))
    assert cache.prune(cache_dir) == 0  # pruned at most once a day: the first save just did
    assert cache.prune(cache_dir, force=True) == 1
    assert not old.exists() and shards(cache_dir) == kept
