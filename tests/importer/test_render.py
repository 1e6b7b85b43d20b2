"""Render stage: front matter per the page contract, escaping, redaction spans, review lines,
generated_hash / hand-edit detection, page paths."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from safety_month.importer.model import (
    Block,
    CleanResult,
    RawDocument,
    ReviewItem,
    RuleReport,
    Speech,
)
from tests import _site_markdown as site_markdown
from safety_month.pages import reader, redaction
from safety_month.importer import render
from safety_month.importer.render import (
    escape_inline,
    generated_hash,
    is_hand_edited,
    page_relpath,
    render_speech,
)

SHA = "7de4ea19178481f7" + "0" * 48
RAW = RawDocument(path="sources/x.txt", sha256=SHA, text="", encoding="utf-8", kind="txt")
CLEAN = CleanResult(text="", reports=[RuleReport("spin", 3), RuleReport("chrome", 0),
                                      RuleReport("markers", 2)],
                    source_url="http://www.sanweiyuan.com/news/63301.html")
# The editor's fields first, then (after the comment line) the importer's own.
KEY_ORDER = ["title", "speaker", "role", "org", "level", "occasion", "year", "date", "tags",
             "audiences", "excerpt", "part", "source_url",
             "kind", "year_reason", "edition", "theme", "audience_reasons", "source_file",
             "source_sha256", "import_changes", "review", "review_count", "generated_hash"]
# The site's renderer (mkdocs.yml's extensions, the speech extension on) and, for contrast, the
# same without the speech extension (an old page's renderer: placeholders are not marked there).
SITE = "site"


def one_line(s: str) -> str:
    """What a page shows of a text: line breaks and control characters become spaces, runs of
    spaces one space, no leading or trailing whitespace (the render contract)."""
    return re.sub(r" {2,}", " ", re.sub(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\r\n\t]", " ", s)).strip()


def speech(**kw) -> Speech:
    base = dict(title="区长在安全生产巡查督导工作座谈会上的讲话",
                blocks=[Block("h2", "找准定位，认真履行职责"),
                        Block("p", "巡查督导组是区委、区政府的督察队和参谋部。"),
                        Block("p", "要充分掌握总体情况。", lead="一是从调查研究入手。"),
                        Block("h3", "站在两个至上的政治高度来深刻认识"),
                        Block("p", "为建设更高水平的平安〔*〕作出贡献！")])
    base.update(kw)
    return Speech(**base)


def split(page: str) -> tuple[dict, str]:
    body, meta = get_data(page)   # exactly what MkDocs does
    return meta, body


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.blocks: list[tuple[str, str]] = []
        self._cur: list[str] | None = None
        self._kind = ""
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("class") == "headerlink":
            self._skip += 1      # the toc's ¶ permalink of a heading: the site's, not the text's
            self._headerlink = True
            return
        self.tags.append((tag, dict(attrs)))
        if tag in ("p", "h2", "h3", "h4") and self._cur is None:
            self._cur, self._kind = [], tag
        if tag == "a":
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "a" and getattr(self, "_headerlink", False):
            self._skip -= 1
            self._headerlink = False
            return
        if tag == "a":
            self._skip -= 1
        if tag == self._kind and self._cur is not None:
            self.blocks.append((self._kind, "".join(self._cur)))
            self._cur = None

    def handle_data(self, data):
        if self._cur is not None and not self._skip:
            self._cur.append(data)


def html_of(body: str, extensions=SITE) -> _Tags:
    p = _Tags()
    p.feed(site_markdown.render(body) if extensions == SITE else markdown.markdown(body, extensions=list(extensions)))
    return p


# ------------------------------------------------------------------ front matter


def test_front_matter_keys_in_contract_order_and_values():
    sp = speech(speaker="陆秋明", role="代区长", org="金坛区", level="区", occasion="全区安全生产会议",
                year=2021, year_reason="文中写明“全国第20个‘安全生产月’”", date="2021-06-01",
                excerpt=True, part=2, audiences={"家庭": "文中提到“家庭”2处", "企业": "x"},
                tags=["应急管理"], review=[ReviewItem("r1", 5, "请核对", "平安〔*〕")])
    page = render_speech(sp, RAW, CLEAN, "sources/002_x.txt")
    meta, _ = split(page)
    assert list(meta) == [k for k in KEY_ORDER if k in meta]
    assert list(meta) == KEY_ORDER          # every key present for this speech
    lines = page.split("\n")
    # quoted only where YAML needs it: a date would be read as a date, 区 is text as it is
    assert "date: '2021-06-01'" in lines and "level: 区" in lines and "speaker: 陆秋明" in lines
    assert lines.index(render.MACHINE_COMMENT.strip()) == lines.index("kind: speech") - 1
    assert meta["edition"] == 20 and meta["theme"] == "落实安全责任 推动安全发展"
    assert meta["audiences"] == ["企业", "家庭"]   # canonical 五进 order
    assert meta["import_changes"] == {"markers": 2, "spin": 3}   # zero counts left out
    assert meta["source_url"] == "http://www.sanweiyuan.com/news/63301.html"
    assert meta["source_sha256"] == SHA and meta["source_file"] == "sources/002_x.txt"
    assert meta["review_count"] == 1 and meta["review"][0]["rule"] == "r1"
    assert meta["excerpt"] is True and meta["part"] == 2 and meta["date"] == "2021-06-01"


def test_absent_optional_values_are_omitted_not_null():
    page = render_speech(speech(), RAW, CleanResult(text=""), "sources/a.txt")
    meta, _ = split(page)
    for key in ("speaker", "role", "org", "level", "occasion", "year", "year_reason", "date",
                "edition", "theme", "excerpt", "part", "source_url"):
        assert key not in meta
    assert None not in meta.values()
    assert "null" not in page.split("\n---\n")[0]


def test_source_url_only_when_it_is_a_web_address():
    for url, shown in [("https://www.gongwenbao.net/doc/1122669.html", True), ("javascript:alert(1)", False),
                       ("本文链接", False), ("http://x.y/a b", False)]:
        meta, _ = split(render_speech(speech(), RAW, CleanResult(text="", source_url=url), "sources/a.txt"))
        assert (meta.get("source_url") == url) is shown, url


def test_year_without_theme_omits_theme():
    page = render_speech(speech(year=2026, year_reason="文中写明“全国第25个‘安全生产月’”"),
                         RAW, CLEAN, "sources/a.txt")
    meta, _ = split(page)
    assert meta["year"] == 2026 and "theme" not in meta


@pytest.mark.parametrize("title", ["---", "title: x\n---\nkind: hack", "*alias", "&anchor x",
                                   "yes", "null", "123", "a: b # c", "'\"", "…\u2028…"])
def test_hostile_titles_stay_one_string(title):
    page = render_speech(speech(title=title), RAW, CLEAN, "sources/a.txt")
    meta, body = split(page)
    assert isinstance(meta["title"], str)
    assert meta["kind"] == "speech"
    assert "hack" not in meta
    assert meta["title"] == one_line(title)


def test_body_line_dashes_cannot_become_front_matter():
    sp = speech(blocks=[Block("p", "---"), Block("p", "title: 假标题"), Block("p", "...")])
    page = render_speech(sp, RAW, CLEAN, "sources/a.txt")
    meta, body = split(page)
    assert meta["title"] == speech().title
    assert "\n---\n" not in body and not re.search(r"^---$", body, re.M)
    blocks = html_of(body).blocks
    assert [t for _, t in blocks] == ["---", "title: 假标题", "..."]


# ------------------------------------------------------------------ body


def test_body_structure_headings_paragraph_ids_and_bold_lead():
    page = render_speech(speech(), RAW, CLEAN, "sources/a.txt")
    _, body = split(page)
    lines = body.strip("\n").split("\n")
    assert lines[0] == "## 找准定位，认真履行职责"
    assert "### 站在两个至上的政治高度来深刻认识" in lines
    assert "**一是从调查研究入手。**要充分掌握总体情况。" in lines
    assert not [l for l in lines if l.startswith("{:")]      # no anchor lines: the build numbers
    assert "为建设更高水平的平安〔*〕作出贡献！" in lines        # a placeholder as plain text
    assert not body.startswith("# ")       # the title is not repeated
    out = site_markdown.render(body)
    assert '<p id="p-2"><strong>一是从调查研究入手。</strong>要充分掌握总体情况。</p>' in out
    assert re.findall(r'<p id="(p-\d+)"', out) == ["p-1", "p-2", "p-3"]
    # the same body on a page that is not a speech: no anchors, no marks
    plain = site_markdown.render(body, speech=False)
    assert 'id="p-' not in plain and "sm-redact" not in plain


REDACT = '<span class="sm-redact" title="原文隐去或待填写">'


def test_placeholders_are_written_plain_and_marked_by_the_build():
    assert escape_inline("平安〔*〕") == "平安〔*〕"            # the * of a placeholder stays as written
    assert escape_inline("a*b〔*〕") == "a\\*b〔*〕"          # any other * is escaped
    for placeholder in ["XXX", "XX", "201x", "20xx", "20XX", "……", "__", "___"]:
        out = site_markdown.render(escape_inline(f"在{placeholder}会上"))
        assert out.count('class="sm-redact"') == 1, placeholder
        assert f"{REDACT}{placeholder}</span>" in out, (placeholder, out)
    out = site_markdown.render(escape_inline("X同志通报了情况，XX局长作了部署"))
    assert out.count("sm-redact") == 2 and "同志通报" in out and "</span>局长" in out
    # not placeholders
    for text in ["X光检查", "2021年", "Xbox", "在TEXT中", "一个省略号…"]:
        assert "sm-redact" not in site_markdown.render(escape_inline(text)), text


def test_redaction_survives_markdown_with_star_unescaped():
    sp = speech(blocks=[Block("p", "建设更高水平的平安〔*〕、幸福〔*〕作出贡献")])
    _, body = split(render_speech(sp, RAW, CLEAN, "sources/a.txt"))
    assert "平安〔*〕、幸福〔*〕" in body
    out = site_markdown.render(body)
    assert out.count(f"{REDACT}〔*〕</span>") == 2
    assert "<em>" not in out


@pytest.mark.parametrize("text, shown", [
    ("\\______", "______"),          # a line of underscores alone: first one escaped (not a rule)
    ("1\\......XX", "1......XX"),    # an escaped "." read as part of the dots
    ("〔\\*〕", "〔*〕"),               # an editor's escaped star inside 〔〕
    ("&lt;XX", "<XX"),                 # an entity before a placeholder
])
def test_placeholders_are_read_through_escapes(text, shown):
    out = site_markdown.render(text)
    tree = _Tags()
    tree.feed(out)
    assert [t for _, t in tree.blocks] == [shown]
    marked = re.findall(f"{re.escape(REDACT)}(.*?)</span>", html.unescape(out))
    spans = redaction.spans(shown)
    assert marked == [shown[a:b] for a, b in spans] and marked, out


def test_escapes_are_ones_the_site_markdown_honours():
    """Every backslash escape the importer writes is one the site's Markdown (mkdocs.yml's
    extensions) reads as the character: a backslash it does not know would be shown."""
    from safety_month.importer import body as body_module

    escapable = set(site_markdown.site_markdown().ESCAPED_CHARS)
    written = {v[1] for v in list(body_module._ALWAYS.values()) + list(body_module._LINE_START.values())
               if v.startswith("\\")}
    assert written and written <= escapable, written - escapable


@pytest.mark.parametrize("text", [
    "*重点*", "_强调_", "__强调__", "`代码`", "[链接](http://x.y)", "<b>粗</b>", "<script>alert(1)</script>",
    "# 不是标题", "1. 不是列表", "- 不是列表", "+ 不是列表", "> 不是引用", "a | b |\n|---|---|",
    "{: #hack }", "~~删~~", "==标==", "^^插^^", "!!! note", ": 定义", "[^1]", "&amp; &lt;",
    "    缩进", "\\*转义\\*", "![图](x.png)", "<!-- 注释 -->", "*[HTML]: 缩写", "===", "--- ",
])
def test_markdown_and_html_in_text_stay_text(text):
    sp = speech(blocks=[Block("p", text), Block("h2", text), Block("p", "正文", lead=text)])
    _, body = split(render_speech(sp, RAW, CLEAN, "sources/a.txt"))
    for exts in (SITE,):
        parsed = html_of(body, exts)
        assert {t for t, _ in parsed.tags} <= {"p", "h2", "strong", "span"}, (text, parsed.tags)
        assert all(a == {"class": "sm-redact", "title": "原文隐去或待填写"}
                   for t, a in parsed.tags if t == "span")
        want = one_line(text)
        assert [t for _, t in parsed.blocks] == [want, want, want + "正文"], exts


def test_review_lines_point_at_the_carried_place():
    # Paragraphs of cleaned lines 3..31, then one line (40) cut into two paragraphs; excerpts
    # that occur elsewhere on the page are not what places an item: its line and column are.
    blocks = [Block("p", f"第{i}段文字。有错字需要核对。", line=i + 2) for i in range(1, 30)]
    blocks += [Block("p", "前半段有错字需要核对。", line=40), Block("p", "这里有错字需要核对。", line=40, col=11)]
    items = [ReviewItem("clean.x", 40, "请核对错字", "有错字需要", col=13),
             ReviewItem("clean.w", 40, "请核对错字", "有错字需要", col=2),
             ReviewItem("structure.y", 0, "标题年份", "区长在安全生产"),
             ReviewItem("clean.head", 1, "标题行", "第1段文字"),
             ReviewItem("clean.gone", 35, "删去的行", "第1段文字")]
    page = render_speech(speech(blocks=blocks, review=items), RAW, CLEAN, "sources/a.txt")
    meta, _ = split(page)
    lines = page.split("\n")
    shown = {entry["rule"]: lines[entry["line"] - 1] for entry in meta["review"]}
    assert shown["clean.x"].startswith("这里有错字")
    assert shown["clean.w"].startswith("前半段")
    assert shown["structure.y"].startswith("title:") and shown["clean.head"].startswith("title:")
    assert shown["clean.gone"].startswith("前半段")     # the text that followed the removed line


def test_deterministic_lf_and_trailing_newline():
    a = render_speech(speech(), RAW, CLEAN, "sources/a.txt")
    b = render_speech(speech(), RAW, CLEAN, "sources/a.txt")
    assert a == b and a.endswith("\n") and not a.endswith("\n\n") and "\r" not in a


# ------------------------------------------------------------------ hash


def test_generated_hash_and_hand_edit_detection():
    page = render_speech(speech(), RAW, CLEAN, "sources/a.txt")
    meta, _ = split(page)
    assert re.fullmatch(r"[0-9a-f]{64}", meta["generated_hash"])
    assert generated_hash(page) == meta["generated_hash"]
    assert is_hand_edited(page) is False
    assert is_hand_edited(page.replace("\n", "\r\n")) is False      # checkout with CRLF
    assert is_hand_edited(page + "编辑补充。\n") is True
    assert is_hand_edited(page.replace("巡查督导组是", "巡查组是")) is True
    assert is_hand_edited(page.replace(meta["generated_hash"], "0" * 64)) is True
    no_hash = re.sub(r"^generated_hash:.*\n", "", page, flags=re.M)
    assert is_hand_edited(no_hash) is True
    assert is_hand_edited("没有前言的页面\n") is True


def test_page_relpath():
    assert page_relpath(speech(year=2021, part=2), RAW) == "2021/2021-7de4ea19-2.md"
    assert page_relpath(speech(), RAW) == "undated/undated-7de4ea19.md"
    assert page_relpath(speech(year=2019), RAW) == "2019/2019-7de4ea19.md"


# ------------------------------------------------------------------ property


_text = st.text(alphabet=st.one_of(
    st.sampled_from(list("*_`[]<>&#+-=|{}!~^:.()\\\"' \n\t〔〕…X2019x")),
    st.characters(min_codepoint=0x20, max_codepoint=0x2FFF),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80)), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_text, heads=st.lists(_text, max_size=3), paras=st.lists(st.tuples(_text, _text), max_size=4),
       reason=_text, url=_text)
def test_any_text_renders_to_safe_page(title, heads, paras, reason, url):
    blocks = [Block("h2", h) for h in heads] + [Block("p", t, lead=l) for l, t in paras]
    sp = speech(title=title or "无题", blocks=blocks, year=2021, year_reason=reason,
                audiences={"企业": reason}, tags=[reason] if reason else [],
                review=[ReviewItem("r", 1, reason, title)])
    clean = CleanResult(text="", source_url=url or None)
    page = render_speech(sp, RAW, clean, "sources/a.txt")
    # front matter parses as MkDocs parses it, with the values given
    fm_text = page.split("\n---\n", 1)[0][4:]
    data = yaml.safe_load(fm_text)
    meta, body = split(page)
    assert data == meta and meta["kind"] == "speech"
    assert reader.parse(page).data == meta         # the one reader reads every field back
    # the machine's fields after the comment line, quoted only where YAML needs it
    fm_lines = fm_text.split("\n")
    assert fm_lines.index(render.MACHINE_COMMENT.strip()) < fm_lines.index("kind: speech")
    assert "title: " + yaml.safe_dump({"t": meta["title"]}, allow_unicode=True, width=10**9)[3:-1] in fm_lines
    assert meta["title"] == (one_line(title or "无题") or "讲话（标题缺失）")
    assert not is_hand_edited(page)
    lines = page.split("\n")
    assert all(1 <= r["line"] <= len(lines) for r in meta["review"])
    # the body yields only the tags the build makes of it, the text comes back unchanged,
    # paragraphs are numbered p-1, p-2 … and the placeholders of each text are marked
    for exts in (SITE,):
        parsed = html_of(body, exts)
        for tag, attrs in parsed.tags:
            assert tag in {"p", "h2", "strong", "span"}, (tag, body)
            if tag == "span":
                assert attrs == {"class": "sm-redact", "title": "原文隐去或待填写"}
        ids = [attrs.get("id") for tag, attrs in parsed.tags if tag == "p"]
        assert ids == [f"p-{n}" for n in range(1, len(ids) + 1)], body
        marks = [tag for tag, _ in parsed.tags if tag == "span"]
        expected_marks = sum(len(redaction.spans(one_line(x))) for x in heads + [x for pair in paras for x in pair]
                             if one_line(x))
        assert len(marks) == expected_marks, body
        expected = [one_line(h) for h in heads if one_line(h)] + \
                   [one_line(l) + one_line(t) for l, t in paras if one_line(l) or one_line(t)]
        got = [t for _, t in parsed.blocks]
        norm = lambda s: s.replace(" ", "")   # spacing around a bold lead may differ
        assert [norm(x) for x in got] == [norm(x) for x in expected], (body, exts)
