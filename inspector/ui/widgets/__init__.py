"""The app's widgets, one per module.

May import state only (never screens, main or the app).
"""
