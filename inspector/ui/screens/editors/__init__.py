"""The editors pushed over the main screen: text, fields, JSON nodes, the whole JSON.

May import dialogs, widgets and state.
"""
