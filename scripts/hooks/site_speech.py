"""MkDocs hook: speech pages (front matter `kind: speech`) use overrides/speech.html, with the
readers' note on where the text comes from (safety_month.site.provenance) as page.sm_note."""

from safety_month.site import facts, provenance


def on_page_markdown(markdown, page, **kwargs):
    if page.meta.get("kind") == "speech":
        page.meta.setdefault("template", "speech.html")
        page.meta.setdefault("description", facts.speech_description(page.meta))
        page.meta.setdefault("hide", ["navigation", "toc"])   # not in the nav; outline is in the content
        page.sm_note = provenance.reader_note(page.meta)
    return markdown
