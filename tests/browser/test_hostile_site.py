"""A site built from hostile sources: no text of a source or a front matter becomes markup.

A temporary copy of the project gets sources whose titles (a .txt's first line, an HTML
page's <title> and <h1>, literal and entity-escaped, a .docx Title) carry markup payloads,
imported with `safety-month import`; and, so that the build side is proved whatever the
importer's junk rule strips, pages written by hand with the payloads in their front matter
(title, speaker, role, org, occasion, description …) and body: a speech (its <h1> comes
from the template), a notice (the theme writes its <h1>) and a free page whose only title is
its Markdown <h1>, the last two also in the navigation. Then:

(a) every built file (HTML, search_index.json, the shards, the file:// edition's
    search_index.js, sitemap.xml) is parsed and must hold no element or attribute made from
    a payload, while the payload text itself is there, escaped;
(b) the site, deployed by deploy/README.md onto nginx, is crawled page by page in Chromium
    and searched for the hostile titles, with each engine: zero securitypolicyviolation
    events, zero dialogs, no payload element in the DOM.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from devtools.nginx_local import NGINX, ReadmeDeploy, free_port
from tests.conftest import ROOT, run_mkdocs_build

from .conftest import DESKTOP, type_search
from .deploy_flow import collect_csp, watch

pytestmark = pytest.mark.browser

BIN = Path(sys.executable).parent
PAYLOADS = [
    "<svg/onload=alert(1)>",
    "<img/src=x/onerror=alert(2)>",
    "<a/href=javascript:alert(3)>x</a>",
    "<iframe/src=//evil>",
    "&lt;script&gt;alert(4)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(5)&#62;",
    "<script>alert(6)</script>",
    "</title><script>alert(7)</script>",
]
PARAGRAPH = ("同志们：今年6月是全国第22个“安全生产月”，主题是“人人讲安全、个个会应急”。今天召开动员会，部署全区安全生产月活动。"
             "要深入开展安全宣传进企业、进农村、进社区、进学校、进家庭活动。企业主要负责人是本单位安全生产第一责任人，"
             "要严格落实企业主体责任，健全全员安全生产责任制，扎实推进双重预防机制建设，做好风险分级管控和隐患排查治理。")
MARKER = re.compile(r"alert\(|//evil|javascript:", re.I)
SEARCHES = ["动员会", "讲话", "手写页面", "张三", "某区", "通知", "自由页面", "<svg/onload=alert(1)>", "alert"]


# A paragraph the 进企业 page's 讲话摘编 picks first (data/outreach.yml's keywords), with a
# payload as text inside the sentence it quotes; its speaker line names 张三 + payloads.
EXCERPT = ("企业主要负责人是第一责任人" + html.escape("<img/src=x/onerror=alert(140)>", quote=False)
           + "，企业要落实主体责任，双重预防机制和风险分级管控要到位，危险化学品、工贸、建筑施工、"
           "矿山企业要抓好特种作业培训和全员安全生产责任制。")


def all_payloads(n: int) -> str:
    """Every payload once, each alert numbered from n (to tell the fields apart)."""
    return "".join(re.sub(r"alert\(\d+\)", f"alert({n + i})", p) for i, p in enumerate(PAYLOADS))


def yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)   # a JSON string is a YAML string


# --- the project ---------------------------------------------------------------------

def write_sources(sources: Path) -> None:
    import docx

    sources.mkdir(parents=True)
    for i, payload in enumerate(PAYLOADS):
        title = f"在2023年安全生产月动员会上的讲话{payload}"
        body = "\n\n".join([PARAGRAPH + payload] * 4)
        (sources / f"t{i}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        paras = "".join(f"<p>{html.escape(PARAGRAPH + payload)}</p>" for _ in range(4))
        (sources / f"h{i}.html").write_text(      # the payload as text of the page
            f"<html><head><title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>{paras}</body></html>",
            encoding="utf-8")
        paras = "".join(f"<p>{PARAGRAPH}{payload}</p>" for _ in range(4))
        (sources / f"r{i}.html").write_text(      # the payload as markup of the page
            f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{paras}</body></html>", encoding="utf-8")
        document = docx.Document()
        document.add_heading(title, level=0)
        for _ in range(4):
            document.add_paragraph(PARAGRAPH + payload)
        document.save(str(sources / f"d{i}.docx"))


def write_hand_pages(project: Path) -> None:
    docs = project / "docs"
    escaped = html.escape(all_payloads(80), quote=False)   # payloads as text in Markdown
    (docs / "speeches" / "2023").mkdir(parents=True, exist_ok=True)
    (docs / "speeches" / "2023" / "hand-hostile.md").write_text(f"""---
title: {yaml_str("手写页面" + all_payloads(10))}
kind: speech
speaker: {yaml_str("张三" + all_payloads(20))}
role: {yaml_str("区长" + all_payloads(30))}
org: {yaml_str("某区" + all_payloads(40))}
occasion: {yaml_str("动员会" + all_payloads(50))}
year: 2023
year_reason: {yaml_str("手写" + all_payloads(60))}
edition: 22
theme: "人人讲安全、个个会应急"
audiences:
- "企业"
tags:
- "安全生产月"
---

