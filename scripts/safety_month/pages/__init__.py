"""The contract of a page in docs/: the front-matter reader (with line and column) and writer,
the schema of each page kind, scaffolding of new pages, and the redaction markup.

Everything that reads or writes a page's front matter goes through this room, so the importer,
the editors' checks, the site and the preview agree on what a page says.
May import: text, tables, campaign.
"""
