"""A recording as Markdown: the request and the rebuilt response, for an issue or a pull request."""

from __future__ import annotations

import json
import re
from typing import Any

from inspector.core.export.target import ExportError, target_of
from inspector.core.recording.loading import Recording
from inspector.core.recording.secrets import mask_text

__all__ = ["to_markdown"]


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
    try:
        t = target_of(rec)
        called = f"{t.method} {t.url}"  # the URL the client called, as curl and Python show it
    except ExportError:  # not an HTTP call (a tool, an SDK transport): what the recording names
        called = " ".join(x for x in (req.method, req.url or rec.endpoint) if x)
    stream = f"streamed, {rec.chunk_count} chunks" if rec.streaming else "not streamed"
    rows = [
        ("file", f"`{rec.name}`"),
        ("test", f"`{rec.test_id}`" if rec.test_id else "(none)"),
        ("request", f"`{called}`"),
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
