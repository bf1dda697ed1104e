"""Secrets kept off the screen: masked copies of what the views show, until the user reveals them.

The app shows recordings masked by default (``sk-proj-****Xy9Q``); ``ctrl+r``
flips the app's ``reveal_secrets``, which screens and widgets read with
:func:`secrets_revealed` (and watch by that name) without importing the app.  The detection is the core's
(:mod:`inspector.core.recording.secrets`); this module only applies it to what is shown:

- :func:`masked_recording` is a second :class:`Recording` over a masked copy of the
  file's JSON, so every view built from it (request, replay, raw) is masked without
  knowing about secrets.  Files without credentials (nearly all) are returned as is.
- :func:`masked_state` masks a replay frame, because a key streamed token by token
  only becomes recognisable once the pieces are joined.
- :func:`shown` masks one string unless secrets are revealed.
- :func:`secrets_revealed` reads the switch on the running app.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from inspector.core.recording.secrets import mask_document, mask_text, masked_recording

if TYPE_CHECKING:
    from inspector.core.streams.replay import ReplayState

masked_json = mask_document  # the name the views use

__all__ = ["MASK_TAIL", "masked_json", "masked_recording", "masked_state", "secrets_revealed", "shown"]


def secrets_revealed(app: object) -> bool:
    """Whether ``app`` shows secrets unmasked: its ``reveal_secrets`` switch (False without one)."""
    return bool(getattr(app, "reveal_secrets", False))


def shown(text: str, reveal: bool) -> str:
    """``text`` as it may appear on screen."""
    return text if reveal else mask_text(text)


#: A replay frame of a huge answer masks only its last part: views show at most the tail
#: of such a text, and masking 600,000 characters on every frame would stall playback.
MASK_TAIL = 64_000


def _masked_choice_text(text: str) -> str:
    if len(text) <= MASK_TAIL:
        return mask_text(text) if text else text
    start = len(text) - MASK_TAIL
    tail = mask_text(text[start:])
    return text if tail == text[start:] else text[:start] + tail


def masked_state(state: ReplayState) -> ReplayState:
    """A replay frame with credentials masked in the text, reasoning, refusal and tool arguments."""
    choices = []
    changed = False
    for choice in state.choices:
        calls = tuple(
            replace(c, arguments=masked) if (masked := _masked_choice_text(c.arguments)) is not c.arguments else c
            for c in choice.tool_calls
        )
        text = _masked_choice_text(choice.text)
        reasoning = _masked_choice_text(choice.reasoning)
        refusal = mask_text(choice.refusal) if choice.refusal else choice.refusal
        if (
            text is not choice.text
            or reasoning is not choice.reasoning
            or refusal is not choice.refusal
            or any(a is not b for a, b in zip(calls, choice.tool_calls, strict=True))
        ):
            choice = replace(choice, text=text, reasoning=reasoning, refusal=refusal, tool_calls=calls)
            changed = True
        choices.append(choice)
    return replace(state, choices=tuple(choices)) if changed else state
