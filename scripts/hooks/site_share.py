"""MkDocs hook: each page's public address and its QR code (safety_month.site.share) as
page.sm_share, for overrides/partials/share.html (copy-link button, QR on request and in print)."""

from safety_month.site import share


def on_page_markdown(markdown, page, **kwargs):
    url = share.public_url(page.canonical_url)
    page.sm_share = {"url": url, "qr": share.qr_svg(url) if url else ""}
    return markdown
