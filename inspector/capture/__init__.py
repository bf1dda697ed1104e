"""Capture every replay miss and every read of a recorder run, from inside the run.

A front end like the command line, but one that lives inside someone else's process: the
pytest plugin (``pytest --capture-misses DIR``) and the start-up hook shipped as a ``.pth``
file (``RECORDING_INSPECTOR_MISSES=DIR`` for processes that are not pytest, such as the
``ogx stack run`` server the test script starts).  Both end in the same place, one
:class:`~inspector.capture.session.Capture` per process, which watches the recorder module
(``ogx.testing.api_recorder`` or ``llama_stack.testing.api_recorder``) once it is imported
and writes into DIR:

- ``misses/<hash>.json``: one per distinct miss, the request as the recorder would store it
  plus a ``miss`` block (kind, where replay looked, when, which recorder);
- ``runs/<started>-<pid>.jsonl``: one per process, append-only: ``start``, ``collected``
  (pytest), ``read`` and ``miss`` events.

Where to change what:

| to change… | go to |
|---|---|
| the variable, the flag, how DIR is resolved and handed to children | ``settings.py`` |
| the files written (exclusive atomic create, the run record's lines) | ``files.py`` |
| what a miss file and a run record line hold | ``session.py`` (``Capture``) |
| which recorder modules are known, the hook points, request shapes, where replay looked | ``recorder.py`` |
| patching the recorder when it is imported later | ``import_hook.py`` |
| the ``.pth`` start-up hook | ``recording_inspector_capture.pth``, ``startup.py`` |
| the pytest plugin and its summary line | ``pytest_plugin.py``, ``report.py`` |

The package imports nothing of the inspector's core (nor of its other front ends: an
import-linter contract in ``pyproject.toml`` keeps it so), so loading the plugin costs a
test run almost nothing, and nothing at all while it is off.
"""
