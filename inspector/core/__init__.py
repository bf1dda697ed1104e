"""The recording core: loading, rebuilding streams, hashing, writing, checks and diffs.

Nothing in this package imports Textual (a test enforces it); the app, the command
line and the notebook API all render what these modules hand them.
"""

from __future__ import annotations

from .discovery import Discovery, DiscoveryIssue, discover
from .hashing import NEWEST, RULE_SETS, RuleSet, hash_info, model_list_digest, request_hash, rule_set
from .model import ChoiceResult, HashInfo, Kind, Message, RecordedError, Rebuild, RequestView, ToolCall, ToolSpec
from .recording import Recording, load, load_bytes
from .replay import Change, Replay, ReplayState
from .summary import Summary, recording_json, summarize
from .writer import ConflictError, WriteError, write_recording

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
