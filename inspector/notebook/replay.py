"""The replay of a response in a notebook: play button and slider, or a static rendering.

Every frame is ``Replay.state(n)`` from the core rendered by :func:`state_html`;
seeking is cheap there, so the slider can jump anywhere.  ipywidgets is optional
(extra ``[jupyter]``) and only imported when a replay is shown.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Protocol

from inspector.core.streams.replay import ReplayState
from inspector.notebook.html import state_html

if TYPE_CHECKING:
    from inspector.core.recording.loading import Recording as CoreRecording

__all__ = ["ReplayView", "widgets_available", "TARGET_SECONDS"]

#: With no ``step`` given, frames skip chunks so a whole replay takes about this long.
TARGET_SECONDS = 20

_INSTALL_HINT = "ipywidgets is not installed: pip install 'recording-inspector[jupyter]'"


def widgets_available() -> bool:
    """True when ipywidgets can be imported."""
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


class Replayable(Protocol):
    """What a replay shows of a recording (the notebook's Recording is one; typed here so that
    this module need not import it, which imports this one to build its replays)."""

    @property
    def name(self) -> str: ...

    @property
    def streaming(self) -> bool: ...

    @property
    def core(self) -> CoreRecording: ...

    def state(self, n: int) -> ReplayState: ...


class ReplayView:
    """A displayable replay of one recording's response.

    In Jupyter with ipywidgets it is a Play button linked to a slider over the
    chunks and the response as it stood after the selected chunk.  Without
    ipywidgets (or with ``widgets=False``) it displays the state at ``position``
    (the end by default) as static HTML; that rendering of the final state is also
    sent alongside the widget, for viewers that cannot run widgets.
    """

    def __init__(
        self,
        recording: Replayable,
        *,
        position: int | None = None,
        interval: int = 40,
        step: int | None = None,
        widgets: bool | None = None,
    ) -> None:
        if interval < 1:
            raise ValueError("interval must be at least 1 millisecond")
        if step is not None and step < 1:
            raise ValueError("step must be at least 1 chunk")
        self.recording = recording
        self.total = recording.core.replay.total
        self.interval = interval
        self.step = step or max(1, math.ceil(self.total * interval / (TARGET_SECONDS * 1000)))
        if widgets is None:
            widgets = widgets_available()
        elif widgets and not widgets_available():
            raise ImportError(_INSTALL_HINT)
        # A one-step response (not streamed) has nothing to animate.
        self.uses_widgets = bool(widgets) and self.total > 1
        default = 0 if self.uses_widgets else self.total
        self._position = self._clamp(default if position is None else position)
        self._widget: Any = None
        self._html: Any = None
        self._slider: Any = None
        self._play: Any = None

    def _clamp(self, n: int) -> int:
        return max(0, min(int(n), self.total))

    # -- state ---------------------------------------------------------------------

    @property
    def position(self) -> int:
        """How many chunks have arrived in the frame shown (0 … total)."""
        return self._position

    @position.setter
    def position(self, n: int) -> None:
        n = self._clamp(n)
        self._position = n
        if self._slider is not None and self._slider.value != n:
            self._slider.value = n  # the observer re-renders the frame
            self._play.value = n

    @property
    def state(self) -> ReplayState:
        """The response as it stood after :attr:`position` chunks."""
        return self.recording.state(self._position)

    def html(self, n: int | None = None) -> str:
        """The HTML of the frame after ``n`` chunks (default: the current position)."""
        n = self._position if n is None else self._clamp(n)
        note = None if self.recording.streaming or self.total > 1 else "not streamed: the response arrived whole"
        return state_html(self.recording.state(n), title=self.recording.name, note=note)

    # -- widgets -------------------------------------------------------------------

    @property
    def widget(self) -> Any:
        """The ipywidgets container (built on first use), or ``None`` when not using widgets."""
        if not self.uses_widgets:
            return None
        if self._widget is None:
            self._widget = self._build()
        return self._widget

    def _build(self) -> Any:
        import ipywidgets as w

        self._play = w.Play(
            value=self._position, min=0, max=self.total, step=self.step, interval=self.interval,
            description="Play", tooltip="play the stream", show_repeat=False,
        )
        self._slider = w.IntSlider(
            value=self._position, min=0, max=self.total, step=1, description="chunk",
            continuous_update=True, layout=w.Layout(width="60%"),
        )
        # Linked in the browser so playing does not wait on the kernel for the slider.
        w.jslink((self._play, "value"), (self._slider, "value"))
        self._html = w.HTML(value=self.html())
        self._slider.observe(self._on_slider, names="value")
        return w.VBox([w.HBox([self._play, self._slider]), self._html])

    def _on_slider(self, change: dict[str, Any]) -> None:
        self._position = self._clamp(change["new"])
        self._html.value = self.html()

    # -- display -------------------------------------------------------------------

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if self.widget is None:
            return {"text/plain": repr(self), "text/html": self.html()}
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        # Viewers without a widget manager (nbconvert, GitHub) fall back to the final response.
        bundle["text/html"] = self.html(self.total)
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        mode = "widget" if self.uses_widgets else "static"
        return f"<ReplayView {self.recording.name}: chunk {self._position}/{self.total}, {mode}>"
