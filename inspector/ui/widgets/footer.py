"""The key footer: Textual's, drawn with the first screen and rebuilt once per burst of changes.

Textual's footer draws no keys until the screen's first binding change, then
rebuilds its keys after every ``refresh_bindings`` (a focus change, a screen
change, an action's state), one rebuild per call even when several come in the
same frame.  Starting the main screen makes five such calls, and each rebuild
mounts a dozen widgets, so the keys appeared 0.3-0.5 s after the rest of the
first screen in a real terminal.  This one draws its keys as soon as it is
mounted and rebuilds once for all the calls made before the next refresh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = ["KeyFooter"]


class KeyFooter(Footer):
    """A :class:`~textual.widgets.Footer` that coalesces binding changes."""

    _rebuild_pending = False

    def on_mount(self) -> None:
        super().on_mount()
        # Textual's footer draws no keys until the screen's first binding change; drawing
        # them at once puts them in the first frame (the change that follows rebuilds them
        # once if focus changed which keys apply).
        if not self._bindings_ready:
            self._bindings_ready = True
            self._rebuild_pending = True
            self.call_later(self._rebuild)

    def bindings_changed(self, screen: Screen) -> None:
        # as Footer.bindings_changed (Textual 8.2), but at most one rebuild queued at a time
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False  # changes from here on queue a new rebuild
        await self.recompose()
