"""The live preview (`mkdocs serve -f mkdocs.preview.yml`): pages, templates and source files
kept in memory between rebuilds, so a save shows in the browser in about a second.
May import: pages, theme, tables.
(theme: internals, the registry of the MkDocs internals the preview's caches patch.)
"""
