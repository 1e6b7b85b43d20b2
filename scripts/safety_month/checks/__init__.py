"""Content and front-matter checks shared by the build hook and ``safety-month check``.

Each check is a small module with a pure ``check(page) -> list[Issue]``; ``links`` checks the
site as a whole. Results are cached by page text, so ``mkdocs serve`` re-checks only what an
editor changed.
May import: pages, site, text, tables, workers.
(site: the library pages whose links the checks follow; workers: the text checks' process pool.)
"""

from __future__ import annotations

import errno
import os
import stat
from functools import lru_cache

from safety_month.pages import schema
from . import (
    controls,
    frontmatter_check,
    halfwidth,
    leftovers,
    links,
    lookalike,
    pairs,
    paragraph_ids,
    placeholders,
    quiz,
)
from .issue import FAILING, Issue, sort_issues
from .page import Page, decode, parse_page

__all__ = ["Issue", "Page", "PAGE_CHECKS", "check_page", "check_text", "check_bytes", "notes",
           "links", "sort_issues", "FAILING", "format_report", "read_page", "read_issue", "encoding_issue"]

# The front-matter and control-character checks run in the build process (their errors stop
# the build before other hooks read the page or MkDocs converts it); the text checks may run
# in a worker process (checks/pool.py).
FRONT_CHECKS = (
    frontmatter_check.check,
    controls.check,
)
TEXT_CHECKS = (
    lookalike.check,
    halfwidth.check,
    pairs.check,
    placeholders.check,
    leftovers.check,
    paragraph_ids.check,
    quiz.check,
)
PAGE_CHECKS = FRONT_CHECKS + TEXT_CHECKS


def check_page(page: Page, which: tuple = PAGE_CHECKS) -> list[Issue]:
    out: list[Issue] = []
    for check in which:
        out += check(page)
    return out


def front_page(path: str, data: bytes | OSError, src_uri: str | None = None) -> tuple[Page | None, list[Issue]]:
    """Parse one page and run the front checks only (a file that cannot be read or is not
    UTF-8 is one issue)."""
    if isinstance(data, OSError):
        return None, [read_issue(path, data)]
    text, where = decode(data)
    if text is None:
        return None, [encoding_issue(path, data)]
    page = parse_page(path, text, src_uri)
    return page, check_page(page, FRONT_CHECKS)


@lru_cache(maxsize=4096)
def _cached(path: str, text: str, src_uri: str | None) -> tuple[Page, tuple[Issue, ...]]:
    page = parse_page(path, text, src_uri)
    return page, tuple(check_page(page))


def check_text(path: str, text: str, src_uri: str | None = None) -> tuple[Page, list[Issue]]:
    """Parse and check one page (cached on the exact text)."""
    page, issues = _cached(path, text, src_uri)
    return page, list(issues)


def check_bytes(path: str, data: bytes | OSError, src_uri: str | None = None) -> tuple[Page | None, list[Issue]]:
    """Like check_text for raw file bytes: a file that could not be read (data is the OSError)
    or is not UTF-8 is one issue, never a crash."""
    if isinstance(data, OSError):
        return None, [read_issue(path, data)]
    text, where = decode(data)
    if text is None:
        return None, [encoding_issue(path, data)]
    return check_text(path, text, src_uri)


# ---------------------------------------------------------------- files that cannot be read

def read_page(path: str | os.PathLike) -> bytes | OSError:
    """A page file's bytes, or the OSError that reading it gave (never raised).

    Only regular files are opened: a named pipe or a device under docs/ would block or never
    end (os.walk, and so MkDocs, lists them as files).
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return OSError(errno.EINVAL, "not a regular file", str(path))
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        return exc


def read_issue(path: str, exc: OSError) -> Issue:
    """file.unreadable for a page that could not be read, saying why in the editor's terms."""
    reasons = {
        errno.EACCES: ("没有读取权限", "把文件改为所有人可读（例如 chmod a+r 文件名），或删除这个文件"),
        errno.EPERM: ("没有读取权限", "把文件改为所有人可读（例如 chmod a+r 文件名），或删除这个文件"),
        errno.ELOOP: ("它是一个循环的符号链接（最终指向自己）", "删除这个链接，或让它指向真实的文件"),
        errno.ENOENT: ("它是一个符号链接，指向的文件不存在", "删除这个链接，或让它指向存在的文件"),
        errno.EINVAL: ("它不是普通文件（例如命名管道或设备）", "删除它：docs/ 里的 .md 只能是普通文本文件"),
        errno.EISDIR: ("它是一个文件夹", "把文件夹改名，不要以 .md 结尾"),
    }
    reason, fix = reasons.get(exc.errno, (exc.strerror or type(exc).__name__,
                                          "检查这个文件（磁盘错误、网络盘断开等），或删除它"))
    return Issue(path, 1, 0, "file.unreadable", f"无法读取这个文件：{reason}", fix)


def encoding_issue(path: str, data: bytes) -> Issue:
    """file.encoding at the first byte that is not UTF-8, naming the bytes and, when they
    read as one, the GBK character they would be (the usual culprit: Windows Notepad's ANSI)."""
    _text, (line, col) = decode(data)
    bad = _bad_bytes(data)
    shown = " ".join(f"{b:02X}" for b in bad)
    hint = ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = "；文件是 UTF-16 编码（Windows 的“Unicode”）"
    else:
        try:
            ch = bad.decode("gbk")
        except UnicodeDecodeError:
            ch = ""
        if len(ch) == 1 and "\u4e00" <= ch <= "\u9fff":
            hint = f"；按 GBK（Windows 记事本的“ANSI”）读是“{ch}”，文件多半是 GBK 编码"
    return Issue(path, line, col, "file.encoding",
                 f"文件不是 UTF-8 编码，网站无法读取：这里的字节 {shown} 不是 UTF-8 文字{hint}",
                 "用编辑器把文件另存为 UTF-8 编码（记事本：“另存为”，“编码”选 UTF-8）；"
                 "只有个别乱码时，删掉这里的乱码重新输入")


def _bad_bytes(data: bytes) -> bytes:
    """The first two bytes from where UTF-8 decoding fails."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return exc.object[exc.start:exc.start + 2]
    return b""


def notes() -> list[str]:
    """Informational notes about fallbacks (never failing)."""
    return schema.vocabulary_notes() + leftovers.notes()


def format_report(issues: list[Issue]) -> str:
    failing = [i for i in issues if i.fails]
    files = len({i.path for i in failing})
    lines = [i.format() for i in sort_issues(issues)]
    lines.append(f"共 {len(failing)} 个问题，涉及 {files} 个文件。编辑指南：docs/guide/checks.md")
    return "\n".join(lines)
