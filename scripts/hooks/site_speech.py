"""MkDocs hook: speech pages (front matter `kind: speech`) use overrides/speech.html."""

from safety_month.site import facts


def on_page_markdown(markdown, page, **kwargs):
    if page.meta.get("kind") == "speech":
        page.meta.setdefault("template", "speech.html")
        page.meta.setdefault("description", facts.speech_description(page.meta))
        page.meta.setdefault("hide", ["navigation", "toc"])   # not in the nav; outline is in the content
    return markdown
