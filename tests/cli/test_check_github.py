"""``check --format github``: one workflow annotation per finding, line by line, and the step summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from inspector.cli.github import annotation, escape_data, escape_property, step_summary
from inspector.cli.main import main
from inspector.core.checks.file_checks import CheckReport, Finding
from inspector.core.checks.locate import finding_line, key_line
from tests.conftest import SAMPLES

AGENTS = "tests/integration/agents/recordings"
TRUNCATED = f"{AGENTS}/0e9469f4f4a6aa06ff7ba1a99c582fb036b3931ed41fa151cc1bb562c1336dff.json"
MISMATCH = f"{AGENTS}/4b22b9136bbc18d92ba56b492b7d8e5cc268d8898ddb52aa48d08594f473b46c.json"
LEGACY_RULE = f"{AGENTS}/c90d1de6f73aec3d739f6d763f8f726beb5d2906c2e3a37084e58e0ca0c71f0b.json"
MODELS = "tests/integration/inference/recordings/models-99bdc90d8210695ae3e1112886fb9a237ee0ce20bdb2d0692962d4181a8a7fbe-4aaaf761.json"
OLLAMA_DIR = "tests/integration/ollama/recordings"
OLLAMA = f"{OLLAMA_DIR}/5d80e2792e0c0f757488a6317a416cd1c50d4341ec4db6d9550a3d99d7e43eac.json"  # /api/embed
COMMON_OLLAMA = "tests/integration/common/recordings/fe47d28951ae966084b529ff09766066ad1782951d108799fa19cf86811bb038.json"
FILE_PROCESSOR = "tests/integration/responses/recordings/3f1c0ffee0ddba11aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55.json"
NATIVE = "the native Ollama client is no longer patched (Ollama is reached through its OpenAI-compatible API)"
MISSING = "tests/integration/recordings/responses/abababababab.json"
LEGACY_NAME = "tests/integration/recordings/responses/ffc1273f6e18.json"
REQUEST = '"request": {'


@pytest.fixture
def samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SAMPLES, tmp_path / "samples")
    monkeypatch.chdir(tmp_path / "samples")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path / "samples"


def not_replayed(path: str, why: str) -> str:
    """ogx 1.5.0 never reads these files: one warning instead of hash, place and format codes."""
    return (
        f"::warning file={path},line={_line_of(path, REQUEST)},title=not-replayed::the 2026-10 recorder never reads "
        f"this file: {why}%0Afix: remove it (into the trash, restorable): recording-inspector rm {path}"
    )


def _line_of(path: str, needle: str) -> int:
    """The line of ``needle`` in a file, counted independently of the code under test."""
    for n, line in enumerate(Path(path).read_text().splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def test_every_finding_is_one_annotation_with_its_keys_line(samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "tests", "--format", "github"]) == 1  # errors: the same exit status as text
    out = capsys.readouterr().out.splitlines()
    body = _line_of(TRUNCATED, '"body": [')
    request = _line_of(MISMATCH, REQUEST)
    assert out == [
        f"::error file={TRUNCATED},line={body},title=stream-incomplete::the stream ends after 5 chunks without a finish reason",
        f"::error file={TRUNCATED},line={body},title=stream-incomplete::tool call 0 (get_weather) ends with arguments "
        "that are not valid JSON: …'{\"city\": \"Quito, Ecua'",
        f"::error file={MISMATCH},line={request},title=hash-mismatch::the name matches no hash rule (2026-10 rules compute "
        "c5fe29b74b68…): replay will never find this file%0Afix: if the content is right, rename it: git mv "
        f"{MISMATCH} {AGENTS}/c5fe29b74b68fc2e383583501ecf774fb323b04af93e981b22ff56107d5bdfc8.json",
        f"::warning file={LEGACY_RULE},line={_line_of(LEGACY_RULE, REQUEST)},title=hash-legacy-rule::the name "
        "matches only the 2026-03 rules (before the file-search masks (April 2026)); a 2026-10 recorder computes "
        f"6b105da095f5…%0Afix: if the content is right, rename it: git mv {LEGACY_RULE} "
        f"{AGENTS}/6b105da095f5d12817e1b079614204e1365683f09ceded91737cc853aa83e23f.json",
        not_replayed(COMMON_OLLAMA, NATIVE),
        f"::warning file={MODELS},line={_line_of(MODELS, REQUEST)},title=hash-legacy-rule::the name matches only "
        "the 2026-05 rules (May 2026: test id left out of model lists); a 2026-10 recorder computes 2feca06838c4…%0Afix: "
        f"if the content is right, rename it: git mv {MODELS} tests/integration/inference/recordings/"
        "models-2feca06838c416e98f26b8a0d9e38afab95fa843a25f3fa1515d179cd1fa8429-4aaaf761.json",
        not_replayed(f"{OLLAMA_DIR}/4a5fcb9beac1762af0d86f848c9c4cecad90d56d3d1b40971090126c3ffa90ce.json", NATIVE),
        not_replayed(OLLAMA, NATIVE),
        not_replayed(f"{OLLAMA_DIR}/7a179b1a1b11a0a75516bdae1ee52b9985200ea6c1b4a7484a2237a01ab788a4.json", NATIVE),
        not_replayed(f"{OLLAMA_DIR}/98308224c549cbc78972c053bf0f7b98d32e55b379f7d08c2d3b6246550d18c2.json", NATIVE),
        not_replayed(f"{OLLAMA_DIR}/a54fd0868d7ae85f27e49c93e4820fb2312e829ac8b98be73ec8c6a714d2b5f6.json", NATIVE),
        f"::warning file={MISSING},title=discovery::index-missing-file: index.sqlite lists abababababab.json but the file is missing",
        f"::warning file={LEGACY_NAME},line={_line_of(LEGACY_NAME, REQUEST)},title=legacy-name::12-character "
        "name of the 2025-07 layout: current recorders look up full 64-character names%0Afix: if the content is right, "
        f"rename it: git mv {LEGACY_NAME} tests/integration/common/recordings/"
        "1e7e8d7159754aacdd58f63f255a5e4553aa1a3a9c73291dfd558876c06c2f43.json",
        not_replayed(FILE_PROCESSOR, "file-processor calls always run live (their file_id changes every run)"),
    ]


def test_warnings_alone_exit_0_and_nothing_to_report_prints_nothing(samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "tests/integration/ollama", "--format", "github"]) == 0
    assert capsys.readouterr().out.startswith("::warning file=")
    assert main(["check", "tests/integration/messages", "--format", "github"]) == 0
    assert capsys.readouterr().out == ""


def test_messages_and_properties_are_escaped_as_workflow_commands_require() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    f = Finding("odd/na:me,1%.json", "secret", "error", "token at request.headers.x: sk-…\nsecond line", "rotate: it")
    assert annotation(f, 7) == (
        "::error file=odd/na%3Ame%2C1%25.json,line=7,title=secret::token at request.headers.x: sk-…%0Asecond line"
        "%0Afix: rotate: it"
    )
    assert annotation(Finding("a.json", "malformed", "warning", "x"), None) == "::warning file=a.json,title=malformed::x"


def test_the_line_is_that_of_the_offending_key() -> None:
    text = json.dumps(
        {"test_id": "t", "request": {"headers": {"Authorization": "Bearer x"}, "body": {}}, "response": {"body": {"id": "x"}}},
        indent=2,
    )
    lines = text.splitlines()
    assert key_line(text, ("request", "headers", "Authorization")) == lines.index('      "Authorization": "Bearer x"') + 1
    assert key_line(text, ("response", "body", "id")) == lines.index('      "id": "x"') + 1
    assert key_line(text, ("nope",)) is None
    secret = Finding("f", "secret", "error", "bearer token at request.headers.Authorization: Bearer ****")
    assert finding_line(text, secret) == lines.index('      "Authorization": "Bearer x"') + 1
    assert finding_line(text, Finding("f", "wrong-directory", "error", "m")) == 2  # the test id
    assert finding_line("{}", Finding("f", "invalid-json", "error", "m")) is None


def test_the_summary_table_is_appended_to_the_step_summary(samples: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    summary = samples / "summary.md"
    summary.write_text("earlier step output\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", "tests", "--format", "github"]) == 1
    capsys.readouterr()
    assert summary.read_text().splitlines() == [
        "earlier step output",
        "### recording-inspector check",
        "",
        "33 files checked: 3 errors, 11 warnings",
        "",
        "| code | severity | count | meaning |",
        "|---|---|---:|---|",
        "| `not-replayed` | warning | 7 | a recording the chosen recorder never reads (ogx 1.5.0: file processors, the native Ollama client) |",
        "| `hash-mismatch` | error | 1 | the file name matches no hash rule: replay will never find it |",
        "| `hash-legacy-rule` | warning | 2 | the name matches only an older rule set (named in the message) |",
        "| `legacy-name` | warning | 1 | 12-character name of the 2025-07 layout; current recorders never look it up |",
        "| `stream-incomplete` | error | 2 | a stream without a finish reason, with unparsable tool arguments, or with content after the finish |",
        "| `discovery` | warning | 1 | a problem found while searching (unreadable folder, symlink loop, index.sqlite row without file) |",
        "",
    ]


def test_a_step_summary_that_cannot_be_written_keeps_the_exit_status(samples: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(samples / "no" / "such" / "folder" / "summary.md"))
    assert main(["check", "tests/integration/ollama", "--format", "github"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("recording-inspector: $GITHUB_STEP_SUMMARY: cannot append to summary.md")
    assert "Traceback" not in err


def test_an_empty_report_has_a_plain_summary() -> None:
    report = CheckReport(files=1)
    assert step_summary(report) == "### recording-inspector check\n\n1 file checked: 0 errors, 0 warnings\n\n"
