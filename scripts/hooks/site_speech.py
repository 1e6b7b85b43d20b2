"""MkDocs hook: speech pages (front matter `kind: speech`) use overrides/speech.html, and get
their paragraph anchors and redaction marks from the Markdown extension safety_month.site.markup
(switched on for them only: an extension does not see the page's front matter)."""

from safety_month.site import facts, markup


def on_page_markdown(markdown, page, config, **kwargs):
    speech = page.meta.get("kind") == "speech"
    markup.set_speech(config["mdx_configs"], speech)
    if speech:
        page.meta.setdefault("template", "speech.html")
        page.meta.setdefault("description", facts.speech_description(page.meta))
        page.meta.setdefault("hide", ["navigation", "toc"])   # not in the nav; outline is in the content
    return markdown
