"""The editor guide followed word for word for the import tasks (issue 17 item 8): the commands
are taken from the guide's own code blocks, not retyped here, and run on files made the way
editors receive them: a page saved from a browser ("网页，全部": GBK bytes, a <meta charset>, the
page's _files folder beside it, breadcrumb, share widget and copyright lines) and a GBK .txt as
Windows Notepad saves it. Then review items are resolved as the guide says (`review`, then
`review --done FILE N`, or deleting the item by hand) and `check` and the strict build pass.

Every `safety-month` command line in any guide page is also parsed by the real command-line
parser: a guide that names a command or an option the program does not have fails here.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from safety_month import cli
from tests.conftest import ROOT, run_mkdocs_build
from tests.test_editor_guide_tasks import copy_project, page_of, sm

GUIDE = ROOT / "docs" / "guide"

SAVED_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>副县长在全县安全生产月活动启动仪式上的讲话_某县人民政府</title>
<link rel="stylesheet" href="./县长讲话_files/style.css"><script src="./县长讲话_files/jquery.js"></script>
</head><body>
<div class="nav">首页 | 政务公开 | 新闻中心 | 专题专栏</div>
<div class="crumb">您当前的位置：首页 &gt; 新闻中心 &gt; 领导讲话</div>
<h1>副县长在全县安全生产月活动启动仪式上的讲话</h1>
<p>副县长　王建国</p>
<p>（2023年6月2日）</p>
<p>同志们：</p>
<p>今天，我们在这里举行全县“安全生产月”活动启动仪式。今年6月是全国第22个“安全生产月”，主题是“人人讲安全、个个会应急——关注身边安全隐患”。</p>
<h2>一、提高认识，增强做好安全生产工作的责任感</h2>
<p>安全生产事关人民群众生命财产安全，各乡镇、各部门要牢固树立安全发展理念，坚持人民至上、生命至上。</p>
<h2>二、突出重点，扎实开展隐患排查整治</h2>
<p>要聚焦燃气、自建房、道路交通等重点行业领域，深入开展隐患排查，发现一处、整改一处。</p>
<h2>三、加强宣传，营造浓厚氛围</h2>
<p>要深入开展安全宣传“五进”活动，推动安全知识进企业、进农村、进社区、进学校、进家庭。</p>
<p>同志们，让我们行动起来，为全县经济社会高质量发展创造良好的安全环境。谢谢大家！</p>
<div class="share">分享到：微信 微博 QQ空间</div>
<div class="footer">版权所有：某县人民政府办公室　主办单位：某县人民政府　ICP备案号：某ICP备00000000号</div>
</body></html>
"""

NOTEPAD_TXT = """在全镇安全生产工作会议上的讲话
镇长　李明华
同志们：
今年是全国第21个“安全生产月”，我们要认真贯彻落实新修改的《安全生产法》，压实各方责任。
一、压实责任
各村、各企业要落实主体责任，主要负责人是第一责任人。
二、排查隐患
要对辖区内的小作坊、出租房、加油站开展拉网式排查，建立台账，限期整改。
谢谢大家。
"""


def guide_commands(page: str) -> list[str]:
    """The safety-month command lines of a guide page's code blocks (comments cut off)."""
    lines, fence = [], None          # fence: the language of the open code block
    for raw in (GUIDE / page).read_text(encoding="utf-8").splitlines():
        stripped = raw.strip()
        if stripped.startswith("```"):
            fence = None if fence is not None else (stripped[3:].strip() or "text")
            continue
        if fence in ("bash", "sh", "shell"):
            line = stripped.split("  #", 1)[0].strip()
            if re.match(r"(\.venv/bin/)?safety-month\b", line):
                lines.append(line)
    return lines


def test_every_command_in_the_guide_is_one_the_program_has():
    parser = cli.build_parser()
    found = set()
    for page in sorted(GUIDE.glob("*.md")):
        for line in guide_commands(page.name):
            argv = shlex.split(line)[1:]
            try:
                args = parser.parse_args(argv)
            except SystemExit as exc:       # argparse's way of saying no
                pytest.fail(f"{page.name}: {line}: exit {exc.code}")
            assert args.command, line
            found.add(args.command)
    assert found >= {"import", "new", "review", "remove", "diff", "convert"}, found


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("guide-import")
    copy_project(dest)
    files = dest / "sources" / "县长讲话_files"
    files.mkdir()
    (files / "style.css").write_text("body{font-size:14px}", encoding="ascii")
    (files / "jquery.js").write_text("/* saved with the page */", encoding="ascii")
    (dest / "sources" / "县长讲话.html").write_bytes(SAVED_PAGE.encode("gbk"))   # ("gb2312" pages are GBK)
    (dest / "sources" / "镇长讲话.txt").write_bytes(NOTEPAD_TXT.replace("\n", "\r\n").encode("gbk"))
    return dest


