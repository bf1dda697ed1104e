"""Dialogs: small modal screens that ask one question and dismiss with the answer.

May import widgets and state.
"""
