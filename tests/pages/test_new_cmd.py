import datetime as dt
import re

import pytest

from safety_month import campaign, checks
from safety_month.pages import scaffold
from safety_month.cli import main


@pytest.fixture
def docs(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path / "docs"


def run(capsys, *argv):
    code = main(["new", *argv])
    out = capsys.readouterr()
    return code, out.out.strip(), out.err


def assert_valid(path):
    rel = path.relative_to(path.parents[len(path.relative_to(path.parents[0]).parts) - 1]).as_posix()
    text = path.read_text(encoding="utf-8")
    src_uri = path.as_posix().split("/docs/", 1)[1]
    _page, issues = checks.check_text(rel, text, src_uri)
    assert [i.format() for i in issues] == []
    return text


def test_speech_with_year_gets_campaign_facts_and_passes_every_check(docs, capsys):
    code, out, _ = run(capsys, "speech", "在全区安全生产月动员会上的讲话", "--year", "2021", "--audience", "进企业",
                       "--audience", "社区")
    assert code == 0
    slug = "2021-" + scaffold.title_hash("在全区安全生产月动员会上的讲话")
    assert out == f"docs/speeches/2021/{slug}.md"
    text = assert_valid(docs / "speeches/2021" / f"{slug}.md")
    assert "edition: 20\n" in text and f"theme: {campaign.by_year(2021).theme}\n" in text
    assert "audiences: [企业, 社区]" in text
    assert "generated_hash" not in text and "source_sha256" not in text


def test_undated_speech_goes_to_undated(docs, capsys):
    code, out, _ = run(capsys, "speech", "讲话")
    assert code == 0 and re.fullmatch(r"docs/speeches/undated/undated-[0-9a-f]{8}\.md", out)
    assert_valid(docs.parent / out)


def test_wujin_article_goes_to_its_audience_folder(docs, capsys):
    code, out, _ = run(capsys, "wujin", "校园防溺水", "--audience", "学校", "--date", "2025-06-01")
    assert code == 0
    assert out == f"docs/wujin/xuexiao/2025-06-01-{scaffold.title_hash('校园防溺水')}.md"
    text = assert_valid(docs.parent / out)
    assert "audience: 学校\n" in text and "date: 2025-06-01\n" in text


def test_notice_defaults_to_today(docs, capsys):
    code, out, _ = run(capsys, "notice", "关于开展安全生产月活动的通知", "--slug", "anquanyue-tongzhi")
    assert code == 0 and out == "docs/notices/anquanyue-tongzhi.md"
    text = assert_valid(docs.parent / out)
    assert f"date: {dt.date.today().isoformat()}\n" in text


def test_existing_file_is_never_overwritten(docs, capsys):
    code, out, _ = run(capsys, "speech", "讲话", "--year", "2021")
    path = docs.parent / out
    path.write_text("编辑改过的内容", encoding="utf-8")
    code, _, err = run(capsys, "speech", "讲话", "--year", "2021")
    assert code == 1 and "已存在" in err
    assert path.read_text(encoding="utf-8") == "编辑改过的内容"
    assert [p.name for p in path.parent.iterdir()] == [path.name]   # no temp file left


@pytest.mark.parametrize("argv, words", [
    (["wujin", "文章"], "--audience"),
    (["wujin", "文章", "--audience", "校园"], "五进对象"),
    (["notice", "通知", "--date", "2025/6/1"], "YYYY-MM-DD"),
    (["speech", "讲话", "--slug", "中文名"], "--slug"),
    (["speech", "讲话", "--year", "1900"], "--year"),
    (["speech", "  "], "标题"),
])
def test_bad_arguments_are_explained(docs, capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and words in err and out == ""
    assert list(docs.iterdir()) == []


def test_titles_that_need_yaml_quoting_stay_valid():
    planned = scaffold.plan("notice", "通知: 关于“安全生产月” #1 *重要*", date="2025-05-20")
    _page, issues = checks.check_text("x.md", planned.text, planned.rel_path)
    assert issues == []
    assert checks.check_text("x.md", planned.text)[0].fm.data["title"] == "通知: 关于“安全生产月” #1 *重要*"


def uncomment(text: str) -> str:
    """What an editor does with the optional fields: delete the "# " at the start of each."""
    return re.sub(r"^# (?=[a-z_]+: )", "", text, flags=re.M)


@pytest.mark.parametrize("argv", [
    ["speech", "在全区安全生产月动员会上的讲话", "--year", "2023"],
    ["speech", "年份不明的讲话"],
    ["speech", "已有日期的讲话", "--year", "2021", "--date", "2021-06-16"],
    ["wujin", "校园防溺水", "--audience", "学校", "--date", "2025-06-01"],
    ["notice", "关于开展安全生产月活动的通知", "--date", "2025-05-20"],
])
def test_optional_fields_are_offered_commented_and_pass_the_checks_once_uncommented(docs, capsys, argv):
    code, out, _ = run(capsys, *argv)
    assert code == 0
    path = docs.parent / out
    text = path.read_text(encoding="utf-8")
    offered = re.findall(r"^# ([a-z_]+): \S.*  # \S", text, flags=re.M)   # each with its hint
    expected = {"speech": {"speaker", "role", "org", "level", "occasion", "date", "source_url"},
                "wujin": {"author", "source", "source_url", "summary"},
                "notice": {"issuer", "expires", "source_url", "summary"}}[argv[0]]
    if "--date" in argv and argv[0] == "speech":
        expected -= {"date"}                                   # already set: not offered twice
    assert set(offered) == expected and len(offered) == len(expected)
    assert all(re.search("[\u4e00-\u9fff]", hint) for hint in re.findall(r"^# [a-z_]+: .*  # (.*)$", text, re.M))
    path.write_text(uncomment(text), encoding="utf-8")
    filled = assert_valid(path)
    assert all(f"\n{key}: " in filled for key in expected)
