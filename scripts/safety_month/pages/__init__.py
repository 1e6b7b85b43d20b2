"""The contract of a page in docs/: the names every room shares (contract: speech folder, the
five 五进 audiences, redaction markup, generated-hash rule), the one front-matter reader (with
line and column) and the one writer, the schema of each page kind (schema, with its value
checks, cross-field rules and messages in schema_*), scaffolding of new pages, what counts as
a placeholder (redaction), and the one shape of a speech entry the site and search use (entry).

Everything that reads or writes a page's front matter goes through this room, so the importer,
the editors' checks, the site and the preview agree on what a page says.
May import: text, tables, campaign.
"""