def _import_as_the_guide_says(project: Path, name: str) -> str:
    [command] = [c for c in guide_commands("speech.md") if " import " in f" {c} "]
    argv = shlex.split(command)
    assert argv[-1] == "sources/新原稿.docx"        # the guide's example file, replaced by ours
    result = sm(*argv[1:-1], f"sources/{name}", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_saved_web_page_imports_with_title_speaker_date_and_headings(project: Path):
    out = _import_as_the_guide_says(project, "县长讲话.html")
    assert "✓ sources/县长讲话.html" in out
    page = page_of(project / "docs" / "speeches", "县长讲话.html")
    text = page.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["title"] == "副县长在全县安全生产月活动启动仪式上的讲话"
    assert (meta.get("speaker"), meta.get("role")) == ("王建国", "副县长")
    assert meta["year"] == 2023 and page.parent.name == "2023"
    body = text.split("\n---\n", 1)[1]
    assert "## 一、提高认识，增强做好安全生产工作的责任感" in body
    assert "## 三、加强宣传，营造浓厚氛围" in body
    for chrome in ("您当前的位置", "分享到", "版权所有", "ICP备案号", "政务公开"):
        assert chrome not in body, chrome


def test_a_notepad_gbk_text_imports_like_utf8(project: Path):
    _import_as_the_guide_says(project, "镇长讲话.txt")
    page = page_of(project / "docs" / "speeches", "镇长讲话.txt")
    text = page.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["title"] == "在全镇安全生产工作会议上的讲话"
    assert meta.get("role") == "镇长" and meta.get("speaker") == "李明华"
    assert meta["year"] == 2022                        # 第21个“安全生产月”
    assert "## 一、压实责任" in text and "\r" not in text


def test_review_items_are_resolved_as_the_guide_says_and_the_site_builds(project: Path):
    # The guide's listing command; then, on the page with the most items, one item resolved
    # with --done and one deleted by hand from the review list (both ways the guide gives).
    for name in ("县长讲话.html", "镇长讲话.txt"):        # (imported by the tests above; again is a no-op)
        _import_as_the_guide_says(project, name)
    [listing] = [c for c in guide_commands("import-report.md") if shlex.split(c)[1:] == ["review"]]
    before = sm(*shlex.split(listing)[1:], cwd=project)
    assert before.returncode == 0, before.stderr
    items = re.findall(r"^(docs/\S+\.md):(\d+): 第 (\d+) 项", before.stdout, re.M)
    rel = max({path for path, _, _ in items}, key=lambda p: sum(1 for q, _, _ in items if q == p))
    mine = [(int(line), int(n)) for path, line, n in items if path == rel]
    assert len(mine) >= 2
    done = sm("review", "--done", rel, "1", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    page = project / rel
    text = page.read_text(encoding="utf-8")
    # by hand: the first remaining item's three lines go (review_count, if written, with it)
    text, n = re.subn(r"^- line: \d+\n  rule: .*\n  message: .*\n", "", text, count=1, flags=re.M)
    assert n == 1
    text = re.sub(r"^review_count: \d+\n", "", text, flags=re.M)
    page.write_text(text, encoding="utf-8")
    after = sm("review", rel, cwd=project)
    assert len(re.findall(rf"^{re.escape(rel)}:", after.stdout, re.M)) == len(mine) - 2
    meta = yaml.safe_load(text.split("---\n")[1])
    assert len(meta.get("review") or []) == len(mine) - 2
    check = sm("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    result = run_mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    saved = page_of(project / "docs" / "speeches", "县长讲话.html")
    built = project / "site" / saved.relative_to(project / "docs").with_suffix("") / "index.html"
    html = built.read_text(encoding="utf-8")
    assert "副县长在全县安全生产月活动启动仪式上的讲话" in html and 'id="p-1"' in html
