"""Turning a recording into something to run or read: curl, Python, a pytest skeleton, Markdown.

Every generator takes a loaded :class:`Recording` and returns text.  Credentials
never appear: API keys are read from an environment variable named after the
provider (``$OPENAI_API_KEY``…), recorded headers that carry credentials are
replaced by the same placeholder, and the finished text goes through
:func:`secrets.mask_text` as a last line of defence.

The request the recorder stores is the SDK call's keyword arguments and the URL
it built as ``base_url + endpoint`` (hence ``…/v1/v1/chat/completions``); the
generators undo that to get the URL the SDK really called.
"""

from __future__ import annotations

import json
import pprint
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlparse

from inspector.core.base.model import Kind
from inspector.core.recording.loading import Recording
from inspector.core.recording.secrets import SECRET_KEYS, mask_text, masked_recording
from inspector.core.rules.endpoints import LOCAL_HOSTS
from inspector.core.rules.nodeid import split_node_id

__all__ = [
    "FORMATS",
    "ExportError",
    "export",
    "to_curl",
    "to_python",
    "to_pytest",
    "to_markdown",
    "Target",
    "target_of",
]

FORMATS = ("curl", "python", "pytest", "markdown")


class ExportError(ValueError):
    """A recording that cannot be exported in the asked format; one line for the user."""


