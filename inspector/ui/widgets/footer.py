"""The key footer: Textual's, drawn with the first screen and rebuilt once per burst of changes.

Textual's footer draws no keys until the screen's first binding change, then
rebuilds its keys after every ``refresh_bindings`` (a focus change, a screen
change, an action's state), one rebuild per call even when several come in the
same frame.  Starting the main screen makes five such calls, and each rebuild
mounts a dozen widgets, so the keys appeared 0.3-0.5 s after the rest of the
first screen in a real terminal.  This one composes its keys with the screen
and rebuilds once for all the calls made before the next refresh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

__all__ = ["KeyFooter", "PINNED_ACTIONS"]

#: Keys kept in view when the footer is too narrow for every key (80 columns): how to leave, how to learn.
PINNED_ACTIONS = ("quit", "help")


class KeyFooter(Footer):
    """A :class:`~textual.widgets.Footer` that coalesces binding changes and keeps `q` and `?` in view."""

    _rebuild_pending = False
    _shown: tuple[tuple[str, str, str, bool], ...] = ()
    _reorder = False  # a rebuild only to restore Textual's order (the footer grew wide again)

    def compose(self) -> ComposeResult:
        # Textual's footer composes no keys until the screen's first binding change; these
        # are composed with the screen, so they are in its first frame (the binding change
        # that follows, e.g. focus reaching the tree, rebuilds them once).
        self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._signature()
        yield from super().compose()

    def _signature(self) -> tuple[tuple[str, str, str, bool], ...]:
        """What the keys would show: rebuilding for the same keys is wasted (a dozen widgets restyled)."""
        return tuple(
            (key, binding.action, binding.description, enabled)
            for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items()
            if binding.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        # as Footer.bindings_changed (Textual 8.2), but at most one rebuild queued at a time
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._queue_rebuild()

    async def _rebuild(self) -> None:
        self._rebuild_pending = False  # changes from here on queue a new rebuild
        if not self.is_attached or not self.is_mounted:
            return  # its screen was closed meanwhile
        if self._signature() == self._shown and not self._reorder:
            return
        self._reorder = False
        await self.recompose()
        self.call_after_refresh(self._pin)

    def on_mount(self) -> None:
        self.call_after_refresh(self._pin)

    def on_resize(self, _event: events.Resize) -> None:
        self._pin()

    def _pin(self) -> None:
        """When the keys do not all fit, Quit and Help move to the front of the footer.

        A key's width does not depend on its place, so the sum decides without
        flip-flopping; when everything fits, the footer is Textual's order, unchanged.
        """
        keys = list(self.query_children(FooterKey))
        if not keys or not self.size.width:
            return
        crowded = sum(k.outer_size.width for k in keys) > self.size.width
        pinned = [k for k in keys if k.action in PINNED_ACTIONS]
        in_front = list(self.children[: len(pinned)]) == pinned
        if crowded and not in_front:
            for key in reversed(pinned):
                self.move_child(key, before=0)
        elif not crowded and pinned and in_front:
            self._reorder = True
            self._queue_rebuild()  # grown wide again: back to the usual order

    def _queue_rebuild(self) -> None:
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)
