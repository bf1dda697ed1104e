"""The manual: a short README, links that lead somewhere, and every command's --help naming its page.

Cheap checks on the Markdown files themselves; `.ci/run` also builds the site with
`mkdocs build --strict`, which checks the same links and anchors once more.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from inspector.cli.main import COMMANDS, DOCS, _build_parser, main

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PAGES = sorted((ROOT / "docs").glob("*.md"))

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _prose(text: str) -> str:
    """The Markdown without code blocks and code spans (their brackets are not links)."""
    return _CODE_SPAN.sub("", _FENCE.sub("", text))


def _anchors(path: Path) -> set[str]:
    """The anchors GitHub (and the site, configured alike) gives the headings of ``path``."""
    seen: dict[str, int] = {}
    anchors = set()
    for heading in _HEADING.findall(_FENCE.sub("", path.read_text(encoding="utf-8"))):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").strip().lower()
        slug = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        anchors.add(slug if n == 0 else f"{slug}-{n}")
    return anchors


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    return capsys.readouterr().out


def test_readme_is_a_front_page() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 200, f"README.md has {len(lines)} lines: move the detail into docs/"


def test_quick_start_is_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Quick start\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert section, "README.md has no '## Quick start' section"
    blocks = re.findall(r"^```\w*\n(.*?)^```", section.group(1), re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, "the Quick start has one code block"
    commands = [line for line in blocks[0].splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert len(commands) == 2, commands
    assert any("pip install -e ." in c and "recording-inspector" in c for c in commands)  # installs and opens the app
    assert any('".[test]"' in c and "pytest" in c for c in commands)  # the test extras and the whole suite


def test_the_tour_leads_to_the_replay_failures_page() -> None:
    assert "](docs/replay-failures.md)" in README.read_text(encoding="utf-8")
    first = (ROOT / "docs" / "replay-failures.md").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# When replay fails in CI"


@pytest.mark.parametrize("page", [README, *PAGES], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_lead_to_files_and_headings(page: Path) -> None:
    broken = []
    for target in _LINK.findall(_prose(page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        dest = (page.parent / file_part).resolve() if file_part else page
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            broken.append(f"{target}: no heading with that anchor")
    assert not broken, f"{page.name}: " + "; ".join(broken)


def test_every_command_has_a_page() -> None:
    missing = sorted({"app", *COMMANDS} - set(DOCS))
    assert not missing, f"add the page documenting {', '.join(missing)} to DOCS in inspector/cli/main.py"


@pytest.mark.parametrize("command", ["app", *COMMANDS])
def test_help_names_an_existing_page(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = _help([command, "--help"], capsys)
    pages = re.findall(r"\bDocs: (docs/\S+\.md)\b", out)
    assert pages == [DOCS[command]], out
    assert (ROOT / pages[0]).is_file()


def test_top_level_help_names_the_manual(capsys: pytest.CaptureFixture[str]) -> None:
    out = _help(["--help"], capsys)
    assert "Docs: docs/index.md" in out and (ROOT / "docs" / "index.md").is_file()


def test_every_option_is_documented() -> None:
    """The manual loses no option: each one of every command appears in docs/."""
    docs = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    sub = next(a for a in _build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    undocumented = []
    for name, parser in sub.choices.items():
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help" and not re.search(rf"{re.escape(option)}(?![\w-])", docs):
                    undocumented.append(f"{name} {option}")
    assert not undocumented, "not in docs/: " + ", ".join(undocumented)
