"""The app: a thin shell around the main screen, plus help, quitting and the palette.

Build it with :func:`make_app`.  Other parts plug in here: editing adds to
``unsaved_changes``; more screens (doctor, problems, compare) are pushed on top
of :class:`~inspector.ui.main.screen.MainScreen`, are handed what they read
(the library) and answer through their ``dismiss`` result
(:mod:`inspector.ui.screens.messages`); the palette's providers post those messages.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from inspector.core.index.grouping import GroupBy
from inspector.ui.main.screen import MainScreen, main_screen_of
from inspector.ui.state.config import DEFAULT_CHUNKS_PER_SECOND, AppConfig

if TYPE_CHECKING:
    from textual.command import Provider

    from inspector.core.recording.loading import Recording

__all__ = ["InspectorApp", "make_app"]


# Command palette providers, loaded when the palette first opens (as Textual's own are):
# textual.command and the providers are not needed for the first frame.
def _recording_commands() -> type[Provider]:
    from inspector.ui.main.commands import RecordingCommands

    return RecordingCommands


def _view_commands() -> type[Provider]:
    from inspector.ui.main.commands import ViewCommands

    return ViewCommands


def _editing_commands() -> type[Provider]:
    from inspector.ui.main.edit_commands import EditingCommands

    return EditingCommands


def _takes_text(widget: Widget) -> bool:
    """An editable text box (an Input, or a TextArea when one was ever loaded: not for the first frame)."""
    if isinstance(widget, Input):
        return True
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea) and not widget.read_only


class InspectorApp(App[None]):
    """Browse, read and replay recordings."""

    TITLE = "recording-inspector"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_recording_commands, _view_commands, _editing_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        # One key, two meanings: the footer shows the one that applies (see check_action).
        Binding("ctrl+r", "secrets(True)", "Show secrets", tooltip="Show secrets: the API keys, tokens and passwords masked on screen"),
        Binding("ctrl+r", "secrets(False)", "Mask secrets", tooltip="Mask secrets on screen again"),
    ]

    # Every screen gets a class for the terminal's size; app.tcss lays out 80x24 with them.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (30, "-tall")]

    #: Credentials are masked on screen until the user reveals them (ctrl+r); screens watch this.
    reveal_secrets: reactive[bool] = reactive(False, init=False)

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        if config.theme:
            self.theme = config.theme
        if not config.animations:
            self.animation_level = "none"

    def on_key(self, event: events.Key) -> None:
        """A typed character that reached the app while a text box has focus goes to the box.

        Keys are handed to the widget focused when they are read; a burst read before an
        action moved the focus (``/`` then ``quality``, pasted or typed fast) travels up
        from the old widget, and would otherwise run ``q``, ``c``, ``x`` … as commands.
        A box takes every character it is given, so one reached here was never offered to it.
        """
        focused = self.focused
        if event.is_printable and focused is not None and _takes_text(focused):
            event.prevent_default()  # no binding runs for it
            event.stop()
            focused.post_message(events.Key(event.key, event.character))

    def get_default_screen(self) -> Screen[None]:
        screen = MainScreen(self.config)
        # The size classes Textual would add on the first resize, given now: added later,
        # they restyle every widget of the screen once more before the first frame.
        screen.add_class(*self._size_classes())
        return screen

    def _size_classes(self) -> list[str]:
        width, height = self.size
        out = []
        for breakpoints, value in ((self.HORIZONTAL_BREAKPOINTS, width), (self.VERTICAL_BREAKPOINTS, height)):
            reached = [name for least, name in breakpoints if value >= least]
            out += reached[-1:]
        return out

    @property
    def main_screen(self) -> MainScreen:
        """The browser screen (under any screen pushed on top of it)."""
        return main_screen_of(self)

    @property
    def recording(self) -> Recording | None:
        """The recording on screen (unmasked), or None."""
        try:
            return self.main_screen.recording
        except LookupError:
            return None

    def unsaved_changes(self) -> list[str]:
        """What would be lost by quitting now: one line per recording with unsaved edits."""
        try:
            return self.main_screen.unsaved()
        except LookupError:
            return []

    async def action_quit(self) -> None:
        """Quit (asking first when there are unsaved edits)."""
        unsaved = self.unsaved_changes()
        if not unsaved:
            self.exit()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.exit()

        detail = "\n".join(unsaved[:10]) + (f"\n… and {len(unsaved) - 10} more" if len(unsaved) > 10 else "")
        from inspector.ui.screens.dialogs.confirm import ConfirmScreen

        self.push_screen(ConfirmScreen("Quit without saving?", detail), answer)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the ctrl+r binding that applies now is active (and shown in the footer)."""
        if action == "secrets":
            return bool(parameters and parameters[0]) != self.reveal_secrets
        return super().check_action(action, parameters)

    def action_secrets(self, reveal: bool) -> None:
        """Show the credentials masked on screen (True), or mask them again (False)."""
        self.reveal_secrets = reveal

    def action_toggle_secrets(self) -> None:
        """Reveal the API keys, tokens and passwords shown masked, or mask them again."""
        self.reveal_secrets = not self.reveal_secrets

    def watch_reveal_secrets(self, reveal: bool) -> None:
        self.refresh_bindings()
        if self.reveal_secrets:
            self.notify("secrets revealed on screen: ctrl+r masks them again", severity="warning", timeout=4)
        else:
            self.notify("secrets masked", timeout=2)

    def action_help(self) -> None:
        """Show every key, the tree markers and the filter language."""
        from inspector.ui.screens.help import HelpScreen, binding_sections

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(binding_sections(self, self.screen)))


def make_app(
    paths: Sequence[str | os.PathLike[str]],
    *,
    select: str | os.PathLike[str] | None = None,
    replay_speed: float = DEFAULT_CHUNKS_PER_SECOND,
    autoplay: bool = True,
    group_by: GroupBy | str = GroupBy.TEST,
    rules: str = "newest",
    animations: bool = True,
    theme: str | None = None,
    since: str | None = None,
    misses: Sequence[str | os.PathLike[str]] = (),
    runs: Sequence[str | os.PathLike[str]] = (),
) -> InspectorApp:
    """The app on ``paths`` (folders and/or files).

    ``select`` opens a recording at start (by default the first file among
    ``paths``).  ``replay_speed`` is chunks per second at 1x; ``0`` replays
    instantly (tests).  ``animations=False`` turns off blinking and clocks so
    screenshots are deterministic.  ``since`` marks the recordings changed in git since
    that revision (without it, a working tree with changes is marked against HEAD).
    ``rules``: a recorder profile's name (``ValueError`` listing the valid ones otherwise).
    ``misses``: capture folders (``--capture-misses DIR``) whose replay misses go at the top of
    the tree, each explained and healable; ``runs``: capture folders whose run records mark the
    recordings no run read.
    """
    from inspector.core.rules.profiles import rule_set

    rule_set(rules)  # the one check of the name, before anything starts
    config = AppConfig(
        paths=[Path(p) for p in paths],
        select=Path(select) if select is not None else AppConfig.select_from(list(paths)),
        replay_speed=replay_speed,
        autoplay=autoplay,
        group_by=GroupBy(group_by),
        rules=rules,
        animations=animations,
        theme=theme,
        since=since,
        misses=[Path(p) for p in misses],
        runs=[Path(p) for p in runs],
    )
    return InspectorApp(config)
