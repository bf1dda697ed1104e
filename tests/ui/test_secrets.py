"""Secrets are masked everywhere the app shows a recording, until ctrl+r reveals them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.core.recording.loading import load
from inspector.testing.factories import PLAIN, chat_request, text_chunks, usage, write
from inspector.ui.screens.export import ExportScreen
from inspector.ui.state.masking import masked_json, masked_recording, masked_state
from inspector.ui.widgets.json_tree import JsonTree

from .helpers import app_for, press, screen_text, settle, widget_text

# Planted credentials (made up, but shaped like the real thing) and how each shows masked.
OPENAI = "sk-4fT9qL2mX7vB1nR8kW3zP6yH0dJ5cA2e"
OPENAI_PROJ = "sk-proj-Ab3dE5gH7jK9mN1pQ3rS5tU7vW9x"
ANTHROPIC = "sk-ant-api03-Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1"
GOOGLE = "AIzaSyD4k9Lm2Np7Qr1St6Uv3Wx8Yz0Ab5Cd9E"
AWS = "AKIA2E0A8F3B244C9986"
BEARER = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.d8Fk2Lm9"
URL_PASSWORD = "hunter2Secret9"
PASSWORD = "correct-horse-battery-9"

MASKED = {
    OPENAI: "sk-****cA2e",
    OPENAI_PROJ: "sk-proj-****vW9x",
    ANTHROPIC: "sk-ant-****2Lk1",
    GOOGLE: "AIza****Cd9E",
    AWS: "AKIA****9986",
    BEARER: "Bearer ****2Lm9",
    URL_PASSWORD: "admin:****ret9@",
}


def _planted(folder: Path) -> Path:
    request = chat_request(f"My AWS key is {AWS} and my OpenAI key is {OPENAI}. Do not repeat them.")
    request["url"] = f"https://admin:{URL_PASSWORD}@proxy.example.org/v1/chat/completions?key={GOOGLE}"
    request["headers"] = {"Authorization": f"Bearer {BEARER}", "x-api-key": ANTHROPIC}
    request["body"]["metadata"] = {"password": PASSWORD}
    # The answer streams a key token by token: only the joined text shows it.
    pieces = ["Your project key is ", "sk-proj-", "Ab3dE5gH7jK9", "mN1pQ3rS5tU7", "vW9x", "."]
    return write(
        folder / "tests" / "integration" / "inference" / "recordings",
        "tests/integration/inference/test_keys.py::test_leak[txt=openai/gpt-4o]",
        request,
        {"body": text_chunks(pieces, style=PLAIN, usage=usage(9, 1)), "is_streaming": True},
    )


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return _planted(Path("repo"))


def _raw(app) -> str:
    return json.dumps(app.screen.query_one("#raw-tree", JsonTree).root.data.value)


def _shows_none(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text, f"{secret} is on screen"


async def test_masked_by_default_and_revealed_by_ctrl_r(planted: Path) -> None:
    app = app_for("repo", planted)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        # Request tab: the URL and the conversation.
        text = screen_text(app)
        assert f"https://admin:****ret9@proxy.example.org/v1/chat/completions?key={MASKED[GOOGLE]}" in text
        assert f"My AWS key is {MASKED[AWS]} and my OpenAI key is {MASKED[OPENAI]}." in text
        _shows_none(text, AWS, OPENAI, GOOGLE, URL_PASSWORD)
        assert "^r Show secrets" in text  # the footer says what ctrl+r does now
        # The tree's label masks too (always).
        assert f"My AWS key is {MASKED[AWS]}" in text
        # Raw tab: headers and body, by key and by pattern.
        await press(pilot, "3")
        raw = _raw(app)
        assert f'"Authorization": "{MASKED[BEARER]}"' in raw
        assert f'"x-api-key": "{MASKED[ANTHROPIC]}"' in raw
        assert '"password": "****ry-9"' in raw
        _shows_none(raw, BEARER, ANTHROPIC, PASSWORD, AWS, OPENAI, GOOGLE, URL_PASSWORD)
        # Replay tab: the key streamed in pieces is masked once joined; the chunk JSON shows pieces only.
        await press(pilot, "2", "end")
        text = screen_text(app)
        assert f"Your project key is {MASKED[OPENAI_PROJ]}." in text
        _shows_none(text, OPENAI_PROJ)

        await press(pilot, "ctrl+r")
        assert app.reveal_secrets
        text = screen_text(app)
        assert f"Your project key is {OPENAI_PROJ}." in text
        assert app.screen.query_one("#replay-pane").position == 9  # still at the end
        await press(pilot, "1", "escape")
        assert "^r Mask secrets" in screen_text(app) and "Show secrets" not in screen_text(app)
        text = widget_text(app.screen.query_one("#request-overview"), width=200)
        assert f"https://admin:{URL_PASSWORD}@proxy.example.org/v1/chat/completions?key={GOOGLE}" in text
        assert f"My AWS key is {AWS} and my OpenAI key is {OPENAI}." in widget_text(app.screen.query_one("#request-conversation"))
        await press(pilot, "3")
        raw = _raw(app)
        assert BEARER in raw and ANTHROPIC in raw and PASSWORD in raw

        await press(pilot, "ctrl+r")
        assert not app.reveal_secrets
        _shows_none(_raw(app), BEARER, ANTHROPIC, PASSWORD)
        await press(pilot, "1")
        _shows_none(screen_text(app), AWS, OPENAI, GOOGLE, URL_PASSWORD)


async def test_exports_never_carry_a_secret_even_revealed(planted: Path) -> None:
    app = app_for("repo", planted)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+r", "x")
        assert isinstance(app.screen, ExportScreen)
        for key in "1234":
            await press(pilot, key)
            text = widget_text(app.screen.query_one("#export-text"), width=300)
            _shows_none(text, BEARER, ANTHROPIC, PASSWORD, AWS, OPENAI, GOOGLE, URL_PASSWORD, OPENAI_PROJ)
        assert MASKED[AWS] in text  # the Markdown transcript quotes the message, masked


def test_every_kind_of_planted_secret_is_masked_and_placeholders_are_left_alone() -> None:
    value = {
        "headers": {"authorization": f"Bearer {BEARER}", "api-key": "<your-key-here>", "x-api-key": ANTHROPIC},
        "url": f"postgres://admin:{URL_PASSWORD}@db.internal:5432/app?api_key={GOOGLE}",
        "messages": [{"content": f"keys: {OPENAI}, {OPENAI_PROJ}, {AWS}"}],
        "client_secret": PASSWORD,
        "note": "the sk-learn-tutorial is not a key; neither is ${OPENAI_API_KEY}",
    }
    masked = json.dumps(masked_json(value))
    _shows_none(masked, BEARER, ANTHROPIC, URL_PASSWORD, GOOGLE, OPENAI, OPENAI_PROJ, AWS, PASSWORD)
    for shown in (MASKED[BEARER], MASKED[ANTHROPIC], MASKED[URL_PASSWORD], MASKED[GOOGLE], MASKED[OPENAI], MASKED[OPENAI_PROJ], MASKED[AWS]):
        assert shown in masked
    assert "<your-key-here>" in masked and "sk-learn-tutorial" in masked and "${OPENAI_API_KEY}" in masked
    assert value["client_secret"] == PASSWORD  # the original is never changed


def test_a_recording_without_secrets_is_shown_as_is(tmp_path: Path) -> None:
    path = write(tmp_path, "tests/x.py::test_y", chat_request("Hello"), {"body": text_chunks(["Hi."], style=PLAIN, usage=usage(9, 1)), "is_streaming": True})
    rec = load(path)
    assert masked_recording(rec) is rec
    state = rec.replay.state(rec.replay.total)
    assert masked_state(state) is state
