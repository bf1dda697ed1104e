"""``normalize``: the recorder's response normalisation, through the one writer."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

from inspector.core.base.writer import write_text_atomic
from inspector.core.checks.runner import check_paths
from inspector.core.rules.normalize import EPOCH, normalize_file, plan_normalization
from inspector.core.rules.profiles import rule_set
from inspector.testing.factories import piece, write_chat, write_data


def test_plan_names_every_field(repo: Path) -> None:
    path = write_chat(
        repo,
        chunks=[
            piece("Hi", id="chatcmpl-9", created=1754000000),
            piece("", finish="stop", id="chatcmpl-9", created=1754000000),
        ],
    )
    data = json.loads(path.read_text())
    plan = plan_normalization(data, path.name)
    h12 = path.name[:12]
    assert plan.counts() == {"id": 2, "created": 2}
    assert plan.changes[0].path == "response.body[0].__data__.id"
    assert plan.describe() == f"2 ids → rec-{h12}, 2 created → 0"
    assert data["response"]["body"][0]["__data__"]["id"] == "chatcmpl-9"  # the input is not modified


def test_model_objects_keep_their_id_and_their_created_before_ogx_1_5() -> None:
    data = {
        "request": {},
        "response": {
            "body": [
                {
                    "__type__": "openai.types.model.Model",
                    "__data__": {"id": "gpt-4o", "object": "model", "created": 1686588896},
                }
            ]
        },
    }
    name = "models-" + "a" * 64 + "-12345678.json"
    assert not plan_normalization(data, name, rules=rule_set("2026-05")).needed
    assert plan_normalization(data, name, rules=rule_set("2026-05"), models_created=True).counts() == {"created": 1}
    assert plan_normalization(data, name).counts() == {"created": 1}  # ogx 1.5.0 (newest) zeroes it
    assert "did not normalise" in (plan_normalization(data, name, rules=rule_set("2025-07")).skipped or "")


def test_ollama_fields() -> None:
    body = {
        "__type__": "ollama._types.ChatResponse",
        "__data__": {"created_at": "2025-08-01T00:06:12Z", "total_duration": 5, "eval_duration": None, "done": True},
    }
    plan = plan_normalization({"request": {}, "response": {"body": body}}, "b" * 64 + ".json")
    assert {c.field: c.new for c in plan.changes} == {"created_at": EPOCH, "total_duration": 0}


def test_legacy_and_unnamed_files_are_skipped() -> None:
    data = {"request": {}, "response": {"body": {"__type__": "x.Y", "__data__": {"id": "a"}}}}
    assert "12-character" in (plan_normalization(data, "abcdefabcdef.json").skipped or "")
    assert "not a request hash" in (plan_normalization(data, "notes.json").skipped or "")


def test_dry_run_writes_nothing_then_the_real_run_touches_only_those_lines(corpus_dir: Path, tmp_path: Path) -> None:
    src = next(corpus_dir.rglob("3abb9133ddda2c5d*.json"))
    path = tmp_path / "tests/integration/responses/recordings" / src.name
    path.parent.mkdir(parents=True)
    shutil.copyfile(src, path)
    before = path.read_bytes()
    dry = normalize_file(path, dry_run=True)
    assert dry.plan is not None and dry.plan.counts() == {"id": 25} and not dry.written
    assert path.read_bytes() == before
    done = normalize_file(path)
    assert done.written and not done.reformatted and done.error is None
    after = path.read_bytes().decode()
    changed = [
        line
        for line in difflib.unified_diff(before.decode().splitlines(), after.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert len(changed) == 2 * 25
    assert all('"id": "rec-3abb9133ddda"' in line for line in changed if line.startswith("+"))
    assert "unnormalized" not in {f.code for f in check_paths([path]).findings}
    again = normalize_file(path)
    assert again.plan is not None and not again.plan.needed and not again.written


def test_broken_files_are_errors_not_crashes(tmp_path: Path) -> None:
    bad = tmp_path / ("c" * 64 + ".json")
    write_text_atomic(bad, b"{not json")
    result = normalize_file(bad)
    assert result.error and "invalid JSON" in result.error
    assert normalize_file(tmp_path / "missing.json").error == "file not found"


def test_a_file_changed_meanwhile_is_not_overwritten(repo: Path, monkeypatch) -> None:
    import inspector.core.rules.normalize as normalize

    path = write_chat(
        repo, chunks=[piece("Hi", id="chatcmpl-9"), piece("", finish="stop", id="chatcmpl-9")]
    )
    real_plan = normalize.plan_normalization

    def plan_then_someone_edits(*args, **kwargs):
        plan = real_plan(*args, **kwargs)
        write_data(path, {"edited": "by someone else"})
        return plan

    monkeypatch.setattr(normalize, "plan_normalization", plan_then_someone_edits)
    result = normalize_file(path)
    assert not result.written and "changed on disk" in (result.error or "")
    assert json.loads(path.read_text()) == {"edited": "by someone else"}
