"""A collection of broken editor pages: what an editor (or a copy-paste, a Windows editor, a
bad unzip) can put in docs/. Used to hold `safety-month check`, the strict build and the live
preview to the same verdict (tests/checks/test_checks_agree.py) and by the regression tests.

Each case is one file written into a copy of the project. ``line`` is the line both tools
must name (1 for a file that cannot be read at all); ``code`` the issue code expected
there. ``phase``: "files" for problems the build finds before converting any page (front
matter, bytes, unreadable files: they stop the build at once), "env" for those found after
the pages are converted (links), which a "files" problem in the same build would hide.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SPEECH = """\
---
title: 讲话
kind: speech
year: 2021
year_reason: 文中写明“全国第20个‘安全生产月’”
edition: 20
theme: 落实安全责任 推动安全发展
audiences: [企业]
tags: [安全生产月]
---

## 一、总体要求

第一段。
{: #p-1 }
"""

WUJIN = """\
---
title: 企业主要负责人安全生产“十要十不要”
kind: wujin
audience: 企业
date: 2025-06-01
---

# 企业主要负责人安全生产“十要十不要”

正文。
"""

PAGE = """\
---
title: 一个页面
---

# 一个页面

正文。
"""


@dataclass(frozen=True)
class Case:
    name: str
    path: str                 # inside docs/
    data: bytes | None        # file bytes (None for the special kinds)
    line: int                 # the line both tools must name
    code: str                 # issue code expected at that line
    special: str = ""         # "", "unreadable", "symlink_loop", "dangling", "fifo"
    phase: str = "files"

    @property
    def display(self) -> str:
        return f"docs/{self.path}"


def _speech(name: str, old: str, new: str, line: int | None, code: str, folder: str = "2021") -> Case:
    assert old in SPEECH, old
    return Case(name, f"speeches/{folder}/broken-{name}.md", SPEECH.replace(old, new, 1).encode(), line, code)


def _page(name: str, text: str, line: int | None, code: str, folder: str = "broken") -> Case:
    return Case(name, f"{folder}/{name}.md", text.encode("utf-8"), line, code)


def _alias_bomb(levels: int = 9) -> str:
    out = ["---", "title: 炸弹", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijklmnop"[:levels - 1]:
        out.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(out + ["---", "", "# 正文", ""])


def alias_bomb(levels: int = 9) -> str:
    """A "billion laughs" front matter: 9**levels strings once every alias is expanded."""
    return _alias_bomb(levels)


def deep_flow(depth: int) -> str:
    return "---\ntitle: 深\nnest: " + "[" * depth + "]" * depth + "\n---\n\n# 正文\n"


def deep_block(depth: int) -> str:
    lines = ["---", "title: 深"] + [" " * i + "a:" for i in range(depth)] + [" " * depth + "b: 1", "---", "", "# 正文", ""]
    return "\n".join(lines)


CASES: list[Case] = [
    # ---- YAML syntax
    _speech("fullwidth-colon", "title: 讲话", "title：讲话", 2, "fm.yaml"),
    _speech("colon-in-value", "title: 讲话", "title: 讲话: 动员会", 2, "fm.yaml"),
    _speech("unclosed-quote", "title: 讲话", 'title: "讲话', 2, "fm.yaml"),
    _speech("tab-indent", "tags: [安全生产月]", "tags:\n\t- 安全生产月", 10, "fm.yaml"),
    _speech("bad-indent", "tags: [安全生产月]", "tags:\n  - 安全生产月\n - 责任落实", 11, "fm.yaml"),
    _speech("unclosed-bracket", "tags: [安全生产月]", "tags: [安全生产月, 责任落实", 9, "fm.yaml"),
    _speech("at-sign", "title: 讲话", "title: @讲话", 2, "fm.yaml"),
    _speech("star-value", "title: 讲话", "title: *讲话", 2, "fm.yaml"),
    _speech("star-alias", "title: 讲话", "title: *ref", 2, "fm.alias"),
    _page("anchor-alias", "---\ntitle: &t 一个页面\nsubtitle: *t\n---\n\n正文。\n", 2, "fm.alias"),
    Case("alias-bomb", "speeches/2021/broken-alias-bomb.md", alias_bomb().encode(), 3, "fm.alias"),
    _page("deep-flow-5000", deep_flow(5000), 3, "fm.depth"),
    _page("deep-flow-3000-maps", "---\ntitle: 深\nnest: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n---\n\n正文\n",
          3, "fm.depth"),
    _page("deep-block", deep_block(60), 13, "fm.depth"),
    _page("not-mapping-list", "---\n- 一\n- 二\n---\n\n正文\n", 2, "fm.not_mapping"),
    _page("not-mapping-scalar", "---\n只是一句话\n---\n\n正文\n", 2, "fm.not_mapping"),
    _page("empty-block", "---\n---\n\n正文\n", 1, "fm.empty"),
    _page("unclosed-block", "---\ntitle: 一个页面\n\n# 一个页面\n\n正文。\n", 1, "fm.unclosed"),
    _page("no-opening", "title: 一个页面\ndate: 2025-06-01\n---\n\n正文。\n", 1, "fm.no_opening"),
    # MkDocs reads leading "key: value" lines as page fields (MultiMarkdown): audience too
    _page("multimarkdown", "audience: 工厂\n\n# 进工厂\n\n<!-- 讲话摘编 -->\n", 1, "fm.no_opening", folder="wujin"),
    # MkDocs wants a newline after the closing ---
    _page("closing-at-eof", "---\ntitle: 一个页面\n---", 3, "fm.unclosed"),
    _page("python-tag", "---\ntitle: !!python/object/apply:os.system [echo hi]\n---\n\n正文\n", 2, "fm.yaml"),
    _page("complex-key", "---\ntitle: 标题\n? [a, b]\n: c\n---\n\n正文\n", 3, "fm.yaml"),
    # ---- values YAML reads but Python cannot hold (PyYAML raises ValueError for these)
    _speech("impossible-date", "edition: 20", "edition: 20\ndate: 2021-02-30", 7, "fm.yaml"),
    _speech("month-13", "edition: 20", "edition: 20\ndate: 2021-13-01", 7, "fm.yaml"),
    _speech("huge-int", "edition: 20", "edition: " + "9" * 5000, 6, "fm.yaml"),
    # ---- types and values
    _speech("duplicate-key", "tags: [安全生产月]", "tags: [安全生产月]\ntags: [责任落实]", 10, "fm.duplicate_key"),
    _speech("unknown-key", "edition: 20", "edition: 20\nspeker: 张三", 7, "fm.unknown_key"),
    _speech("unknown-audience", "audiences: [企业]", "audiences: [进企业]", 8, "fm.value"),
    _speech("year-out-of-range", "year: 2021", "year: 20211", 4, "fm.value"),
    _speech("year-as-text", "year: 2021", "year: 二〇二一年", 4, "fm.type"),
    _speech("date-slashes", "edition: 20", "edition: 20\ndate: 2021/6/1", 7, "fm.type"),
    _speech("title-missing", "title: 讲话\n", "", 9, "fm.required"),
    _speech("title-list", "title: 讲话", "title: [讲话]", 2, "fm.type"),
    _speech("title-binary", "title: 讲话", "title: !!binary 5oiR", 2, "fm.type"),
    _speech("tags-text", "tags: [安全生产月]", "tags: 安全生产月", 9, "fm.type"),
    _speech("kind-typo", "kind: speech", "kind: speach", 3, "fm.value"),
    _speech("edition-wrong", "edition: 20", "edition: 19", 6, "fm.value"),
    _speech("wrong-folder", "year: 2021", "year: 2022", 4, "fm.path"),
    _speech("tags-set", "tags: [安全生产月]", "tags: !!set {安全生产月}", 9, "fm.type"),
    # ---- 五进 pages: the section pages (kind page) and the articles
    _page("audience-unknown", "---\ntitle: 安全宣传进工厂\naudience: 工厂\n---\n\n# 进工厂\n\n<!-- 讲话摘编 -->\n",
          3, "fm.value", folder="wujin"),
    _page("audience-list", "---\ntitle: 安全宣传进企业\naudience: [企业]\n---\n\n# 进企业\n\n<!-- 讲话摘编 -->\n",
          3, "fm.type", folder="wujin"),
    Case("wujin-article-audience", "wujin/qiye/broken-article.md",
         WUJIN.replace("audience: 企业", "audience: 进企业").encode(), 4, "fm.value"),
    # ---- bytes
    Case("gbk", "broken/gbk.md", PAGE.encode("gbk"), 2, "file.encoding"),
    Case("gbk-body-only", "broken/gbk-body.md", PAGE.encode() + "第二段用了记事本另存。\n".encode("gbk"), 8,
         "file.encoding"),
    Case("utf16", "broken/utf16.md", PAGE.encode("utf-16"), 1, "file.encoding"),
    Case("stray-byte", "broken/stray-byte.md", PAGE.replace("正文。", "正文\xff").encode("utf-8", "surrogateescape")
         if False else PAGE.encode().replace("正文。".encode(), "正文".encode() + b"\xff"), 7, "file.encoding"),
    _page("nul-body", PAGE.replace("正文。", "正文\x00。"), 7, "file.control"),
    _page("esc-body", PAGE.replace("正文。", "正\x1b[31m文。"), 7, "file.control"),
    _page("c1-body", PAGE.replace("正文。", "正文\x9b。"), 7, "file.control"),
    _page("nul-title", PAGE.replace("title: 一个页面", "title: 一个\x00页面"), 2, "file.control"),
    _page("escaped-nul-title", PAGE.replace("title: 一个页面", 'title: "一个\\0页面"'), 2, "fm.value"),
    _page("line-separator", PAGE.replace("正文。", "正文\u2028。"), 7, "file.control"),
    _page("noncharacter", PAGE.replace("正文。", "正文\ufffe。"), 7, "file.control"),
    _page("del-title", PAGE.replace("title: 一个页面", 'title: "一个\x7f页面"'), 2, "file.control"),
    _page("backspace-in-code", PAGE + "\n```\n代码\x08\n```\n", 10, "file.control"),
    # ---- newlines and BOM: line numbers as an editor's editor shows them
    Case("bom-error", "broken/bom.md", ("\ufeff" + PAGE.replace("title: 一个页面", "title: 一个: 页面")).encode(),
         2, "fm.yaml"),
    Case("crlf-error", "broken/crlf.md", PAGE.replace("title: 一个页面", "title: 一个页面\ndate: 2025/6/1")
         .replace("\n", "\r\n").encode(), 3, "fm.type"),
    Case("cr-only-error", "broken/cr.md", PAGE.replace("title: 一个页面", "title: 一个页面\ndate: 2025/6/1")
         .replace("\n", "\r").encode(), 3, "fm.type"),
    # ---- files that cannot be read
    Case("unreadable", "broken/unreadable.md", PAGE.encode(), 1, "file.unreadable", special="unreadable"),
    Case("symlink-loop", "broken/loop.md", None, 1, "file.unreadable", special="symlink_loop"),
    Case("dangling-link", "broken/dangling.md", None, 1, "file.unreadable", special="dangling"),
    Case("fifo", "broken/fifo.md", None, 1, "file.unreadable", special="fifo"),
    # ---- empty and nearly empty files where a front matter is required
    Case("empty-speech", "speeches/2021/broken-empty.md", b"", 1, "fm.kind"),
    Case("blank-speech", "speeches/2021/broken-blank.md", b"\n\n  \n", 1, "fm.kind"),
    # ---- a template the theme does not have (jinja2 TemplateNotFound while building)
    _page("template-missing", PAGE.replace("title: 一个页面", "title: 一个页面\ntemplate: nope.html"), 3, "fm.value"),
    _page("icon-missing", PAGE.replace("title: 一个页面", "title: 一个页面\nicon: material/no-such-icon"), 3, "fm.value"),
    _page("template-escape", PAGE.replace("title: 一个页面", "title: 一个页面\ntemplate: ../mkdocs.yml"), 3, "fm.value"),
    # ---- two pages for one folder: MkDocs leaves README.md out (a warning: the strict build fails)
    Case("readme-beside-index", "wujin/README.md", PAGE.encode(), 1, "file.conflict"),
    # ---- a page the build generates
    Case("reserved-themes", "themes.md", PAGE.encode(), 1, "file.reserved"),
    Case("reserved-year-page", "library/2021/index.md", PAGE.encode(), 1, "file.reserved"),
    Case("reserved-tag-page", "tags/xiao-fang-an-quan/index.md", PAGE.encode(), 1, "file.reserved"),
    # ---- text checks
    _page("unpaired-quote", PAGE.replace("正文。", "他说“要落实。"), 7, "text.unpaired"),
    _page("halfwidth", PAGE.replace("正文。", "同志们,大家好。"), 7, "text.halfwidth"),
    _page("placeholder", PAGE.replace("正文。", "XXX同志讲话。"), 7, "text.placeholder"),
    _page("unclosed-comment", PAGE.replace("正文。", "正文。<!-- 没有结束的注释\n\n同志们,大家好。"), 9,
          "text.halfwidth"),
    # ---- links (found after the pages are converted)
    Case("link-missing", "links/missing.md", PAGE.replace("正文。", "见[旧页](../old.md)。").encode(), 7,
         "link.missing", phase="env"),
    Case("link-anchor", "links/anchor.md", PAGE.replace("正文。", "见[首页](../index.md#没有这个标题)。").encode(), 7,
         "link.anchor", phase="env"),
    Case("link-absolute", "links/absolute.md", PAGE.replace("正文。", "见[首页](/index.md)。").encode(), 7,
         "link.absolute", phase="env"),
]


def write(docs: Path, case: Case) -> Path:
    """Put one broken page into a docs folder; returns its path."""
    path = docs / case.path
    path.parent.mkdir(parents=True, exist_ok=True)
    if case.special == "symlink_loop":
        os.symlink(path.name, path)
    elif case.special == "dangling":
        os.symlink("no-such-file.md", path)
    elif case.special == "fifo":
        os.mkfifo(path)
    else:
        path.write_bytes(case.data or b"")
        if case.special == "unreadable":
            path.chmod(0)
    return path


def can_make_unreadable(folder: Path) -> bool:
    """False when running as root without CAP_DAC_OVERRIDE dropped: root reads any file."""
    probe = folder / ".probe"
    probe.write_bytes(b"x")
    probe.chmod(0)
    try:
        probe.read_bytes()
        return False
    except PermissionError:
        return True
    finally:
        probe.chmod(0o644)
        probe.unlink()
