"""Checks over a whole site: what the build hook and ``safety-month check`` share.

``run(sources, ...)`` parses and checks each page, then checks links across pages, and
returns a Report. Pure over its inputs: the caller reads the files (and, in the build, passes
the ids of the rendered pages).
"""

from __future__ import annotations

import datetime
import errno
import functools
import html
import logging
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from safety_month import checks
from safety_month.site import library
from . import cached, links
from .controls import CONTROL_RE
from .issue import Issue, sort_issues
from .page import Page


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
        return bool(self.broken_paths())

    def broken_paths(self) -> set[str]:
        """Display paths of the pages with a failing front-matter or file issue: pages no
        other step can read as they are (the build stops; the preview shows them stubbed)."""
        return {i.path for i in self.issues if i.code.startswith(("fm.", "file.")) and i.fails}

    def by_path(self) -> dict[str, list[Issue]]:
        out: dict[str, list[Issue]] = {}
        for issue in sort_issues(self.issues):
            out.setdefault(issue.path, []).append(issue)
        return out

    def text(self) -> str:
        return checks.format_report(self.issues)


# display path -> (bytes, src_uri, check_bytes' answer) of the page's last check.
_last: dict[str, tuple] = {}
MAX_LAST = 50_000   # far above any site; beyond it the memo starts over


def _check_bytes(display: str, data: bytes | OSError, src_uri: str | None):
    """checks.check_bytes, the last answer again when the file's bytes are the very same
    object: the live preview's file cache hands an unchanged file back as it, and decoding
    and hashing 3,000 unchanged pages' text to find check_text's cached answer took 0.05 s
    of every save. A file read again (mkdocs build, safety-month check) is a new object."""
    last = _last.get(display)
    if last is not None and last[0] is data and last[1] == src_uri:
        return last[2]
    answer = checks.check_bytes(display, data, src_uri)
    if isinstance(data, bytes):
        if len(_last) >= MAX_LAST:
            _last.clear()
        _last[display] = (data, src_uri, answer)
    return answer


def check_pages(sources: Iterable[tuple[str, str | None, bytes | OSError]], text_checks=None,
                template_exists: Callable[[str], bool] | None = None, cache=None) -> Report:
    """sources: (display path, src_uri inside docs/, file bytes or the OSError reading gave).

    text_checks: a checks.pool.TextChecks to leave the text checks to (started here; its
    issues are added by finish_text_checks). Without it every check runs here and now.
    template_exists: whether the theme has a template of that name (template_finder); the
    `template:` field of every page is checked against it when given.
    cache: the build's page cache (buildcache.memo), with text_checks only: a page whose
    bytes an earlier build checked is not parsed or checked again (checks.cached).
    """
    report = Report(notes=checks.notes())
    year = datetime.date.today().year
    for display, src_uri, data in sources:
        if text_checks is None:
            page, issues = _check_bytes(display, data, src_uri)
        else:
            page, issues, key = cached.front(display, data, src_uri, cache, year)
            if page is not None:
                text_checks.add(page, key)
        report.src_uris[display] = src_uri
        if page is not None:
            report.pages[src_uri] = page
        report.issues += issues
        if page is not None and template_exists is not None:
            report.issues += template_issues(page, template_exists)
        if library.is_generated(src_uri):
            report.issues.append(Issue(display, 1, 0, "file.reserved",
                                       f"docs/{src_uri} 由构建自动生成（讲话资料库及其年份、层级、标签页，历届主题或通知公告），不能另写同名文件",
                                       "删除或改名这个文件（页面内容来自各页的页面字段和 campaigns.yml）"))
    if text_checks is not None:
        text_checks.start()
    return report


def template_finder(dirs: Iterable[str]) -> Callable[[str], bool]:
    """Whether a template name is a file in one of the theme's folders (config.theme.dirs),
    as Jinja's loader finds it: "/"-separated, no ".." (the loader refuses those)."""
    folders = [str(d) for d in dirs]

    @functools.lru_cache(maxsize=256)
    def exists(name: str) -> bool:
        parts = name.split("/")
        if not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
            return False
        return any(os.path.isfile(os.path.join(folder, *parts)) for folder in folders)
    return exists


