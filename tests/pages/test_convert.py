"""safety_month.pages.convert (`safety-month convert`): old speech pages to plain Markdown,
nothing an editor wrote lost, the page reading the same, idempotent."""

from __future__ import annotations

import re

import pytest

from safety_month.pages import contract, reader
from safety_month.pages.convert import ConvertError, convert
from tests import _site_markdown as site_markdown
from tests import paths

FIXTURES = paths.FIXTURES / "convert"
REDACT = contract.REDACT_OPEN


def render(body: str) -> str:
    return site_markdown.render(body)


def body_html(text: str) -> str:
    return render("\n".join(text.split("\n")[reader.parse(text).close_line:]))


@pytest.mark.parametrize("name", ["imported", "imported_star"])
def test_an_old_imported_page_gets_the_body_the_importer_writes_now(name):
    """The old seed pages (before this change) convert to the body a fresh import writes now;
    their front matter stays as it was but for the review lines, which follow their lines to
    the same numbers the importer gives them, and the hash, stamped again (the importer still
    regards the page as its own, and rewrites its front matter in the new order on import)."""
    old = (FIXTURES / f"old_{name}.md").read_text(encoding="utf-8")
    new = (FIXTURES / f"new_{name}.md").read_text(encoding="utf-8")
    result = convert(old, render)
    body = lambda text: text.split("\n---\n", 1)[1]
    assert body(result.text) == body(new)
    assert not contract.is_hand_edited(result.text)
    old_data, new_data, got = (reader.parse(t).data for t in (old, new, result.text))
    # each review item points at the line the importer now points it at (the title, or the
    # same body line: the front matters differ in length)
    lines, new_lines = result.text.split("\n"), new.split("\n")
    for mine, theirs in zip(got["review"], new_data["review"]):
        if theirs["line"] == 2:
            assert mine["line"] == 2
        else:
            assert lines[mine["line"] - 1] == new_lines[theirs["line"] - 1] != ""
    assert {k: v for k, v in got.items() if k not in ("review", "generated_hash")} == \
        {k: v for k, v in old_data.items() if k not in ("review", "generated_hash")}
    assert any("删去段落锚点行" in c for c in result.changes)
    assert any("占位符标记改为纯文本" in c for c in result.changes)
    assert _same_reading(body_html(old), body_html(result.text))


def _same_reading(a: str, b: str) -> bool:
    from safety_month.pages.convert import _canonical

    return _canonical(a) == _canonical(b)


HAND = f"""---
title: 编辑改过的标题
kind: speech
speaker: 张三   # 编辑的注释
year: 2021
audiences: [企业]
tags: [应急管理]
review:
- line: 24
  rule: "r"
  message: "核对第三段"
review_count: 1
generated_hash: "{'0' * 64}"
---

编辑改写的第一段，<b>自己加的粗体</b>，{REDACT}XX</span>同志。
{{: #p-1 }}

## 标题

第二段有自己的属性。
{{: #p-2 .lead }}

第三段是编辑新加的，没有锚点：平安{REDACT}〔&#42;〕</span>&#42;号。

第四段的锚点编号不连续。
{{: #p-9 }}

自己的 id。
{{: #mine }}

```
代码里的 {{: #p-5 }} 和 {REDACT}XX</span> 不动
```
"""


def test_a_hand_edited_page_keeps_everything_the_editor_wrote():
    result = convert(HAND, render)
    out = result.text
    # front matter byte for byte, but for the review line that followed its paragraph
    old_fm, new_fm = HAND.split("\n---\n", 1)[0], out.split("\n---\n", 1)[0]
    assert HAND.split("\n")[24 - 1].startswith("第三段是编辑新加的")
    assert new_fm == old_fm.replace("- line: 24", "- line: 23")
    assert out.split("\n")[23 - 1].startswith("第三段是编辑新加的")
    assert contract.is_hand_edited(out)                      # still the editor's page
    assert "<b>自己加的粗体</b>" in out and "编辑改写的第一段" in out
    assert "{: .lead }" in out and "{: #mine }" in out       # their own attributes
    assert "{: #p-1 }" not in out and "{: #p-9 }" not in out
    assert "XX同志" in out and "平安〔*〕\\*号" in out
    assert f"代码里的 {{: #p-5 }} 和 {REDACT}XX</span> 不动" in out    # code untouched
    assert any("#p-9 → #p-4" in c for c in result.changes)   # a changed anchor is reported
    # the page reads the same but for that anchor
    assert _same_reading(body_html(HAND).replace('id="p-9"', 'id="p-4"'), body_html(out))
    # idempotent
    again = convert(out, render)
    assert again.text == out and not again.changed


def test_a_paragraph_that_would_read_differently_is_kept_and_reported():
    page = f"---\ntitle: t\nkind: speech\n---\n\n{REDACT}某某</span>同志讲话。\n{{: #p-1 }}\n"
    result = convert(page, render)
    assert f"{REDACT}某某</span>同志讲话。" in result.text and "{: #p-1 }" not in result.text
    assert result.kept and "第 6 行" in result.kept[0]


def test_other_pages_and_broken_front_matter():
    page = f"---\ntitle: 五进\n---\n\n{REDACT}XX</span>\n{{: #p-1 }}\n"
    assert convert(page, render).text == page and not convert(page, render).changed
    with pytest.raises(ConvertError, match=r"第 \d+ 行"):
        convert("---\ntitle: [未闭合\nkind: speech\n---\n\n正文\n", render)


def test_crlf_and_bom_kept():
    page = "\ufeff---\r\ntitle: t\r\nkind: speech\r\n---\r\n\r\n第一段。\r\n{: #p-1 }\r\n\r\n第二段。\r\n{: #p-2 }\r\n"
    out = convert(page, render).text
    assert out == "\ufeff---\r\ntitle: t\r\nkind: speech\r\n---\r\n\r\n第一段。\r\n\r\n第二段。\r\n"
    assert re.findall(r'id="(p-\d)"', body_html(out.replace("\r\n", "\n").lstrip("\ufeff"))) == ["p-1", "p-2"]
