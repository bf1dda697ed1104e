"""Specific odd values that once broke the rebuild (kept as regressions)."""

from __future__ import annotations

import json

from inspector.core.recording.loading import Recording


def _messages_doc(content):
    return {"test_id": "t", "request": {"test_id": "t", "url": "http://0.0.0.0:11434/v1/messages", "method": "POST",
                                        "payload": {"model": "m", "messages": []}},
            "response": {"status": 200, "body": {"type": "message", "content": content, "stop_reason": "end_turn"},
                         "is_streaming": False}}


def test_non_string_thinking_and_text_blocks_are_ignored() -> None:
    doc = _messages_doc([{"type": "thinking", "thinking": True}, {"type": "text", "text": 5}, {"type": "text", "text": "ok"}])
    rec = Recording(None, json.loads(json.dumps(doc)))
    assert rec.rebuild.text == "ok" and rec.rebuild.reasoning == ""
    assert rec.replay.state(1).primary.text == "ok"
