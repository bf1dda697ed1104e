"""Layer 5, export: a recording as something to run or read (curl, Python, a pytest skeleton, Markdown).

May import index, edit and the layers below them; not checks or history.

Every generator takes a loaded :class:`Recording` and returns text.  Credentials
never appear: API keys are read from an environment variable named after the
provider (``$OPENAI_API_KEY``…), recorded headers that carry credentials are
replaced by the same placeholder, and the finished text goes through
:func:`secrets.mask_text` as a last line of defence.

The request the recorder stores is the SDK call's keyword arguments and the URL
it built as ``base_url + endpoint`` (hence ``…/v1/v1/chat/completions``); the
generators undo that to get the URL the SDK really called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.core.base.lazy import lazy_exports

if TYPE_CHECKING:
    from inspector.core.export.curl import to_curl
    from inspector.core.export.formats import FORMATS, export
    from inspector.core.export.markdown import to_markdown
    from inspector.core.export.pytest_skeleton import to_pytest
    from inspector.core.export.python_script import to_python
    from inspector.core.export.target import ExportError, Target, target_of

# Loaded on first use: importing one generator does not import the others.
_LAZY = {
    "FORMATS": "formats",
    "export": "formats",
    "ExportError": "target",
    "Target": "target",
    "target_of": "target",
    "to_curl": "curl",
    "to_python": "python_script",
    "to_pytest": "pytest_skeleton",
    "to_markdown": "markdown",
}

__all__ = [
    "FORMATS",
    "ExportError",
    "Target",
    "export",
    "target_of",
    "to_curl",
    "to_markdown",
    "to_pytest",
    "to_python",
]


__getattr__, __dir__ = lazy_exports(globals(), _LAZY)
