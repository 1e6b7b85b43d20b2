"""An editor's whole path, for real: a .docx speech -> `safety-month import` -> a hand edit ->
`safety-month check` -> `mkdocs build --strict` -> the edit on the speech page and in the
讲话摘编 of the 进企业 page.

Runs in a temporary copy of the project (mkdocs.yml, mkdocs.preview.yml, overrides/, docs/;
scripts/ is linked because mkdocs.yml names its hooks and data files by path). The copy's
docs/speeches/ starts empty, so the 进企业 excerpts can only come from this speech.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from safety_month.pages import paragraphs, reader

from tests.conftest import ROOT, run_mkdocs_build

BIN = Path(sys.executable).parent
EDIT = "编辑核对后补充：企业主要负责人是第一责任人，要把主体责任和双重预防机制落到每个班组。"

PARAGRAPHS = [
    ("title", "在全区2023年安全生产月活动动员会上的讲话"),
    ("p", "同志们：今年6月是全国第22个“安全生产月”，主题是“人人讲安全、个个会应急”。今天召开动员会，部署全区安全生产月活动。"),
    ("h", "一、压实企业主体责任"),
    ("p", "要深入开展安全宣传进企业、进农村、进社区、进学校、进家庭活动。企业主要负责人是本单位安全生产第一责任人，"
          "要严格落实企业主体责任，健全全员安全生产责任制，扎实推进双重预防机制建设，做好风险分级管控和隐患排查治理。"),
    ("p", "各类企业要加强特种作业人员培训，危险化学品、建筑施工、工贸企业要开展标准化建设，把隐患消除在萌芽状态。"),
    ("h", "二、营造浓厚宣传氛围"),
    ("p", "要组织好6月16日全国安全宣传咨询日活动，利用广场、社区、学校等阵地，广泛宣传安全生产法律法规和应急避险知识。"),
]


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for kind, text in PARAGRAPHS:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind == "h":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    document.save(str(path))


def copy_project(dest: Path) -> None:
    for name in ("mkdocs.yml", "mkdocs.preview.yml"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("speeches"))
    (dest / "scripts").symlink_to(ROOT / "scripts")


def cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore::DeprecationWarning")
    return subprocess.run([str(BIN / "safety-month"), *argv], cwd=cwd, env=env, capture_output=True, text=True)


def test_docx_import_hand_edit_build_and_wujin_excerpt(tmp_path):
    from safety_month import cli as cli_module

    # The pieces this journey goes through, named so that a missing one says which.
    assert "import" in cli_module.COMMANDS, "`safety-month import` is not registered"
    config_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_outreach.py" in config_text, "the 五进 excerpt hook (scripts/hooks/site_outreach.py) is not in mkdocs.yml"
    assert "<!-- 讲话摘编 -->" in (ROOT / "docs/wujin/qiye.md").read_text(encoding="utf-8"), \
        "docs/wujin/qiye.md has no <!-- 讲话摘编 --> marker"

    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    source = project / "sources" / "2023-dongyuan.docx"
    source.parent.mkdir()
    make_docx(source)

    # 1. import the .docx
    result = cli("import", str(source), "--out", str(project / "docs/speeches"), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = sorted((project / "docs/speeches").glob("*/*.md"))
    assert len(pages) == 1, result.stdout
    page = pages[0]
    assert page.parent.name == "2023"
    text = page.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["kind"] == "speech" and meta["year"] == 2023 and meta["edition"] == 22
    assert "企业" in meta["audiences"] and meta.get("generated_hash")

    # 2. edit it by hand: a sentence into the paragraph about enterprises
    # (plain Markdown: no anchor lines; the build numbers the paragraphs as pages.paragraphs reads them)
    assert "{: #p-" not in text and "sm-redact" not in text
    m = re.search(r"^(.*企业主要负责人是本单位安全生产第一责任人.*)$", text, re.M)
    assert m, text
    body = text.split("\n")[reader.parse(text).close_line:]
    number = next(p.number for p in paragraphs.paragraphs(body) if m.group(1) in p.lines)
    edited = text.replace(m.group(1), EDIT + m.group(1), 1)
    page.write_text(edited, encoding="utf-8")

    # 3. the editor's checks accept the edited page (and would name any problem)
    check = cli("check", str(page.relative_to(project)), cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr

    # 4. a re-import keeps the hand edit
    again = cli("import", str(source), "--out", str(project / "docs/speeches"), cwd=project)
    assert again.returncode == 0, again.stdout + again.stderr
    assert EDIT in page.read_text(encoding="utf-8")

    # 5. the strict build of the whole site
    site = tmp_path / "site"
    build = run_mkdocs_build(project / "mkdocs.yml", site)
    assert build.returncode == 0, build.stderr[-4000:]

    # 6. the edit on the speech page, as paragraph p-N
    rel = page.relative_to(project / "docs").with_suffix("")
    speech_html = (site / rel / "index.html").read_text(encoding="utf-8")
    para = re.search(rf'<p id="p-{number}">(.*?)</p>', speech_html, re.S)
    assert para and EDIT in para.group(1)

    # 7. ... and in the 讲话摘编 of the 进企业 page, linking back to that paragraph
    qiye = (site / "wujin/qiye/index.html").read_text(encoding="utf-8")
    block = re.search(r'<div class="sm-excerpts" data-audience="企业">(.*?)</div>', qiye, re.S)
    assert block, "no 讲话摘编 block on the 进企业 page"
    items = re.findall(r'<li class="sm-excerpt">(.*?)</li>', block.group(1), re.S)
    ours = [i for i in items if f"{rel.name}/#p-{number}" in i]
    assert ours, block.group(1)[:2000]
    assert "编辑核对后补充" in ours[0]


def test_preview_config_keeps_every_hook_except_the_slow_publishing_ones():
    """mkdocs.preview.yml replaces the hooks list (INHERIT does not merge lists): it must stay
    mkdocs.yml's list, in order, minus the hooks a preview leaves out on purpose, plus the
    preview's own template cache.

    Left out (the rule mkdocs.preview.yml's header states): the publishing hooks and the
    build's page cache (build_cache: the preview keeps its own caches), and every
    search hook (scripts/hooks/search_*.py), since the preview has no search plugin and so
    no index for them to check or rewrite."""
    from mkdocs.utils.yaml import get_yaml_loader

    publishing = {"scripts/hooks/publish_outside_refs.py", "scripts/hooks/publish_fingerprint.py",
                  "scripts/hooks/publish_csp.py", "scripts/hooks/build_cache.py",
                  "scripts/hooks/build_site_dir.py", "scripts/hooks/build_release.py"}
    is_search_hook = lambda h: Path(h).stem.split("_")[0] == "search"  # noqa: E731
    load = lambda name: yaml.load((ROOT / name).read_text(encoding="utf-8"), Loader=get_yaml_loader())  # noqa: E731
    full, preview = load("mkdocs.yml"), load("mkdocs.preview.yml")
    assert preview["INHERIT"] == "mkdocs.yml"
    assert preview["plugins"] == []  # no search plugin: the reason the search hooks stay out
    assert "scripts/hooks/search.py" in full["hooks"]
    preview_only = ["scripts/hooks/preview.py"]
    kept = [h for h in full["hooks"] if h not in publishing and not is_search_hook(h)]
    assert preview["hooks"] == kept + preview_only
    assert "scripts/hooks/checks.py" in preview["hooks"]


def test_preview_template_cache_reuses_compiled_templates_and_sees_edits(tmp_path):
    import jinja2

    from safety_month.preview.templates import MemoryBytecodeCache

    cache = MemoryBytecodeCache()
    (tmp_path / "t.html").write_text("一{{ x }}", encoding="utf-8")
    compiled = []

    class Env(jinja2.Environment):
        def compile(self, *args, **kwargs):
            compiled.append(args[1] if len(args) > 1 else kwargs.get("name"))
            return super().compile(*args, **kwargs)

    def render():  # a fresh environment per build, as MkDocs does
        env = Env(loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=cache)
        return env.get_template("t.html").render(x=1)

    assert render() == "一1" and render() == "一1"
    assert compiled == ["t.html"] and len(cache) == 1          # compiled once, then reused
    (tmp_path / "t.html").write_text("二{{ x }}", encoding="utf-8")
    assert render() == "二1" and compiled == ["t.html", "t.html"]   # an edit is compiled again


def test_make_serve_starts_the_preview_without_the_strict_build():
    """`make serve` must start while pages have errors (the preview shows them): it imports and
    serves, and never runs the strict `mkdocs build` first, which stops at the first broken page.
    `make build` stays strict."""
    def dry_run(target: str) -> str:
        done = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    serve = dry_run("serve")
    assert "mkdocs serve -f mkdocs.preview.yml" in serve and "safety-month import" in serve
    assert "mkdocs build" not in serve, serve
    assert "mkdocs build --strict" in dry_run("build")
