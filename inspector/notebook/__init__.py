"""The notebook API: recordings and collections that display as HTML in Jupyter.

``inspector.load(path)`` and ``inspector.open(paths)`` (re-exported by the
package) are the entry points; this package renders the core's typed records as
HTML and, when ipywidgets is installed, replays streams with a play button.
"""

from __future__ import annotations

from inspector.notebook.collection import Collection, open_collection
from inspector.notebook.recording import Recording, load
from inspector.notebook.replay import ReplayView, widgets_available

__all__ = ["Collection", "Recording", "ReplayView", "load", "open_collection", "widgets_available"]
