from pathlib import Path

from hypothesis import given, settings, strategies as st

from safety_month.importer.clean import RULES, clean
from safety_month.importer.model import CleanResult, RawDocument
from tests import paths

SOURCES = paths.ROOT / "sources"


def doc(text, **kw):
    return RawDocument(path="x.txt", sha256="0", text=text, encoding="utf-8", kind="txt", **kw)


def test_every_rule_reports():
    """Every rule that changes text reports, in the order of RULES; the hints rule only
    reads, and the second bracket pass runs only after the wraps rule joined lines."""
    result = clean(doc("同志们:\n今天开会。"))
    assert [r.rule for r in result.reports] == [rule.name for rule in RULES
                                                if rule.name not in ("hints", "punctuation.parens")]
    # hard-wrapped lines (joined by the wraps rule) and a half-width pair left as it was
    line = "安全生产月活动方案要求各单位认真组织落实好工"
    joined = clean(doc("\n".join([line[k:] + line[:k] for k in range(6)] + ["ISO 45001 (OHSAS) applies"])))
    assert [r.rule for r in joined.reports][-1] == "punctuation.parens"


def test_review_lines_point_into_the_result():
    for path in sorted(SOURCES.glob("*.txt")):
        result = clean(doc(path.read_text(encoding="utf-8")))
        lines = result.text.split("\n")
        for item in result.review:
            assert 1 <= item.line <= len(lines), (path.name, item)


def test_review_line_follows_removed_lines():
    text = "分享\n下载文档\n标题\n同志们：\n" + "今天开会。" * 20 + "\n要增强“四个意识"
    result = clean(doc(text))
    quote = [r for r in result.review if r.rule == "punctuation"]
    assert quote and result.text.split("\n")[quote[0].line - 1].startswith("要增强“四个意识")


def test_hints_for_seed_002():
    result = clean(doc((SOURCES / "002_7de4ea19178481f7.txt").read_text(encoding="utf-8")))
    assert result.meta_hints["truncated"] is True
    last = result.text.split("\n")[result.meta_hints["truncated_after_line"] - 1]
    assert last.endswith("全市各级各部门要增强“四个意识”")
    assert "材料汇编1" in result.text and "材料汇编2" in result.text


def test_source_url_from_footer_or_raw():
    assert clean(doc("正文。\n文章地址:http://www.a.com/1.html")).source_url == "http://www.a.com/1.html"
    raw = RawDocument("x", "0", "正文。", "utf-8", "html", source_url="http://b.cn/")
    assert clean(raw).source_url == "http://b.cn/"


def test_heading_levels_follow_lines():
    raw = doc("分享\n下载文档\n一、提高认识\n正文。", heading_levels={2: 2})
    result = clean(raw)
    assert result.text.split("\n")[0] == "一、提高认识"
    assert result.meta_hints["heading_levels"] == {0: 2}


def test_seo_comma_collapsed_in_pipeline():
    result = clean(doc("要落实主体责任，更多安全生产讲话稿请访问公文站，严防以包代管。"))
    assert result.text == "要落实主体责任，严防以包代管。"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text):
    result = clean(doc(text))
    assert isinstance(result, CleanResult) and isinstance(result.text, str)
    n = result.text.count("\n") + 1
    assert all(0 <= r.line <= n for r in result.review)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("安全生产平安开展原那么?()（）,:;!\"〞“”/12345\n 。.·XＸ〔*〕字(ān)發")),
               max_size=300))
def test_never_raises_on_noise_shaped_text(text):
    result = clean(doc(text))
    assert isinstance(result.text, str)
