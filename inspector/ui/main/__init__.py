"""The main screen and the controllers it owns: editing, curating, git marks, the palette.

May import screens, widgets and state; never the app module.
"""
