"""Unchanged speech pages left out of a preview rebuild's per-page work (preview only).

With the caches of safety_month.preview.pages, an unchanged speech costs no conversion and no
template rendering, but MkDocs still runs every page through its events (pre_page, markdown,
content, page_context, post_page: a dozen hooks), builds its template context and hands its
output to write_file: at 3,000 speeches about 0.4 s of CPU per save, most of a rebuild.

Here MkDocs' `_populate_page` and `_build_page` are replaced, for the live preview only
(`active` is set by the preview hook for the build running, and cleared when it ends):

- reading and converting a speech page (`populate`) is skipped when the site key
  (preview.pages: configuration, theme, file list, every page that is not a speech,
  config.extra) and the page's own bytes are those of the last build: the page gets back the
  fields that step set then (markdown, meta, content, toc, title, anchors, the hooks' sm_*
  values). Every hook that runs in that step reads only the page and what the site key covers.
- rendering and writing it (`build_page`) is skipped when, in addition, its content after the
  on_env hooks (the editors' checks box) is equal to last time, each call its template made
  to a filter that answers from the other speeches (preview.answers.RECORDED: year_page,
  tag_page) answers as it did, and the file written then is still there. Another speech's edit may
  move this one to another year page: the recorded year_page call then answers differently
  and the page is rendered again.

`mkdocs build` (the published site) never uses this: `active` is off there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from safety_month.pages.contract import SPEECH_PREFIX
from safety_month.preview import answers, pages
from safety_month.theme import internals

# Page attributes the preview sets on the instance (preview.pages.attach_page): methods, not
# fields of the page.
_METHODS = frozenset({"read_source", "render"})


@dataclass
class Kept:
    key: tuple                                   # (site key, the file's bytes)
    fields: dict                                 # what reading and converting the page set
    content: str | None = None                   # page.content when its template was rendered
    calls: dict = field(default_factory=dict)    # (filter, args) -> answer, of that rendering


_kept: dict[str, Kept] = {}
_state: dict = {"active": False, "seen": set(), "reused": set(), "skipped": 0}


def _speech(page) -> bool:
    return page.file is not None and page.file.src_uri.startswith(SPEECH_PREFIX) and pages.cacheable(page.file.src_uri)


def _restore(fields: dict) -> dict:
    # Hooks set top-level meta defaults (site_speech): each build gets its own dict and set.
    return {k: (dict(v) if isinstance(v, dict) else set(v) if isinstance(v, set) else v) for k, v in fields.items()}


def populate(original, page, config, files, dirty=False):
    if not _state["active"] or not _speech(page):
        return original(page, config, files, dirty)
    src = page.file.src_uri
    _state["seen"].add(src)
    key = (pages.current_site(), page.file.content_bytes)
    kept = _kept.get(src)
    if kept is not None and kept.key == key:
        vars(page).update(_restore(kept.fields))
        _state["reused"].add(src)
        return None
    before = dict(vars(page))
    original(page, config, files, dirty)
    _kept[src] = Kept(key, {k: v for k, v in vars(page).items()
                            if k not in _METHODS and (k not in before or before[k] is not v)})
    return None


def build_page(original, page, config, doc_files, nav, env, dirty=False, excluded=False):
    if not _state["active"] or not _speech(page):
        return original(page, config, doc_files, nav, env, dirty, excluded)
    src, dest = page.file.src_uri, page.file.abs_dest_path
    kept = _kept.get(src)
    if (kept is not None and src in _state["reused"] and not excluded and kept.content is not None
            and page.content == kept.content and answers.hold(kept.calls) and pages.still_written(dest)):
        _state["skipped"] += 1
        return None
    original(page, config, doc_files, nav, env, dirty, excluded)
    calls = answers.last_calls()
    if kept is not None and calls is not None:
        kept.content, kept.calls = page.content, calls
    return None


def start() -> None:
    """A preview build begins (hook preview, on_config): install the replacements once."""
    import mkdocs.commands.build as mkdocs_build

    _state.update(active=True, seen=set(), reused=set(), skipped=0)
    keep_canonical_urls()
    if internals.patched(mkdocs_build, "_populate_page"):
        return
    original_populate, original_build = mkdocs_build._populate_page, mkdocs_build._build_page

    def _populate_page(page, config, files, dirty=False):
        return populate(original_populate, page, config, files, dirty)

    def _build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        return build_page(original_build, page, config, doc_files, nav, env, dirty, excluded)

    internals.patch(internals.PAGE_SKIP, mkdocs_build, "_populate_page", _populate_page, once=True)
    internals.patch(internals.PAGE_SKIP, mkdocs_build, "_build_page", _build_page, once=True)


# (site_url, page URL) -> (canonical_url, abs_url): Page.__init__ joins and splits URLs for
# every page of every rebuild (0.07 s at 3,000 speeches); the answer is a function of the two.
_canonical: dict[tuple, tuple] = {}
MAX_URLS = 100_000   # far above any site; beyond it the memo starts over


def keep_canonical_urls() -> None:
    """Page._set_canonical_url remembered by its inputs (once per process; the preview only)."""
    from mkdocs.structure.pages import Page

    if internals.patched(Page, "_set_canonical_url"):
        return
    original = Page._set_canonical_url

    def _set_canonical_url(page, base):
        key = (base, page.url)
        hit = _canonical.get(key)
        if hit is None:
            original(page, base)
            if len(_canonical) >= MAX_URLS:
                _canonical.clear()
            _canonical[key] = (page.canonical_url, page.abs_url)
        else:
            page.canonical_url, page.abs_url = hit

    internals.patch(internals.PAGE_SKIP, Page, "_set_canonical_url", _set_canonical_url, once=True)


def finish(ok: bool = True) -> int:
    """The build ended (post_build, or build_error: ok False, nothing kept is trusted);
    pages no longer in the site are forgotten. Returns how many pages were skipped whole."""
    _state["active"] = False
    if not ok:
        _kept.clear()
    for src in [s for s in _kept if s not in _state["seen"]]:
        del _kept[src]
    return _state["skipped"]


def clear() -> None:
    _kept.clear()


def skipped() -> int:
    """How many speech pages the running (or last) build left as they were."""
    return _state["skipped"]
