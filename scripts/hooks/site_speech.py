"""MkDocs hook: speech pages (front matter `kind: speech`) use overrides/speech.html, get their
paragraph anchors and redaction marks from the Markdown extension safety_month.site.markup
(switched on for them only: an extension does not see the page's front matter), and the
readers' note on where the text comes from (safety_month.site.provenance) as page.sm_note."""

from safety_month.site import facts, markup, provenance


def on_page_markdown(markdown, page, config, **kwargs):
    speech = page.meta.get("kind") == "speech"
    markup.set_speech(config["mdx_configs"], speech)
    if speech:
        page.meta.setdefault("template", "speech.html")
        page.meta.setdefault("description", facts.speech_description(page.meta))
        page.meta.setdefault("hide", ["navigation", "toc"])   # not in the nav; outline is in the content
        page.sm_note = provenance.reader_note(page.meta)
    return markdown
