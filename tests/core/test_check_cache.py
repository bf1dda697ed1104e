"""``check`` through the index cache: the same report as reading every file, from the cache when warm."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.cli.main import main
from inspector.core.checks.codes import CODES, CheckOptions
from inspector.core.checks.runner import check_indexed
from inspector.core.index import cache
from inspector.core.index.listing import IndexStats, iter_summaries
from inspector.core.recording.discovery import discover
from inspector.core.rules import profiles
from tests.conftest import CORPUS, SAMPLES

from ..conftest import OLD, age


def cached(root: Path | str, opts: CheckOptions | None = None, **kw) -> tuple[list, IndexStats]:
    stats = IndexStats()
    report = check_indexed(discover([root]), opts, stats=stats, workers=kw.pop("workers", 1), **kw)
    return report.findings, stats


def index_stats(root: Path) -> tuple[list, IndexStats]:
    stats = IndexStats()
    return list(iter_summaries([root], workers=1, stats=stats)), stats


def uncached(root: Path | str, opts: CheckOptions | None = None) -> list:
    found = discover([root])
    return check_indexed(found, opts, use_cache=False).findings


#: how many recordings the shipped samples hold (every one is read once cold)
N = len(discover([SAMPLES]).files)


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    root = tmp_path / "samples"
    shutil.copytree(SAMPLES, root)
    age(root)
    return root


def test_cold_and_warm_reports_equal_reading_every_file(samples: Path, cache_dir: Path) -> None:
    expected = uncached(samples)
    assert {f.code for f in expected} >= {"hash-mismatch", "stream-incomplete", "legacy-name", "discovery"}
    cold, s1 = cached(samples)
    warm, s2 = cached(samples)
    assert cold == expected
    assert warm == expected
    assert (s1.read, s2.read, s2.cached) == (N, 0, N)


def test_the_parallel_cold_run_gives_the_same_report(corpus: Path, cache_dir: Path) -> None:
    expected = uncached(corpus)
    findings, stats = cached(corpus, workers=2)
    assert findings == expected


@pytest.mark.corpus
def test_the_real_corpus_checks_the_same_through_the_cache(cache_dir: Path, tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    age(root)
    expected = uncached(root)
    assert expected  # the corpus has known problems
    assert cached(root)[0] == expected
    warm, stats = cached(root)
    assert warm == expected and stats.read == 0


def test_a_summary_made_by_a_listing_is_checked_once_then_cached(samples: Path, cache_dir: Path) -> None:
    listed = list(iter_summaries([samples], workers=1))
    assert all(s.checks is None for s in listed)  # ls does not pay for the checks
    _, first = cached(samples)
    assert first.read == N
    relisted = list(iter_summaries([samples], workers=1))
    assert relisted == listed  # a listing does not unpack them (nor hold them in memory)
    # A listing that rewrites the shards (one file changed) writes the others' results back.
    victim = next(samples.rglob("27c7245c*.json"))
    os.utime(victim, (OLD + 60, OLD + 60))
    _, listing = index_stats(samples)
    assert listing.read == 1 and listing.shards_written >= 1
    _, again = cached(samples)
    assert again.read == 1  # only the changed file, which the listing summarised without checking


def test_an_edited_file_is_checked_again(samples: Path, cache_dir: Path) -> None:
    cached(samples)
    victim = next(samples.rglob("27c7245c*.json"))
    data = json.loads(victim.read_text())
    data["request"]["payload"]["query"]["text"] = "What do alpacas eat?"  # the name no longer matches the request
    victim.write_text(json.dumps(data, indent=2) + "\n")
    os.utime(victim, (OLD + 60, OLD + 60))
    findings, stats = cached(samples)
    assert stats.read == 1
    assert ("hash-mismatch", True) in {(f.code, f.path == str(victim)) for f in findings}
    assert findings == uncached(samples)


def test_a_damaged_shard_is_never_trusted(samples: Path, cache_dir: Path) -> None:
    expected, _ = cached(samples)
    damaged = 0
    for shard in cache_dir.glob("*.json"):
        head, _, body = shard.read_bytes().partition(b"\n")
        if b"replay will never find" in body:
            # Same header, valid JSON: only a finding's text changed, so only the CRC can tell.
            shard.write_bytes(head + b"\n" + body.replace(b"replay will never find", b"replay will always find"))
            damaged += 1
    assert damaged
    findings, stats = cached(samples)
    assert findings == expected
    assert 0 < stats.read < N  # the damaged shards' files, read again
    for shard in cache_dir.glob("*.json"):
        shard.write_bytes(shard.read_bytes()[:-7])  # torn writes
    findings, stats = cached(samples)
    assert findings == expected and stats.read == N


def test_a_shard_from_other_check_code_is_not_used(samples: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached(samples)
    monkeypatch.setattr(cache, "_CODE", "0" * 16)  # as after editing core/checks/file_checks.py
    _, stats = cached(samples)
    assert stats.read == N


#: modules whose code decides a file's check findings or hash status (issue 20): a change to any
#: must invalidate what the cache holds.
_DECIDING = (
    "rules/hashing.py", "rules/layout.py", "rules/profiles.py", "rules/normalize.py",
    "checks/file_checks.py", "checks/runner.py", "checks/schema.py", "recording/secrets.py",
)


@pytest.mark.parametrize("module", _DECIDING)
def test_the_check_code_is_part_of_the_fingerprint(
    module: str, samples: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changing any module of the rules or checks (here: a copy of the core) re-checks every file."""
    core = tmp_path / "core"
    shutil.copytree(cache._CORE, core, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_CORE", core)
    monkeypatch.setattr(cache, "_CODE", None)
    cached(samples)
    _, warm = cached(samples)
    assert warm.read == 0
    with (core / module).open("a", encoding="utf-8") as f:
        f.write("\n# a new version of this rule\n")
    monkeypatch.setattr(cache, "_CODE", None)  # a new process: the fingerprint is made afresh
    _, after = cached(samples)
    assert after.read == N


def test_every_core_subpackage_below_the_index_is_fingerprinted() -> None:
    """A module added to any of these parts is covered without naming it anywhere."""
    layers = {p.name for p in cache._CORE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert {"base", "rules", "streams", "recording", "index", "checks", "edit"} <= set(cache._CODE_PACKAGES)
    assert set(cache._CODE_PACKAGES) <= layers


def test_another_working_folder_checks_again_as_its_hints_differ(
    samples: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(samples)
    here, _ = cached(samples)
    monkeypatch.chdir(tmp_path)
    there, stats = cached(samples)
    assert stats.read == N
    hint = next(f.hint for f in there if f.code == "hash-mismatch")
    assert hint is not None and "git mv samples/tests/integration/agents/recordings/4b22b9136bbc" in hint
    assert there == uncached(samples)


def test_options_are_applied_after_the_cache(samples: Path, cache_dir: Path) -> None:
    cached(samples)
    for opts in (
        CheckOptions(select=frozenset({"hash-mismatch"})),
        CheckOptions(ignore=frozenset({"legacy-name", "discovery"})),
        CheckOptions(max_variants=1),
        CheckOptions(rules=profiles.rule_set("2026-05")),
    ):
        findings, stats = cached(samples, opts)
        assert findings == uncached(samples, opts), opts
    only, stats = cached(samples, CheckOptions(select=frozenset({"hash-mismatch"})))
    assert stats.read == 0 and {f.code for f in only} == {"hash-mismatch"}


def test_orphan_test_is_looked_up_after_the_cache(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(SAMPLES, root)
    age(root)
    test_file = root / "tests" / "integration" / "agents" / "test_agents.py"
    test_file.write_text("def test_nothing_recorded():\n    pass\n")
    opts = CheckOptions(tests_root=root)
    first, _ = cached(root, opts)
    assert first == uncached(root, opts)
    orphans = {f.path for f in first if f.code == "orphan-test" and "/agents/" in f.path}
    assert len(orphans) == 3
    test_file.write_text("".join(f"def {name}():\n    pass\n" for name in _test_names(root)))
    second, stats = cached(root, opts)
    assert stats.read == 0  # the recordings did not change; the test file did
    assert not {f.path for f in second if f.code == "orphan-test"} & orphans
    assert second == uncached(root, opts)


def _test_names(root: Path) -> set[str]:
    names = set()
    for s in iter_summaries([root], workers=1):
        if s.test_id and "test_agents.py::" in s.test_id:
            names.add(s.test_id.split("::")[-1].split("[")[0])
    return names


def test_changed_only_reports_the_named_files_with_their_folders_facts(samples: Path, cache_dir: Path) -> None:
    folder = samples / "tests" / "integration" / "inference" / "recordings"
    original = folder / "27c7245ce0661d042cf7490aacb50ba3fe36e5918fb759b40811bba4c89d31f6.json"
    copy = folder / ("0" * 64 + ".json")
    shutil.copy2(original, copy)
    found = discover([folder])
    report = check_indexed(found, only=[str(copy)], workers=1)
    assert report.files == 1
    assert {(f.path, f.code) for f in report.findings} == {(str(copy), "hash-mismatch"), (str(copy), "duplicate-request")}
    whole = check_indexed(found, workers=1)
    assert (str(original), "duplicate-request") in {(f.path, f.code) for f in whole.findings}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    select=st.one_of(st.none(), st.frozensets(st.sampled_from(sorted(CODES)), max_size=4)),
    ignore=st.frozensets(st.sampled_from(sorted(CODES)), max_size=4),
    max_variants=st.integers(1, 60),
    rules=st.sampled_from(["newest", "2026-05", "2025-07"]),
)
def test_any_options_give_the_report_of_reading_every_file(
    samples: Path, cache_dir: Path, select: frozenset[str] | None, ignore: frozenset[str], max_variants: int, rules: str
) -> None:
    opts = CheckOptions(rules=profiles.rule_set(rules), select=select, ignore=ignore, max_variants=max_variants)
    assert cached(samples, opts)[0] == uncached(samples, opts)


def test_fmt_check_from_a_warm_cache_reads_no_recording(samples: Path, cache_dir: Path, capsys, monkeypatch) -> None:
    folder = samples / "tests" / "integration" / "inference"
    target = next(folder.rglob("27c7245c*.json"))
    target.write_text(json.dumps(json.loads(target.read_text())))
    os.utime(target, (OLD, OLD))
    assert main(["fmt", "--check", str(folder)]) == 1
    cold = capsys.readouterr()
    from inspector.core.base import formatter as fmt_module

    def no_reading(*a, **k):
        raise AssertionError("fmt read a file the cache knows")

    monkeypatch.setattr("inspector.cli.fmt.format_file", no_reading)
    assert main(["fmt", "--check", str(folder)]) == 1
    warm = capsys.readouterr()
    assert warm.out == cold.out == f"would reformat {target}\n"
    assert warm.err == cold.err == "1 file would be reformatted, 11 files left unchanged.\n"
    assert fmt_module.format_file is not no_reading


@pytest.mark.parametrize(
    "argv",
    [
        ["normalize", "--dry-run"],
        ["normalize", "--dry-run", "--format", "json"],
        ["rehash", "--check", "-v"],
        ["rehash", "--dry-run", "--keep-folder", "-v"],
        ["fmt", "--check"],
        ["check"],
        ["check", "--format", "json"],
        ["check", "--format", "github"],
    ],
)
def test_cached_commands_print_what_reading_every_file_prints(samples: Path, cache_dir: Path, capsys, argv) -> None:
    main([*argv, str(samples), "--no-cache"])
    plain = capsys.readouterr()
    main([*argv, str(samples)])  # cold: fills the cache
    capsys.readouterr()
    code = main([*argv, str(samples)])
    warm = capsys.readouterr()
    assert main([*argv, str(samples), "--no-cache"]) == code
    capsys.readouterr()
    assert (warm.out, warm.err) == (plain.out, plain.err)
