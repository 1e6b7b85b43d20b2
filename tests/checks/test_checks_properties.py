"""Property tests of the page checks on generated hostile pages (3,300 of them, derandomized):
front matter of YAML special syntax, anchors, tags, nesting and any text; bodies of markup,
unclosed comments and spans, brackets, placeholders and control characters; BOM, CRLF, CR;
UTF-8, GB18030 and stray bytes; every folder rule.

- The checks never raise: every outcome is a list of issues naming the page and a line.
- The build's split of the work (front checks in the build process, text checks in worker
  processes) gives exactly the issues `safety-month check` gives.
- A page the front checks pass is read the same by MkDocs (same page fields), and the build's
  other readers (library, 讲话摘编, speech descriptions) take it without an error.
- frontmatter.parse never raises, and its errors point inside the front-matter block.
Each example has a deadline (a hang or a super-linear blow-up fails it); the linear-time
guarantees on large inputs are tests/checks/test_checks_bounded.py's.
"""

from __future__ import annotations

import json
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safety_month import checks
from safety_month.pages import reader
from safety_month.site import library, outreach, facts
from safety_month.checks import links, page_codec, pool
from safety_month.checks.issue import SEVERITIES, Issue

SETTINGS = dict(derandomize=True, deadline=timedelta(seconds=3),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

KEYS = ["title", "kind", "audience", "audiences", "audience_reasons", "tags", "year", "year_reason", "date",
        "edition", "theme", "speaker", "role", "org", "level", "summary", "review", "review_count", "template",
        "hide", "excerpt", "part", "source_url", "source_file", "import_changes", "description", "标题", "x", "<<"]
VALUES = ["speech", "wujin", "notice", "page", "企业", "进企业", "工厂", "[企业]", "[安全生产月]", "[安全生产月, 隐患排查治理]",
          "2021", "20211", "二〇二一", "2021-06-01", "2021-02-30", "2021-13-01", "2021-06-01 10:00:00",
          "main.html", "speech.html", "nope.html", "../mkdocs.yml", "true", "false", "yes", "~", "null", "0x1F",
          "1e999", ".nan", "-.inf", "9" * 40, '"<script>alert(1)</script>"', "<img src=x onerror=alert(1)>",
          "{{ 7*7 }}", "{% raw %}", "[{line: 1, rule: x, message: y}]", "{企业: 理由}", "{chrome: -1}",
          "https://example.org/", "javascript:alert(1)", "sources/x.txt", "落实安全责任 推动安全发展", "20"]
YAML_BITS = ["&a ", "*a", "&a [1, 2]", "!!int ", "!!str ", "!!binary ", "!!set ", "!!python/object:os.system ",
             "!tag ", "[", "]", "{", "}", ", ", ": ", "? ", "- ", "|", "|\n  ", ">-", "%YAML 1.1", "@", "`", "'",
             '"', "#", "---", "...", "--- x", "\t", "  ", "\n", "\n  ", "\n- ", "<<: {a: 1}", "\\0", "\\e",
             '"\\x1b"', '"\\u2028"', "：", "，", "[" * 20, "{a: " * 12]
MARKUP = ["<!--", "-->", "<!-- 讲话摘编 -->", '<span class="sm-redact">', "</span>", "<span", '<span class="', ">",
          "[", "]", "](", "](x.md)", "](../index.md#首页)", "](/abs.md)", "[a]: x.md", "`", "```", "~~~", "{: #p-1 }",
          "{: #p-", "{:", "“", "”", "‘", "（", "）", "《", "》", "〝", "XXX", "X同志", "20xx", "____", "〔*〕",
          "<script>", "</script>", "<svg/onload=alert(1)>", "&#", "&lt;", "&amp;", "# ", "## 一、", "> ", "- ",
          "1. ", "!!! note", "|", "\\", "**", "__", "同志们,大家好", "同志们：", "安全生产月", "第1页共10页",
          "当前位置：首页", "\t", " ", "    ", 'href="x.md"', 'id="p-1"', "<div markdown>", "</div>"]
CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029",
            "\ufffe", "\ufdd0", "\ufeff", "\r", "\r\n", "\U0001F600", "\ue000"]
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
SRC_URIS = ["speeches/2021/x.md", "speeches/undated/x.md", "speeches/index.md", "wujin/qiye.md",
            "wujin/qiye/x.md", "wujin/x.md", "notices/x.md", "index.md", "guide/x.md", "themes.md"]

VALUE = st.lists(st.one_of(st.sampled_from(VALUES), st.sampled_from(YAML_BITS), ANY_TEXT,
                           st.sampled_from(CONTROLS)), min_size=1, max_size=4).map("".join)
