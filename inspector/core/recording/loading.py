"""One recording file: loaded, classified, and reconstructed on demand.

:func:`load` never raises for what a file contains: a broken file becomes a
:class:`Recording` of kind ``invalid`` whose ``problem`` says why.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector.core.base.jsonio import JsonError, parse_bytes, read_problem, too_large
from inspector.core.base.jsonpath import json_type
from inspector.core.base.model import HashInfo, Kind, Rebuild, RecordedError, RequestView
from inspector.core.recording.request import endpoint_of, request_view
from inspector.core.rules import hashing, profiles
from inspector.core.streams.replay import Fold, Replay
from inspector.core.streams.walk import chunk_events, error_from_body, family_details, feed_events, group_sse

if TYPE_CHECKING:
    from inspector.core.rules.normalize import NormalizePlan

__all__ = ["Recording", "load", "load_bytes", "classify", "MAX_FILE_BYTES"]

#: Files larger than this are refused (the largest real recording is about 1 MB).
MAX_FILE_BYTES = 256 * 1024 * 1024

_TYPE_KINDS = {
    "ChatCompletionChunk": Kind.CHAT,
    "ChatCompletion": Kind.CHAT,
    "Completion": Kind.COMPLETION,
    "CreateEmbeddingResponse": Kind.EMBEDDINGS,
    "Model": Kind.MODELS,
    "GenerateResponse": Kind.OLLAMA_GENERATE,
    "ChatResponse": Kind.OLLAMA_CHAT,
    "EmbedResponse": Kind.OLLAMA_EMBEDDINGS,
    "EmbeddingsResponse": Kind.OLLAMA_EMBEDDINGS,
    "ProcessResponse": Kind.OLLAMA_PS,
    "ProgressResponse": Kind.OLLAMA_PULL,
    "ListResponse": Kind.OLLAMA_TAGS,
    "ToolInvocationResult": Kind.TOOL,
    "ProcessFileResponse": Kind.FILE_PROCESSOR,
}

_ENDPOINT_KINDS = (
    ("/api/generate", Kind.OLLAMA_GENERATE),
    ("/api/chat", Kind.OLLAMA_CHAT),
    ("/api/embed", Kind.OLLAMA_EMBEDDINGS),
    ("/api/ps", Kind.OLLAMA_PS),
    ("/api/pull", Kind.OLLAMA_PULL),
    ("/api/tags", Kind.OLLAMA_TAGS),
    ("generate_content_stream", Kind.GENAI_STREAM),
    ("generate_content", Kind.GENAI),
    ("/chat/completions", Kind.CHAT),
    ("/completions", Kind.COMPLETION),
    ("/embeddings", Kind.EMBEDDINGS),
    ("/models", Kind.MODELS),
    ("/info", Kind.MODELS),  # Text-Embeddings-Inference's GET /info: its one model, as a model list
    ("/messages", Kind.MESSAGES),
    ("/interactions", Kind.INTERACTIONS),
    ("/responses", Kind.RESPONSES),
)


def _first_type(body: Any) -> str | None:
    items = body if isinstance(body, list) else [body]
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("__type__"), str):
            return item["__type__"].rsplit(".", 1)[-1]
    return None


def classify(request: Any, response: Any) -> Kind:
    """The kind of a recording, from its request shape, response types and endpoint."""
    if not isinstance(request, dict):
        return Kind.UNKNOWN
    if "tool_name" in request:
        return Kind.TOOL
    if "file_id" in request and "api" in request:
        return Kind.FILE_PROCESSOR
    body = response.get("body") if isinstance(response, dict) else None
    tname = _first_type(body)
    if tname in _TYPE_KINDS:
        return _TYPE_KINDS[tname]
    endpoint = endpoint_of(request) or ""
    for suffix, kind in _ENDPOINT_KINDS:
        if endpoint.endswith(suffix) or (suffix.startswith("generate_content") and suffix in endpoint):
            return kind
    if "payload" in request:
        return Kind.HTTP
    return Kind.UNKNOWN


@dataclass(slots=True)
class _Parts:
    test_id: str | None
    request: dict[str, Any]
    response: dict[str, Any]
    problems: list[str]
    missed: bool = False  # a captured miss: the request alone


class Recording:
    """A recording file and everything the core can tell about it.

    ``data`` is the parsed JSON (``None`` when it could not be read).  The rebuild,
    replay, request view and hash are computed lazily and cached.
    """

    def __init__(self, path: Path | None, data: Any, *, problem: str | None = None, size: int | None = None) -> None:
        self.path = path
        self.data = data
        self.size = size
        self.problem = problem  # why the file is not a usable recording (kind is then INVALID)
        self.problems: list[str] = []  # odd values in an otherwise readable recording
        self._parts: _Parts | None = None
        # Worked out once per rule set, for every check that asks (a check asks two or three times).
        self._request_hashes: dict[profiles.RuleSet, str] = {}
        self._normalizations: dict[profiles.RuleSet, NormalizePlan] = {}
        if problem is None:
            self._parts = self._split()

    # -- structure -------------------------------------------------------------

    def _split(self) -> _Parts | None:
        data = self.data
        if not isinstance(data, dict):
            self.problem = f"not a recording (top level is a JSON {json_type(data)})"
            return None
        missed = "response" not in data and isinstance(data.get("miss"), dict)  # a captured miss
        if "request" not in data or ("response" not in data and not missed):
            missing = [k for k in ("request", "response") if k not in data]
            self.problem = f"not a recording (no {' or '.join(missing)} key)"
            return None
        request, response = data["request"], ({} if missed else data["response"])
        problems = self.problems
        if not isinstance(request, dict):
            problems.append(f"request is a {json_type(request)}, expected an object")
            request = {}
        if not isinstance(response, dict):
            problems.append(f"response is a {json_type(response)}, expected an object")
            response = {}
        test_id = data.get("test_id")
        if test_id is None and isinstance(request.get("test_id"), str):
            test_id = request["test_id"]
        if test_id is not None and not isinstance(test_id, str):
            problems.append(f"test_id is a {json_type(test_id)}, expected a string")
            test_id = str(test_id)
        if "body" not in response and not response.get("is_exception") and not missed:
            problems.append("response has no body")
        return _Parts(test_id, request, response, problems, missed)

    @property
    def ok(self) -> bool:
        """True when the file is a readable recording (it may still have odd values)."""
        return self._parts is not None

    @property
    def name(self) -> str:
        return self.path.name if self.path else "<memory>"

    @property
    def test_id(self) -> str | None:
        return self._parts.test_id if self._parts else None

    @property
    def request_raw(self) -> dict[str, Any]:
        return self._parts.request if self._parts else {}

    @property
    def response_raw(self) -> dict[str, Any]:
        return self._parts.response if self._parts else {}

    @cached_property
    def kind(self) -> Kind:
        if not self._parts:
            return Kind.INVALID
        if self._parts.missed:
            return Kind.MISS
        return classify(self._parts.request, self._parts.response)

    @cached_property
    def request_kind(self) -> Kind:
        """The kind its request alone says: :attr:`kind`, except for a captured miss (which has no response)."""
        if self._parts is not None and self._parts.missed:
            return classify(self._parts.request, {})
        return self.kind

    @property
    def endpoint(self) -> str | None:
        req = self.request_raw
        if self.request_kind == Kind.TOOL:
            return f"tool:{req.get('tool_name')}"
        if self.request_kind == Kind.FILE_PROCESSOR:
            return f"{req.get('api')}:{req.get('provider')}"
        return endpoint_of(req)

    @property
    def model(self) -> str | None:
        req = self.request_raw
        for source in (req, req.get("body"), req.get("payload")):
            if isinstance(source, dict) and isinstance(source.get("model"), str) and source.get("model"):
                return source["model"]
        if self.request_kind == Kind.TOOL and isinstance(req.get("provider"), str):
            return req["provider"]
        tei = self.response_raw.get("body") if self.kind == Kind.MODELS else None
        if isinstance(tei, dict) and isinstance(tei.get("model_id"), str):
            return tei["model_id"]  # TEI's /info names the model it serves
        return None

    @property
    def streaming(self) -> bool:
        return bool(self.response_raw.get("is_streaming"))

    @property
    def is_exception(self) -> bool:
        return bool(self.response_raw.get("is_exception"))

    @cached_property
    def chunks(self) -> list[Any]:
        """The response as a list of replay steps (a non-streamed body is one step)."""
        body = self.response_raw.get("body")
        if self.kind in (Kind.MESSAGES, Kind.INTERACTIONS) and isinstance(body, list):
            return [ev.data for ev in group_sse(body)]
        if body is None:
            return []
        if self.kind == Kind.MODELS and isinstance(body, list):
            return [body]
        if isinstance(body, list) and (self.streaming or self._looks_streamed(body)):
            return body
        return [body]

    def _looks_streamed(self, body: list[Any]) -> bool:
        return bool(body) and isinstance(body[0], dict) and "__type__" in body[0] and self.kind != Kind.MODELS

    @property
    def chunk_count(self) -> int:
        """Chunks in a streamed response (SSE events for event streams), 0 when not streamed."""
        if not self.ok:
            return 0
        if not self.streaming and not isinstance(self.response_raw.get("body"), list):
            return 0
        if self.kind == Kind.MODELS:
            return 0
        return len(self.chunks)

    # -- reconstruction --------------------------------------------------------

    @cached_property
    def error(self) -> RecordedError | None:
        """The failure recorded in the response (exception, HTTP error), if any."""
        if not self.ok:
            return RecordedError(self.problem or "unreadable", type="invalid", category="file")
        resp = self.response_raw
        if resp.get("is_exception"):
            data = resp.get("exception_data")
            if isinstance(data, dict):
                code = data.get("status_code")
                return RecordedError(
                    message=str(data.get("message") or resp.get("exception_message") or ""),
                    type=data.get("type") if isinstance(data.get("type"), str) else None,
                    status_code=code if isinstance(code, int) and not isinstance(code, bool) else None,
                    category=data.get("category") if isinstance(data.get("category"), str) else None,
                    provider=data.get("provider") if isinstance(data.get("provider"), str) else None,
                )
            return RecordedError(str(resp.get("exception_message") or "recorded exception"), type="Exception")
        body = resp.get("body")
        if not isinstance(body, list):
            return error_from_body(body, resp.get("status"))
        return None

    @cached_property
    def replay(self) -> Replay:
        """The incremental replay over this recording's chunks."""
        non_stream = not isinstance(self.response_raw.get("body"), list)
        try:
            per_chunk, state = chunk_events(self.kind, self.chunks, non_stream_sse=non_stream)
        except RecursionError:
            self._too_deep()
            per_chunk, state = [], {}
        err = self.error or state.get("error")
        if self._discard_events(bool(per_chunk)):
            per_chunk = []  # an HTTP error body is not a response to replay
        return Replay(per_chunk, error=err)

    def _too_deep(self) -> None:
        msg = "response nested too deeply to rebuild"
        if msg not in self.problems:  # said once, whether rebuild or replay noticed first
            self.problems.append(msg)

    def _discard_events(self, any_chunks: bool) -> bool:
        if self.is_exception or (self.error is not None and not any_chunks):
            return False
        return self.error is not None and self.kind in (Kind.MESSAGES, Kind.INTERACTIONS, Kind.HTTP)

    def _final(self, details: tuple[tuple[str, str], ...]) -> Rebuild:
        # What self.replay.final(details) gives, in one pass without keeping per-chunk
        # events: a listing rebuilds every file and replays none.
        non_stream = not isinstance(self.response_raw.get("body"), list)
        chunks = self.chunks
        fold = Fold()
        try:
            state = feed_events(self.kind, chunks, fold.emit, non_stream_sse=non_stream)
        except RecursionError:
            self._too_deep()
            fold, state, chunks = Fold(), {}, []
        err = self.error or state.get("error")
        if self._discard_events(bool(chunks)):
            fold = Fold()
        return fold.rebuild(err, details)

    @cached_property
    def rebuild(self) -> Rebuild:
        """The full reconstruction: final text, reasoning, tool calls, finish, usage, error."""
        details: tuple[tuple[str, str], ...] = ()
        if self.ok:
            try:
                body = self.response_raw.get("body")
                if self.kind == Kind.MODELS and isinstance(body, dict) and "model_id" in body:
                    body = [{"id": body["model_id"]}]  # TEI's /info: one model, read like a list of one
                details = tuple(family_details(self.kind, body))
            except (TypeError, AttributeError, ValueError):
                self.problems.append("response body has unexpected shapes")
        if "replay" in self.__dict__:  # already built for seeking: its end state is the rebuild
            return self.replay.final(details)
        return self._final(details)

    # -- hashing ---------------------------------------------------------------

    def hash_info(self, target: profiles.RuleSet = profiles.NEWEST) -> HashInfo:
        """How the file name relates to the request hash (see :func:`hashing.hash_info`)."""
        if not self.ok:
            return HashInfo(hashing.parse_file_name(self.name)[0], None, "unknown", None, "not a recording")
        info = hashing.hash_info(self.name, self.request_raw, self.test_id, target)
        if info.computed is not None and target.prefix == 64:  # then it is what request_hash(target) gives
            self._request_hashes.setdefault(target, info.computed)
        return info

    def request_hash(self, rules: profiles.RuleSet = profiles.NEWEST) -> str | None:
        """:func:`hashing.request_hash` of this request under ``rules`` (None: no rule applies;
        raises as it does), shared with :meth:`hash_info`."""
        known = self._request_hashes.get(rules)
        if known is None:
            known = hashing.request_hash(self.request_raw, self.test_id, rules)
            if known is not None:
                self._request_hashes[rules] = known
        return known

    def normalization(self, rules: profiles.RuleSet = profiles.NEWEST) -> NormalizePlan:
        """:func:`normalize.plan_normalization` of this recording under ``rules``, made once
        (``check`` and the verdict stored with its results both ask); shared: not to be changed."""
        plan = self._normalizations.get(rules)
        if plan is None:
            from inspector.core.rules.normalize import plan_normalization  # (it reads nothing of this module)

            plan = self._normalizations[rules] = plan_normalization(self.data, self.name, rules=rules)
        return plan

    @cached_property
    def hash(self) -> HashInfo:
        return self.hash_info()

    # -- request ---------------------------------------------------------------

    @cached_property
    def request(self) -> RequestView:
        return request_view(self.request_raw, self.request_kind, self.model)

    def last_user_text(self) -> str:
        """The text of the last user message (or the prompt), for labels and search."""
        for msg in reversed(self.request.messages):
            if msg.role == "user" and msg.text:
                return msg.text
        if self.request_kind == Kind.TOOL and isinstance(self.request_raw.get("kwargs"), dict):
            return " ".join(str(v) for v in self.request_raw["kwargs"].values() if isinstance(v, (str, int, float)))
        return ""


# --- loading -------------------------------------------------------------------


def load_bytes(raw: bytes, path: Path | None = None) -> Recording:
    """A recording from bytes already read (never raises for bad content)."""
    try:
        data = parse_bytes(raw)
    except JsonError as exc:
        return Recording(path, None, problem=exc.reason, size=len(raw))
    return Recording(path, data, size=len(raw))


def load(path: str | os.PathLike[str]) -> Recording:
    """Read one recording file; unreadable or broken files come back with ``problem`` set."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            return Recording(p, None, problem=too_large(size), size=size)
        with open(p, "rb") as f:
            raw = f.read()
    except OSError as exc:
        return Recording(p, None, problem=read_problem(exc))
    return load_bytes(raw, p)
