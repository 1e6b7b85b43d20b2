"""Rules named in Chinese where editors read them (issue 17, item 6): the table
data/rule_names.yml names every rule id the importer uses, the import report shows the names
(never the ids) and review messages in full, and examples are cut only between words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from safety_month.importer import report, rule_names
from safety_month.importer.model import RuleReport
from safety_month.importer.pipeline import ImportRun, InputOutcome, PageOutcome

IMPORTER = Path(report.__file__).parent
ID_RE = re.compile(r"^[a-z_]+(\.[a-z_]+)?$")


def _rule_ids() -> set[str]:
    """Every rule id written in the importer's code: NAME = "…" and RULE… = "…" constants (a
    rule's name, clean/base.Rule) and the literal first argument of ReviewItem(…)."""
    found = set()
    for path in IMPORTER.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and ("RULE" in node.targets[0].id or node.targets[0].id.endswith("NAME"))
                    and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)):
                found.add(node.value.value)
            # ReviewItem(…) and structure.year's _item(…), which builds one with its block
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("ReviewItem", "_item") and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def test_every_rule_id_of_the_importer_has_a_chinese_name():
    ids = _rule_ids()
    assert {"chrome", "markers", "spin", "script", "structure.year_range", "render.check"} <= ids  # the scan sees them
    missing = sorted(i for i in ids if i not in rule_names.table())
    assert missing == [], f"add these to scripts/safety_month/data/rule_names.yml: {missing}"
    for rule, name in rule_names.table().items():
        assert ID_RE.match(rule), rule
        assert re.search("[\u4e00-\u9fff]", name) and not re.search("[A-Za-z]", name), (rule, name)


def test_names_from_the_issue_and_a_fallback_for_unknown_ids():
    assert [rule_names.name(r) for r in ("chrome", "markers", "spin", "script")] == [
        "网站杂质", "页码标记", "同义词替换还原", "繁体转简体和去拼音"]
    assert rule_names.name("junk.other") == rule_names.name("junk")   # a new sub-rule: its family's name
    assert rule_names.name("nosuch.rule") == "nosuch.rule"            # never an empty name


LONG_MESSAGE = "年份未能确定，可能为2020年或以后：文中提到“新冠疫情”（新冠疫情始于2020年）。请核对后填写 year"


def _run() -> ImportRun:
    item = InputOutcome(source="sources/a.txt", source_file="sources/a.txt", ok=True, encoding="utf-8", kind="txt")
    item.pages.append(PageOutcome("undated/a.md", "讲话", None, "created",
                                  review=[{"line": 62, "rule": "structure.year_range", "message": LONG_MESSAGE}]))
    item.rules.append(RuleReport("chrome", 3, ["扫一扫在手机打开当前页 | 分享到微信朋友圈 | 收藏本页 | 打印本页 | 关闭窗口"]))
    item.rules.append(RuleReport("spin", 1, ["长在全县平安生产会议上的重要讲话精神和省市部署要求 → 长在全县安全生产会议上的重要讲话精神和省市部署要求"]))
    return ImportRun(out="docs/speeches", inputs=[item])


def test_the_report_names_rules_in_chinese_and_shows_review_messages_whole():
    text = report.format_summary(_run())
    assert "      网站杂质 3 处，例：扫一扫在手机打开当前页 | 分享到微信朋友圈 | 收藏本页 | 打印本页 |…" in text
    assert "第 62 行 [年份未定] " + LONG_MESSAGE in text
    for rule_id in ("chrome", "spin", "structure.year_range"):
        assert rule_id not in text
    assert report.to_json(_run())["inputs"][0]["rules"][0]["rule"] == "chrome"   # tools keep the ids


@pytest.mark.parametrize("text", [
    "扫一扫在手机打开当前页 | 分享到微信朋友圈 | 收藏本页 | 打印本页 | 关闭窗口",
    "长在全县平安生产会议上的重要讲话精神和省市部署要求 → 长在全县安全生产会议上的重要讲话精神和省市部署要求",
    "部分预览阅读已结束,您可以加入VIP免费下载本篇文档开通会员即可下载全文阅读更多精彩内容",
    "一二三四五六七八九十" * 10,
])
def test_examples_are_cut_only_after_punctuation_or_a_space(text):
    short = report._short(text)
    for side_short, side in zip(short.split(" → "), text.split(" → ")):
        if side_short.endswith("…"):
            kept = side_short[:-1]
            assert side.startswith(kept) and len(kept) < len(side), (kept, side)
            # the cut follows punctuation, or a space (dropped with the cut)
            assert kept[-1] in report._BREAK_AFTER or side[len(kept)] == " ", (kept, side)
        else:
            assert side_short == side
