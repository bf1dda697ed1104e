"""The Request tab: who, what and where of a recording, the conversation, tools, parameters.

Everything shown comes from the core's typed records (``Recording.request``,
``Recording.hash``); the collapsible JSON at the bottom is the request as stored.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Collapsible, Static

from inspector.ui.widgets.json_tree import JsonTree

if TYPE_CHECKING:
    from inspector.core.base.model import HashInfo, Message, RequestView, ToolSpec
    from inspector.core.recording.loading import Recording

__all__ = ["RequestPane", "ROLE_STYLES", "render_overview", "render_conversation", "render_tools", "render_params"]

ROLE_STYLES = {
    "system": "bold magenta",
    "developer": "bold magenta",
    "user": "bold green",
    "assistant": "bold blue",
    "model": "bold blue",
    "tool": "bold yellow",
    "function": "bold yellow",
}

_HASH_STYLES = {"ok": "green", "legacy-rule": "yellow", "mismatch": "bold red", "unknown": "dim"}


def _compact(value: Any, limit: int = 160) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hash_line(h: HashInfo) -> Text:
    """``ok (rule 2026-10)`` / ``mismatch: the recorder computes 3b7c…``."""
    text = Text(h.status, style=_HASH_STYLES.get(h.status, ""))
    if h.status == "ok":
        text.append(f"  rule {h.rule}", style="dim")
    elif h.status == "legacy-rule":
        text.append(f"  only the {h.rule} rules give this name; the recorder now computes {(h.computed or '?')[:16]}…", style="dim")
    elif h.status == "mismatch":
        text.append(f"  the recorder computes {(h.computed or '?')[:16]}…", style="dim")
    elif h.reason:
        text.append(f"  {h.reason}", style="dim")
    return text


def render_overview(rec: Recording, h: HashInfo, path: str) -> RenderableType:
    """The facts at the top: test, file, request line, model, hash status, problems."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    req = rec.request
    grid.add_row("test", Text(rec.test_id or "(no test id)", style="bold" if rec.test_id else "dim italic"))
    size = f"  {rec.size:,} bytes" if rec.size else ""
    grid.add_row("file", Text(path) + Text(size, style="dim"))
    kind = Text(rec.kind.value, style="bold")
    if rec.streaming:
        kind.append(f"  streamed, {rec.chunk_count} chunks", style="cyan")
    grid.add_row("kind", kind)
    line = " ".join(p for p in (req.method, req.url or req.endpoint) if p)
    if line:
        grid.add_row("request", line)
    if rec.model:
        grid.add_row("model", Text(rec.model, style="cyan"))
    grid.add_row("hash", hash_line(h))
    for problem in ([rec.problem] if rec.problem else []) + list(rec.problems):
        grid.add_row("problem", Text(problem, style="red"))
    return grid


def _message_block(msg: Message, call_names: dict[str, str]) -> RenderableType:
    head = Text(msg.role, style=ROLE_STYLES.get(msg.role, "bold"))
    if msg.name:
        head.append(f" ({msg.name})", style="dim")
    if msg.tool_call_id:
        name = call_names.get(msg.tool_call_id)
        head.append(f"  ↳ result of {msg.tool_call_id}" + (f" ({name})" if name else ""), style="yellow")
    body: list[RenderableType] = []
    if msg.text:
        body.append(Text(msg.text))
    for kind, value in msg.parts:
        body.append(Text(f"[{kind}] {value}", style="italic cyan"))
    for call in msg.tool_calls:
        line = Text("→ ", style="yellow")
        line.append(call.name or "?", style="bold yellow")
        line.append(f"({call.arguments})")
        if call.id:
            line.append(f"  {call.id}", style="dim")
        body.append(line)
    if not body:
        body.append(Text("(empty)", style="dim italic"))
    return RichGroup(head, Padding(RichGroup(*body), (0, 0, 1, 2)))


def render_conversation(req: RequestView) -> RenderableType | None:
    """The messages as a chat transcript, tool results tied to the calls they answer."""
    if not req.messages:
        return None
    call_names = {c.id: c.name or "?" for m in req.messages for c in m.tool_calls if c.id}
    return RichGroup(*(_message_block(m, call_names) for m in req.messages))


