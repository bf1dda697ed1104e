"""The Textual app: a tree of recordings, their request, an animated replay and the raw file.

``make_app(paths, ...)`` builds it; the command line, the tests, the screenshot
script, ``serve`` and the notebook all use that one factory.  Imported lazily so
``import inspector.ui`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspector.ui.app import InspectorApp, make_app
    from inspector.ui.state.config import AppConfig

__all__ = ["AppConfig", "InspectorApp", "make_app"]


def __getattr__(name: str) -> Any:
    if name in ("InspectorApp", "make_app"):
        from inspector.ui import app

        return getattr(app, name)
    if name == "AppConfig":
        from inspector.ui.state.config import AppConfig

        return AppConfig
    raise AttributeError(name)
