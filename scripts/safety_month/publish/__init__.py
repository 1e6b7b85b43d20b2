"""Publishing the built site/: the Content-Security-Policy, fingerprinted asset names, the scan
for references to outside hosts, whitespace trimming, the offline (file://) package, and the local static server of
`make serve-site` (serve: the site's own 404 page for missing pages, as nginx gives it).
May import: theme, tables, text, atomic.
"""
