"""The app's state: library, workbench, selection, filters, labels, masking, change markers, config: no Textual.

May import the core and rich (labels and markers are rich Text) only; a contract forbids Textual here.
"""
