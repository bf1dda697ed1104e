"""Typed records the core hands to the command line, the app and the notebook.

Views never read raw recording dicts for what these records carry; they ask the
core and render what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = [
    "HEALED_KEY",
    "Kind",
    "ToolCall",
    "ChoiceResult",
    "RecordedError",
    "Rebuild",
    "HashInfo",
    "Message",
    "ToolSpec",
    "RequestView",
]


#: The top-level key ``heal`` writes into a recording it made (``core/heal.py``): where the
#: response came from and the heal class.  The recorder carries it along and never reads it.
HEALED_KEY = "healed"


class Kind(str, Enum):  # noqa: UP042 - str mixin: values compare and serialise as plain strings
    """What a recording holds, by family of API."""

    CHAT = "chat"
    COMPLETION = "completion"
    EMBEDDINGS = "embeddings"
    MODELS = "models"
    OLLAMA_GENERATE = "ollama-generate"
    OLLAMA_CHAT = "ollama-chat"
    OLLAMA_EMBEDDINGS = "ollama-embeddings"
    OLLAMA_PS = "ollama-ps"
    OLLAMA_PULL = "ollama-pull"
    OLLAMA_TAGS = "ollama-tags"
    GENAI = "genai"
    GENAI_STREAM = "genai-stream"
    HTTP = "http"
    MESSAGES = "messages"
    INTERACTIONS = "interactions"
    RESPONSES = "responses"
    TOOL = "tool"
    FILE_PROCESSOR = "file-processor"
    #: a request replay missed, captured in a run (``misses/<hash>.json``): a request without a response
    MISS = "miss"
    UNKNOWN = "unknown"
    INVALID = "invalid"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One tool call as the client sees it once the stream has been accumulated."""

    index: int
    id: str | None
    name: str | None
    arguments: str
    type: str | None = "function"

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "id": self.id, "name": self.name, "arguments": self.arguments}


@dataclass(frozen=True, slots=True)
class ChoiceResult:
    """The rebuilt result of one choice of a response."""

    index: int
    text: str = ""
    reasoning: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    refusal: str | None = None
    finish_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "text": self.text,
            "reasoning": self.reasoning,
            "tool_calls": [t.to_json() for t in self.tool_calls],
            "refusal": self.refusal,
            "finish_reason": self.finish_reason,
        }


@dataclass(frozen=True, slots=True)
class RecordedError:
    """A failure stored in the recording (exception, HTTP error body, or a read problem)."""

    message: str
    type: str | None = None
    status_code: int | None = None
    category: str | None = None
    provider: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "type": self.type,
            "status_code": self.status_code,
            "category": self.category,
            "provider": self.provider,
        }

    def one_line(self) -> str:
        parts = [p for p in (self.type, str(self.status_code) if self.status_code else None) if p]
        head = " ".join(parts)
        msg = self.message.splitlines()[0] if self.message else ""
        return f"{head}: {msg}" if head else msg


@dataclass(frozen=True, slots=True)
class Rebuild:
    """The full reconstruction of a response: what the client ends up with."""

    choices: tuple[ChoiceResult, ...] = ()
    usage: dict[str, Any] | None = None
    error: RecordedError | None = None
    #: kind-specific facts, e.g. ("vectors", "3 x 768") or ("models", "12")
    details: tuple[tuple[str, str], ...] = ()

    @property
    def primary(self) -> ChoiceResult:
        return self.choices[0] if self.choices else ChoiceResult(index=0)

    @property
    def text(self) -> str:
        return self.primary.text

    @property
    def reasoning(self) -> str:
        return self.primary.reasoning

    @property
    def tool_calls(self) -> tuple[ToolCall, ...]:
        return self.primary.tool_calls

    @property
    def finish_reason(self) -> str | None:
        return self.primary.finish_reason

    @property
    def refusal(self) -> str | None:
        return self.primary.refusal


@dataclass(frozen=True, slots=True)
class HashInfo:
    """How a file's name relates to the hash the recorder computes for its request."""

    name: str | None  # the hash found in the file name
    computed: str | None  # what the newest rules compute
    status: str  # ok | legacy-rule | mismatch | unknown
    rule: str | None  # the rule set that matched, if any
    reason: str | None = None  # why status is unknown

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "computed": self.computed, "status": self.status, "rule": self.rule}


@dataclass(frozen=True, slots=True)
class Message:
    """One message of a request's conversation, flattened for display."""

    role: str
    text: str
    #: e.g. ("image", "https://…") or ("image", "data:image/png 12.3 kB")
    parts: tuple[tuple[str, str], ...] = ()
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """A tool offered in the request, with its JSON schema for parameters."""

    name: str
    description: str
    parameters: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class RequestView:
    """The request of a recording in a shape views can render without parsing."""

    method: str | None
    url: str | None
    endpoint: str | None
    model: str | None
    messages: tuple[Message, ...] = ()
    tools: tuple[ToolSpec, ...] = ()
    params: tuple[tuple[str, Any], ...] = ()
    streaming: bool = False
    body: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
