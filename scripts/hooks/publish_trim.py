"""MkDocs hook: shorten the template's indentation in every rendered page (safety_month.publish.trim).

Runs on each page's output (so a preview rebuild trims only the pages it renders), before the
post-build hooks that rewrite asset names and hash inline scripts for the CSP (script contents
are never changed).
"""

from safety_month.buildcache.memo import text_step
from safety_month.publish.trim import collapse_whitespace
from safety_month.preview.memo import PageMemo

_filter = {"page": collapse_whitespace}


def on_startup(command, **kwargs):
    # The live preview hands unchanged pages back as the same HTML: trim each only once.
    # `mkdocs build`: a page trimmed by an earlier build is read from the page cache.
    _filter["page"] = PageMemo(collapse_whitespace) if command == "serve" else text_step("trim", collapse_whitespace)


def on_post_page(output, page, config, **kwargs):
    return _filter["page"](output)