FIELD = st.tuples(st.sampled_from(KEYS), st.sampled_from([": ", ":", "：", ": ", ":\n  - ", ":\n  "]), VALUE) \
    .map("".join)
FRONT = st.lists(st.one_of(FIELD, FIELD, FIELD, st.sampled_from(YAML_BITS), ANY_TEXT), max_size=10).map("\n".join)
BODY = st.lists(st.one_of(st.sampled_from(MARKUP), st.sampled_from(MARKUP), ANY_TEXT, st.sampled_from(CONTROLS)),
                max_size=25).flatmap(
    lambda parts: st.lists(st.sampled_from(["", "", " ", "\n", "\n\n"]), min_size=len(parts), max_size=len(parts))
    .map(lambda seps: "".join(p + s for p, s in zip(parts, seps))))


@st.composite
def page_texts(draw) -> str:
    opening = draw(st.sampled_from(["---\n", "---\n", "---\n", "--- \n", "", "\ufeff---\n", "----\n"]))
    closing = draw(st.sampled_from(["---\n", "---\n", "...\n", "---", "", "--- \n"]))
    text = opening + draw(FRONT) + "\n" + (closing if opening else "") + draw(BODY)
    newline = draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]))
    return text.replace("\n", newline) if newline != "\n" else text


@st.composite
def page_bytes(draw) -> bytes:
    text = draw(page_texts())
    how = draw(st.sampled_from(["utf-8"] * 6 + ["gb18030", "utf-16", "stray"]))
    if how == "stray":
        data = text.encode("utf-8")
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe4\xb8", b"\xb1\xea", b"\x80"])) + data[at:]
    return text.encode(how, "surrogatepass")


# Text for field values: markup and YAML syntax, any printable code point, now and then a
# control character (most values are good: the reading-agreement test needs passing pages).
PRINTABLE = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn")), min_size=1, max_size=12)
HOSTILE = st.one_of(PRINTABLE, PRINTABLE, PRINTABLE, st.sampled_from(VALUES + MARKUP + YAML_BITS),
                    st.lists(st.one_of(st.sampled_from(VALUES + MARKUP + YAML_BITS), PRINTABLE), max_size=4)
                    .map("".join), st.sampled_from(CONTROLS))
CLEAN_BODY = st.lists(st.one_of(st.sampled_from(MARKUP), PRINTABLE), max_size=25).map("\n".join)


def _yaml_text(draw, text: str) -> str:
    """text as a YAML scalar, in one of the ways an editor writes one (some are broken)."""
    how = draw(st.sampled_from(["json"] * 6 + ["single", "single", "plain"]))
    if how == "json":
        return json.dumps(text, ensure_ascii=draw(st.booleans()))
    if how == "single":
        return "'" + text.replace("'", "''") + "'"
    return text


@st.composite
def valid_pages(draw) -> tuple[str, str]:
    """(text, src_uri) of a page of each kind with its required fields and hostile values:
    most pass the front checks, which is what the reading-agreement test needs."""
    kind = draw(st.sampled_from(["speech", "speech", "wujin", "notice", "page", "section"]))
    fields: dict[str, str] = {"title": _yaml_text(draw, draw(HOSTILE))}
    if kind == "speech":
        dated = draw(st.booleans())
        src_uri = "speeches/2021/x.md" if dated else "speeches/undated/x.md"
        fields.update(kind="speech", audiences=draw(st.sampled_from(["[企业]", "[企业, 学校]", "\n- 家庭"])),
                      tags="[安全生产月]")
        if dated:
            fields.update(year="2021", year_reason=_yaml_text(draw, draw(HOSTILE)), edition="20",
                          theme="落实安全责任 推动安全发展")
        for key in draw(st.lists(st.sampled_from(["speaker", "role", "org", "occasion"]), max_size=4, unique=True)):
            fields[key] = _yaml_text(draw, draw(HOSTILE))
    elif kind == "wujin":
        src_uri = "wujin/qiye/x.md"
        fields.update(kind="wujin", audience="企业", date="2025-06-01", summary=_yaml_text(draw, draw(HOSTILE)))
    elif kind == "notice":
        src_uri = "notices/x.md"
        fields.update(kind="notice", date="2025-05-20", issuer=_yaml_text(draw, draw(HOSTILE)))
    elif kind == "section":
        src_uri = "wujin/qiye.md"
        fields.update(audience=draw(st.sampled_from(["企业", "企业", "工厂", "[企业]", "进企业"])))
    else:
        src_uri = draw(st.sampled_from(["index.md", "guide/x.md"]))
        fields.update(description=_yaml_text(draw, draw(HOSTILE)))
    keys = draw(st.permutations(list(fields)))
    front = "\n".join(f"{k}: {fields[k]}" for k in keys)
    shape = draw(st.sampled_from(["usual"] * 8 + ["no front matter", "ends at the closing line"]))
    if shape == "no front matter":   # MkDocs then reads leading "key: value" lines as fields
        first = draw(st.sampled_from(["audience: 工厂", "title: 标题", "Note: 正文", "http://example.org",
                                      "# 标题", "标题：正文", "kind: speech"]))
        return f"{first}\n" + draw(st.sampled_from(["", "\n", "  more\n"])) + draw(CLEAN_BODY), src_uri
    if shape == "ends at the closing line":
        return f"---\n{front}\n---", src_uri
    return f"---\n{front}\n---\n\n" + draw(st.one_of(CLEAN_BODY, CLEAN_BODY, BODY)), src_uri


