"""Secrets kept off the screen: masked copies of what the views show, until the user reveals them.

The app shows recordings masked by default (``sk-proj-****Xy9Q``); ``ctrl+r``
flips :attr:`InspectorApp.reveal_secrets`.  The detection is the core's
(:mod:`inspector.core.secrets`); this module only applies it to what is shown:

- :func:`masked_recording` is a second :class:`Recording` over a masked copy of the
  file's JSON, so every view built from it (request, replay, raw) is masked without
  knowing about secrets.  Files without credentials (nearly all) are returned as is.
- :func:`masked_state` masks a replay frame, because a key streamed token by token
  only becomes recognisable once the pieces are joined.
- :func:`shown` masks one string unless secrets are revealed.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import replace
from typing import Any

from ..core.recording import Recording
from ..core.replay import ReplayState
from ..core.secrets import SECRET_KEYS, find_secrets, mask_secret, mask_text, scan_value

__all__ = ["MASK_TAIL", "masked_json", "masked_recording", "masked_state", "shown"]

_PREFIX = re.compile(r"(?i)^(bearer|basic|token)\s+")
# Values that say where a key would go rather than being one.
_PLACEHOLDER = re.compile(r"^(?:\$|<|\{\{)|x{4}|\*{4}|example|redacted|placeholder", re.IGNORECASE)

# One masked twin per loaded recording, made in the loading worker and reused on screen.
_TWINS: weakref.WeakKeyDictionary[Recording, Recording] = weakref.WeakKeyDictionary()


def shown(text: str, reveal: bool) -> str:
    """``text`` as it may appear on screen."""
    return text if reveal else mask_text(text)


def _masked_key_value(value: str) -> str:
    """The value of a key such as ``Authorization`` or ``password``: masked whatever it looks like."""
    if find_secrets(value):
        return mask_text(value)
    stripped = value.strip()
    if len(stripped) < 6 or _PLACEHOLDER.search(stripped):
        return value
    prefix = _PREFIX.match(stripped)
    if prefix:
        return stripped[: prefix.end()] + mask_secret(stripped[prefix.end() :])
    return mask_secret(stripped)


def masked_json(value: Any) -> Any:
    """A copy of a JSON value with every credential masked (shared where nothing changes)."""
    # An explicit stack: recordings can nest deeper than Python's recursion limit.
    root: list[Any] = [value]
    stack: list[tuple[Any, Any, Any, bool]] = [(root, 0, value, False)]
    while stack:
        parent, key, current, secret_key = stack.pop()
        if isinstance(current, str):
            masked = _masked_key_value(current) if secret_key else mask_text(current)
            if masked is not current:
                parent[key] = masked
        elif isinstance(current, dict):
            copy = dict(current)
            parent[key] = copy
            for k, v in copy.items():
                stack.append((copy, k, v, str(k).lower().replace("-", "_") in SECRET_KEYS))
        elif isinstance(current, list):
            copy_list = list(current)
            parent[key] = copy_list
            for i, v in enumerate(copy_list):
                stack.append((copy_list, i, v, False))
    return root[0]


def masked_recording(rec: Recording) -> Recording:
    """``rec`` with its credentials masked: the same object when it holds none.

    Cached per recording; call it once in a worker so showing it costs nothing.
    """
    twin = _TWINS.get(rec)
    if twin is not None:
        return twin
    twin = rec
    if rec.data is not None and scan_value(rec.data):
        twin = Recording(rec.path, masked_json(rec.data), problem=rec.problem, size=rec.size)
        if twin.ok:
            _ = twin.request, twin.rebuild, twin.replay  # warm the lazy parts here, off the UI thread
    _TWINS[rec] = twin
    return twin


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
