"""Collections: open, index, filter with the app's query language, display grouped by test."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import inspector
from inspector.core.index.query import QueryError

from .markup import check_markup


def test_open_lists_every_recording_in_path_order(stream_folder: Path) -> None:
    recs = inspector.open(stream_folder)
    assert len(recs) == 3
    assert [p.name[:4] for p in recs.paths] == ["1111", "2222", "3333"]
    assert all(isinstance(r, inspector.Recording) for r in recs)
    assert recs[0].text == "Paris."
    assert recs[-1].error is not None
    assert recs.tests == ["tests/t.py::test_capital[gpt-4o]", "tests/t.py::test_weather[gpt-4o]"]


def test_indexing_by_slice_and_by_name(stream_folder: Path) -> None:
    recs = inspector.open(stream_folder)
    assert isinstance(recs[1:], inspector.Collection) and len(recs[1:]) == 2
    assert recs["2222"].tool_calls[0].name == "get_weather"
    assert recs["1" * 64 + ".json"].text == "Paris."
    with pytest.raises(KeyError, match="no recording named"):
        recs["ffff"]
    assert recs.paths[0] in recs and "3" * 64 + ".json" in recs and "nope.json" not in recs


def test_filter_uses_the_query_language(stream_folder: Path) -> None:
    recs = inspector.open(stream_folder)
    tools = recs.filter("model:gpt-4o has:tools")
    assert [s.test_id for s in tools.summaries] == ["tests/t.py::test_weather[gpt-4o]"]
    assert len(recs.filter("-has:tools")) == 2
    assert len(recs.filter("has:error")) == 1
    assert len(recs.filter("paris")) == 1  # free words search the response text too
    assert len(recs.filter("test:capital").filter("-has:error")) == 1
    assert recs.filter("test:capital").filter("has:error").query == "test:capital has:error"
    assert len(recs.where(lambda s: s.chunks == 2)) == 2


def test_a_bad_filter_says_which_term(stream_folder: Path) -> None:
    with pytest.raises(QueryError, match="has:toolz"):
        inspector.open(stream_folder).filter("has:toolz")
    assert issubclass(QueryError, ValueError)


def test_by_test_groups(stream_folder: Path) -> None:
    groups = inspector.open(stream_folder).by_test()
    assert {k: len(v) for k, v in groups.items()} == {"tests/t.py::test_capital[gpt-4o]": 2, "tests/t.py::test_weather[gpt-4o]": 1}


def test_html_is_a_table_grouped_by_test_with_kind_model_and_hash(stream_folder: Path) -> None:
    recs = inspector.open(stream_folder)
    html = recs._repr_html_()
    text = check_markup(html)
    assert "3 recordings in 2 tests" in text
    assert text.index("test_capital") < text.index("1111") < text.index("3333") < text.index("test_weather") < text.index("2222")
    assert text.count("chat") >= 3 and "gpt-4o" in text
    assert "hash mismatch" in text  # crafted names are not the recorder's hashes
    assert "bad <request>" in text  # the error in place of the label
    assert html.count('class="ri-group"') == 2


def test_large_collections_say_how_many_rows_are_hidden(stream_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("inspector.notebook.collection.DISPLAY_LIMIT", 2)
    text = check_markup(inspector.open(stream_folder)._repr_html_())
    assert "1 more not shown" in text


def test_repr_is_a_short_listing(stream_folder: Path) -> None:
    text = repr(inspector.open(stream_folder).filter("has:tools"))
    assert text.startswith("<Collection ") and "filter: has:tools" in text and "1 recording in 1 test" in text
    assert "test_weather" in text


def test_to_dicts_gives_plain_rows(stream_folder: Path) -> None:
    rows = inspector.open(stream_folder).to_dicts()
    assert rows[1]["tools"] == 1 and rows[1]["hash"]["status"] == "mismatch"


def test_wrong_paths_raise_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file or folder: .*missing"):
        inspector.open(tmp_path / "missing")
    with pytest.raises(FileNotFoundError, match="no such recording file"):
        inspector.load(tmp_path / "missing.json")
    with pytest.raises(IsADirectoryError, match=r"inspector\.open"):
        inspector.load(tmp_path)


def test_open_without_arguments_uses_the_samples(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, samples_dir: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no ./tests/integration here
    recs = inspector.open()
    assert len(recs) > 10 and all(str(p).startswith(str(samples_dir.resolve())) for p in recs.paths)


def test_collection_survives_a_change_of_directory(monkeypatch: pytest.MonkeyPatch, stream_folder: Path) -> None:
    monkeypatch.chdir(stream_folder)
    recs = inspector.open("tests")
    monkeypatch.chdir(stream_folder.parent)
    assert recs[0].text == "Paris."


def test_discovery_issues_are_noted_once(stream_folder: Path) -> None:
    responses = stream_folder / "old" / "recordings" / "responses"
    responses.mkdir(parents=True)
    con = sqlite3.connect(responses.parent / "index.sqlite")
    con.execute("CREATE TABLE recordings (request_hash, response_file, endpoint, model, timestamp, is_streaming)")
    con.execute("INSERT INTO recordings VALUES ('abc', 'abcabcabcabc.json', '/v1/models', NULL, NULL, 0)")
    con.commit()
    con.close()
    recs = inspector.open(stream_folder)
    assert any("abcabcabcabc.json" in str(i.path) or "abcabcabcabc" in i.message for i in recs.issues)
    assert "abcabcabcabc" in check_markup(recs._repr_html_())
    assert "abcabcabcabc" not in check_markup(recs.filter("has:tools")._repr_html_())


def test_a_pinned_rule_set_decides_what_is_ok(samples_dir: Path) -> None:
    newest = inspector.open(samples_dir)
    pinned = inspector.open(samples_dir, rules="2026-05")
    name = next(s.name for s in newest.summaries if s.hash_rule == "2026-05")
    assert newest[name].hash.status == "legacy-rule"
    rec = pinned[name]
    assert rec.hash.status == "ok" and rec.hash.rule == "2026-05"
    assert "hash ok" in check_markup(rec._repr_html_()) and "the 2026-05 rules compute" in rec._repr_html_()
    assert name not in pinned.filter("hash:stale") and name in newest.filter("hash:stale")
    assert "rules: 2026-05" in check_markup(pinned._repr_html_())
    assert inspector.load(rec.path, rules="2026-05").hash.status == "ok"
    with pytest.raises(ValueError, match="unknown rule set"):
        inspector.open(samples_dir, rules="1999")