def _line_count(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") + 2


@settings(max_examples=1500, **SETTINGS)
@given(data=st.one_of(page_bytes(), valid_pages().map(lambda p: p[0].encode("utf-8"))),
       src_uri=st.sampled_from(SRC_URIS))
def test_checks_never_raise_and_the_build_split_agrees_with_check(data, src_uri):
    path = f"docs/{src_uri}"
    page, issues = checks.check_bytes(path, data, src_uri)
    for issue in issues:
        assert isinstance(issue, Issue) and issue.path == path
        assert 1 <= issue.line <= _line_count(data) and issue.col >= 0
        assert issue.severity in SEVERITIES and issue.message_zh and issue.fix_zh
        assert issue.format().startswith(f"{path}:{issue.line}")
    # What the build does: front checks in the build process, text checks in a worker (sent
    # the parsed front matter), or both read back from the page cache (checks.page_codec).
    front, front_issues = checks.front_page(path, data, src_uri)
    text_issues = pool._check_chunk([(path, front.text, src_uri, front.fm)])[0] if front is not None else []
    assert sorted(front_issues + text_issues) == sorted(issues)
    if front is not None:
        try:
            kept = json.loads(json.dumps(page_codec.encode_page(front, links.targets(front)), allow_nan=False))
        except page_codec.Unencodable:
            return
        back = page_codec.decode_page(kept, path, front.text, src_uri)
        assert page_codec.same(back.fm.data, front.fm.data)
        for attr in ("present", "open_line", "close_line", "key_pos", "value_pos", "errors"):
            assert getattr(back.fm, attr) == getattr(front.fm, attr), attr
        assert checks.check_page(back) == checks.check_page(front)


def _readable(data: bytes, src_uri: str):
    """(page, issues) when the front checks pass, else None."""
    page, issues = checks.front_page(f"docs/{src_uri}", data, src_uri)
    if page is None or any(i.fails for i in issues):
        return None
    return page


def _mkdocs_meta(data: bytes) -> dict:
    """Page fields as MkDocs reads the file (File.content_string, then meta.get_data)."""
    from mkdocs.utils import meta

    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")   # universal newlines
    return meta.get_data(text)[1]


@settings(max_examples=1000, **SETTINGS)
@given(page=valid_pages())
def test_a_page_the_front_checks_pass_reads_the_same_everywhere_in_the_build(page):
    text, src_uri = page
    data = text.encode("utf-8")
    page = _readable(data, src_uri)
    if page is None:
        return
    assert repr(_mkdocs_meta(data)) == repr(page.fm.data)
    entries = library.collect([(src_uri, data)])   # site_library, site_outreach: never LibraryError
    if page.fm.data.get("kind") == "speech":
        assert len(entries) == 1 and isinstance(entries[0].title, str)
        facts.speech_description(dict(page.fm.data))
    audience = page.fm.data.get("audience")
    if audience is not None:
        assert audience in outreach.AUDIENCES


BLOCKS = st.lists(st.one_of(st.sampled_from(YAML_BITS), FIELD, st.sampled_from(CONTROLS), ANY_TEXT),
                  max_size=30).map("".join)


@settings(max_examples=800, **SETTINGS)
@given(block=BLOCKS, depth=st.integers(0, 400), alias=st.booleans())
def test_front_matter_reader_never_raises_and_points_inside_the_block(block, depth, alias):
    if depth:
        block += "\nnest: " + "[" * depth + "]" * depth
    if alias:
        block = "a: &a [x, y]\nb: [*a, *a]\n" + block
    text = "---\n" + block + "\n---\n正文\n"
    fm = reader.parse(text)
    last = reader.normalize_newlines(text).count("\n") + 1
    for error in fm.errors:
        assert 1 <= error.line <= last and error.col >= 1 and error.message_zh and error.fix_zh
    if alias:
        assert [e.code for e in fm.errors] in (["fm.alias"], ["fm.yaml"], ["fm.control"])
    if fm.errors:
        assert fm.data == {}
    else:
        assert isinstance(fm.data, dict)
