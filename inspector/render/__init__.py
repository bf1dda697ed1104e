"""Rich renderings shared by the front ends: the command line, the app and the notebook.

This layer imports rich and the core, never Textual or a front end (the import-linter
contracts in ``pyproject.toml`` keep it so).  Modules are imported by name
(``inspector.render.changes``) so that importing one does not pull in the others:
``recording`` needs pygments, which the app's first frame does without.
"""
