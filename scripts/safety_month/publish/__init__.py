"""Publishing the built site/: the Content-Security-Policy, fingerprinted asset names, the scan
for references to outside hosts, whitespace trimming, and the offline (file://) package.
May import: theme, tables, text, atomic.
"""
