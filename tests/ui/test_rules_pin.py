"""`--rules` pins the rule set the tree's hash markers and the `hash:` filter use."""

from __future__ import annotations

from tests.conftest import SAMPLES
from tests.ui.helpers import app_for, settle


async def test_pinned_rules_change_the_tree_hash_status() -> None:
    for rules, expect_ok in (("newest", False), ("2026-05", True)):
        app = app_for(SAMPLES, rules=rules)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            while not app.screen._finished:
                await pilot.pause(0.05)
            lib = app.screen.library
            old_list = [s for s in lib.summaries if s.kind == "models" and "test_models_list" in (s.test_id or "")]
            assert len(old_list) == 1
            # The model list named by the May 2026 recorder is ok only when that rule set is pinned.
            assert (old_list[0].hash_status == "ok") is expect_ok
