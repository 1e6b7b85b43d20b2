"""Chinese search: jieba segmentation off the main process, checks and transforms of Material's
index, the sharded index and engine for large sites, and the build-time state that ties them.
May import: pages, theme, workers, tables, text, atomic.
(pages: entry, the facts of a speech page search adds to its index entry.)
"""
