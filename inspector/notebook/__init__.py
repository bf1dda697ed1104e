"""The notebook API: recordings and collections that display as HTML in Jupyter.

``inspector.load(path)`` and ``inspector.open(paths)`` (re-exported by the
package) are the entry points; this package renders the core's typed records as
HTML and, when ipywidgets is installed, replays streams with a play button.
"""

from __future__ import annotations

from .collection import Collection, open_collection
from .recording import Recording, load
from .replay import ReplayView, widgets_available

__all__ = ["Collection", "Recording", "ReplayView", "load", "open_collection", "widgets_available"]