def _schema_type(schema: Any) -> str:
    if not isinstance(schema, dict):
        return "any"
    t = schema.get("type")
    if isinstance(t, list):
        t = " | ".join(str(x) for x in t)
    if t == "array" and isinstance(schema.get("items"), dict):
        return f"array of {_schema_type(schema['items'])}"
    if not t:
        for key in ("anyOf", "oneOf"):
            if isinstance(schema.get(key), list):
                return " | ".join(_schema_type(s) for s in schema[key])
    return str(t or "any")


def _tool_block(tool: ToolSpec) -> RenderableType:
    head = Text(tool.name, style="bold yellow")
    lines: list[RenderableType] = []
    if tool.description:
        lines.append(Text(tool.description, style="italic"))
    params = tool.parameters or {}
    props = params.get("properties") if isinstance(params, dict) else None
    raw_required = params.get("required") if isinstance(params, dict) else None
    required = {r for r in raw_required if isinstance(r, str)} if isinstance(raw_required, list) else set()
    if isinstance(props, dict) and props:
        for name, schema in props.items():
            line = Text(f"{name}", style="bold")
            line.append(f": {_schema_type(schema)}", style="cyan")
            if name in required:
                line.append(" required", style="red")
            if isinstance(schema, dict) and isinstance(schema.get("enum"), list):
                line.append(" one of " + ", ".join(_compact(e, 30) for e in schema["enum"][:8]), style="dim")
            if isinstance(schema, dict) and schema.get("description"):
                line.append(f"  {schema['description']}", style="dim")
            lines.append(line)
    elif tool.parameters is None:
        lines.append(Text("no parameter schema", style="dim italic"))
    else:
        lines.append(Text("no parameters", style="dim italic"))
    return RichGroup(head, Padding(RichGroup(*lines), (0, 0, 1, 2)))


def render_tools(tools: tuple[ToolSpec, ...]) -> RenderableType | None:
    """Each tool offered: name, description, parameters with types and what is required."""
    if not tools:
        return None
    return RichGroup(*(_tool_block(t) for t in tools))


def render_params(params: tuple[tuple[str, Any], ...]) -> RenderableType | None:
    """The call's other parameters (temperature, stream, tool_choice, …)."""
    if not params:
        return None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in params:
        grid.add_row(str(key), Text(_compact(value), style="cyan"))
    return grid


class RequestPane(VerticalScroll):
    """The request of the selected recording, top to bottom."""

    DEFAULT_CSS = """
    RequestPane {
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }

    #request-overview {
        margin: 1 0;
    }

    .section-title {
        color: $accent;
        background: $boost;
        padding: 0 1;
    }

    .section {
        margin-bottom: 0;
    }

    #request-json-box {
        margin-bottom: 1;
    }

    #request-json {
        height: auto;
        max-height: 30;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text("Select a recording in the tree.", style="dim italic"), id="request-overview")
        yield Static(classes="section-title", id="conversation-title")
        yield Static(id="request-conversation", classes="section")
        yield Static(classes="section-title", id="tools-title")
        yield Static(id="request-tools", classes="section")
        yield Static(classes="section-title", id="params-title")
        yield Static(id="request-params", classes="section")
        with Collapsible(title="request JSON", collapsed=True, id="request-json-box"):
            yield JsonTree(id="request-json")

    def on_mount(self) -> None:
        for node in self.query(".section-title, .section, #request-json-box"):
            node.display = False

    def show(self, rec: Recording, h: HashInfo, path: str) -> None:
        """Show a recording's request (``h`` under the rule set the user counts as ok)."""
        self.query_one("#request-overview", Static).update(render_overview(rec, h, path))
        req = rec.request
        n_tools = len(req.tools)
        n = len(req.messages)
        self._section("conversation", render_conversation(req), f"conversation · {n} message{'s' if n != 1 else ''}")
        self._section("tools", render_tools(req.tools), f"tools offered · {n_tools}")
        self._section("params", render_params(req.params), "parameters")
        box = self.query_one("#request-json-box", Collapsible)
        box.display = rec.ok
        if rec.ok:
            self.query_one("#request-json", JsonTree).show(rec.request_raw, label="request")
        self.scroll_home(animate=False)

    def _section(self, name: str, body: RenderableType | None, title: str) -> None:
        target = "request-" + name
        title_widget = self.query_one(f"#{name}-title", Static)
        body_widget = self.query_one(f"#{target}", Static)
        title_widget.display = body_widget.display = body is not None
        if body is not None:
            title_widget.update(Text(title, style="bold"))
            body_widget.update(body)
