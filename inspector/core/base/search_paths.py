"""Where recordings are looked for when no path is given: the shipped samples or ``./tests/integration``."""

from __future__ import annotations

from pathlib import Path

__all__ = ["default_paths", "samples_dir"]


def samples_dir() -> Path:
    """The sample recordings shipped inside the package."""
    return Path(__file__).resolve().parents[2] / "samples"


def default_paths() -> list[Path]:
    """``./tests/integration`` when it holds recordings, else the shipped samples."""
    here = Path("tests/integration")
    if here.is_dir() and any(here.rglob("recordings")):
        return [here]
    return [samples_dir()]
