from safety_month.cli import main
from tests.checks.test_checks_build import GOOD_SPEECH, project


def run(capsys, *argv):
    code = main(["check", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_clean_docs_exit_0(tmp_path, monkeypatch, capsys):
    project(tmp_path, {"index.md": "# 首页\n\n见[讲话](speeches/2021/a.md#p-1)。\n", "speeches/2021/a.md": GOOD_SPEECH})
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys)
    assert code == 0 and "检查了 2 个页面，没有发现问题" in out


def test_issues_print_file_line_code_message_and_fix_and_exit_1(tmp_path, monkeypatch, capsys):
    project(tmp_path, {
        "index.md": "# 首页\n\n见[讲话](speeches/2021/a.md#一总体要求x)。\n",
        "speeches/2021/a.md": GOOD_SPEECH.replace("[企业]", "[进企业]") + "\n同志们,好。\n{: #p-2 }\n",
    })
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("docs/index.md:3:7: link.anchor ")
    assert "是不是 #一总体要求？" in lines[0]
    assert lines[1] == ("docs/speeches/2021/a.md:8:13: fm.value audiences 含有未知的值“进企业”；允许的值："
                        "企业、农村、社区、学校、家庭 — 改为“企业”（不带“进”字）")
    assert lines[2].startswith("docs/speeches/2021/a.md:17:4: text.halfwidth [警告] ")
    assert lines[-1].startswith("共 3 个问题，涉及 2 个文件")


def test_paths_limit_what_is_reported_but_links_see_the_whole_site(tmp_path, monkeypatch, capsys):
    project(tmp_path, {"index.md": "# 首页\n\n同志们,好。\n", "speeches/2021/a.md": GOOD_SPEECH + "\n[首页](../../index.md#首页)\n{: #p-2 }\n"})
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "docs/speeches")
    assert code == 0, out
    code, out, _ = run(capsys, "docs/index.md")
    assert code == 1 and out.startswith("docs/index.md:3:4: text.halfwidth")


def test_file_outside_docs_and_a_non_utf8_file(tmp_path, monkeypatch, capsys):
    project(tmp_path, {"index.md": "# 首页\n"})
    (tmp_path / "gbk.md").write_bytes("---\ntitle: 标题\n---\n".encode("gbk"))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "gbk.md")
    assert code == 1 and out.startswith("gbk.md:2:8: file.encoding 文件不是 UTF-8 编码")


def test_missing_config_or_path(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys)
    assert code == 2 and "mkdocs.yml" in err
    project(tmp_path, {"index.md": "# 首页\n"})
    code, _, err = run(capsys, "docs/none.md")
    assert code == 2 and "不存在" in err
