"""Generated speeches for benchmarks (never shipped: benchmarks only). One generator, two forms.

Sentences come from the raw seeds in sources/ (converted to simplified Chinese) and are
cut into clauses; each generated sentence joins 2–4 random clauses, so the corpus does not
repeat whole sentences (which would flatter gzip figures).

- raw source documents (`make_document`, `write_raw_corpus`): what editors import — a title,
  a greeting, numbered sections, a sentence naming the campaign edition (so the importer finds
  the year), and some of the noise real sources carry (site chrome lines, page markers glued
  into sentences, half-width punctuation, control characters); .txt (UTF-8 and GB18030),
  saved .html pages and .docx files;
- importer-format Markdown pages (`speech_markdown`, `write_pages`): front matter plus
  "{: #p-N }" paragraph anchors, as if already imported.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

CN_NUMERALS = "一二三四五六七八九十"
# A sentence worth reusing: mostly Han characters, between 12 and 120 characters long.
_SENTENCE = re.compile(r"[^。！？!?\n]{12,120}[。！？!?]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
_NOISE = re.compile(r"https?:|www\.|下载|收藏|版权|客服|文档|公文包|网友|互联网|分享|\d{4,}KB|页数|[A-Za-zＸｘ×〔〕*_]|……")
# Half-width punctuation in Chinese text becomes full-width (the site's text checks ask so).
_FULLWIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})
# Quotation marks are dropped: seeds mix styles (“〞) and clauses are recombined anyway.
_QUOTES = re.compile(r"[“”‘’\"'〝〞「」《》〈〉]")

# Raw documents: site chrome lines copied along with the text, titles, and a saved page.
CHROME = ["您好,欢迎访问公文包", "当前位置:首页 > 经验交流 > 领导讲话", "下载文档", "收藏 分享赚钱",
          "扫一扫在手机打开当前页", "温馨提示:", "网站客服:3074922707", "此文档下载收益归作者所有",
          "部分预览阅读已结束，开通VIP查看全文"]
TITLES = ["在全{p}安全生产工作会议上的讲话", "{p}长在安全生产月启动仪式上的讲话",
          "在全{p}安全生产专项整治工作推进会上的讲话", "{p}委书记在安全生产工作专题会议上的讲话"]
PLACES = ["区", "县", "市", "镇"]
HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_范文网</title>
<link rel="canonical" href="https://www.example.com/a/{n}.html"><style>p{{margin:0}}</style>
<script>var s=1;</script></head><body><nav><a href="/">首页</a> &gt; 讲话</nav>
<aside class="sidebar"><h3>相关文档</h3><ul><li><a href="/1">安全生产月活动方案</a></li></ul></aside>
<article><h1>{title}</h1>{body}</article><footer>版权所有 客服电话</footer></body></html>"""
# Share of each raw form (cumulative upper bounds of one random roll).
DOCX_BELOW, HTML_BELOW, GB18030_BELOW = 0.04, 0.10, 0.15


def seed_sentences(sources: Path) -> list[str]:
    """Distinct, clean-looking sentences from every file in sources/ (simplified)."""
    import opencc
    from charset_normalizer import from_bytes

    t2s = opencc.OpenCC("t2s")
    seen: dict[str, None] = {}
    for file in sorted(sources.iterdir()):
        best = from_bytes(file.read_bytes()).best()
        text = t2s.convert(str(best) if best else "")
        for match in _SENTENCE.finditer(text):
            s = _QUOTES.sub("", match.group(0).strip().translate(_FULLWIDTH))
            if len(_HAN.findall(s)) >= 0.8 * len(s) and not _NOISE.search(s) and "#" not in s:
                seen.setdefault(s, None)
    return list(seen)


def usable_sentences(sources: Path) -> list[str]:
    sentences = seed_sentences(sources)
    if len(sentences) < 20:
        raise ValueError(f"{sources}: only {len(sentences)} usable sentences for the benchmark corpus")
    return sentences


def clauses_of(sentences: list[str]) -> list[str]:
    return [c for s in sentences for c in _CLAUSE_SPLIT.split(s.rstrip("。！？!?")) if len(c) >= 4]


def _sentence(rng: random.Random, clauses: list[str]) -> str:
    return "，".join(rng.choice(clauses) for _ in range(rng.randint(2, 4))) + "。"


def paragraph(rng: random.Random, clauses: list[str]) -> str:
    return "".join(_sentence(rng, clauses) for _ in range(rng.randint(4, 8)))


def speech_year(number: int) -> int:
    return 2004 + number % 22


# ---------------------------------------------------------------- raw source documents

def _noisy(rng: random.Random, text: str) -> str:
    """Noise real sources carry: a page marker glued in, half-width commas, a NUL."""
    if rng.random() < 0.15:
        cut = rng.randrange(len(text))
        text = text[:cut] + f"{rng.randint(1, 8)}/8" + text[cut:]
    if rng.random() < 0.1:
        text = text.replace("，", ",", 2)
    if rng.random() < 0.05:
        text += "\x00"
    return text