# --- where the request went ----------------------------------------------------------------

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
_SDK_PATHS = {
    "/chat/completions": "chat.completions.create",
    "/completions": "completions.create",
    "/embeddings": "embeddings.create",
    "/models": "models.list",
    "/responses": "responses.create",
}
_OLLAMA_METHODS = {
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
    if rec.kind in (Kind.TOOL, Kind.FILE_PROCESSOR) or not isinstance(url, str):
        what = rec.endpoint or rec.kind.value
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
        for suffix in _SDK_PATHS:
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


# --- curl ----------------------------------------------------------------------------------


def _shell_quote(text: str) -> str:
    if re.fullmatch(r"[\w@%+=:,./-]+", text):
        return text
    return "'" + text.replace("'", "'\"'\"'") + "'"


def _auth_header(t: Target, shell: bool) -> tuple[str, str] | None:
    if t.key_var is None or t.auth == "none":
        return None
    ref = f"${t.key_var}" if shell else t.key_var
    if t.auth == "bearer":
        return "Authorization", f"Bearer {ref}"
    return t.auth, ref


def to_curl(rec: Recording) -> str:
    """A curl command that sends the recorded request (the API key from the environment)."""
    t = target_of(rec)
    lines = [f"# recorded in {rec.name}"] + ([f"# by {rec.test_id}"] if rec.test_id else [])
    parts = ["curl", "-sS"]
    if rec.streaming or (isinstance(t.body, dict) and t.body.get("stream") is True):
        parts.append("-N")
    if t.method != "POST" or t.body is None:
        parts += ["-X", t.method]
    parts.append(_shell_quote(t.url))
    headers: list[tuple[str, str]] = []
    send_body = t.method != "GET" and t.body is not None
    if send_body:
        headers.append(("Content-Type", "application/json"))
    auth = _auth_header(t, True)
    if auth:
        headers.append(auth)
    if t.auth == "x-api-key":
        headers.append(("anthropic-version", "2023-06-01"))
    headers += list(t.headers)
    cmd = " ".join(parts)
    out = [cmd]
    for k, v in headers:
        value = f'"{k}: {v}"' if "$" in v else _shell_quote(f"{k}: {v}")
        out.append(f"  -H {value}")
    if send_body:
        out.append("  --data-binary @- <<'JSON'")
        text = " \\\n".join(out) + "\n" + json.dumps(t.body, indent=2, ensure_ascii=False) + "\nJSON"
    else:
        text = " \\\n".join(out)
    return mask_text("\n".join(lines) + "\n" + text + "\n")


# --- Python ------------------------------------------------------------------------------------


def _py(value: Any, indent: int) -> str:
    """A Python literal for a JSON value, wrapped to fit, continuation lines indented."""
    text = pprint.pformat(value, width=max(40, 100 - indent), sort_dicts=False)
    return text.replace("\n", "\n" + " " * indent)


def _kwargs(body: Any, indent: int = 4) -> list[str]:
    """``key=value,`` lines for a call; keys that are not identifiers go through ``extra_body``."""
    if not isinstance(body, dict):
        return [f"{' ' * indent}**{_py(body, indent)},"] if body else []
    pad = " " * indent
    lines: list[str] = []
    extra: dict[str, Any] = {}
    for k, v in body.items():
        if isinstance(k, str) and k.isidentifier() and k not in ("self",):
            lines.append(f"{pad}{k}={_py(v, indent + len(k) + 1)},")
        else:
            extra[k] = v
    if extra:
        lines.append(f"{pad}extra_body={_py(extra, indent + 11)},")
    return lines


def _api_key_line(t: Target) -> str:
    if t.key_var is None:
        return '    api_key="none",  # a local server: any key works'
    return f'    api_key=os.environ["{t.key_var}"],'


def _openai_call(rec: Recording, t: Target, client: str, indent: int) -> tuple[list[str], str]:
    """The SDK call (and the name of the method) for an OpenAI-compatible request."""
    method = _SDK_PATHS.get(t.sdk_path or "", "")
    pad = " " * indent
    if method == "models.list":
        return [f"{pad}response = {client}.models.list()"], method
    body = rec.request_raw.get("body")
    lines = [f"{pad}response = {client}.{method}("]
    lines += _kwargs(body, indent + 4)
    lines.append(f"{pad})")
    return lines, method


def _openai_result(rec: Recording, method: str, indent: int) -> list[str]:
    pad = " " * indent
    streamed = rec.streaming
    if method == "models.list":
        return [f"{pad}for model in response:", f"{pad}    print(model.id)"]
    if method == "embeddings.create":
        return [f'{pad}print(len(response.data), "vectors of", len(response.data[0].embedding), "numbers")']
    if method == "responses.create":
        if streamed:
            return [
                f"{pad}for event in response:",
                f'{pad}    if event.type in ("response.output_text.delta", "response.function_call_arguments.delta"):',
                f'{pad}        print(event.delta, end="", flush=True)',
                f"{pad}print()",
            ]
        return [
            f"{pad}print(response.output_text)",
            f"{pad}for item in response.output:",
            f'{pad}    if item.type == "function_call":',
            f"{pad}        print(item.name, item.arguments)",
        ]
    if method == "completions.create":
        if streamed:
            return [
                f"{pad}for chunk in response:",
                f"{pad}    if chunk.choices:",
                f'{pad}        print(chunk.choices[0].text, end="", flush=True)',
                f"{pad}print()",
            ]
        return [f"{pad}print(response.choices[0].text)"]
    if streamed:
        return [
            f"{pad}for chunk in response:",
            f"{pad}    if chunk.choices:",
            f"{pad}        delta = chunk.choices[0].delta",
            f'{pad}        print(delta.content or "", end="", flush=True)',
            f"{pad}        for call in delta.tool_calls or []:",
            f'{pad}            print(call.function.name or "", call.function.arguments or "", end="")',
            f"{pad}print()",
        ]
    return [
        f"{pad}message = response.choices[0].message",
        f"{pad}print(message.content)",
        f"{pad}for call in message.tool_calls or []:",
        f"{pad}    print(call.function.name, call.function.arguments)",
    ]


def _header_dict(t: Target) -> str:
    items: list[str] = []
    auth = _auth_header(t, False)
    if auth:
        k, v = auth
        if t.key_var and v.endswith(t.key_var):
            prefix = v[: -len(t.key_var)]
            items.append(
                f'"{k}": {json.dumps(prefix)} + os.environ["{t.key_var}"]'
                if prefix
                else f'"{k}": os.environ["{t.key_var}"]'
            )
    if t.auth == "x-api-key":
        items.append('"anthropic-version": "2023-06-01"')
    items += [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in t.headers]
    return "{" + ", ".join(items) + "}"


def to_python(rec: Recording) -> str:
    """A Python snippet making the same request: the OpenAI SDK where it applies, else the provider's client or httpx."""
    head = [f'"""Make the request recorded in {rec.name} against the live API.']
    if rec.test_id:
        head += ["", f"Recorded by {rec.test_id}."]
    head += ['"""', ""]
    if rec.kind in (Kind.GENAI, Kind.GENAI_STREAM):
        return mask_text("\n".join(head + _genai_lines(rec)) + "\n")
    t = target_of(rec)
    lines = list(head)
    if t.sdk_path in _SDK_PATHS and t.base_url:
        lines += (["import os", ""] if t.key_var else []) + ["from openai import OpenAI", ""]
        lines += ["client = OpenAI(", f"    base_url={json.dumps(t.base_url)},", _api_key_line(t), ")", ""]
        call, method = _openai_call(rec, t, "client", 0)
        lines += call + _openai_result(rec, method, 0)
    elif (path := urlparse(t.url).path) in _OLLAMA_METHODS:
        parsed = urlparse(t.url)
        host = f"{parsed.scheme}://{parsed.netloc}"
        method = _OLLAMA_METHODS[path]
        lines += ["from ollama import Client", "", f"client = Client(host={json.dumps(host)})", ""]
        body = rec.request_raw.get("body")
        if method in ("ps", "list"):
            lines.append(f"response = client.{method}()")
        else:
            lines.append(f"response = client.{method}(")
            lines += _kwargs(body, 4)
            lines.append(")")
        if isinstance(body, dict) and body.get("stream"):
            lines += ["for part in response:", "    print(part)"]
        else:
            lines.append("print(response)")
    else:
        stream = isinstance(t.body, dict) and t.body.get("stream") is True
        lines += ["import os", "", "import httpx", ""] if t.key_var else ["import httpx", ""]
        lines.append(f"URL = {json.dumps(t.url)}")
        lines.append(f"HEADERS = {_header_dict(t)}")
        lines.append(f"PAYLOAD = {_py(t.body, 10)}")
        lines.append("")
        if t.method == "GET":
            lines += [
                "response = httpx.get(URL, headers=HEADERS, timeout=120)",
                "print(response.status_code, response.text)",
            ]
        elif stream:
            lines += [
                f'with httpx.stream("{t.method}", URL, json=PAYLOAD, headers=HEADERS, timeout=120) as response:',
                "    for line in response.iter_lines():",
                "        print(line)",
            ]
        else:
            lines += [
                f'response = httpx.request("{t.method}", URL, json=PAYLOAD, headers=HEADERS, timeout=120)',
                "print(response.status_code, response.text)",
            ]
    return mask_text("\n".join(lines) + "\n")


def _genai_lines(rec: Recording) -> list[str]:
    body = rec.request_raw.get("body")
    body = body if isinstance(body, dict) else {}
    method = "generate_content_stream" if rec.kind == Kind.GENAI_STREAM else "generate_content"
    lines = [
        "import os",
        "",
        "from google import genai",
        "",
        "client = genai.Client(",
        "    vertexai=True,",
        '    project=os.environ["GOOGLE_CLOUD_PROJECT"],',
        '    location=os.environ.get("GOOGLE_CLOUD_LOCATION", "us-central1"),',
        ")",
        "",
        f"response = client.models.{method}(",
    ]
    lines += _kwargs(body, 4)
    lines.append(")")
    if method.endswith("_stream"):
        lines += ["for chunk in response:", '    print(chunk.text or "", end="", flush=True)', "print()"]
    else:
        lines.append("print(response.text)")
    return lines


# --- pytest ---------------------------------------------------------------------------------

_CLIENT_FIXTURES = ("openai_client", "compat_client", "client_with_models", "llama_stack_client", "responses_client")


def _node_parts(test_id: str | None) -> tuple[str | None, list[str], str, str | None]:
    """(file, classes, function, params) of a node id; a default function when there is none."""
    nid = split_node_id(test_id) if test_id else None
    if nid is None or not nid.file:
        return None, [], "test_recorded_call", None
    func = nid.function if nid.function.isidentifier() else "test_recorded_call"
    return nid.file, [c for c in nid.classes if c.isidentifier()], func, nid.params


def _string_prefix(text: str, n: int = 40) -> str:
    text = text.strip()
    return text[:n]


def to_pytest(rec: Recording) -> str:
    """A pytest skeleton for the recording's test id that makes the recorded call and checks the result."""
    file, classes, func, params = _node_parts(rec.test_id)
    fixture = "openai_client"
    if params:
        for name in _CLIENT_FIXTURES:
            if name in params.split("-"):
                fixture = name
    doc = [
        '"""Test skeleton for a recorded call.',
        "",
        f"Recording: {rec.name}",
        f"Test id:   {rec.test_id or '(none: the call was recorded outside a test)'}",
    ]
    if file:
        doc += [
            "",
            f"Keep it in {file} under the same names" + (f" and parameters [{params}]" if params else "") + ":",
            "replay finds the recording by this test id (its folder, and for model calls its hash).",
        ]
    doc += ['"""', "", "from __future__ import annotations", "", ""]
    lines = list(doc)
    indent = 4 * (len(classes) + 1)
    for depth, cls in enumerate(classes):
        lines.append(" " * (4 * depth) + f"class {cls}:")
    sig_pad = " " * (indent - 4)
    self_arg = "self, " if classes else ""
    pad = " " * indent
    rb = rec.rebuild
    try:
        t = target_of(rec)
    except ExportError:
        t = None
    if t is not None and t.sdk_path in _SDK_PATHS and t.base_url:
        lines.append(f"{sig_pad}def {func}({self_arg}{fixture}) -> None:")
        if params:
            lines.append(f"{pad}# recorded with parameters [{params}]")
        call, method = _openai_call(rec, t, fixture, indent)
        lines += call
        lines += _pytest_checks(rec, method, pad)
    else:
        lines.append(f"{sig_pad}def {func}({self_arg}{fixture}) -> None:")
        lines.append(f"{pad}# The recorded call: {rec.endpoint or rec.kind.value} ({rec.kind.value}).")
        for line in json.dumps(
            rec.request.body if rec.request.body is not None else rec.request_raw, indent=2, ensure_ascii=False
        ).splitlines()[:40]:
            lines.append(f"{pad}# {line}")
        if rb.text:
            lines.append(f"{pad}# It answered: {_string_prefix(rb.text, 70)!r}…")
        lines.append(f'{pad}raise NotImplementedError("make the call above with the test\'s client")')
    return mask_text("\n".join(lines) + "\n")


def _pytest_checks(rec: Recording, method: str, pad: str) -> list[str]:
    rb = rec.rebuild
    lines: list[str] = []
    if method == "models.list":
        ids = [v for k, v in rb.details if k == "models"]
        lines += [
            f"{pad}ids = [model.id for model in response]",
            f"{pad}assert ids  # recorded: {ids[0] if ids else '?'} models",
        ]
        return lines
    if method == "embeddings.create":
        return [f"{pad}assert response.data and response.data[0].embedding"]
    names = [tc.name for tc in rb.tool_calls]
    if method == "responses.create":
        lines += _responses_checks(rec, pad)
    elif rec.streaming:
        lines += [
            f'{pad}text = ""',
            f"{pad}tool_names: list[str] = []",
            f"{pad}finish_reason = None",
            f"{pad}for chunk in response:",
            f"{pad}    if not chunk.choices:",
            f"{pad}        continue",
            f"{pad}    choice = chunk.choices[0]",
        ]
        if method == "completions.create":
            lines.append(f'{pad}    text += choice.text or ""')
        else:
            lines += [
                f'{pad}    text += choice.delta.content or ""',
                f"{pad}    for call in choice.delta.tool_calls or []:",
                f"{pad}        if call.function and call.function.name:",
                f"{pad}            tool_names.append(call.function.name)",
            ]
        lines.append(f"{pad}    finish_reason = choice.finish_reason or finish_reason")
    else:
        lines.append(f"{pad}choice = response.choices[0]")
        lines.append(f"{pad}finish_reason = choice.finish_reason")
        if method == "completions.create":
            lines.append(f'{pad}text = choice.text or ""')
        else:
            lines += [
                f'{pad}text = choice.message.content or ""',
                f"{pad}tool_names = [call.function.name for call in choice.message.tool_calls or []]",
            ]
    if rb.finish_reason is not None:
        lines.append(f"{pad}assert {'status' if method == 'responses.create' else 'finish_reason'} == {rb.finish_reason!r}")
    if names and method != "completions.create":
        lines.append(f"{pad}assert tool_names == {names!r}")
    if rb.text.strip():
        lines.append(f"{pad}assert {_string_prefix(rb.text)!r} in text  # the recorded answer begins so")
    return lines


def _responses_checks(rec: Recording, pad: str) -> list[str]:
    """The text, function-call names and status of a Responses API call, as the SDK gives them."""
    if rec.streaming:
        return [
            f'{pad}text = ""',
            f"{pad}tool_names: list[str] = []",
            f"{pad}status = None",
            f"{pad}for event in response:",
            f'{pad}    if event.type == "response.output_text.delta":',
            f"{pad}        text += event.delta",
            f'{pad}    elif event.type == "response.output_item.added" and event.item.type == "function_call":',
            f"{pad}        tool_names.append(event.item.name)",
            f'{pad}    elif event.type in ("response.completed", "response.incomplete", "response.failed"):',
            f"{pad}        status = event.response.status",
        ]
    return [
        f"{pad}text = response.output_text",
        f'{pad}tool_names = [item.name for item in response.output if item.type == "function_call"]',
        f"{pad}status = response.status",
    ]


# --- Markdown ---------------------------------------------------------------------------------


def _fence(text: str, lang: str = "") -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text}\n{fence}"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(rec: Recording) -> str:
    """A Markdown transcript: what was asked (conversation, tools, parameters) and what came back."""
    req = rec.request
    rb = rec.rebuild
    h = rec.hash
    out: list[str] = [f"# {rec.test_id or rec.name}", ""]
    stream = f"streamed, {rec.chunk_count} chunks" if rec.streaming else "not streamed"
    rows = [
        ("file", f"`{rec.name}`"),
        ("test", f"`{rec.test_id}`" if rec.test_id else "(none)"),
        ("request", f"`{' '.join(x for x in (req.method, req.url or rec.endpoint) if x)}`"),
        ("model", f"`{rec.model}`" if rec.model else ""),
        ("kind", f"{rec.kind.value}, {stream}"),
        ("hash", f"{h.status}" + (f" ({h.rule} rules)" if h.rule else "")),
    ]
    out += ["| | |", "|---|---|"] + [f"| {k} | {_cell(v)} |" for k, v in rows] + [""]
    out += ["## Request", ""]
    for m in req.messages:
        title = m.role + (f" ({m.name})" if m.name else "") + (f" → `{m.tool_call_id}`" if m.tool_call_id else "")
        out += [f"### {title}", ""]
        if m.text:
            out += [m.text, ""]
        for kind, value in m.parts:
            out += [f"*[{kind}: {value}]*", ""]
        for tc in m.tool_calls:
            out += [f"**calls `{tc.name}`** (`{tc.id}`)", "", _fence(_pretty_args(tc.arguments), "json"), ""]
    if req.tools:
        out += ["### tools offered", "", "| name | description |", "|---|---|"]
        out += [f"| `{t.name}` | {_cell(t.description)} |" for t in req.tools]
        out.append("")
    if req.params:
        out += ["### parameters", ""]
        out += [f"- `{k}`: `{json.dumps(v, ensure_ascii=False)[:200]}`" for k, v in req.params]
        out.append("")
    if not req.messages and not req.tools and not req.params and req.body is not None:
        out += [_fence(json.dumps(req.body, indent=2, ensure_ascii=False)[:20000], "json"), ""]
    out += ["## Response", ""]
    for choice in rb.choices:
        if len(rb.choices) > 1:
            out += [f"### choice {choice.index}", ""]
        if choice.reasoning:
            out += ["<details><summary>reasoning</summary>", "", choice.reasoning, "", "</details>", ""]
        if choice.text:
            out += [choice.text, ""]
        if choice.refusal:
            out += [f"> **refusal:** {choice.refusal}", ""]
        for tc in choice.tool_calls:
            out += [f"**tool call `{tc.name}`** (`{tc.id}`)", "", _fence(_pretty_args(tc.arguments), "json"), ""]
        if choice.finish_reason is not None:
            out += [f"*finish reason:* `{choice.finish_reason}`", ""]
    for k, v in rb.details:
        out += [f"*{k}:* {v}", ""]
    if rb.usage:
        usage = ", ".join(
            f"{k} {v}" for k, v in rb.usage.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
        )
        out += [f"*usage:* {usage}", ""]
    if rb.error:
        out += [f"> **error** {rb.error.one_line()}", ""]
    if not rb.choices and not rb.details and not rb.error:
        out += ["*(empty response)*", ""]
    return mask_text("\n".join(out).rstrip() + "\n")


def _pretty_args(args: str) -> str:
    try:
        return json.dumps(json.loads(args), indent=2, ensure_ascii=False)
    except ValueError:
        return args


_GENERATORS = {"curl": to_curl, "python": to_python, "pytest": to_pytest, "markdown": to_markdown}


def export(rec: Recording, fmt: str) -> str:
    """``rec`` as ``fmt`` (one of :data:`FORMATS`); ``ExportError`` when that cannot be done."""
    try:
        gen = _GENERATORS[fmt]
    except KeyError:
        raise ExportError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})") from None
    if not rec.ok:
        raise ExportError(f"{rec.name}: {rec.problem}")
    # Every credential the scanner knows (keys, tokens, passwords in any field) is masked
    # before a generator sees the recording; keys for the call itself come from env vars.
    return gen(masked_recording(rec))
