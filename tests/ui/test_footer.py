"""The footer rebuilds once for a burst of binding changes, and still shows the current keys.

(That its keys follow what can be done, e.g. Save only with unsaved edits, is in test_editing.py.)
"""

from __future__ import annotations

from inspector.ui.widgets.footer import KeyFooter
from tests.ui.helpers import app_for, screen_text, settle


async def test_a_burst_of_binding_changes_rebuilds_the_footer_once(samples_dir, monkeypatch) -> None:
    rebuilds = 0
    original = KeyFooter.recompose

    async def counting(self):
        nonlocal rebuilds
        rebuilds += 1
        await original(self)

    monkeypatch.setattr(KeyFooter, "recompose", counting)
    app = app_for(samples_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rebuilds = 0
        for _ in range(5):  # as many as starting the main screen makes, with nothing to show differently
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert rebuilds == 0  # the same keys: nothing rebuilt
        app.reveal_secrets = True  # ctrl+r now says "Mask secrets"
        for _ in range(5):
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert rebuilds == 1
        assert "^r Mask secret" in screen_text(app)  # (cut by the palette key at 120 columns)
        # a change after that rebuild is shown too
        app.reveal_secrets = False
        await pilot.pause()
        await pilot.pause()
        assert rebuilds == 2
        text = screen_text(app)
        assert "Mask secret" not in text and "Filter" in text and "Quit" in text and "Help" in text



async def test_the_keys_are_drawn_with_the_first_screen(samples_dir, monkeypatch) -> None:
    """Textual's footer waits for the screen's first binding change; ours draws its keys at once."""
    from textual.screen import Screen
    from textual.widgets._footer import FooterKey

    from inspector.ui.main.screen import MainScreen

    seen: dict[str, list[str]] = {}
    original = Screen._compositor_refresh

    def first_draw(self) -> None:  # what the first drawing of the main screen holds
        if isinstance(self, MainScreen) and "keys" not in seen:
            seen["keys"] = [str(k.description) for k in self.query(FooterKey)]
        original(self)

    monkeypatch.setattr(Screen, "_compositor_refresh", first_draw)
    app = app_for(samples_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        while "keys" not in seen:
            await pilot.pause()
    assert "Filter" in seen["keys"] and "Quit" in seen["keys"]