def template_issues(page: Page, template_exists: Callable[[str], bool]) -> list[Issue]:
    """`template:` or `icon:` naming no file of the theme: MkDocs would stop with a traceback
    (jinja2 TemplateNotFound) while writing the page, or every page whose navigation shows it."""
    if page.fm.errors:
        return []
    out = []
    for key, name_of, message, fix in (
            ("template", lambda v: v, "template 指定的模板“{}”不存在",
             "删除 template 这一行（页面用默认模板），或写 overrides/ 里已有的模板文件名，例如 speech.html"),
            ("icon", lambda v: f".icons/{v}.svg", "icon 指定的图标“{}”不存在",
             "删除 icon 这一行，或写 Material 自带的图标名，例如 material/home")):
        value = page.fm.data.get(key)
        if not isinstance(value, str) or not value.strip() or template_exists(name_of(value)):
            continue
        line, col = page.fm.where((key,))
        shown = value if len(value) <= 60 else value[:60] + "…"
        out.append(Issue(page.path, line, col, "fm.value", message.format(shown), fix))
    return out


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


def failure_text(report: Report) -> tuple[str, str]:
    """What a failing build prints: every issue, then (last) one summary line."""
    *lines, summary = report.text().split("\n")
    return "编辑检查发现问题，构建已停止：\n" + "\n".join(lines), "构建失败：" + summary


def serve_summary(report: Report) -> str:
    """What the live preview prints in the terminal after a build: every issue (file:line,
    plain Chinese) and where to see it, or that there is none left."""
    if not report.failing:
        return "编辑检查：没有发现问题"
    return ("编辑检查发现问题（预览中显示在各页顶部的红框里；正式构建 make build 会因此失败）：\n"
            + report.text())


# ---------------------------------------------------------------- MkDocs glue (used by the hook)

class HeldLinkWarnings(logging.Filter):
    """MkDocs' own English warnings about a page's links ("Doc file 'x.md' contains a link
    …"), held back while the pages are converted: the editors' checks report the same links in
    Chinese with the fix, so printing both is noise. ``release`` (in on_env, once the link
    checks ran) drops those whose page has a link issue in the report and logs the others as
    they were: a safety net for a link MkDocs refuses and the checks missed (the strict build
    still counts it)."""

    _MESSAGE = re.compile(r"Doc file '(?P<src>[^']*)' contains a link")

    def __init__(self, logger: logging.Logger):
        super().__init__()
        self.logger, self.held = logger, []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING and self._MESSAGE.match(record.getMessage()):
            self.held.append(record)
            return False
        return True

    def hold(self) -> None:
        self.logger.addFilter(self)

    def release(self, report: Report | None, prefix: str) -> None:
        self.logger.removeFilter(self)
        reported = {i.path for i in (report.issues if report else []) if i.code.startswith("link.")}
        held, self.held = self.held, []
        for record in held:
            if f"{prefix}/{self._MESSAGE.match(record.getMessage())['src']}" not in reported:
                self.logger.handle(record)


def sources_from_files(files, config) -> list[tuple[str, str, bytes]]:
    """(display path, src_uri, bytes) of the editors' pages in a MkDocs Files collection.

    Pages generated in memory by other hooks are skipped (they are checked where they come
    from); display paths are relative to the folder of mkdocs.yml (docs/…).
    """
    prefix = display_prefix(config)
    return [(f"{prefix}/{f.src_uri}", f.src_uri, file_bytes(f))
            for f in files.documentation_pages() if not f.generated_by]


def display_prefix(config) -> str:
    """docs_dir as shown in messages: relative to the folder of mkdocs.yml ("docs")."""
    from pathlib import Path

    root = Path(config.config_file_path).parent.resolve()
    docs = Path(config.docs_dir).resolve()
    return docs.relative_to(root).as_posix() if docs.is_relative_to(root) else docs.as_posix()


