"""A recording as one rich panel (the `show` command), and the small pieces it is made of."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from inspector.core.base.model import HashInfo, ToolCall
from inspector.core.recording.loading import Recording
from inspector.render.paths import display_path

__all__ = ["ROLE_STYLES", "STATUS_STYLES", "hash_text", "pretty_arguments", "recording_panel", "tool_call_renderable", "usage_text"]

ROLE_STYLES = {"system": "magenta", "user": "cyan", "assistant": "green", "tool": "yellow", "model": "green"}
STATUS_STYLES = {"ok": "green", "legacy-rule": "yellow", "mismatch": "bold red", "unknown": "dim"}


def hash_text(h: HashInfo) -> Text:
    t = Text(h.status, style=STATUS_STYLES.get(h.status, ""))
    if h.rule:
        t.append(f" ({h.rule} rules)", style="dim")
    if h.status == "mismatch" and h.computed:
        t.append(f"  name {h.name[:12] if h.name else '?'}…, newest rules compute {h.computed[:12]}…", style="dim")
    if h.reason:
        t.append(f"  {h.reason}", style="dim")
    return t


def usage_text(usage: dict[str, Any] | None) -> str:
    if not usage:
        return ""
    parts = []
    for k, v in usage.items():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            parts.append(f"{k.replace('_tokens', '').replace('_', ' ')} {v}")
    return ", ".join(parts)


def pretty_arguments(args: str) -> tuple[str, bool]:
    """Arguments pretty-printed when they are JSON; ``(text, is_json)``."""
    try:
        return json.dumps(json.loads(args), indent=2, ensure_ascii=False), True
    except ValueError:
        return args, False


def tool_call_renderable(tc: ToolCall) -> RenderableType:
    head = Text.assemble(("⚙ ", "yellow"), (tc.name or "?", "bold yellow"), (f"  [{tc.index}] {tc.id or ''}", "dim"))
    text, ok = pretty_arguments(tc.arguments)
    body: RenderableType = Syntax(text, "json", theme="ansi_dark", word_wrap=True) if ok else Text(text or "(no arguments)", style="red" if text else "dim")
    return Group(head, body)


def recording_panel(rec: Recording) -> RenderableType:
    """A readable rendering of one recording: request summary, rebuilt response, hash."""
    title = display_path(rec.path) if rec.path else rec.name
    if not rec.ok:
        return Panel(Text(rec.problem or "unreadable", style="red"), title=title, border_style="red")
    rb = rec.rebuild
    meta = Table.grid(padding=(0, 1))
    meta.add_column(style="bold dim", justify="right")
    meta.add_column()
    stream = f"streamed, {rec.chunk_count} chunks" if rec.streaming else "not streamed"
    meta.add_row("kind", f"{rec.kind.value} ({stream})")
    meta.add_row("test", rec.test_id or Text("(no test id)", style="dim"))
    req = rec.request
    where = " ".join(x for x in (req.method, req.url or rec.endpoint) if x)
    meta.add_row("request", where or (rec.endpoint or ""))
    meta.add_row("model", rec.model or "")
    meta.add_row("hash", hash_text(rec.hash))
    parts: list[RenderableType] = [meta]
    if req.messages:
        convo = Table.grid(padding=(0, 1))
        convo.add_column(justify="right")
        convo.add_column()
        shown = req.messages[-4:]
        if len(req.messages) > len(shown):
            convo.add_row(Text("…", style="dim"), Text(f"{len(req.messages) - len(shown)} earlier messages", style="dim"))
        for m in shown:
            body = m.text if len(m.text) < 600 else m.text[:600] + "…"
            extra = "".join(f" [{k}: {v}]" for k, v in m.parts)
            if m.tool_calls:
                extra += " " + ", ".join(f"→ {t.name}({t.arguments[:60]})" for t in m.tool_calls)
            convo.add_row(Text(m.role, style=ROLE_STYLES.get(m.role, "bold")), Text(body + extra))
        parts.append(Panel(convo, title="request", title_align="left", border_style="dim"))
    if req.tools:
        parts.append(Text("tools offered: " + ", ".join(t.name for t in req.tools), style="dim"))
    resp: list[RenderableType] = []
    for choice in rb.choices:
        if len(rb.choices) > 1:
            resp.append(Text(f"choice {choice.index}", style="bold"))
        if choice.reasoning:
            resp.append(Text(choice.reasoning, style="italic dim"))
        if choice.text:
            resp.append(Text(choice.text))
        if choice.refusal:
            resp.append(Text(f"refusal: {choice.refusal}", style="red"))
        for tc in choice.tool_calls:
            resp.append(tool_call_renderable(tc))
        if choice.finish_reason is not None:
            resp.append(Text(f"finish: {choice.finish_reason}", style="dim"))
    for k, v in rb.details:
        resp.append(Text(f"{k}: {v}", style="dim"))
    if rb.usage:
        resp.append(Text(f"usage: {usage_text(rb.usage)}", style="dim"))
    if rb.error:
        resp.append(Panel(Text(rb.error.message), title=f"error {rb.error.type or ''} {rb.error.status_code or ''}".strip(), border_style="red"))
    if not resp:
        resp.append(Text("(empty response)", style="dim"))
    parts.append(Panel(Group(*resp), title="response", title_align="left", border_style="green" if not rb.error else "red"))
    for p in rec.problems:
        parts.append(Text(f"! {p}", style="yellow"))
    return Panel(Group(*parts), title=title, title_align="left")
