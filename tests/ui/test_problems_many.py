"""The Problems view with thousands of findings: groups open on demand, and check: terms are right at once."""

from __future__ import annotations

import shutil
from pathlib import Path

from inspector.ui.screens.messages import FilesChanged
from inspector.ui.screens.problems import ProblemsScreen
from inspector.ui.widgets.problem_tree import ProblemTree

from .helpers import app_for, press, settle, type_text

SOURCE = Path(__file__).resolve().parents[2] / "inspector" / "samples" / "tests" / "integration" / "inference" / "recordings"
CLEAN = "27c7245ce0661d042cf7490aacb50ba3fe36e5918fb759b40811bba4c89d31f6.json"


def _many(tmp_path: Path, n: int = 320) -> Path:
    """``n`` copies of one recording under wrong names: each a hash-mismatch and a duplicate-request."""
    folder = tmp_path / "tests" / "integration" / "inference" / "recordings"
    folder.mkdir(parents=True)
    for i in range(n):
        shutil.copy2(SOURCE / CLEAN, folder / f"{i:064x}.json")
    return tmp_path / "tests"


async def test_a_large_report_opens_its_groups_when_asked(tmp_path: Path) -> None:
    root = _many(tmp_path)
    app = app_for(root)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        report = app.screen.report
        assert report is not None
        assert report.by_code() == {"hash-mismatch": 320, "duplicate-request": 320, "variant-explosion": 1}
        tree = app.screen.query_one(ProblemTree)
        first = tree.root.children[0]
        assert first.data.code == "hash-mismatch" and not first.is_expanded
        assert len(first.children) == 0  # not made until opened
        await press(pilot, "enter")
        await settle(pilot)
        assert first.is_expanded and len(first.children) == 320
        await press(pilot, "down")
        assert tree.current.code == "hash-mismatch" and tree.current.path.endswith(f"{0:064x}.json")


async def test_check_terms_typed_first_are_right_from_the_start(tmp_path: Path) -> None:
    root = _many(tmp_path, 40)
    shutil.copy2(SOURCE / CLEAN, root / "integration" / "inference" / "recordings" / CLEAN)  # the one named right
    app = app_for(root)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        main = app.screen
        await press(pilot, "slash")
        await type_text(pilot, "check:error")
        await settle(pilot)
        # Every copy is misnamed (an error); the original is a duplicate only (a warning).
        assert main.library.total == 41
        assert main.library.shown == 40
        assert str(root / "integration" / "inference" / "recordings" / CLEAN) not in main.library.grouper
        assert str(root / "integration" / "inference" / "recordings" / f"{7:064x}.json") in main.library.grouper
        await type_text(pilot, " -check:duplicate-request")
        await settle(pilot)
        assert main.library.shown == 0
        # Files changed on disk (as after a save or a trash): the report is made again.
        await press(pilot, *["backspace"] * len(" -check:duplicate-request"))
        await settle(pilot)
        assert main.library.shown == 40
        gone = [str(root / "integration" / "inference" / "recordings" / f"{i:064x}.json") for i in range(10)]
        for p in gone:
            Path(p).unlink()
        main.post_message(FilesChanged(removed=tuple(gone)))
        await settle(pilot)
        assert main.library.check_report is not None and main.library.check_report.files == 31
        assert main.library.shown == 30


async def test_until_the_checks_finish_a_check_term_says_so_and_matches_nothing(tmp_path: Path, monkeypatch) -> None:
    import threading

    from inspector.ui.main import screen as main_module
    from inspector.ui.screens import check_runner

    root = _many(tmp_path, 12)
    release = threading.Event()

    def slow(paths, rules, progress, cancelled=lambda: False):  # the real checks, after a pause half-way
        progress(5, 12)
        release.wait(10)
        return check_runner.run_checks(paths, rules, progress, cancelled)

    monkeypatch.setattr(main_module, "run_checks", slow)
    app = app_for(root)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        main = app.screen
        await press(pilot, "slash")
        for ch in "check:error":
            await pilot.press(ch)
        for _ in range(50):
            await pilot.pause(0.02)
            if "checking 5 of 12" in str(main.query_one("#filter-count").render()):
                break
        assert "check: terms need the checks: checking 5 of 12 files…" in str(main.query_one("#filter-count").render())
        assert main.library.shown == 0  # no guess while waiting
        release.set()
        await settle(pilot)
        assert main.library.shown == 12
        assert "12 of 12" in str(main.query_one("#filter-count").render())


async def test_two_model_lists_of_one_request_are_told_apart(tmp_path: Path) -> None:
    """``models-<hash>-<digest>.json``: shortening cuts the hash, never the digest that tells the files apart."""
    source = SOURCE / "models-99bdc90d8210695ae3e1112886fb9a237ee0ce20bdb2d0692962d4181a8a7fbe-4aaaf761.json"
    folder = tmp_path / "tests" / "integration" / "inference" / "recordings"
    folder.mkdir(parents=True)
    for digest in ("0da7d1b1", "fb68f5a6"):  # both named by an older rule set: a finding each
        shutil.copy2(source, folder / source.name.replace("4aaaf761", digest))
    app = app_for(tmp_path / "tests")
    async with app.run_test(size=(200, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        await settle(pilot)
        tree = app.screen.query_one(ProblemTree)
        group = tree.root.children[0]
        assert group.data.code == "hash-legacy-rule"
        group.expand()
        await settle(pilot)
        labels = [str(node.label).split("  ")[0] for node in group.children]
        assert labels == [
            "inference/recordings/models-99bdc90d8210…-0da7d1b1.json",
            "inference/recordings/models-99bdc90d8210…-fb68f5a6.json",
        ]
