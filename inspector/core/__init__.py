"""The recording core: loading, rebuilding streams, hashing, writing, checks and diffs.

Nothing in this package imports Textual (a test enforces it); the app, the command
line and the notebook API all render what these modules hand them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .discovery import Discovery, DiscoveryIssue, discover
    from .hashing import NEWEST, RULE_SETS, RuleSet, hash_info, model_list_digest, request_hash, rule_set
    from .model import ChoiceResult, HashInfo, Kind, Message, Rebuild, RecordedError, RequestView, ToolCall, ToolSpec
    from .recording import Recording, load, load_bytes
    from .replay import Change, Replay, ReplayState
    from .summary import Summary, recording_json, summarize
    from .writer import ConflictError, WriteError, write_recording

# Loaded on first use: a listing through the index cache needs none of the reading code.
_LAZY = {
    "Discovery": "discovery",
    "DiscoveryIssue": "discovery",
    "discover": "discovery",
    "NEWEST": "hashing",
    "RULE_SETS": "hashing",
    "RuleSet": "hashing",
    "hash_info": "hashing",
    "model_list_digest": "hashing",
    "request_hash": "hashing",
    "rule_set": "hashing",
    "ChoiceResult": "model",
    "HashInfo": "model",
    "Kind": "model",
    "Message": "model",
    "RecordedError": "model",
    "Rebuild": "model",
    "RequestView": "model",
    "ToolCall": "model",
    "ToolSpec": "model",
    "Recording": "recording",
    "load": "recording",
    "load_bytes": "recording",
    "Change": "replay",
    "Replay": "replay",
    "ReplayState": "replay",
    "Summary": "summary",
    "recording_json": "summary",
    "summarize": "summary",
    "ConflictError": "writer",
    "WriteError": "writer",
    "write_recording": "writer",
}

__all__ = [
    "Change",
    "ChoiceResult",
    "ConflictError",
    "Discovery",
    "DiscoveryIssue",
    "HashInfo",
    "Kind",
    "Message",
    "NEWEST",
    "RULE_SETS",
    "Rebuild",
    "RecordedError",
    "Recording",
    "Replay",
    "ReplayState",
    "RequestView",
    "RuleSet",
    "Summary",
    "ToolCall",
    "ToolSpec",
    "WriteError",
    "discover",
    "hash_info",
    "load",
    "load_bytes",
    "model_list_digest",
    "recording_json",
    "request_hash",
    "rule_set",
    "summarize",
    "write_recording",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
