"""A recording's request as people read it: messages, instructions, tools and parameters.

:func:`request_view` flattens the request of any family (chat messages, Responses API input
items, genai contents, tool calls) into one typed :class:`~inspector.core.base.model.RequestView`;
:class:`~inspector.core.recording.loading.Recording` builds it on first use.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlparse

from inspector.core.base.model import Kind, Message, RequestView, ToolCall, ToolSpec

__all__ = ["request_view", "endpoint_of"]


def endpoint_of(request: dict[str, Any]) -> str | None:
    """The endpoint a request went to: its stored ``endpoint``, else its URL's path."""
    ep = request.get("endpoint")
    if isinstance(ep, str) and ep:
        return ep
    url = request.get("url")
    if isinstance(url, str):
        try:
            return urlparse(url).path or url
        except ValueError:
            return url
    return None


def _content_text(content: Any) -> tuple[str, tuple[tuple[str, str], ...]]:
    if isinstance(content, str):
        return content, ()
    texts: list[str] = []
    parts: list[tuple[str, str]] = []
    if isinstance(content, list):
        for p in content:
            if isinstance(p, str):
                texts.append(p)
            elif isinstance(p, dict):
                ptype = p.get("type")
                if isinstance(p.get("text"), str):
                    texts.append(p["text"])
                elif ptype in ("image_url", "input_image", "image"):
                    parts.append(("image", _image_label(p)))
                elif ptype in ("tool_result", "function_response", "functionResponse"):
                    texts.append(_content_text(p.get("content"))[0])
                elif isinstance(p.get("inline_data") or p.get("inlineData"), dict):
                    parts.append(("data", _data_label(p.get("inline_data") or p.get("inlineData"))))
                elif ptype:
                    parts.append((str(ptype), _short_json(p)))
    elif content is not None:
        texts.append(_short_json(content))
    return "\n".join(t for t in texts if t), tuple(parts)


def _image_label(part: dict[str, Any]) -> str:
    src = part.get("image_url") or part.get("source") or part.get("url")
    url = src.get("url") if isinstance(src, dict) else src
    if isinstance(src, dict) and src.get("type") == "base64":
        url = f"data:{src.get('media_type')};base64,{src.get('data', '')}"
    if isinstance(url, str) and url.startswith("data:"):
        head, _, payload = url.partition(",")
        return f"{head.split(';')[0]} ({_size(len(payload) * 3 // 4)})"
    return str(url)


def _data_label(d: dict[str, Any]) -> str:
    payload = d.get("data") or ""
    return f"{d.get('mime_type') or d.get('mimeType')} ({_size(len(str(payload)) * 3 // 4)})"


def _size(n: int) -> str:
    return f"{n / 1024:.1f} kB" if n >= 1024 else f"{n} B"


