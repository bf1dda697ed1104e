"""The HTML a recording displays as: everything shown, nothing injected."""

from __future__ import annotations

from pathlib import Path

import pytest

import inspector
from inspector.notebook.html import esc

from ..conftest import corpus_files
from .conftest import HOSTILE, chat_stream, chunk, write
from .markup import check_markup


def test_hostile_text_is_escaped_everywhere(hostile_recording: Path) -> None:
    rec = inspector.load(hostile_recording)
    html = rec._repr_html_()
    text = check_markup(html)  # no <script>, <img>, <b> or on* attributes got through
    assert HOSTILE in text  # …and the text itself is shown as typed
    assert "Hello <b>world</b> & more" in text
    assert "get_<weather>" in text and "call_<1>" in text
    assert "test_<evil>" in text


def test_recording_shows_request_response_tool_calls_usage_and_hash(hostile_recording: Path) -> None:
    rec = inspector.load(hostile_recording)
    text = check_markup(rec._repr_html_())
    assert "Question" in text  # the conversation
    assert "1 tool offered: get_weather" in text
    assert '"city": "Lisbon <img src=x onerror=alert(1)>"' in text  # arguments pretty-printed
    assert "prompt_tokens" in text and "19" in text
    assert "finish: tool_calls" in text
    assert "hash mismatch" in text  # 'aaaa…' is not what the recorder computes
    assert rec.hash.computed and rec.hash.computed in text


def test_recorded_error_is_shown(stream_folder: Path) -> None:
    rec = inspector.open(stream_folder)["3333"]
    text = check_markup(rec._repr_html_())
    assert "Recorded error" in text and "BadRequestError" in text and "400" in text
    assert "bad <request>" in text


def test_arguments_that_are_not_json_are_shown_raw(tmp_path: Path) -> None:
    chunks = [chunk({"role": "assistant", "tool_calls": [{"index": 0, "id": "c", "function": {"name": "f", "arguments": '{"cut off'}}]})]
    rec = inspector.load(write(tmp_path, "b" * 64 + ".json", chat_stream("t::x", "hi", chunks)))
    text = check_markup(rec._repr_html_())
    assert "arguments are not valid JSON" in text and '{"cut off' in text


def test_unreadable_file_displays_its_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"request": <oops')
    rec = inspector.load(path)
    assert not rec.ok and rec.problem
    text = check_markup(rec._repr_html_())
    assert "Cannot read this recording" in text and rec.problem in text
    assert "broken.json" in repr(rec)


def test_lone_surrogates_do_not_break_the_output(tmp_path: Path) -> None:
    path = write(tmp_path, "c" * 64 + ".json", chat_stream("t::x", "odd \ud800 text", [chunk({"content": "ok"})]))
    html = inspector.load(path)._repr_html_()
    html.encode("utf-8")  # Jupyter sends outputs as UTF-8 JSON
    assert "odd \ufffd text" in check_markup(html)


def test_long_conversations_fold_early_messages(tmp_path: Path) -> None:
    data = chat_stream("t::x", "last question", [chunk({"content": "ok"})])
    data["request"]["body"]["messages"] = [{"role": "user", "content": f"message {i}"} for i in range(10)]
    text = check_markup(inspector.load(write(tmp_path, "d" * 64 + ".json", data))._repr_html_())
    assert "4 earlier messages" in text and "message 0" in text and "message 9" in text


def test_esc_handles_none_and_quotes() -> None:
    assert esc(None) == ""
    assert esc('"<&>\'') == "&quot;&lt;&amp;&gt;&#x27;"


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files()[:95:4], ids=lambda p: p.name[:12])
def test_real_recordings_render_as_well_formed_html(path: Path) -> None:
    rec = inspector.load(path)
    text = check_markup(rec._repr_html_())
    assert rec.name in text
    shown = rec.rebuild.text if rec.ok else ""
    if shown and shown.lstrip()[:1] not in "[{":  # JSON text is shown pretty-printed
        assert shown[:40] in text


def test_every_sample_renders(samples_dir: Path) -> None:
    recordings = inspector.open(samples_dir)
    assert len(recordings) > 10
    for rec in recordings:
        check_markup(rec._repr_html_())


def test_a_responses_api_stream_shows_its_answer_call_and_status() -> None:
    from ..conftest import SAMPLES

    path = SAMPLES / "tests/integration/responses/recordings/b4cbbf5438d5f22c063a1e480a322d589a2180222340667b6da578fab5e0a76a.json"
    rec = inspector.load(path)
    assert rec.kind.value == "responses"
    assert rec.text == "Let me check the current weather in Lisbon for you."
    text = check_markup(rec._repr_html_())
    assert "Let me check the current weather in Lisbon for you." in text
    assert "Checking the weather" in text  # the reasoning summary
    assert '"city": "Lisbon, Portugal"' in text
    assert "finish: completed" in text
    assert "hash ok" in text
