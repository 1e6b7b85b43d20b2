"""Patches of Material's built files: each patch is exact text with its reason, and the build
fails loudly when the theme's code changed so that a patch no longer applies.
May import: tables, atomic.
"""
