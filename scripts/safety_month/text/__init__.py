"""Shared text primitives: what counts as a Han character, and regular expressions guarded by
the characters a match can start with (fast scans of long alternations).

Pure functions over str, used by the importer, the editors' checks and the page contract.
May import: nothing.
"""
