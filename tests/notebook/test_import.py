"""``import inspector`` stays light; the notebook API needs neither Textual nor rich."""

from __future__ import annotations

import subprocess
import sys

from inspector.notebook.recording import Recording


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys; print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(res.stdout.split())


def test_import_inspector_loads_nothing_heavy() -> None:
    mods = _loaded_after("import inspector")
    assert not mods & {"textual", "rich", "ipywidgets", "orjson"}


def test_notebook_api_needs_no_ui(samples_dir) -> None:
    code = f"import inspector\nc = inspector.open({str(samples_dir)!r})\nc._repr_html_()\nc[0]._repr_html_()\nc[0].replay(widgets=False)._repr_html_()"
    mods = _loaded_after(code)
    assert "textual" not in mods and "rich" not in mods and "ipywidgets" not in mods


def test_public_names() -> None:
    import inspector

    assert inspector.Recording is Recording
    assert {"load", "open", "Collection", "Recording", "ReplayView", "__version__"} <= set(inspector.__all__)
    assert inspector.samples_dir().name == "samples"
