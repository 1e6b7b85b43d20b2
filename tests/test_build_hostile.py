"""A build-level property: one strict build of a copy of the project holding 50 generated
pages (fixed seed) whose front-matter text (title, speaker, role, org, occasion, year_reason,
summary, author, source, issuer, description, subtitle) is hostile markup completes, and no
built HTML file has an element, attribute, handler or script that came from that text.

Every page is valid (the build would stop at the checks otherwise), so the text reaches every
place the site shows front matter: the page itself, <title> and meta tags, the speech
template, the library index, the 五进 excerpts' citations, the home page's latest speeches.
Each payload carries a marker: an attribute data-smpayload, a handler or javascript: URL
calling smpayloadN(), or a script whose code is smpayloadN(). html.parser reads the files as a
browser's tokenizer would; text that merely shows the payload (escaped) is fine.
"""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from safety_month import campaign
from safety_month.pages import schema
from tests.conftest import run_mkdocs_build
from tests.checks.test_checks_agree import copy_project

SEED = 20_251_204
PAGES = 50
PAYLOADS = [
    "<img data-smpayload src=x onerror=smpayload{n}()>",
    "<svg/onload=smpayload{n}() data-smpayload>",
    "<a/href=javascript:smpayload{n}() data-smpayload>链接</a>",
    "<iframe/src=javascript:smpayload{n}() data-smpayload>",
    '"><img data-smpayload src=x onerror=smpayload{n}()>',
    "' onmouseover='smpayload{n}()' data-smpayload='",
    '" onfocus="smpayload{n}()" autofocus data-smpayload="',
    "</title><script>smpayload{n}()</script>",
    "</script><script>smpayload{n}()</script>",
    "&lt;img data-smpayload src=x onerror=smpayload{n}()&gt;",
    "&#60;svg/onload=smpayload{n}() data-smpayload&#62;",
    "<b data-smpayload>粗</b>**粗体**",
    "[链接](javascript:smpayload{n}())",
    "<style>*{{x:y}}</style><p data-smpayload>",
    "<!--<img data-smpayload src=x onerror=smpayload{n}()>-->",
    "{{{{ smpayload{n} }}}}{{% raw %}}<i data-smpayload>",
    "<math><mi xlink:href=javascript:smpayload{n}() data-smpayload>x</mi></math>",
    "\\\"><img data-smpayload src=x onerror=smpayload{n}()>",
]
BODY = ("## 一、压实企业主体责任\n\n"
        "企业主要负责人是本单位安全生产第一责任人，要严格落实企业主体责任，健全全员安全生产责任制，"
        "扎实推进双重预防机制建设，做好风险分级管控和隐患排查治理。\n{: #p-1 }\n\n"
        "要深入开展安全宣传进企业、进农村、进社区、进学校、进家庭活动，组织好安全宣传咨询日活动。\n{: #p-2 }\n")


def _value(rng: random.Random, n: int) -> str:
    text = rng.choice(["", "讲话", "安全生产月"]) + rng.choice(PAYLOADS).format(n=n) + rng.choice(["", "动员会"])
    return json.dumps(text, ensure_ascii=False)   # a YAML double-quoted scalar


