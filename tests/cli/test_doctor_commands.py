"""The doctor's commands as a user runs them: output, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.core import load
from inspector.core.rules import hashing
from inspector.testing.factories import CHAT_URL, chat_body, piece, write_chat
from tests.conftest import Source

TEST_ID = "tests/integration/inference/test_chat.py::test_capital[txt=openai/gpt-4o]"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- check ---------------------------------------------------------------------------------------


def test_check_json_lines_and_exit_codes(repo: Path, capsys) -> None:
    write_chat(repo)
    assert run(capsys, "check", str(repo), "--format", "json")[:2] == (0, "")
    write_chat(
        repo,
        body=chat_body("x"),
        chunks=[piece("a", id="chatcmpl-1"), piece("", finish="stop", id="chatcmpl-1")],
    )
    code, out, _ = run(capsys, "check", str(repo), "--format", "json")
    assert code == 0  # warnings only
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert set(row) >= {"path", "code", "severity", "message"} and row["code"] == "unnormalized"
    write_chat(repo, body=chat_body("y"), folder=repo / "tests/integration/other/recordings")
    code, out, _ = run(capsys, "check", str(repo), "--format", "json")
    assert code == 1
    assert "wrong-directory" in {json.loads(line)["code"] for line in out.splitlines()}


def test_check_text_report(repo: Path, capsys) -> None:
    write_chat(repo, folder=repo / "tests/integration/other/recordings")
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 1
    assert "error wrong-directory" in out
    assert "summary" in out and "1 file checked: 1 error, 0 warnings" in out


def test_check_clean_report(repo: Path, capsys) -> None:
    write_chat(repo)
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 0 and "1 file checked: no problems" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "/no/such/folder"], "no such file or folder"),
        (["check", "REPO", "--rules", "1999"], "unknown rule set '1999'"),
        (["check", "REPO", "--tests-root", "/no/such/root"], "is not a folder"),
        (["check"], "give one or more recording files"),
    ],
)
def test_check_could_not_run(repo: Path, capsys, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *[str(repo) if a == "REPO" else a for a in argv])
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_check_rejects_unknown_codes(repo: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", str(repo), "--select", "no-such-code"])
    assert exc.value.code == 2
    assert "unknown check code no-such-code" in capsys.readouterr().err


def test_check_list_codes(capsys) -> None:
    code, out, _ = run(capsys, "check", "--list-codes")
    assert code == 0 and "hash-mismatch" in out and "orphan-test" in out


def test_check_rules_pin(source: Source, capsys) -> None:
    models = source.file("models-2026-05")
    code, out, _ = run(capsys, "check", str(models), "--format", "json")
    # ogx 1.5.0 (newest) also zeroes created of model objects; the May 2026 recorder kept it
    created = [m["__data__"].get("created") for m in json.loads(models.read_text())["response"]["body"]]
    expected = ["hash-legacy-rule", "unnormalized"] if any(created) else ["hash-legacy-rule"]
    assert [json.loads(line)["code"] for line in out.splitlines()] == expected
    code, out, _ = run(capsys, "check", str(models), "--format", "json", "--rules", "2026-05")
    assert out == "" and code == 0


def test_an_unknown_rules_name_is_one_line_listing_the_valid_ones(repo: Path, capsys) -> None:
    for argv in (["check", str(repo)], ["rehash", "-n", str(repo)], ["normalize", "-n", str(repo)], ["app", str(repo)]):
        code, out, err = run(capsys, *argv, "--rules", "2024-01")
        assert code == 2 and out == ""
        assert err.strip().splitlines() == [
            "recording-inspector: --rules: unknown rule set '2024-01' "
            "(valid: 2026-10, 2026-05, 2026-03, 2025-10-08, 2025-10-03, 2025-07, newest, latest, current)"
        ]


# --- explain -------------------------------------------------------------------------------------


def test_explain_from_stdin_with_a_body(repo: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    original = write_chat(
        repo,
        body=chat_body(
            tools=[{"type": "function", "function": {"name": "get_capital", "description": "Look a capital up"}}]
        ),
    )
    body = load(original).request_raw["body"]
    body["tools"][0]["function"]["description"] = "Look a capital city up"
    h = hashing.request_hash({"method": "POST", "url": CHAT_URL, "body": body}, TEST_ID)
    pasted = f"FAILED {TEST_ID} - RuntimeError: Recording not found for request hash: {h}\nE   Model: gpt-4o | Request: POST {CHAT_URL}\n"
    body_file = tmp_path / "body.json"
    body_file.write_text(json.dumps(body))
    monkeypatch.setattr(sys, "stdin", io.StringIO(pasted))
    code, out, err = run(capsys, "explain", "-", "--root", str(repo), "--body", str(body_file))
    assert code == 0, err
    assert "tests/integration/inference/recordings/" in out  # where replay looked
    ranked = out[out.index("most likely drifted from") :].splitlines()
    assert ranked[1].strip().startswith("1.") and original.name in ranked[1]
    assert "tools[0].function.description" in out
    assert "the body hashes to the missed hash" in out


def test_explain_json(repo: Path, capsys) -> None:
    path = write_chat(repo, folder=repo / "tests/integration/other/recordings")
    h = path.stem
    code, out, _ = run(
        capsys,
        "explain",
        f"Recording not found for request hash: {h}\nModel: gpt-4o | Request: POST {CHAT_URL}",
        "--root",
        str(repo),
        "--test-id",
        TEST_ID,
        "--format",
        "json",
    )
    assert code == 0
    (obj,) = [json.loads(line) for line in out.splitlines()]
    assert obj["sightings"][0]["how"] == "wrong-folder"
    assert obj["looked_in"][0].endswith("tests/integration/inference/recordings")


def test_explain_reads_a_saved_pytest_log(repo: Path, tmp_path: Path, capsys) -> None:
    log = tmp_path / "pytest.log"
    log.write_text(f"FAILED {TEST_ID} - RuntimeError: Recording not found for request hash: {'f' * 64}\n")
    code, out, _ = run(capsys, "explain", str(log), "--root", str(repo))
    assert code == 0 and TEST_ID in out and "never recorded" in out


def test_explain_without_a_miss(repo: Path, capsys) -> None:
    code, out, err = run(capsys, "explain", "everything passed", "--root", str(repo))
    assert code == 2 and "no replay miss found" in err


def test_explain_bad_body(repo: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "body.json"
    bad.write_text("{nope")
    code, _, err = run(capsys, "explain", "a" * 64, "--root", str(repo), "--body", str(bad))
    assert code == 2 and "--body" in err and len(err.strip().splitlines()) == 1


# --- diff --------------------------------------------------------------------------------------


def test_diff_exit_codes(repo: Path, tmp_path: Path, capsys) -> None:
    a = write_chat(repo)
    b = write_chat(repo, body=chat_body("What is the capital of Spain?"))
    assert run(capsys, "diff", str(a), str(a))[0] == 0
    code, out, _ = run(capsys, "diff", str(a), str(b))
    assert code == 1 and "body.messages[0].content" in out
    code, out, _ = run(capsys, "diff", str(a), str(b), "--format", "json")
    obj = json.loads(out)
    assert code == 1 and obj["same"] is False and obj["request"][0]["path"] == "body.messages[0].content"
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    code, _, err = run(capsys, "diff", str(a), str(broken))
    assert code == 2 and "broken.json" in err


def test_diff_without_colour_marks_old_and_new_words(repo: Path, capsys) -> None:
    """Piped (no colour), a word diff still says which words went and which came: ``[-old-]{+new+}``."""
    base = "tests/integration/inference/test_openai_completion.py::test_openai_chat_completion_ordering_2"
    a = write_chat(repo, test_id=f"{base}[client_with_models-openai_client-txt=azure/gpt-4o]")
    b = write_chat(repo, test_id=f"{base}[client_with_models-openai_client-txt=openai/gpt-4o]")
    code, out, _ = run(capsys, "diff", str(a), str(b))
    assert code == 1
    assert "txt=[-azure-]{+openai+}/gpt-4o]" in out
    # The same rendering as `changes` draws for a word diff.
    from rich.console import Console

    from inspector.render.changes import word_diff

    console = Console(width=400, no_color=True, highlight=False)
    with console.capture() as cap:
        console.print(word_diff("a azure b", "a openai b"))
    assert cap.get().strip() == "a [-azure-]{+openai+} b"


def test_diff_chunks(source: Source, capsys) -> None:
    src = source.file("tool-stream")
    code, out, _ = run(capsys, "diff", str(src), str(src), "--chunks")
    assert code == 0 and "same request, same response" in out


def test_diff_chunks_leaves_out_churn_unless_asked(repo: Path, capsys) -> None:
    """Re-recorded: only obfuscation, tool-call ids and timestamps differ, so chunk by chunk nothing does."""

    def stream(obf: tuple[str, str], call_id: str, created: int) -> list[dict]:
        call = {"index": 0, "id": call_id, "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
        return [
            piece("Paris", obfuscation=obf[0], created=created, id=f"chatcmpl-{created}"),
            piece(None, tool=call, obfuscation=obf[1], created=created, id=f"chatcmpl-{created}"),
            piece("", finish="tool_calls", created=created, id=f"chatcmpl-{created}"),
        ]

    a = write_chat(repo, chunks=stream(("ULDU", "abc"), "call_1", 1), name="a.json")
    b = write_chat(repo, chunks=stream(("EOLT", "xyz"), "call_2", 2), name="b.json")
    code, out, _ = run(capsys, "diff", str(a), str(b), "--chunks")
    assert code == 0, out
    assert "obfuscation" not in out and "tool_calls[0].id" not in out and "same request, same response" in out
    code, out, _ = run(capsys, "diff", str(a), str(b), "--chunks", "--format", "json")
    assert code == 0 and json.loads(out)["chunks"] == []
    code, out, _ = run(capsys, "diff", str(a), str(b), "--churn")
    assert code == 1
    assert 'chunks[0].obfuscation  changed  "ULDU" → "EOLT"' in out
    assert "chunks[1].choices[0].delta.tool_calls[0].id" in out


# --- normalize --------------------------------------------------------------------------------


def test_normalize_dry_run_then_for_real(repo: Path, capsys) -> None:
    path = write_chat(
        repo,
        chunks=[piece("a", id="chatcmpl-1", created=5), piece("", finish="stop", id="chatcmpl-1", created=5)],
    )
    before = path.read_bytes()
    code, out, _ = run(capsys, "normalize", str(repo), "--dry-run")
    assert code == 0 and "would normalise" in out and "2 ids" in out
    assert path.read_bytes() == before
    code, out, _ = run(capsys, "normalize", str(repo))
    assert code == 0 and "normalised" in out and "1 changed" in out
    assert path.read_bytes() != before
    code, out, _ = run(capsys, "normalize", str(repo), "--format", "json")
    assert json.loads(out)["status"] == "unchanged"


def test_normalize_reports_unreadable_files(repo: Path, capsys) -> None:
    bad = repo / "tests/integration/common/recordings" / ("a" * 64 + ".json")
    bad.write_text("{")
    code, _, err = run(capsys, "normalize", str(repo))
    assert code == 2 and "truncated" in err


# --- export ------------------------------------------------------------------------------------


def test_export_to_stdout_and_to_a_file(source: Source, tmp_path: Path, capsys) -> None:
    src = source.file("tool-stream")
    code, out, _ = run(capsys, "export", str(src), "--as", "curl")
    assert code == 0 and out.startswith("# recorded in")
    target = tmp_path / "t.md"
    assert run(capsys, "export", str(src), "--as", "markdown", "-o", str(target))[0] == 0
    assert target.read_text().startswith("# tests/")
    code, _, err = run(capsys, "export", str(src), "--as", "markdown", "-o", str(target))
    assert code == 2 and "already exists" in err
    assert run(capsys, "export", str(src), "--as", "python", "-o", str(target), "--force")[0] == 0
    assert "from openai import OpenAI" in target.read_text()


def test_export_errors_are_one_line(source: Source, capsys) -> None:
    tool = source.file("tool")
    code, out, err = run(capsys, "export", str(tool), "--as", "curl")
    assert code == 2 and out == "" and "not an HTTP request" in err and len(err.strip().splitlines()) == 1


def test_check_reports_a_leftover_temporary_file_with_its_fix(repo: Path, capsys) -> None:
    rec = write_chat(repo)
    leftover = rec.with_name(f".{rec.name}.a1b2c3d4.tmp")
    leftover.write_bytes(b"")
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 0  # a warning: the recording itself is fine
    assert "interrupted-save  an empty file left by an interrupted save" in out
    assert f"→ rm {leftover}" in out
    code, out, _ = run(capsys, "ls", str(repo), "--format", "jsonl")
    assert [json.loads(line)["path"] for line in out.splitlines()] == [str(rec)]  # never listed


def test_explain_with_a_made_up_hash_says_nothing_was_compared(repo: Path, capsys) -> None:
    write_chat(repo)
    code, out, _ = run(capsys, "explain", f"Recording not found for request hash: {'ab' * 32}", "--root", str(repo))
    assert code == 0
    head = out.splitlines()[0]
    assert head.split() == ["replay", "miss", "abababababab…"]  # no "request" placeholder
    assert "no file under the root has this hash (1 recording read); no request was compared" in out
    assert "never recorded" not in out
