"""The example notebook runs headless in a real kernel and displays what it promises."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from .markup import check_markup

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "inspector_tour.ipynb"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
KERNEL = "recording-inspector-test"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Run the notebook once with a kernel on this interpreter; outputs by cell tag."""
    # A kernelspec in a private folder, so the kernel is this venv's python whatever else is installed.
    jupyter_dir = tmp_path_factory.mktemp("jupyter")
    spec = jupyter_dir / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "test", "language": "python"}))
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(jupyter_dir))
    mp.setenv("JUPYTER_PLATFORM_DIRS", "1")
    try:
        nb = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(
            nb, kernel_name=KERNEL, timeout=120, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
        )
        client.execute()
    finally:
        mp.undo()
    out: dict[str, dict[str, Any]] = {}
    for cell in nb.cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            data: dict[str, Any] = {}
            for o in cell.get("outputs", []):
                assert o["output_type"] != "error", f"cell {tag} failed: {o.get('evalue')}"
                data.update(o.get("data", {}))
                if o["output_type"] == "stream":
                    data["stdout"] = data.get("stdout", "") + o["text"]
            out[tag] = data
    return out


def _text(out: dict[str, Any]) -> str:
    assert "text/html" in out, sorted(out)
    return check_markup(out["text/html"])


pytestmark = pytest.mark.slow


def test_collection_displays_as_a_table_by_test(executed: dict[str, dict[str, Any]]) -> None:
    html = executed["collection"]["text/html"]
    text = _text(executed["collection"])
    assert "recordings in" in text and "test_agents.py::" in text
    assert html.count('class="ri-group"') >= 10
    for column in ("kind", "model", "hash"):
        assert f"<th>{column}</th>" in html
    assert "hash ok" in text and "hash mismatch" in text


def test_filter_shows_only_matching_recordings(executed: dict[str, dict[str, Any]]) -> None:
    text = _text(executed["filter"])
    assert "filter: model:gpt-4o has:tools" in text
    assert "gpt-4o" in text and "Qwen" not in text


def test_recording_shows_request_response_and_tool_calls(executed: dict[str, dict[str, Any]]) -> None:
    text = _text(executed["recording"])
    assert "Request" in text and "Response" in text and "Is it warmer in Lisbon or in Oslo" in text
    assert "⚙ get_weather" in text and '"city": "Lisbon' in text
    assert "usage:" in text and "hash ok" in text
    assert "get_weather" in executed["values"]["stdout"]


def test_replay_is_a_widget_with_a_static_fallback(executed: dict[str, dict[str, Any]]) -> None:
    for tag in ("replay", "reasoning"):
        out = executed[tag]
        assert WIDGET_MIME in out, sorted(out)
        assert "(complete)" in _text(out)
    assert "reasoning (" in _text(executed["reasoning"])


def test_problem_views(executed: dict[str, dict[str, Any]]) -> None:
    stale = _text(executed["stale"])
    assert "filter: hash:stale" in stale and "hash ok" not in stale
    errors = _text(executed["errors"])
    assert "filter: has:error" in errors and "Error" in errors
    assert "test_" in executed["where"]["text/plain"]
