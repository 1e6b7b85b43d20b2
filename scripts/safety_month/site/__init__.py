"""What the site shows beyond the editors' Markdown: the speech library and 历届主题 pages,
the 五进 excerpts, campaign facts for the templates, and the generated icon stylesheet.

Pure functions over page facts; the MkDocs hooks (scripts/hooks/site_*.py) only feed them.
May import: pages, campaign, tables, text.
"""
