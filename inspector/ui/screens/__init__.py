"""Screens of the app: the main browser, help, and confirmations."""
