"""Where a recorded request went, as the SDK called it: URL, method, credentials by environment variable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlparse

from inspector.core.base.model import Kind
from inspector.core.recording.loading import Recording
from inspector.core.recording.secrets import SECRET_KEYS, mask_text
from inspector.core.rules.endpoints import LOCAL_HOSTS

__all__ = ["Target", "target_of", "ExportError", "SDK_PATHS", "OLLAMA_METHODS"]


class ExportError(ValueError):
    """A recording that cannot be exported in the asked format; one line for the user."""


_KEY_VARS = (
    ("api.openai.com", "OPENAI_API_KEY", "bearer"),
    (".openai.azure.com", "AZURE_OPENAI_API_KEY", "api-key"),
    ("anthropic.com", "ANTHROPIC_API_KEY", "x-api-key"),
    ("generativelanguage.googleapis.com", "GEMINI_API_KEY", "x-goog-api-key"),
    ("api.together.xyz", "TOGETHER_API_KEY", "bearer"),
    ("api.fireworks.ai", "FIREWORKS_API_KEY", "bearer"),
    ("api.groq.com", "GROQ_API_KEY", "bearer"),
    ("api.mistral.ai", "MISTRAL_API_KEY", "bearer"),
    ("bedrock", "AWS_BEARER_TOKEN_BEDROCK", "bearer"),
    ("databricks", "DATABRICKS_TOKEN", "bearer"),
    ("cloud.ibm.com", "WATSONX_API_KEY", "bearer"),
    ("nvidia.com", "NVIDIA_API_KEY", "bearer"),
    ("sambanova.ai", "SAMBANOVA_API_KEY", "bearer"),
    ("cerebras.ai", "CEREBRAS_API_KEY", "bearer"),
)
# the recorder's local hosts, and Docker's name for the host: no API key for either
_LOCAL = LOCAL_HOSTS | {"host.docker.internal"}
_GET_SUFFIXES = ("/models", "/api/ps", "/api/tags", "/info")
#: The SDK method of each OpenAI-compatible path.
SDK_PATHS = {
    "/chat/completions": "chat.completions.create",
    "/completions": "completions.create",
    "/embeddings": "embeddings.create",
    "/models": "models.list",
    "/responses": "responses.create",
}
#: The ``ollama`` client's method of each native Ollama path.
OLLAMA_METHODS = {
    "/api/chat": "chat",
    "/api/generate": "generate",
    "/api/embed": "embed",
    "/api/embeddings": "embed",
    "/api/ps": "ps",
    "/api/pull": "pull",
    "/api/tags": "list",
}


@dataclass(frozen=True, slots=True)
class Target:
    """Where a recorded request really went, and how it authenticates."""

    url: str  # the URL the client called
    base_url: str | None  # the SDK's base_url (OpenAI-compatible calls)
    sdk_path: str | None  # "/chat/completions" …
    method: str
    key_var: str | None  # environment variable holding the API key (None: a local server)
    auth: str  # bearer | api-key | x-api-key | x-goog-api-key | none
    body: Any  # the JSON body sent
    headers: tuple[tuple[str, str], ...] = ()


def _key_for(host: str) -> tuple[str | None, str]:
    if host in _LOCAL or host.endswith(".local"):
        return None, "none"
    for needle, var, auth in _KEY_VARS:
        if needle in host:
            return var, auth
    return "API_KEY", "bearer"


def _safe_headers(headers: Any, key_var: str | None) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    if not isinstance(headers, dict):
        return ()
    for k, v in headers.items():
        key = str(k)
        if key.lower().replace("-", "_") in SECRET_KEYS:
            continue  # replaced by the key variable
        if key.lower() in ("content-type", "content-length", "host"):
            continue
        out.append((key, mask_text(str(v))))
    return tuple(out)


def target_of(rec: Recording) -> Target:
    """The real URL, method, auth and body of a recorded request (``ExportError`` if none)."""
    req = rec.request_raw
    url = req.get("url")
    if rec.request_kind in (Kind.TOOL, Kind.FILE_PROCESSOR) or not isinstance(url, str):  # (a miss: its request's kind)
        what = rec.endpoint or rec.request_kind.value
        raise ExportError(
            f"{rec.name} records a {what} call, not an HTTP request; export it --as markdown or --as pytest"
        )
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise ExportError(
            f"{rec.name} was recorded through the {parsed.scheme or 'unknown'} SDK ({url}), not over a plain HTTP URL; try --as python"
        )
    body: Any = req.get("payload") if "payload" in req else req.get("body")
    host = parsed.hostname or ""
    key_var, auth = _key_for(host)
    endpoint = req.get("endpoint") if isinstance(req.get("endpoint"), str) else None
    base_url = sdk_path = None
    real = url
    if endpoint and url.endswith(endpoint) and "payload" not in req:
        base = url[: len(url) - len(endpoint)]
        path = endpoint
        if not urlparse(base).path.strip("/") and path.startswith("/v1/"):
            base += "/v1"  # a base URL without a path: the SDK's own /v1 is in the endpoint
        if path.startswith("/v1/"):
            path = path[3:]
        for suffix in SDK_PATHS:
            if path == suffix:
                base_url, sdk_path = base, path
        real = base + path
    if isinstance(body, dict) and "payload" not in req:
        body, real = _wire_body(body, real)
    method = str(req.get("method") or "POST").upper()
    if any(urlparse(real).path.endswith(s) for s in _GET_SUFFIXES):
        method = "GET"
    return Target(real, base_url, sdk_path, method, key_var, auth, body, _safe_headers(req.get("headers"), key_var))


def _wire_body(kwargs: dict[str, Any], url: str) -> tuple[dict[str, Any], str]:
    """SDK keyword arguments → the JSON the SDK sends (extra_body merged, extra_query in the URL)."""
    body = {k: v for k, v in kwargs.items() if k not in ("extra_body", "extra_headers", "extra_query", "timeout")}
    extra = kwargs.get("extra_body")
    if isinstance(extra, dict):
        body.update(extra)
    query = kwargs.get("extra_query")
    if isinstance(query, dict) and query:
        url += ("&" if "?" in url else "?") + urlencode({k: str(v) for k, v in query.items()})
    return body, url