def make_document(rng: random.Random, sentences: list[str], chars: int = 5000,
                  year: int | None = None) -> tuple[str, list[tuple[str, int]]]:
    """(title, [(line, heading level or 0)]): about `chars` characters of body text."""
    clauses = clauses_of(sentences)
    title = rng.choice(TITLES).format(p=rng.choice(PLACES))
    lines: list[tuple[str, int]] = [("同志们：", 0)]
    if year is not None:
        lines.append((f"今年6月是全国第{year - 2001}个“安全生产月”，{_sentence(rng, clauses)}", 0))
    size, section = 0, 0
    while size < chars:
        heading = rng.choice(sentences)[:14].rstrip("，。；：、")
        lines.append((f"{CN_NUMERALS[section % 10]}、{heading}", 2))
        section += 1
        for _ in range(rng.randint(2, 5)):
            text = paragraph(rng, clauses)
            lines.append((_noisy(rng, text), 0))
            size += len(text)
    return title, lines


def _write_docx(path: Path, title: str, lines: list[tuple[str, int]]) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(title, style="Title")
    for line, level in lines:
        document.add_paragraph(line.replace("\x00", ""), style=f"Heading {level}" if level else None)
    document.save(path)


def _html_body(lines: list[tuple[str, int]]) -> str:
    return "".join(f"<h2>{line}</h2>" if level else f"<p>{line.replace(chr(0), '')}</p>"
                   for line, level in lines)


def write_raw_document(stem: Path, rng: random.Random, title: str,
                       lines: list[tuple[str, int]], n: int) -> Path:
    """One raw source file (.docx, .html, GB18030 or UTF-8 .txt by a random roll)."""
    roll = rng.random()
    if roll < DOCX_BELOW:
        path = stem.with_suffix(".docx")
        _write_docx(path, title, lines)
    elif roll < HTML_BELOW:
        path = stem.with_suffix(".html")
        path.write_text(HTML_PAGE.format(title=title, body=_html_body(lines), n=n), encoding="utf-8")
    else:
        chrome = rng.sample(CHROME, rng.randint(0, 4))
        text = "\n".join(chrome[:2] + [title, title] + [line for line, _ in lines] + chrome[2:])
        path = stem.with_suffix(".txt")
        path.write_bytes(text.encode("gb18030" if roll < GB18030_BELOW else "utf-8"))
    return path


def write_raw_corpus(folder: Path, count: int, seed: int = 1, chars: int = 5000, *,
                     sentences: list[str]) -> int:
    """Write `count` raw source documents into folder; return their total size in bytes."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for n in range(count):
        title, lines = make_document(rng, sentences, chars, year=speech_year(n))
        total += write_raw_document(folder / f"{n:05d}", rng, title, lines, n).stat().st_size
    return total


# ---------------------------------------------------------------- importer-format pages

def speech_markdown(number: int, sentences: list[str], chars: int = 5000) -> str:
    """One generated speech page of about `chars` characters of body text."""
    from .campaign import by_year

    rng = random.Random(number)
    clauses = clauses_of(sentences)
    year = speech_year(number)
    title = f"在{year}年安全生产月活动动员会上的讲话（样本{number:04d}）"
    body: list[str] = []
    size, para, section = 0, 0, 0
    while size < chars:
        if para % 6 == 0:
            heading = rng.choice(sentences)[:14].rstrip("，。、；")
            body.append(f"## {CN_NUMERALS[section % 10]}、{heading}\n")
            section += 1
        para += 1
        text = paragraph(rng, clauses)
        body.append(f"{text}\n{{: #p-{para} }}\n")
        size += len(text)
    campaign = by_year(year)
    # A hand-written speech as far as the site's checks go (no importer-only fields).
    front = [
        "---",
        f"title: {title}",
        "kind: speech",
        f"year: {year}",
        f"year_reason: 基准测试生成的样本讲话（{year}年）",
    ]
    if campaign:
        front.append(f"edition: {campaign.edition}")
        if campaign.theme:
            front.append(f"theme: {campaign.theme}")
    front += ["audiences: [企业]", "tags: [安全生产月]", "---", ""]
    return "\n".join(front) + "\n".join(body)


def write_pages(docs: Path, sources: Path, count: int, chars: int = 5000) -> list[Path]:
    """Write `count` generated speeches under docs/speeches/<year>/; return their paths."""
    sentences = usable_sentences(sources)
    paths = []
    for n in range(count):
        out = docs / "speeches" / str(speech_year(n))
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"bench-{n:04d}.md"
        path.write_text(speech_markdown(n, sentences, chars), encoding="utf-8")
        paths.append(path)
    return paths
