"""Screens pushed over the main screen: help, compare, doctor, problems, export, trash; dialogs and editors.

May import widgets and state; never the main screen or the app module (they are handed the config).
"""
