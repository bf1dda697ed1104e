"""The response as the client had it after some chunks: text, reasoning, tool calls, finish.

Tool calls are shown as they assemble, then pretty-printed and checked against
the schema the request offered for that tool.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.highlighter import JSONHighlighter
from rich.panel import Panel
from rich.text import Text

from inspector.core.base.model import ChoiceResult, RecordedError, ToolCall, ToolSpec
from inspector.core.checks.schema import check_answer, check_arguments
from inspector.core.recording.secrets import mask_text
from inspector.core.streams.replay import ReplayState
from inspector.ui.state.masking import masked_state, secrets_revealed
from inspector.ui.widgets.measured import MeasuredStatic

__all__ = ["ResponseView", "render_state", "render_tool_call", "render_answer_check", "render_error", "usage_line"]

CURSOR = "▌"
_JSON = JSONHighlighter()


def usage_line(finish: str | None, usage: dict[str, object] | None) -> Text | None:
    """``finish stop · prompt 57 · completion 25 · total 82``."""
    if finish is None and not usage:
        return None
    text = Text()
    if finish is not None:
        text.append("finish ", style="dim")
        text.append(str(finish), style="bold green" if finish in ("stop", "end_turn", "STOP") else "bold yellow")
    if usage:
        flat = [(k, v) for k, v in usage.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if flat:
            if text:
                text.append(" · ", style="dim")
            text.append("usage ", style="dim")
            text.append(" · ".join(f"{k.replace('_tokens', '').replace('_token_count', '')} {v:g}" for k, v in flat))
    return text


def render_tool_call(call: ToolCall, tools: dict[str, ToolSpec], complete: bool) -> RenderableType:
    """A tool call panel: growing arguments while assembling, then checked and pretty."""
    title = Text()
    title.append(f"tool call {call.index}  ", style="dim")
    title.append(call.name or "…", style="bold yellow")
    if call.id:
        title.append(f"  {call.id}", style="dim")
    spec = tools.get(call.name or "")
    if not complete:
        body = Text(call.arguments, style="yellow") + Text(CURSOR, style="bold")
        return Panel(body, title=title, title_align="left", subtitle="assembling…", subtitle_align="right", border_style="yellow")
    check = check_arguments(call.arguments, spec.parameters if spec else None)
    lines: list[RenderableType] = []
    if check.parsed:
        lines.append(_JSON(check.pretty()))
    else:
        lines.append(Text(call.arguments or "(no arguments)", style="yellow"))
    for issue in check.issues:
        lines.append(Text(f"✗ {issue.message}", style="bold red"))
    if check.schema_error:
        lines.append(Text(f"? not checked: {check.schema_error}", style="yellow"))
    elif check.ok:
        if spec is None:
            note = Text("? the request offered no tool of this name", style="yellow")
        elif spec.parameters is None:
            note = Text("✓ valid JSON (the tool has no parameter schema)", style="green")
        else:
            note = Text("✓ matches the tool's parameter schema", style="green")
        lines.append(note)
    border = "green" if check.ok and spec is not None else "red" if check.issues else "yellow"
    return Panel(RichGroup(*lines), title=title, title_align="left", border_style=border)


def render_error(error: RecordedError, chunks_before: int) -> RenderableType:
    """The recorded failure, after whatever chunks arrived before it."""
    body = Text(error.message or "(no message)")
    facts = [f for f in (error.type, f"status {error.status_code}" if error.status_code else None, error.category, error.provider) if f]
    if facts:
        body = Text(" · ".join(facts), style="bold") + Text("\n") + body
    if chunks_before:
        body.append(f"\nafter {chunks_before} chunk{'s' if chunks_before != 1 else ''} received", style="dim")
    return Panel(body, title="error", title_align="left", border_style="bold red")


#: Longer text is shown as its last part: wrapping a whole 600,000-character answer on
#: every frame would freeze the app (the full text is in the Raw tab and `show`).
TEXT_WINDOW = 24_000


def _window(text: str, limit: int = TEXT_WINDOW) -> tuple[Text | None, str]:
    """A notice for the part cut off, and the tail of ``text`` to render (``limit`` characters or a little more).

    The cut moves in steps of a quarter of ``limit``, not with every character: while a text
    grows, the lines it wraps to stay where they were and only the last one changes (a playing
    frame then redraws a line, not the view).
    """
    if len(text) <= limit:
        return None, text
    step = max(256, limit // 4)
    cut = (len(text) - limit) // step * step
    if cut == 0:
        return None, text
    cut = text.find("\n", cut, cut + 400) + 1 or cut  # start at a line when one is near
    return Text(f"… {cut:,} earlier characters not shown (full text: Raw tab, or `recording-inspector show`)", style="dim italic"), text[cut:]


def _choice(choice: ChoiceResult, tools: dict[str, ToolSpec], finished: bool, live: bool, limit: int) -> list[RenderableType]:
    out: list[RenderableType] = []
    if choice.reasoning:
        notice, shown = _window(choice.reasoning, limit)
        reasoning = Text(shown, style="italic")
        if notice is not None:
            reasoning = notice + Text("\n") + reasoning
        if live and not choice.text and not choice.tool_calls:
            reasoning.append(CURSOR, style="bold")
        out.append(Panel(reasoning, title="reasoning", title_align="left", border_style="magenta", style="grey70"))
    if choice.text or (live and not choice.reasoning and not choice.tool_calls):
        notice, shown = _window(choice.text, limit)
        if notice is not None:
            out.append(notice)
        text = Text(shown)
        if live and not choice.tool_calls:
            text.append(CURSOR, style="bold")
        out.append(text)
    if choice.refusal:
        out.append(Text(f"refusal: {choice.refusal}", style="bold red"))
    calls = choice.tool_calls
    for i, call in enumerate(calls):
        complete = finished or choice.finish_reason is not None or i < len(calls) - 1
        out.append(render_tool_call(call, tools, complete))
    return out


def render_answer_check(text: str, schema: Any) -> Text:
    """Whether a finished structured answer meets the schema the request asked for (what ``response-schema`` checks)."""
    check = check_answer(text, schema)
    if check.schema_error:
        return Text(f"? the answer was not checked: {check.schema_error}", style="yellow")
    if check.ok:
        return Text("✓ the answer matches the requested JSON Schema", style="green")
    return Text("\n".join(f"✗ {i.message}" for i in check.issues), style="bold red")


def render_state(
    state: ReplayState,
    tools: dict[str, ToolSpec],
    *,
    details: tuple[tuple[str, str], ...] = (),
    hint: str = "",
    limit: int = TEXT_WINDOW,
    answer_schema: Any = None,
) -> RenderableType:
    """Everything the client had after ``state.position`` chunks.

    ``limit``: the most characters of a text or reasoning to render (its tail); the
    player passes what fits on screen while it plays, so a frame costs the same
    however long the answer has grown.
    """
    parts: list[RenderableType] = []
    if state.position == 0 and state.total > 0:
        parts.append(Text(hint or "nothing received yet", style="dim italic"))
    live = not state.finished and state.position > 0
    many = len(state.choices) > 1
    for choice in state.choices:
        if many:
            parts.append(Text(f"choice {choice.index}", style="bold underline"))
        parts.extend(_choice(choice, tools, state.finished, live, limit))
        if state.finished and answer_schema is not None and choice.text.strip() and not choice.tool_calls:
            parts.append(render_answer_check(choice.text, answer_schema))
        if many:
            line = usage_line(choice.finish_reason, None)
            if line is not None:
                parts.append(line)
    if state.finished:
        line = usage_line(None if many else state.primary.finish_reason, state.usage)
        if line is not None:
            parts.append(Text(""))
            parts.append(line)
        if details:
            grid = Text()
            for key, value in details:
                grid.append(f"{key} ", style="dim")
                grid.append(f"{value}\n")
            parts.append(grid)
        if state.error is not None:
            parts.append(render_error(state.error, state.total))
        if not state.choices and not details and state.error is None and not state.usage:
            parts.append(Text("(nothing to show for this response: see the Raw tab)", style="dim italic"))
    return RichGroup(*parts)


class ResponseView(MeasuredStatic):
    """The rebuilt response at the replay's position."""

    def show_state(
        self,
        state: ReplayState,
        tools: dict[str, ToolSpec],
        details: tuple[tuple[str, str], ...],
        hint: str,
        limit: int = TEXT_WINDOW,
        pin: int | None = None,
        answer_schema: Any = None,
    ) -> None:
        """Render the response after ``state.position`` chunks (texts cut to their last ``limit`` characters).

        ``pin``: show only the last ``pin`` lines, at a fixed height (while playing, see
        :meth:`MeasuredStatic.update_pinned`).
        """
        if not secrets_revealed(self.app):
            # A key streamed token by token is only recognisable once the pieces are joined.
            state = masked_state(state)
            details = tuple((k, mask_text(v)) for k, v in details)
        content = render_state(state, tools, details=details, hint=hint, limit=limit, answer_schema=answer_schema)
        if pin is None:
            self.update_measured(content)
        else:
            self.update_pinned(content, pin, "last")
