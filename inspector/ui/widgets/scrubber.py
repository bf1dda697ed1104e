"""The replay's scrubber: where the replay is, how fast, and a sparkline of chunk sizes.

Click anywhere on it to seek to that chunk.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

__all__ = ["Scrubber", "sparkline"]

_BARS = "▁▂▃▄▅▆▇█"


def sparkline(sizes: tuple[int, ...] | list[int], width: int) -> list[int]:
    """Bar heights (0-7) for ``width`` columns: each column the largest chunk it covers."""
    n = len(sizes)
    if n == 0 or width <= 0:
        return []
    top = max(sizes) or 1
    out = []
    for c in range(width):
        lo, hi = _span(c, n, width)
        peak = max(sizes[lo:hi])
        out.append(0 if peak == 0 else max(1, round(peak / top * 7)))
    return out


def _span(col: int, n: int, width: int) -> tuple[int, int]:
    """The chunks column ``col`` stands for (a chunk spans several columns when there are few)."""
    lo = col * n // width
    return lo, max(lo + 1, (col + 1) * n // width)


class Scrubber(Widget):
    """``▶ chunk 12/28 · 1x`` over a sparkline whose played part is highlighted."""

    DEFAULT_CSS = """
    Scrubber { height: 2; }
    """

    position: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    playing: reactive[bool] = reactive(False)
    speed: reactive[float] = reactive(1.0)

    @dataclass
    class Seek(Message):
        """The user clicked the scrubber at chunk ``position`` (0 … total)."""

        position: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sizes: tuple[int, ...] = ()
        self.note = ""

    def set_sizes(self, sizes: tuple[int, ...]) -> None:
        """The text each chunk added, for the sparkline."""
        self.sizes = sizes
        self.refresh()

    def render(self) -> Text:
        head = Text()
        head.append("▶ " if self.playing else "❚❚ ", style="bold green" if self.playing else "bold")
        head.append(f"chunk {self.position}/{self.total}", style="bold")
        speed = f"{self.speed:g}x"
        head.append(f"  {speed}", style="cyan")
        if self.note:
            head.append(f"  {self.note}", style="dim")
        width = self.size.width or 40
        bars = sparkline(self.sizes, width) if self.total else []
        line = Text()
        if bars:
            n, cols = len(self.sizes), len(bars)
            for i, h in enumerate(bars):
                lo, hi = _span(i, n, cols)
                current = lo < self.position <= hi
                style = "bold yellow" if current else "bold cyan" if hi <= self.position else "grey42"
                line.append(_BARS[h], style=style)
        else:
            line.append("no chunks to replay" if self.total == 0 else "", style="dim")
        return head + Text("\n") + line

    def on_click(self, event: events.Click) -> None:
        if not self.total:
            return
        cols = self.size.width or 1
        x = max(0, min(event.x, cols - 1))
        # Seeking to a column shows every chunk up to the last one it stands for.
        _lo, hi = _span(x, len(self.sizes) or self.total, cols)
        self.post_message(self.Seek(min(self.total, hi)))
