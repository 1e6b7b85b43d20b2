"""Shared text primitives: what counts as a Han character, and regular expressions guarded by
the characters a match can start with (fast scans of long alternations).

Pure functions over str, used by the importer, the editors' checks and the page contract; the
look-alike supplement table is data, read like every table.
May import: tables.
"""
