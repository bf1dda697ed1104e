"""The raw JSON of the chunk the replay just applied, and what it changed."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.json import JSON
from rich.text import Text

from inspector.core.streams.replay import Change
from inspector.ui.widgets.measured import MeasuredStatic

__all__ = ["ChunkView", "clip_strings", "render_chunk"]

_CLIP = 200


def clip_strings(value: Any, limit: int = _CLIP, depth: int = 0) -> Any:
    """A copy of a JSON value with long strings shortened, for display only."""
    if depth > 40:
        return "…"
    if isinstance(value, str):
        return value if len(value) <= limit else f"{value[:limit]}… ({len(value):,} chars)"
    if isinstance(value, list):
        return [clip_strings(v, limit, depth + 1) for v in value[:200]] + ([f"… {len(value) - 200} more"] if len(value) > 200 else [])
    if isinstance(value, dict):
        return {k: clip_strings(v, limit, depth + 1) for k, v in value.items()}
    return value


_SHOWN = 120  # characters of a changed value shown on its line


def _cut(text: str, limit: int = _SHOWN) -> str:
    """``text`` shortened to ``limit`` characters, ending in ``…`` when something was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _change_line(change: Change) -> Text:
    """``text += "…"`` for text the chunk appended, ``role = "assistant"`` for a field it set."""
    # One line each; a value wider than the pane ends in "…" at its edge, not mid-word.
    text = Text(change.what, style="bold", no_wrap=True, overflow="ellipsis")
    text.append(" += " if change.op == "append" else " = ", style="dim")
    if isinstance(change.value, str):
        shown = json.dumps(change.value[:_SHOWN], ensure_ascii=False)
        if len(change.value) > _SHOWN:
            shown = shown[:-1] + '…"'  # the quotes stay, the cut shows inside them
        text.append(shown, style="green" if change.op == "append" else "cyan")
    else:
        text.append(_cut(json.dumps(clip_strings(change.value, 60), ensure_ascii=False, default=str)), style="cyan")
    return text


def render_chunk(position: int, total: int, chunk: Any, changes: tuple[Change, ...]) -> RenderableType:
    """``chunk 3 of 28``, the changes it made, and its JSON."""
    if position == 0:
        return Text(f"{total} chunk{'s' if total != 1 else ''}; the raw JSON of each shows here as it is replayed.", style="dim italic")
    parts: list[RenderableType] = [Text(f"chunk {position} of {total}", style="bold")]
    parts.extend(_change_line(c) for c in changes)
    parts.append(Text(""))
    if isinstance(chunk, (dict, list)):
        parts.append(JSON.from_data(clip_strings(chunk), indent=2, ensure_ascii=False))
    else:
        parts.append(Text(json.dumps(clip_strings(chunk), ensure_ascii=False, default=str)))
    return RichGroup(*parts)


class ChunkView(MeasuredStatic):
    """Shows one chunk of the stream, in step with the replay."""

    def show_chunk(
        self, position: int, total: int, chunk: Any, changes: tuple[Change, ...], pin: int | None = None
    ) -> None:
        """Render chunk ``position`` (1-based; 0 shows a hint); ``pin``: only its first ``pin`` lines."""
        content = render_chunk(position, total, chunk, changes)
        if pin is None:
            self.update_measured(content)
        else:
            self.update_pinned(content, pin, "first")
