"""The build's page cache: work done for a page in an earlier `mkdocs build`, reused while
everything that work read is unchanged (.cache/pages.sqlite, next to the segmentation cache).

- store: the on-disk table (SQLite), written once at the end of a successful build;
- stamps: what every cached result depends on (the project's code and theme, the installed
  packages, the configuration);
- memo: `cached(kind, parts, compute)` for one pure step of one page;
- pages: MkDocs glue for the Markdown conversion and the page template of speech pages;
- site_facts: per-speech facts of the generated pages (the 五进 candidates), merged each build;
- site_dir: site/ written over instead of emptied first, and what a build did not write
  removed after it (hook scripts/hooks/build_site_dir.py).

May import: pages, theme, preview, publish, search, site, workers.

The hook scripts/hooks/build_cache.py switches it on for `mkdocs build` only (the live
preview has its own in-memory caches, safety_month.preview).
"""