def generated_pages(seed: int = SEED, count: int = PAGES) -> dict[str, str]:
    """src_uri -> text of `count` valid pages of every kind with hostile front-matter text."""
    rng = random.Random(seed)
    tags = list(schema.tag_vocabulary() or ["安全生产月"])
    pages, n = {}, 0

    def value() -> str:
        nonlocal n
        n += 1
        return _value(rng, n)

    for i in range(count):
        kind = ("speech", "speech", "wujin", "notice", "page")[i % 5]
        if kind == "speech":
            year = rng.choice([2021, 2022, 2023, None])
            fields = {"title": value(), "kind": "speech", "audiences": "[企业]",
                      "tags": json.dumps(rng.sample(tags, 2), ensure_ascii=False),
                      "speaker": value(), "role": value(), "org": value(), "occasion": value()}
            if year:
                camp = campaign.by_year(year)
                fields.update(year=str(year), year_reason=value(), edition=str(camp.edition))
                if camp.theme:
                    fields["theme"] = json.dumps(camp.theme, ensure_ascii=False)
            src = f"speeches/{year or 'undated'}/hostile-{i}.md"
            body = BODY
        elif kind == "wujin":
            fields = {"title": value(), "kind": "wujin", "audience": "企业", "date": "2025-06-01",
                      "summary": value(), "author": value(), "source": value()}
            src, body = f"wujin/qiye/hostile-{i}.md", "正文。\n"
        elif kind == "notice":
            fields = {"title": value(), "kind": "notice", "date": "2025-05-20", "issuer": value(), "summary": value()}
            src, body = f"notices/hostile-{i}.md", "正文。\n"
        else:
            fields = {"title": value(), "description": value(), "subtitle": value()}
            src, body = f"hostile/page-{i}.md", "正文。\n"
        front = "\n".join(f"{k}: {v}" for k, v in fields.items())
        pages[src] = f"---\n{front}\n---\n\n{body}"
    return pages


class LiveMarkup(HTMLParser):
    """Collects elements, attributes and scripts that came alive from a payload."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self._script = tag == "script"
        for name, value in attrs:
            value = value or ""
            if name == "data-smpayload":
                self.found.append(f"<{tag} {name}>")
            elif name.startswith("on") and "smpayload" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name in ("href", "src", "xlink:href", "action", "formaction") \
                    and value.strip().lower().startswith("javascript:") and "smpayload" in value:
                self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False

    def handle_data(self, data):
        if self._script and data.strip().startswith("smpayload"):
            self.found.append(f"<script>{data.strip()[:40]}")


def live_markup(html: str) -> list[str]:
    parser = LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_finder_sees_each_payload_when_it_is_not_escaped():
    for n, payload in enumerate(PAYLOADS):
        raw = payload.format(n=n)
        if raw.startswith(("&", "[", "<!--", "{{", "**")) or "&#60;" in raw:
            continue   # these are live only if something unescapes or renders them
        assert live_markup(f'<p title="x">{raw}</p>') or live_markup(f'<p title="{raw}">x</p>') \
            or live_markup(f"<p title='{raw}'>x</p>"), raw


# Two generated pages go into the navigation without a title of their own there, so that the
# navigation, the tabs and the previous/next links show their front-matter titles.
NAV_PAGES = ("hostile/page-4.md", "hostile/page-9.md")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    for src, text in generated_pages().items():
        path = project / "docs" / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for n, src in enumerate(NAV_PAGES):   # titles that make elements, whatever the seed gave
        path = project / "docs" / src
        title = json.dumps(PAYLOADS[n].format(n=9000 + n))
        path.write_text(re.sub(r"(?m)^title: .*$", lambda m: f"title: {title}", path.read_text(encoding="utf-8"), 1),
                        encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "  - 历届主题: themes.md\n"
    nested = "      - 进家庭: wujin/jiating.md\n"     # (a page inside a navigation section)
    assert anchor in text and nested in text
    text = text.replace(anchor, anchor + f"  - {NAV_PAGES[0]}\n")
    text = text.replace(nested, nested + f"      - {NAV_PAGES[1]}\n")
    config.write_text(text, encoding="utf-8")
    site = project / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def test_the_build_of_hostile_pages_completes_and_shows_their_text(hostile_site):
    pages = generated_pages()
    assert len(pages) == PAGES
    for src in pages:
        assert (hostile_site / src[:-len(".md")] / "index.html").is_file(), src
    speech = (hostile_site / next(s for s in pages if s.startswith("speeches/"))[:-3] / "index.html").read_text(
        encoding="utf-8")
    assert "smpayload" in speech   # the text is on the page, as text


def test_no_front_matter_text_is_live_markup_in_any_built_file(hostile_site):
    found = {}
    for path in sorted(hostile_site.rglob("*.html")):
        live = live_markup(path.read_text(encoding="utf-8", errors="replace"))
        if live:
            found[path.relative_to(hostile_site).as_posix()] = live[:5]
    assert found == {}