def _short_json(value: Any, limit: int = 200) -> str:

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _opt_str(value: Any) -> str | None:
    """A string field of a typed record: strings stay, other scalars are printed, the rest dropped."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _messages(body: dict[str, Any]) -> list[Message]:
    out: list[Message] = []
    system = body.get("system")
    if system is not None:  # Anthropic-style top-level system prompt
        out.append(Message("system", _content_text(system)[0]))
    if isinstance(body.get("instructions"), str):  # the Responses API's system prompt
        out.append(Message("system", body["instructions"]))
    msgs = body.get("messages")
    if isinstance(msgs, list):
        for m in msgs:
            if not isinstance(m, dict):
                continue
            text, parts = _content_text(m.get("content"))
            calls = []
            for i, tc in enumerate(m.get("tool_calls") or []):
                if isinstance(tc, dict):
                    fn = tc.get("function") if isinstance(tc.get("function"), dict) else {}
                    args = fn.get("arguments")
                    calls.append(ToolCall(i, _opt_str(tc.get("id")), _opt_str(fn.get("name")), args if isinstance(args, str) else _short_json(args, 10_000)))
            if isinstance(m.get("content"), list):  # Anthropic tool_use / tool_result blocks
                for b in m["content"]:
                    if isinstance(b, dict) and b.get("type") == "tool_use":
                        calls.append(ToolCall(len(calls), _opt_str(b.get("id")), _opt_str(b.get("name")), _short_json(b.get("input"), 10_000)))
            tool_call_id = m.get("tool_call_id")
            if tool_call_id is None and isinstance(m.get("content"), list):
                ids = [b.get("tool_use_id") for b in m["content"] if isinstance(b, dict) and b.get("tool_use_id")]
                tool_call_id = ids[0] if ids else None
            out.append(Message(str(m.get("role") or "?"), text, parts, tuple(calls), _opt_str(tool_call_id), _opt_str(m.get("name"))))
    contents = body.get("contents")  # google genai
    if isinstance(contents, list):
        for c in contents:
            if isinstance(c, dict):
                text, parts = _content_text(c.get("parts"))
                out.append(Message(str(c.get("role") or "user"), text, parts))
            elif isinstance(c, str):
                out.append(Message("user", c))
    elif isinstance(contents, str):
        out.append(Message("user", contents))
    for key in ("prompt", "input"):  # completions, embeddings, Ollama generate, /interactions
        value = body.get(key)
        if isinstance(value, str):
            out.append(Message("user", value))
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            out.extend(Message("user", v) for v in value)
        elif isinstance(value, list) and key == "input":
            for item in value:
                if isinstance(item, dict):
                    out.append(_input_item(item))
    return out


def _input_item(item: dict[str, Any]) -> Message:
    """One item of an ``input`` list (/interactions, the Responses API): a message, a call, a result."""
    typ = item.get("type")
    if typ == "function_call":  # the assistant's earlier call, sent back as context
        args = item.get("arguments")
        call = ToolCall(0, _opt_str(item.get("call_id")), _opt_str(item.get("name")), args if isinstance(args, str) else _short_json(args, 10_000))
        return Message("assistant", "", (), (call,))
    if typ == "function_call_output":
        output = item.get("output")
        text = output if isinstance(output, str) else _content_text(output)[0]
        return Message("tool", text, (), (), _opt_str(item.get("call_id")))
    text, parts = _content_text(item.get("content"))
    return Message(str(item.get("role") or typ or "user"), text, parts)


def _tools(body: dict[str, Any]) -> list[ToolSpec]:
    out: list[ToolSpec] = []
    tools = body.get("tools")
    if isinstance(tools, dict):  # genai config tools can be nested
        tools = [tools]
    for t in tools if isinstance(tools, list) else []:
        if not isinstance(t, dict):
            continue
        fn = t.get("function") if isinstance(t.get("function"), dict) else t
        decls = t.get("function_declarations") or t.get("functionDeclarations")
        if isinstance(decls, list):
            for d in decls:
                if isinstance(d, dict):
                    out.append(ToolSpec(str(d.get("name")), str(d.get("description") or ""), d.get("parameters") if isinstance(d.get("parameters"), dict) else None))
            continue
        params = fn.get("parameters") or fn.get("input_schema") or fn.get("parameters_json_schema")
        name = fn.get("name") or t.get("type") or "?"
        out.append(ToolSpec(str(name), str(fn.get("description") or ""), params if isinstance(params, dict) else None))
    return out


def request_view(req: dict[str, Any], kind: Kind, model: str | None) -> RequestView:
    """The request flattened for display: conversation, tools and call parameters."""
    body = req.get("body")
    if not isinstance(body, dict):
        body = req.get("payload") if isinstance(req.get("payload"), dict) else None
    if kind == Kind.TOOL:
        kwargs = req.get("kwargs") if isinstance(req.get("kwargs"), dict) else {}
        return RequestView(
            method=None,
            url=None,
            endpoint=f"tool:{req.get('tool_name')}",
            model=model,
            params=tuple(sorted(kwargs.items())),
            body=req.get("kwargs"),
            extra={"provider": req.get("provider"), "tool_name": req.get("tool_name")},
        )
    if kind == Kind.FILE_PROCESSOR:
        return RequestView(
            None, None, f"{req.get('api')}", model, params=(("file_id", req.get("file_id")), ("provider", req.get("provider"))), body=None
        )
    messages: list[Message] = []
    tools: list[ToolSpec] = []
    params: list[tuple[str, Any]] = []
    if isinstance(body, dict):
        messages = _messages(body)
        tools = _tools(body)
        config = body.get("config")
        if isinstance(config, dict):
            tools += _tools(config)
            if config.get("system_instruction"):
                messages.insert(0, Message("system", _content_text(config["system_instruction"])[0]))
        skip = {"messages", "tools", "contents", "prompt", "input", "system", "instructions", "model"}
        params = [(k, v) for k, v in body.items() if k not in skip]
    method = req.get("method") if isinstance(req.get("method"), str) else None
    url = req.get("url") if isinstance(req.get("url"), str) else None
    streaming = bool(isinstance(body, dict) and body.get("stream"))
    return RequestView(
        method=method,
        url=url,
        endpoint=endpoint_of(req),
        model=model,
        messages=tuple(messages),
        tools=tuple(tools),
        params=tuple(params),
        streaming=streaming,
        body=body,
        extra={k: v for k, v in req.items() if k not in ("body", "payload", "method", "url", "endpoint", "model", "headers")},
    )
