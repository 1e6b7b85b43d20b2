"""MkDocs hook: editors' checks (front matter, text, links) on every page; all issues at once.

`mkdocs build`: any issue fails the build with one PluginError listing file:line, message, fix
(front-matter errors stop it in on_files, before other hooks read broken pages). The text
checks run in worker processes meanwhile (safety_month.checks.pool) and are collected in
on_env.
`mkdocs serve`: the issues are shown in a box on the affected pages instead, so the preview
keeps updating while the editor fixes them, and listed in the terminal whenever the list
changes (`make serve` no longer runs the strict build first, so this is where an editor who
starts the preview with broken pages sees all of them at once). A page that cannot be read as it is (front-matter
errors, not UTF-8, control characters, unreadable) is previewed from a stand-in text without
its front matter (checks.site.preview_text), so that neither MkDocs nor the other hooks meet
the broken page; the file itself is not touched.
"""

import logging

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from safety_month.checks import pool, site

log = logging.getLogger("mkdocs.hooks.checks")
_state = {"serve": False, "shown": None}


def on_startup(command, **kwargs):
    _state["serve"] = command == "serve"


@event_priority(100)  # before the hooks that read speech front matter
def on_files(files, config, **kwargs):
    # The live preview re-checks only what changed (cached by text): no workers there.
    text_checks = None if _state["serve"] else pool.TextChecks(pool.default_workers())
    _state["text_checks"] = text_checks
    sources = site.sources_from_files(files, config)
    report = _state["report"] = site.check_pages(sources, text_checks, site.template_finder(config.theme.dirs))
    site.add_conflict_issues(report, config.docs_dir, [f.src_uri for f in files.documentation_pages()],
                             site.display_prefix(config))
    for note in report.notes:
        log.info(note)
    if _state["serve"]:
        for path in site.stub_broken_pages(report, files, sources):
            log.info("editor checks: %s previewed without its front matter (see the issues on the page)", path)
    elif report.has_front_matter_errors():
        # All issues at once: the text issues of every page come with the front-matter errors.
        site.finish_text_checks(report, _state.pop("text_checks"))
        raise PluginError("页面 front matter 或文件本身有错误，构建已停止：\n" + report.text())


def on_env(env, config, files, **kwargs):
    report = site.finish_text_checks(_state["report"], _state.pop("text_checks", None))
    report = site.check_built_links(report, files, config)
    if report.failing and not _state["serve"]:
        raise PluginError("编辑检查发现问题，构建已停止：\n" + report.text())
    for path in site.show_on_pages(report, files):
        log.info("editor checks: issues shown on %s", path)
    text = site.serve_summary(report)
    if text != _state["shown"]:  # once per change: a save that fixes nothing adds no noise
        _state["shown"] = text
        log.info(text)  # not a warning: `mkdocs serve` with strict on would stop at one
    return env
