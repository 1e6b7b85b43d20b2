from pathlib import Path

from pymdownx.slugs import slugify

from safety_month.checks import links, site
from tests._checks_helpers import FIXTURES

SITE = FIXTURES / "site"
EXTENSIONS = ["attr_list", "md_in_html", "toc"]
CONFIGS = {"toc": {"slugify": slugify(case="lower")}}


def run_site():
    files = {p.relative_to(SITE).as_posix() for p in SITE.rglob("*") if p.is_file()}
    sources = [(f"site/{f}", f, (SITE / f).read_bytes()) for f in sorted(files) if f.endswith(".md")]
    report = site.check_pages(sources)
    anchors = {uri: links.render_ids("\n".join(p.lines[p.fm.body_start - 1:]), EXTENSIONS, CONFIGS)
               for uri, p in report.pages.items()}
    return site.add_link_issues(report, anchors, files, CONFIGS["toc"]["slugify"])


def test_broken_links_and_anchors_are_reported_with_line_and_fix():
    report = run_site()
    found = [i for i in report.issues if i.code.startswith("link.")]
    got = [(i.path, i.line, i.code) for i in found]
    assert got == [
        ("site/index.md", 9, "link.anchor"),
        ("site/index.md", 9, "link.anchor"),
        ("site/index.md", 9, "link.missing"),
        ("site/index.md", 11, "link.absolute"),
        ("site/index.md", 11, "link.anchor"),
        ("site/index.md", 13, "link.missing"),
    ]
    assert "是不是 #宣传要点？" in found[0].fix_zh
    # "#企业隐患自查（清单）" is the heading text; the real anchor is its slug.
    assert "#企业隐患自查清单" in found[1].fix_zh
    assert "docs/wujin/nongcun.md" not in found[2].fix_zh and "wujin/none.md" in found[2].message_zh


def test_heading_paragraph_and_custom_ids_resolve():
    report = run_site()
    speech_links = [i for i in report.issues if i.path == "site/speeches/2021/a.md"]
    assert speech_links == []   # ../../wujin/qiye.md#custom-id is fine
    index_lines = {i.line for i in report.issues if i.path == "site/index.md"}
    assert 7 not in index_lines   # #宣传要点 and #p-2 exist; 15: wujin/ resolves to wujin/index.md
    assert 15 not in index_lines


def test_resolve():
    assert links.resolve("speeches/2021/a.md", "../../wujin/qiye.md#p-3") == ("wujin/qiye.md", "p-3", "relative")
    assert links.resolve("index.md", "https://x.org/a.md") == (None, "", "external")
    assert links.resolve("index.md", "#%E9%A6%96") == (None, "首", "relative")
    assert links.resolve("a/b.md", "/c/")[2] == "absolute"


def test_the_fix_is_the_link_from_the_page_s_own_folder():
    from safety_month.checks import parse_page

    pages = {"index.md", "wujin/qiye.md", "speeches/2021/a.md", "wujin/qiye/art.md"}

    def fix(src_uri: str, target: str) -> tuple[str, str]:
        page = parse_page(f"docs/{src_uri}", f"---\ntitle: 链接\n---\n\n见[那页]({target})。\n", src_uri)
        [issue] = links.check_site([page], {}, pages | {"assets/x.png"})
        return issue.code, issue.fix_zh

    # written from docs/ instead of from the page's folder
    assert fix("wujin/qiye/art.md", "speeches/2021/a.md#p-2") == (
        "link.missing", "改为“../../speeches/2021/a.md#p-2”（链接要写相对于本页所在文件夹的路径）")
    assert fix("speeches/2021/a.md", "wujin/qiye.md")[1].startswith("改为“../../wujin/qiye.md”")
    # a near miss: the right name, as a link from this page
    assert fix("speeches/2021/a.md", "../wujin/qiy.md")[1] == "是不是 docs/wujin/qiye.md？那样应写成“../../wujin/qiye.md”"
    # starting with /: the same page, from here
    assert fix("wujin/qiye/art.md", "/speeches/2021/a.md") == (
        "link.absolute", "改为“../../speeches/2021/a.md”（相对于本页所在的文件夹）")
    assert fix("index.md", "/wujin/qiye.md")[1].startswith("改为“wujin/qiye.md”")


def test_anchors_are_found_only_for_the_pages_a_link_asks_about():
    """The build and `check` find a page's ids (scan its HTML, render it) only when a link
    names one of its anchors, each page once; the verdicts are those of a full table."""
    pages = {
        "index.md": "# 首页\n\n见[讲话](a.md#p-9)、[另一处](a.md#p-1)和[无锚点](b.md)。\n",
        "a.md": "# 甲\n\n第一段。\n",
        "b.md": "# 乙\n",
        "c.md": "# 丙\n",
    }
    ids = {"index.md": set(), "a.md": {"p-1"}, "b.md": set(), "c.md": {"p-9"}}
    asked = []

    def ids_of(src_uri):
        asked.append(src_uri)
        return ids[src_uri]
    report = site.check_pages([(f"docs/{uri}", uri, text.encode()) for uri, text in pages.items()])
    lazy = links.LazyAnchors(ids, ids_of)
    found = links.check_site(report.pages.values(), lazy, set(pages))
    assert asked == ["a.md"]
    assert found == links.check_site(report.pages.values(), ids, set(pages))
    assert [(i.line, i.code) for i in found] == [(3, "link.anchor")]
    assert "zz.md" not in lazy and len(lazy) == 4 and sorted(lazy) == sorted(ids)
