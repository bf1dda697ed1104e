"""A recording as a Python script that makes the same SDK call (or raw HTTP call) and prints the result."""

from __future__ import annotations

import json
import pprint
from typing import Any
from urllib.parse import urlparse

from inspector.core.base.model import Kind
from inspector.core.export.curl import auth_header
from inspector.core.export.target import OLLAMA_METHODS, SDK_PATHS, Target, target_of
from inspector.core.recording.loading import Recording
from inspector.core.recording.secrets import mask_text

__all__ = ["to_python", "openai_call"]


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


def openai_call(rec: Recording, t: Target, client: str, indent: int) -> tuple[list[str], str]:
    """The SDK call (and the name of the method) for an OpenAI-compatible request."""
    method = SDK_PATHS.get(t.sdk_path or "", "")
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
    auth = auth_header(t, False)
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
    if rec.request_kind in (Kind.GENAI, Kind.GENAI_STREAM):
        return mask_text("\n".join(head + _genai_lines(rec)) + "\n")
    t = target_of(rec)
    lines = list(head)
    if t.sdk_path in SDK_PATHS and t.base_url:
        lines += (["import os", ""] if t.key_var else []) + ["from openai import OpenAI", ""]
        lines += ["client = OpenAI(", f"    base_url={json.dumps(t.base_url)},", _api_key_line(t), ")", ""]
        call, method = openai_call(rec, t, "client", 0)
        lines += call + _openai_result(rec, method, 0)
    elif (path := urlparse(t.url).path) in OLLAMA_METHODS:
        parsed = urlparse(t.url)
        host = f"{parsed.scheme}://{parsed.netloc}"
        method = OLLAMA_METHODS[path]
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
    method = "generate_content_stream" if rec.request_kind == Kind.GENAI_STREAM else "generate_content"
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
