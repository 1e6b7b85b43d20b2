"""MkDocs hook: editors' checks (front matter, text, links) on every page; all issues at once.

`mkdocs build`: any issue fails the build. Every kind of issue comes out of one run: a page
that cannot be read as it is (front-matter errors, not UTF-8, control characters, unreadable)
is built from a stand-in text without its front matter (checks.site.preview_text), so that
neither MkDocs nor the other hooks meet the broken page, and the build goes on to convert every
page and check the links; it stops in on_env, before any page is written, with the list of
issues (file:line, message, fix) and then a one-line summary in place of MkDocs' English
"Aborted with a BuildError!". The text checks run in worker processes meanwhile
(safety_month.checks.pool) and are collected in on_env. With the build's page cache a page
whose bytes, path and year are unchanged is neither parsed nor checked again: its parse and
issues come from the cache (safety_month.checks.cached), and are reported all the same.
`mkdocs serve`: the issues are shown in a box on the affected pages instead, so the preview
keeps updating while the editor fixes them, and listed in the terminal whenever the list
changes (`make serve` no longer runs the strict build first, so this is where an editor who
starts the preview with broken pages sees all of them at once). The broken pages are stood in
for as in the build; the files themselves are never touched.
"""

import logging

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from safety_month.buildcache import memo
from safety_month.checks import pool, site
from safety_month.pages import known_fields
from safety_month.theme import page_reading

log = logging.getLogger("mkdocs.hooks.checks")
_state = {"serve": False, "shown": None}
# MkDocs' English link warnings, held until the checks have reported the same links in Chinese.
_held = site.HeldLinkWarnings(logging.getLogger("mkdocs.structure.pages"))


def on_startup(command, **kwargs):
    _state["serve"] = command == "serve"


def on_config(config, **kwargs):
    # MkDocs reads each page's front matter from what these checks parsed (pages.known_fields),
    # and scans only sources with tags for raw-HTML anchors (theme.page_reading).
    page_reading.read_once(known_fields.reading_from_memory)
    page_reading.scan_markup_only()
    return config


@event_priority(100)  # before the hooks that read speech front matter
def on_files(files, config, **kwargs):
    # The live preview re-checks only what changed (cached by text): no workers there.
    # `mkdocs build` with its page cache: unchanged pages are neither parsed nor checked again.
    cache = memo if memo.active() else None
    text_checks = None if _state["serve"] else pool.TextChecks(pool.default_workers(), cache)
    _state["text_checks"] = text_checks
    sources = site.sources_from_files(files, config)
    report = _state["report"] = site.check_pages(sources, text_checks, site.template_finder(config.theme.dirs),
                                                 cache)
    site.add_conflict_issues(report, config.docs_dir, [f.src_uri for f in files.documentation_pages()],
                             site.display_prefix(config))
    for note in report.notes:
        log.info(note)
    for path in site.stub_broken_pages(report, files, sources):
        log.debug("editor checks: %s built without its front matter (see its issues)", path)
    _held.hold()


def on_env(env, config, files, **kwargs):
    # pop: every page was read and checked by now; the report (each page's text and lines) is
    # not kept through the rest of the build.
    report = site.finish_text_checks(_state.pop("report"), _state.pop("text_checks", None))
    report = site.check_built_links(report, files, config)
    _held.release(report, site.display_prefix(config))
    if report.failing and not _state["serve"]:
        details, summary = site.failure_text(report)
        log.error(details)
        # Abort, not PluginError: MkDocs prints a BuildError's message and then its own
        # "Aborted with a BuildError!"; an Abort's message is the last line printed. It is an
        # Exception still, so the other hooks' on_build_error run (the search workers stop).
        raise Abort(summary)
    if not _state["serve"]:
        known_fields.forget()   # MkDocs has read every page's front matter (issue 20: memory)
    for path in site.show_on_pages(report, files):
        log.info("editor checks: issues shown on %s", path)
    text = site.serve_summary(report)
    if text != _state["shown"]:  # once per change: a save that fixes nothing adds no noise
        _state["shown"] = text
        log.info(text)  # not a warning: `mkdocs serve` with strict on would stop at one
    return env


def on_build_error(error, **kwargs):
    _held.release(None, "")
