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

__all__ = ["Scrubber", "played_columns", "sparkline"]

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


def played_columns(n: int, cols: int, position: int) -> tuple[int, int]:
    """Where the sparkline's played columns end, and where the current chunk's columns end.

    Column ``i`` stands for chunks ``_span(i)``: it is played when all of them are
    (``hi < position``), current when it holds chunk ``position``, else not played yet.
    Spans only grow from left to right, so the columns come in that order.
    """
    played = current = 0
    for i in range(cols):
        lo, hi = _span(i, n, cols)
        if hi < position:
            played = current = i + 1
        elif lo < position <= hi:
            current = i + 1
        else:
            break
    return played, current


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
        self._bars: tuple[int, str] = (-1, "")  # (width, the sparkline at that width), made once per width

    def set_sizes(self, sizes: tuple[int, ...]) -> None:
        """The text each chunk added, for the sparkline."""
        self.sizes = sizes
        self._bars = (-1, "")
        self.refresh()

    def _sparkline(self, width: int) -> str:
        if self._bars[0] != width:
            self._bars = (width, "".join(_BARS[h] for h in sparkline(self.sizes, width)))
        return self._bars[1]

    def render(self) -> Text:
        head = Text()
        head.append("▶ " if self.playing else "❚❚ ", style="bold green" if self.playing else "bold")
        head.append(f"chunk {self.position}/{self.total}", style="bold")
        speed = f"{self.speed:g}x"
        head.append(f"  {speed}", style="cyan")
        if self.note:
            head.append(f"  {self.note}", style="dim")
        width = self.size.width or 40
        bars = self._sparkline(width) if self.total else ""
        line = Text()
        if bars:
            # Columns wholly played, then the one(s) holding the current chunk, then the rest:
            # three runs of one style each (a style per column made every frame cost 9 ms).
            played, current = played_columns(len(self.sizes), len(bars), self.position)
            line.append(bars[:played], style="bold cyan")
            line.append(bars[played:current], style="bold yellow")
            line.append(bars[current:], style="grey42")
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
