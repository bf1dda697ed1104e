"""Run a callback on a module right after it is imported, whenever that happens.

Capture is switched on at start-up (the ``.pth`` hook) or when pytest configures its
plugins, usually long before the recorder module is imported, and importing it early would
change the program's import order.  So a finder on ``sys.meta_path`` waits for the named
modules: it lets the other finders find the module as usual and only wraps the loader's
``exec_module`` so the callback runs once the module's code has run.  A module already
imported is handed to the callback at once.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

OnImport = Callable[[ModuleType], None]


class PostImportHook:
    """A ``sys.meta_path`` finder that calls ``on_import(module)`` after each named module executes."""

    def __init__(self, names: Iterable[str], on_import: OnImport) -> None:
        self.names = frozenset(names)
        self.on_import = on_import

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        """Find the module with the other finders and wrap its loader; None for every other name."""
        if fullname not in self.names:
            return None
        for finder in list(sys.meta_path):
            if finder is self or isinstance(finder, PostImportHook):
                continue
            find = getattr(finder, "find_spec", None)
            if find is None:
                continue
            spec = find(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = getattr(spec, "loader", None)
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        _chain_exec(loader, fullname, self.on_import)
        return spec

    def invalidate_caches(self) -> None:
        """Nothing cached here (``importlib.invalidate_caches`` calls every finder)."""


def _chain_exec(loader: Any, name: str, on_import: OnImport) -> None:
    # On the loader instance, not its class: the module's __loader__ stays the very object
    # its finder made, of the type other tools expect.  The instance attribute is taken off
    # again before the module runs, in case the loader serves other modules too (zipimport).
    exec_module = loader.exec_module
    shadowed = "exec_module" in getattr(loader, "__dict__", {})

    def exec_then_call(module: ModuleType) -> None:
        try:
            if shadowed:
                loader.exec_module = exec_module
            else:
                del loader.exec_module
        except (AttributeError, TypeError):
            pass
        exec_module(module)
        if module.__name__ == name:
            _call(on_import, module)

    # A loader that refuses attributes: the module loads unwatched rather than not at all.
    with contextlib.suppress(AttributeError, TypeError):
        loader.exec_module = exec_then_call


def _call(on_import: OnImport, module: ModuleType) -> None:
    # The callback reports its own problems; an import never fails for it.
    with contextlib.suppress(Exception):
        on_import(module)


def install(names: Iterable[str], on_import: OnImport) -> PostImportHook:
    """Watch ``names``: call ``on_import`` now for those already imported, later for the others.

    Installed first on ``sys.meta_path`` so it sees the import before any finder answers it.
    """
    hook = PostImportHook(names, on_import)
    sys.meta_path.insert(0, hook)
    for name in sorted(hook.names):
        module = sys.modules.get(name)
        if module is not None:
            _call(on_import, module)
    return hook