def add_conflict_issues(report: Report, docs_dir: str, src_uris: Iterable[str], prefix: str) -> Report:
    """conflict_issues added to the report; the preview shows each on the folder's index.md
    (the README itself is not built)."""
    for issue in conflict_issues(docs_dir, src_uris, prefix):
        report.issues.append(issue)
        folder = issue.path[len(prefix) + 1:].rpartition("/")[0]
        report.src_uris.setdefault(issue.path, f"{folder}/index.md" if folder else "index.md")
    return report


def conflict_issues(docs_dir: str, src_uris: Iterable[str], prefix: str) -> list[Issue]:
    """file.conflict for a README.md next to an index.md: both are that folder's page, MkDocs
    leaves the README out with a warning (which fails the strict build) before any hook
    sees it, so it is looked for on disk."""
    out = []
    for src_uri in sorted(src_uris):
        folder, _, name = src_uri.rpartition("/")
        if name != "index.md":
            continue
        readme = f"{folder}/README.md" if folder else "README.md"
        if os.path.lexists(os.path.join(docs_dir, *readme.split("/"))):
            out.append(Issue(f"{prefix}/{readme}", 1, 0, "file.conflict",
                             f"同一文件夹里已有 index.md，README.md 不会生成页面（两者都是 {folder or 'docs'}/ 的首页）",
                             "把两个文件合并成 index.md，或给 README.md 改个名字"))
    return out


def file_bytes(file) -> bytes | OSError:
    """A MkDocs File's bytes (File.content_bytes, so the preview's file cache serves them),
    or the OSError reading it gave: unreadable, a looping or dangling symlink, or not a
    regular file at all (reading a named pipe would block the build for ever)."""
    try:
        if file.abs_src_path is not None and not stat.S_ISREG(os.stat(file.abs_src_path).st_mode):
            return OSError(errno.EINVAL, "not a regular file", file.abs_src_path)
        return file.content_bytes
    except OSError as exc:
        return exc


PREVIEW_TITLE = "页面有错误"


def preview_text(data: bytes | OSError, page: Page | None) -> str:
    """What the live preview builds instead of a page it cannot read as it is (a front-matter
    or file error): a fixed title, no front matter (MkDocs and the other hooks would read the
    broken one), the body decoded leniently, control characters shown as U+FFFD. The issue
    box on top says what to fix; the real build fails on the same issues."""
    if isinstance(data, OSError):
        body = ""
    elif page is None:
        body = data.decode("utf-8-sig", "replace")
    else:
        body = "\n".join(page.lines[page.fm.body_start - 1:])
    body = CONTROL_RE.sub("\ufffd", body)
    return f"---\ntitle: {PREVIEW_TITLE}\n---\n\n{body}"


def stub_broken_pages(report: Report, files, sources: list[tuple[str, str | None, bytes | OSError]]) -> list[str]:
    """Preview mode: give each page with a front-matter or file error the text of
    preview_text, in memory (the file is not touched), and take out files that collide with
    a generated page; returns the display paths changed."""
    broken = report.broken_paths()
    changed = []
    for display, src_uri, data in sources:
        if display not in broken or src_uri is None:
            continue
        file = files.get_file_from_path(src_uri)
        if file is None:
            continue
        if library.is_generated(src_uri):
            files.remove(file)
        else:
            file.content_string = preview_text(data, report.pages.get(src_uri))
        changed.append(display)
    return changed


def check_built_links(report: Report, files, config) -> Report:
    """Link issues, with the anchors of the pages as MkDocs rendered them (after on_page_content),
    read from a page's HTML only when a link asks for one of its anchors."""
    built = {f.src_uri: f.page for f in files.documentation_pages() if f.page is not None}
    anchors = links.LazyAnchors(built, lambda src_uri: links.ids_in_html(built[src_uri].content or ""))
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
