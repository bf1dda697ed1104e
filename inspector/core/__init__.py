"""The recording core: loading, rebuilding streams, hashing, writing, checks and diffs.

Nothing in this package imports Textual (a test enforces it); the app, the command
line and the notebook API all render what these modules hand them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.core.base.lazy import lazy_exports

if TYPE_CHECKING:
    from inspector.core.base.model import (
        ChoiceResult,
        HashInfo,
        Kind,
        Message,
        Rebuild,
        RecordedError,
        RequestView,
        ToolCall,
        ToolSpec,
    )
    from inspector.core.base.writer import ConflictError, WriteError, write_recording
    from inspector.core.index.summary import Summary, recording_json, summarize
    from inspector.core.recording.discovery import Discovery, DiscoveryIssue, discover
    from inspector.core.recording.loading import Recording, load, load_bytes
    from inspector.core.rules.hashing import hash_info, model_list_digest, request_hash
    from inspector.core.rules.profiles import NEWEST, RULE_SETS, RuleSet, rule_set
    from inspector.core.streams.replay import Change, Replay, ReplayState

# Loaded on first use: a listing through the index cache needs none of the reading code.
_LAZY = {
    "Discovery": "recording.discovery",
    "DiscoveryIssue": "recording.discovery",
    "discover": "recording.discovery",
    "NEWEST": "rules.profiles",
    "RULE_SETS": "rules.profiles",
    "RuleSet": "rules.profiles",
    "hash_info": "rules.hashing",
    "model_list_digest": "rules.hashing",
    "request_hash": "rules.hashing",
    "rule_set": "rules.profiles",
    "ChoiceResult": "base.model",
    "HashInfo": "base.model",
    "Kind": "base.model",
    "Message": "base.model",
    "RecordedError": "base.model",
    "Rebuild": "base.model",
    "RequestView": "base.model",
    "ToolCall": "base.model",
    "ToolSpec": "base.model",
    "Recording": "recording.loading",
    "load": "recording.loading",
    "load_bytes": "recording.loading",
    "Change": "streams.replay",
    "Replay": "streams.replay",
    "ReplayState": "streams.replay",
    "Summary": "index.summary",
    "recording_json": "index.summary",
    "summarize": "index.summary",
    "ConflictError": "base.writer",
    "WriteError": "base.writer",
    "write_recording": "base.writer",
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


__getattr__, __dir__ = lazy_exports(globals(), _LAZY)