{PARAGRAPH}{escaped}
{{: #p-1 }}

## 第二部分{escaped}

要严格落实企业主体责任，健全全员安全生产责任制，扎实推进双重预防机制建设。{escaped}
{{: #p-2 }}

{EXCERPT}
{{: #p-3 }}
""", encoding="utf-8")
    (docs / "notices").mkdir(exist_ok=True)
    (docs / "notices" / "2025-06-01-hostile.md").write_text(f"""---
title: {yaml_str("通知" + all_payloads(90))}
kind: notice
date: 2025-06-01
issuer: {yaml_str("应急局" + all_payloads(100))}
summary: {yaml_str("摘要" + all_payloads(110))}
---

通知正文。{escaped}
""", encoding="utf-8")
    (docs / "hostile-free.md").write_text(f"""---
description: {yaml_str("自由页面描述" + all_payloads(120))}
---

# 自由页面{html.escape(all_payloads(130), quote=False)}

正文。{escaped}
""", encoding="utf-8")
    # Both in the navigation (tabs, sidebar) by their own titles, not one from mkdocs.yml.
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - 历届主题: themes.md\n" in text
    config.write_text(text.replace("  - 历届主题: themes.md\n", "  - 历届主题: themes.md\n  - hostile-free.md\n"
                                   "  - 通知:\n      - notices/2025-06-01-hostile.md\n", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("hostile") / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "mkdocs.preview.yml"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("speeches"))
    for name in ("scripts", "node_modules"):
        (project / name).symlink_to(ROOT / name)
    write_sources(project / "sources")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore::DeprecationWarning")
    result = subprocess.run([str(BIN / "safety-month"), "import", "sources"], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert len(list((project / "docs" / "speeches").rglob("*.md"))) == 4 * len(PAYLOADS)
    write_hand_pages(project)
    return project


@pytest.fixture(scope="module")
def hostile_deploys(hostile_project, tmp_path_factory):
    """engine -> the hostile site built with that search engine and deployed by the README."""
    if not Path(NGINX).exists():
        pytest.fail(f"nginx missing at {NGINX}: run `make system-deps` as root (nginx-light)")
    deploys = {}
    try:
        for engine in ("material", "sharded"):
            deploy = ReadmeDeploy("root", tmp_path_factory.mktemp(f"hostile-{engine}"), free_port())
            result = run_mkdocs_build(hostile_project / "mkdocs.yml", deploy.build_site,
                                      {"SITE_URL": deploy.home, "SAFETY_MONTH_SEARCH_ENGINE": engine})
            assert result.returncode == 0, result.stderr[-4000:]
            deploys[engine] = deploy.start()
        yield deploys
    finally:
        for deploy in deploys.values():
            deploy.stop()


@pytest.fixture(scope="module")
def hostile_offline(hostile_project, tmp_path_factory) -> Path:
    """The file:// edition of the hostile project (its search/search_index.js)."""
    tmp = tmp_path_factory.mktemp("hostile-offline")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_offline.py"), "--out", str(tmp / "o.zip"),
                             "--config-file", str(hostile_project / "mkdocs.yml"), "--site-dir", str(tmp / "site")],
                            capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return tmp / "site"


# --- (a) every built file, parsed -------------------------------------------------------------

class _Live(HTMLParser):
    """Elements and attributes a payload would make (the HTML tokenizer's view)."""

    def __init__(self, where: str):
        super().__init__(convert_charrefs=True)
        self.where, self.found, self.stack = where, [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or (name in ("href", "src", "action", "xlink:href")
                                         and (re.match(r"\s*javascript:", value, re.I) or MARKER.search(value)
                                              or value == "x" or value.startswith("x/"))):
                self.found.append(f"{self.where}: <{tag} {name}={value!r}>")
        if tag in ("iframe", "frame", "object", "embed"):
            self.found.append(f"{self.where}: <{tag} {attrs}>")
        self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.stack.pop()

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script" and "alert(" in data:
            self.found.append(f"{self.where}: <script>{data[:60]!r}")


def live_markup(text: str, where: str) -> list[str]:
    parser = _Live(where)
    parser.feed(text)
    parser.close()
    return parser.found


def _index_strings(data) -> list[str]:
    """Every string of a search index document (any engine's file), recursively."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _index_strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _index_strings(v)]
    return []


def scan_site(site: Path) -> tuple[list[str], dict[str, int]]:
    """(live payload markup found, files of each kind scanned)."""
    found, kinds = [], {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace") if path.suffix in (".html", ".json", ".js", ".xml") else None
        if text is None:
            continue
        if path.suffix in (".html", ".xml"):
            kind, found_here = path.suffix, live_markup(text, rel)
        elif path.suffix == ".json" and rel.startswith("search/"):
            # every string of the index is inserted into the results as HTML by the bundle
            kind, found_here = "index", [f for s in _index_strings(json.loads(text)) for f in live_markup(s, rel)]
        elif rel == "search/search_index.js":
            kind = "index.js"
            found_here = [f for s in _index_strings(json.loads(text.split("=", 1)[1])) for f in live_markup(s, rel)]
        else:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        found += found_here
    return found, kinds


def test_payloads_reach_the_build_by_hand_whatever_the_importer_strips(hostile_project):
    import yaml

    text = (hostile_project / "docs" / "speeches" / "2023" / "hand-hostile.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["title"] == "手写页面" + all_payloads(10) and meta["org"] == "某区" + all_payloads(40)


@pytest.mark.parametrize("which", ["material", "sharded", "offline"])
def test_no_payload_is_live_in_any_built_file(which, request):
    site = (request.getfixturevalue("hostile_offline") if which == "offline"
            else request.getfixturevalue("hostile_deploys")[which].build_site)
    found, kinds = scan_site(site)
    assert found == []
    assert kinds.get(".html", 0) > 40 and kinds.get(".xml", 0) == 1   # (every page kind, many speeches)
    # not vacuous: the payloads are in the site as text, in pages and in the search index
    hand = site / ("speeches/2023/hand-hostile.html" if which == "offline" else "speeches/2023/hand-hostile/index.html")
    assert "&lt;svg/onload=alert(10)&gt;" in hand.read_text(encoding="utf-8")
    qiye = (site / ("wujin/qiye.html" if which == "offline" else "wujin/qiye/index.html")).read_text(encoding="utf-8")
    excerpts = "".join(re.findall(r'<li class="sm-excerpt">(.*?)</li>', qiye, re.S))
    assert "&lt;img/src=x/onerror=alert(140)&gt;" in excerpts and "张三&lt;svg/onload=alert(20)&gt;" in excerpts
    search = "".join(p.read_text(encoding="utf-8") for p in (site / "search").rglob("*") if p.is_file())
    assert "&lt;iframe/src=//evil&gt;" in search and "alert(17)" in search and "alert(20)" in search
    if which == "offline":
        assert kinds.get("index.js") == 1
    if which == "sharded":
        assert kinds.get("index", 0) > 3     # search_index.json, meta, term and text shards


# --- (b) Chromium, under nginx ----------------------------------------------------------------

DOM_CHECK = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['iframe', 'frame', 'object', 'embed'].includes(tag)) bad.push(tag);
    if (tag === 'script' && el.textContent.includes('alert(')) bad.push('script: ' + el.textContent.slice(0, 60));
    for (const a of el.attributes) {
      const v = a.value;
      if (/^on/i.test(a.name)) bad.push(`${tag} ${a.name}=${v}`);
      else if (['href', 'src', 'action', 'xlink:href'].includes(a.name.toLowerCase())
               && (/^\\s*javascript:/i.test(v) || /alert\\(|\\/\\/evil/.test(v) || v === 'x' || v.startsWith('x/')))
        bad.push(`${tag} ${a.name}=${v}`);
    }
  }
  return bad;
}"""


def _pages(site: Path, home: str) -> list[str]:
    return [home + p.relative_to(site).parent.as_posix().removeprefix(".") + ("/" if p.parent != site else "")
            for p in sorted(site.rglob("index.html"))]


@pytest.mark.parametrize("engine", ["material", "sharded"])
def test_crawl_and_search_in_chromium(engine, hostile_deploys, browser):
    deploy = hostile_deploys[engine]
    ctx = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        page = ctx.new_page()
        w = watch(page, (deploy.url,))
        dialogs, dom = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        urls = _pages(deploy.build_site, deploy.home)
        # (every page of the site but the editor guide, which the published site leaves out)
        assert len(urls) > 40 and deploy.home + "speeches/2023/hand-hostile/" in urls
        for url in urls:
            page.goto(url, wait_until="load")
            dom += [f"{url}: {b}" for b in page.evaluate(DOM_CHECK)]
            collect_csp(page, w)
        # the hostile titles rendered by the search results panel, then a result opened
        page.goto(deploy.home, wait_until="load")
        shown = 0
        for query in SEARCHES:
            groups = type_search(page, query)
            shown += len(groups)
            dom += [f"search {query}: {b}" for b in page.evaluate(DOM_CHECK)]
            collect_csp(page, w)
        hand = [g for g in type_search(page, "手写页面") if g["page"].endswith("/hand-hostile/")]
        assert hand
        page.goto(hand[0]["hrefs"][0], wait_until="load")      # with ?h= (search.highlight)
        dom += [f"result page: {b}" for b in page.evaluate(DOM_CHECK)]
        collect_csp(page, w)
        print(f"{engine}: {len(urls)} pages crawled, {len(SEARCHES) + 1} searches ({shown} result pages shown), "
              f"{len(w.csp)} CSP violations, {len(dialogs)} dialogs, {len(dom)} payload elements")
        assert dom == [] and dialogs == []
        assert w.csp == [] and w.problems() == []
        assert shown > 20
        # the title shown as the text it is
        assert "手写页面<svg/onload=alert(10)>" in hand[0]["text"].replace("\u200b", "")
    finally:
        ctx.close()
