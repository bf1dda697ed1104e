"""The app's state: library, workbench, selection, filters, labels, masking, config: no Textual.

May import the core and inspector.render only; a contract forbids Textual here.
"""
