"""Checks over a whole site: what the build hook and ``safety-month check`` share.

``run(sources, ...)`` parses and checks each page, then checks links across pages, and
returns a Report. Pure over its inputs: the caller reads the files (and, in the build, passes
the ids of the rendered pages).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from safety_month import checks
from safety_month.checks import links
from safety_month.checks.issue import Issue, sort_issues
from safety_month.checks.page import Page


@dataclass
class Report:
    pages: dict[str, Page] = field(default_factory=dict)     # src_uri -> Page
    src_uris: dict[str, str] = field(default_factory=dict)   # display path -> src_uri
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failing(self) -> list[Issue]:
        return [i for i in self.issues if i.fails]

    def has_front_matter_errors(self) -> bool:
        return any(i.code.startswith(("fm.", "file.")) and i.fails for i in self.issues)

    def by_path(self) -> dict[str, list[Issue]]:
        out: dict[str, list[Issue]] = {}
        for issue in sort_issues(self.issues):
            out.setdefault(issue.path, []).append(issue)
        return out

    def text(self) -> str:
        return checks.format_report(self.issues)


def check_pages(sources: Iterable[tuple[str, str, bytes]], text_checks=None) -> Report:
    """sources: (display path, src_uri inside docs/, file bytes).

    text_checks: a checks.pool.TextChecks to leave the text checks to (started here; its
    issues are added by finish_text_checks). Without it every check runs here and now.
    """
    report = Report(notes=checks.notes())
    for display, src_uri, data in sources:
        if text_checks is None:
            page, issues = checks.check_bytes(display, data, src_uri)
        else:
            page, issues = checks.front_page(display, data, src_uri)
            if page is not None:
                text_checks.add(display, page.text, src_uri)
        report.src_uris[display] = src_uri
        if page is not None:
            report.pages[src_uri] = page
        report.issues += issues
    if text_checks is not None:
        text_checks.start()
    return report


def finish_text_checks(report: Report, text_checks) -> Report:
    """Add the issues of the text checks started by check_pages(…, text_checks)."""
    if text_checks is not None:
        report.issues += text_checks.result()
    return report


def add_link_issues(report: Report, anchors: Mapping[str, set[str]], files: set[str],
                    slugify: Callable | None = None) -> Report:
    report.issues += links.check_site(report.pages.values(), anchors, files, slugify)
    return report


def toc_slugify(mdx_configs: Mapping) -> Callable | None:
    """The heading slugify configured for the toc extension in mkdocs.yml, if any."""
    return (mdx_configs.get("toc") or {}).get("slugify")


def banner_html(issues: list[Issue]) -> str:
    """A preview-only box listing a page's issues (mkdocs serve), escaped."""
    items = "".join(
        f"<li><code>{html.escape(i.path)}:{i.line}</code> {html.escape(i.message_zh)}"
        f"<br>修改：{html.escape(i.fix_zh)}</li>" for i in issues)
    return ('<div class="admonition failure sm-editor-issues"><p class="admonition-title">'
            f"编辑检查发现 {len(issues)} 个问题（只在预览中显示；正式构建会失败）</p><ul>{items}</ul></div>")


# ---------------------------------------------------------------- MkDocs glue (used by the hook)

def sources_from_files(files, config) -> list[tuple[str, str, bytes]]:
    """(display path, src_uri, bytes) of the editors' pages in a MkDocs Files collection.

    Pages generated in memory by other hooks are skipped (they are checked where they come
    from); display paths are relative to the folder of mkdocs.yml (docs/…).
    """
    from pathlib import Path

    root = Path(config.config_file_path).parent.resolve()
    docs = Path(config.docs_dir).resolve()
    prefix = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else docs.as_posix()
    return [(f"{prefix}/{f.src_uri}", f.src_uri, f.content_bytes)
            for f in files.documentation_pages() if not f.generated_by]


def check_built_links(report: Report, files, config) -> Report:
    """Link issues, with the anchors of the pages as MkDocs rendered them (after on_page_content)."""
    anchors = {f.src_uri: links.ids_in_html(f.page.content or "")
               for f in files.documentation_pages() if f.page is not None}
    return add_link_issues(report, anchors, {f.src_uri for f in files}, toc_slugify(config.mdx_configs))


def show_on_pages(report: Report, files) -> list[str]:
    """Preview mode: prepend each affected page's issues to its HTML; returns the paths."""
    shown = []
    for path, issues in report.by_path().items():
        file = files.get_file_from_path(report.src_uris.get(path, ""))
        if file is not None and file.page is not None:
            file.page.content = banner_html(issues) + (file.page.content or "")
            shown.append(path)
    return shown
