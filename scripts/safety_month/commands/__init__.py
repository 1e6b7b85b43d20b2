"""One module per `safety-month` subcommand (see safety_month.cli.COMMANDS).
May import: checks, importer, pages, site, search, publish, preview, theme, text, tables, campaign, workers, atomic, buildcache.
(atomic: `review --done` rewrites an editor's page, never leaving half a file.)
"""
