"""Command palette (ctrl+p) providers: jump to a recording; switch grouping, tab or theme."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from inspector.core.index.grouping import GroupBy
from inspector.ui.screens.messages import OpenRecording, SetFilter
from inspector.ui.state.labels import recording_label, short_hash
from inspector.ui.state.masking import secrets_revealed

if TYPE_CHECKING:
    from inspector.ui.main.screen import MainScreen

__all__ = ["RecordingCommands", "ViewCommands"]

_MAX_HITS = 40


def _main(provider: Provider) -> MainScreen | None:
    from inspector.ui.main.screen import main_screen_of

    try:
        return main_screen_of(provider.app)
    except LookupError:
        return None


def _changes_action(screen: MainScreen, name: str) -> None:
    from inspector.ui.main.changes import watch_of

    getattr(watch_of(screen), name)()


class RecordingCommands(Provider):
    """Find a recording by hash prefix, test id or any text in it, and open it."""

    async def search(self, query: str) -> Hits:
        screen = _main(self)
        needle = query.strip().lower()
        if screen is None or len(needle) < 2:
            return
        matcher = self.matcher(query)
        rules = screen.config.rules
        found = 0
        for s in screen.library.summaries:
            name = s.name.lower()
            if name.startswith(needle) or name.startswith(f"models-{needle}"):
                score = 1.0
            elif s.test_id and needle in s.test_id.lower():
                score = 0.6 + 0.3 * matcher.match(s.test_id)
            elif needle in s.search:
                score = 0.3
            else:
                continue
            label = recording_label(s, rules)
            label.append(f"  {s.test_id or s.path}", style="dim")
            yield Hit(score, label, partial(screen.post_message, OpenRecording(s.path)), text=f"{short_hash(s)} {s.test_id or s.path}", help="open this recording")
            found += 1
            if found >= _MAX_HITS:
                return


class ViewCommands(Provider):
    """Grouping, tabs, common filters and themes."""

    def _commands(self) -> list[tuple[str, object, str]]:
        screen = _main(self)
        app = self.app
        out: list[tuple[str, object, str]] = []
        if screen is not None:
            for by in GroupBy:
                out.append((f"Group {by.title}", partial(screen.set_grouping, by), "regroup the tree"))
            for tab in ("request", "replay", "raw"):
                out.append((f"Show the {tab.capitalize()} tab", partial(screen.action_show_tab, tab), ""))
            for text, what in (
                ("has:tools", "recordings with tool calls"),
                ("has:error", "recorded errors and unreadable files"),
                ("hash:stale", "files whose name is not the request hash"),
                ("is:stream", "streamed responses"),
            ):
                out.append((f"Filter: {what}", partial(screen.post_message, SetFilter(text)), text))
            out.append(("Clear the filter", partial(screen.post_message, SetFilter("")), ""))
            out += [
                ("Problems: check the opened folders", screen.action_problems, "p · grouped by code; enter opens the file"),
                ("Doctor: why did replay miss a recording?", screen.action_doctor, "w · paste the failure, see the drift"),
                ("Compare: mark this recording, or compare it with the marked one", screen.action_compare, "c"),
                ("Export the selected recording (curl, Python, pytest, Markdown)", screen.action_export, "x"),
                ("Filter: files with problems (run Problems first)", partial(screen.post_message, SetFilter("check:any")), "check:any"),
                ("Compare with revision…", partial(_changes_action, screen, "ask_revision"), "mark what changed in git since a branch, tag or commit"),
            ]
            if screen.change_marks is not None:
                label, rev = screen.change_marks.label, screen.change_marks.rev
                out += [
                    (f"Compare this recording with its version at {rev}", partial(_changes_action, screen, "compare_current"), "the compare view: request diff, replays in lock-step"),
                    (f"Filter: recordings changed {label}", partial(screen.post_message, SetFilter("changed:any")), "changed:any"),
                    (f"Filter: requests changed {label}", partial(screen.post_message, SetFilter("changed:request")), "changed:request"),
                    (f"Filter: made unreachable {label}", partial(screen.post_message, SetFilter("changed:stale")), "changed:stale"),
                ]
        # The app's secrets switch, set by name as ctrl+r's action does (the providers do not import the app).
        if secrets_revealed(app):
            out.append(("Mask secrets again", partial(setattr, app, "reveal_secrets", False), "ctrl+r"))
        else:
            out.append(("Show secrets (API keys, tokens, passwords)", partial(setattr, app, "reveal_secrets", True), "ctrl+r"))
        for name in sorted(app.available_themes):
            out.append((f"Theme: {name}", partial(setattr, app, "theme", name), "switch the colour theme"))
        return out

    async def discover(self) -> Hits:
        for title, command, help in self._commands():
            if not title.startswith("Theme:"):
                yield DiscoveryHit(title, command, help=help or None)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command, help in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, text=title, help=help or None)  # type: ignore[arg-type]


