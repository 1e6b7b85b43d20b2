"""Generated speeches for benchmarks (never shipped: benchmarks only). One generator, two forms.

The text comes from a text source with `sentence(rng)` and `heading(rng)`:
- Clauses (a plain list of sentences is one): sentences from the CLEANED seeds in sources/
  (each seed read and run through safety_month.importer.clean once, so the spun seed 001
  contributes 安全生产, not 平安生产, and seed 003 contributes simplified text without pinyin) cut
  into clauses; each generated sentence joins 2–4 random clauses. Nearly every Han run of
  such text recurs (five seeds);
- devtools.bench_text.Chain: a word chain over the evaluation corpus, tests/corpus/ (what
  `safety-month bench` uses: a realistic vocabulary).

- raw source documents (`make_document`, `add_noise`, `write_raw_corpus`): what editors
  import — a title, a greeting, numbered sections, a sentence naming the campaign edition (so
  the importer finds the year), then each kind of noise listed in
  /work/shared/reference/source-noise.md injected at the rates in NOISE_RATES (each with its
  reason); .txt (UTF-8 and GB18030), saved .html pages and .docx files;
- importer-format Markdown pages (`speech_markdown`, `write_pages`): front matter plus
  "{: #p-N }" paragraph anchors, as if already imported.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path
from safety_month import tables

CN_NUMERALS = "一二三四五六七八九十"
# Body length of one generated speech: the figure ("~5,000 characters").
SPEECH_CHARS = 5000
# A sentence worth reusing: mostly Han characters, between 12 and 120 characters long.
_SENTENCE = re.compile(r"[^。！？!?\n]{12,120}[。！？!?]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
_NOISE = re.compile(r"https?:|www\.|下载|收藏|版权|客服|文档|公文包|网友|互联网|分享|\d{4,}KB|页数|[A-Za-zＸｘ×〔〕*_]|……")
# Half-width punctuation in Chinese text becomes full-width (the site's text checks ask so).
_FULLWIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})
# Quotation marks are dropped: seeds mix styles (“〞) and clauses are recombined anyway.
_QUOTES = re.compile(r"[“”‘’\"'〝〞「」《》〈〉]")

# Raw documents: site chrome lines copied along with the text (instances from source-noise.md).
CHROME = ["您好,欢迎访问公文包", "当前位置:首页 > 经验交流 > 领导讲话", "下载文档", "收藏 分享赚钱",
          "扫一扫在手机打开当前页", "温馨提示:", "网站客服:3074922707", "此文档下载收益归作者所有",
          "ID:7645321 大小:28.6KB 页数:8页 格式:doc 时间:2023-05-12",
          "下面是小编为大家整理的安全生产月讲话稿，供大家参考。",
          "相关文档", "版权所有 © 公文包 2023", "本文标题:安全生产月讲话 链接地址:https://www.example.com/a/1.html"]
TAILS = ["部分预览阅读已结束，开通VIP查看全文", "试读结束，如需继续阅读请下载", "……省略826字……"]
JUNK = ["@page {{ margin: 2cm }}", "[b]{w}[/b]", "{{{{title}}}}", "安全生产月讲话稿范文免费下载"]
PLACEHOLDERS = ["〔*〕", "XXX", "X同志", "XX局长", "201x年", "20xx年", "……", "___"]
TITLES = ["在全{p}安全生产工作会议上的讲话", "{p}长在安全生产月启动仪式上的讲话",
          "在全{p}安全生产专项整治工作推进会上的讲话", "{p}委书记在安全生产工作专题会议上的讲话"]
PLACES = ["区", "县", "市", "镇"]
HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_范文网</title>
<link rel="canonical" href="https://www.example.com/a/{n}.html"><style>p{{margin:0}}</style>
<script>var s=1;</script></head><body><nav><a href="/">首页</a> &gt; 讲话</nav>
<aside class="sidebar"><h3>相关文档</h3><ul><li><a href="/1">安全生产月活动方案</a></li></ul></aside>
<article><h1>{title}</h1>{body}</article><footer>版权所有 客服电话</footer></body></html>"""
# Share of each raw form (cumulative upper bounds of one random roll): most sources are
# text copied from document-sharing sites; saved pages and .docx files are fewer.
DOCX_BELOW, HTML_BELOW, GB18030_BELOW = 0.04, 0.10, 0.15

# Share of documents carrying each kind of noise of source-noise.md (one roll per kind and
# document; kinds combine). name -> (rate, reason).
NOISE_RATES: dict[str, tuple[float, str]] = {
    "chrome": (0.80, "site chrome: 'most sites' (4 of the 5 seeds)"),
    "tail": (0.15, "paywall / preview tails: 'many sites' (1 of 5 seeds)"),
    "page_markers": (0.30, "page and chunk markers: 'common' (1 of 5 seeds)"),
    "repeated_title": (0.40, "repeated title: 2 of 5 seeds"),
    "compilation": (0.03, "compilations: 1 of 5 seeds, rare among single speeches"),
    "placeholders": (0.50, "placeholders: 4 of 5 seeds, but sites differ in redacting"),
    "traditional_pinyin": (0.03, "traditional script with pinyin: one site's converter (1 seed)"),
    "spun": (0.08, "synonym spinning: a minority; real sources are rarely spun (1 seed)"),
    "run_on": (0.05, "run-on structure: one scraper's output (1 seed)"),
    "halfwidth": (0.40, "half-width punctuation: 3 of 5 seeds"),
    "hard_wraps": (0.15, "hard wraps: 'common' in PDF copies, a minority of sources"),
    "junk": (0.15, "injected junk: 'common' but a few items per document"),
    "wrong_year_title": (0.05, "wrong metadata: a current year stamped in the title (1 seed)"),
    "control_chars": (0.05, "control characters from copy/paste (NUL)"),
}


def _clean_seed_texts(sources: Path) -> list[str]:
    """Each seed's text after the import's read and clean stages (what a page shows)."""
    from safety_month.importer.clean import clean
    from safety_month.importer.errors import SourceError
    from safety_month.importer.read import read_source

    texts = []
    for file in sorted(sources.iterdir()):
        try:
            texts.append(clean(read_source(file)).text)
        except SourceError:
            continue
    return texts


def clean_sentences(text: str) -> list[str]:
    """The clean-looking sentences of one cleaned text, in order: 12-120 characters, mostly
    Han, no site chrome words, full-width punctuation, no quotation marks."""
    out = []
    for match in _SENTENCE.finditer(text):
        s = _QUOTES.sub("", match.group(0).strip().translate(_FULLWIDTH))
        if len(_HAN.findall(s)) >= 0.8 * len(s) and not _NOISE.search(s) and "#" not in s:
            out.append(s)
    return out


def seed_sentences(sources: Path) -> list[str]:
    """Distinct, clean-looking sentences from the cleaned seeds in sources/ (simplified)."""
    seen: dict[str, None] = {}
    for text in _clean_seed_texts(sources):
        for s in clean_sentences(text):
            seen.setdefault(s, None)
    return list(seen)


def usable_sentences(sources: Path) -> list[str]:
    sentences = seed_sentences(sources)
    if len(sentences) < 20:
        raise ValueError(f"{sources}: only {len(sentences)} usable sentences for the benchmark corpus")
    return sentences


def clauses_of(sentences: list[str]) -> list[str]:
    return [c for s in sentences for c in _CLAUSE_SPLIT.split(s.rstrip("。！？!?")) if len(c) >= 4]


class Clauses:
    """The seeds' generator: each sentence joins 2-4 random clauses of the given sentences.
    devtools.bench_text.Chain has the same two methods (text from the evaluation corpus)."""

    def __init__(self, sentences: list[str]):
        self.sentences, self.clauses = sentences, clauses_of(sentences)

    def sentence(self, rng: random.Random) -> str:
        return "，".join(rng.choice(self.clauses) for _ in range(rng.randint(2, 4))) + "。"

    def heading(self, rng: random.Random) -> str:
        return heading_of(rng.choice(self.sentences))


def paired(text: str) -> str:
    """text when its quotes and brackets pair up as the site's checks require
    (safety_month.checks.pairs), else text without any of them: an unpaired one stops the build."""
    from safety_month.checks import pairs

    if not pairs.find([(1, text)]):
        return text
    return pairs.RELEVANT_RE.sub("", text)


def heading_of(sentence: str, length: int = 14) -> str:
    """A heading from a sentence's first `length` characters (brackets paired)."""
    return paired(sentence[:length]).rstrip("，。；：、")


def text_source(sentences) -> "Clauses":
    """A list of sentences becomes Clauses; a Clauses or bench_text.Chain is used as it is."""
    return Clauses(sentences) if isinstance(sentences, list) else sentences


def paragraph(rng: random.Random, text) -> str:
    return "".join(text.sentence(rng) for _ in range(rng.randint(4, 8)))


def speech_year(number: int) -> int:
    return 2004 + number % 22


# ---------------------------------------------------------------- raw source documents

def make_document(rng: random.Random, sentences: list[str], chars: int = SPEECH_CHARS,
                  year: int | None = None) -> tuple[str, list[tuple[str, int]]]:
    """(title, [(line, heading level or 0)]): about `chars` characters of clean body text.
    `sentences`: a list of sentences (recombined by Clauses) or a text source (Clauses, Chain)."""
    source = text_source(sentences)
    title = rng.choice(TITLES).format(p=rng.choice(PLACES))
    lines: list[tuple[str, int]] = [("同志们：", 0)]
    if year is not None:
        lines.append((f"今年6月是全国第{year - 2001}个“安全生产月”，{source.sentence(rng)}", 0))
    size, section = 0, 0
    while size < chars:
        heading = source.heading(rng)
        lines.append((f"{CN_NUMERALS[section % 10]}、{heading}", 2))
        section += 1
        for _ in range(rng.randint(2, 5)):
            text = paragraph(rng, source)
            lines.append((text, 0))
            size += len(text)
            if size >= chars:   # stop at the paragraph that reaches the length
                break
    return title, lines


def _spin_pairs() -> list[tuple[str, str]]:
    """(orig, spun) from data/clean_spin.yml, longest original first."""
    import yaml

    data = tables.load("clean_spin.yml")
    return sorted(((p["orig"], p["spun"]) for p in data["pairs"]), key=lambda p: -len(p[0]))


_SPIN_PAIRS: list[tuple[str, str]] | None = None


def spin(rng: random.Random, text: str) -> str:
    """A rewriting tool's pass, forward: each pair of clean_spin.yml applied on its own (most
    are); 发展 becomes 开展 or 进展 for the whole document; closing quotes turn into 〞."""
    global _SPIN_PAIRS
    if _SPIN_PAIRS is None:
        _SPIN_PAIRS = _spin_pairs()
    used: set[str] = set()
    for orig, spun in _SPIN_PAIRS:
        if orig in used or rng.random() < 0.25:
            continue
        used.add(orig)
        text = text.replace(orig, spun)
    return text.replace("”", "〞")


# Share of converted characters lost as "?": seed 003 shows 8 "?" in 2,533 characters, about
# one in 100 of its converted characters.
LOST_CHAR_RATE = 0.01


def traditional_pinyin(rng: random.Random, text: str) -> str:
    """Seed 003's converter: traditional script, each converted character followed by its
    pinyin in ASCII parentheses (發(fā)展), now and then a character lost as "?" next to its
    pinyin (?(fā)), at LOST_CHAR_RATE."""
    import opencc
    from pypinyin import Style, pinyin

    converted = opencc.OpenCC("s2t").convert(text)
    out = []
    for simple, trad in zip(text, converted):
        if simple != trad:
            lost = rng.random() < LOST_CHAR_RATE
            out.append(f"{'?' if lost else trad}({pinyin(simple, style=Style.TONE)[0][0]})")
        else:
            out.append(trad)
    return "".join(out)


def _glue(rng: random.Random, text: str, piece: str) -> str:
    cut = rng.randrange(len(text) + 1)
    return text[:cut] + piece + text[cut:]


def _page_markers(rng: random.Random, lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    pages = rng.randint(3, 10)
    form = rng.choice(["glued", "line", "paren", "bare"])
    out = list(lines)
    for page in range(1, pages):
        i = rng.randrange(1, len(out))
        line, level = out[i]
        if form == "glued" and not level:
            out[i] = (_glue(rng, line, f"{page}/{pages}"), 0)
        elif form == "paren":
            out.insert(i, (f"(第{page}/{pages}页)", 0))
        elif form == "bare":
            out.insert(i, (str(page), 0))
        else:
            out.insert(i, (f"第{page}页共{pages}页", 0))
    return out


# A PDF copy wraps every line at its page width: one width per document, in characters.
WRAP_WIDTHS = (28, 40)


def _hard_wrap(width: int, line: str) -> list[str]:
    return [line[i:i + width] for i in range(0, len(line), width)] or [line]


def add_noise(rng: random.Random, title: str, lines: list[tuple[str, int]], *,
              second: list[tuple[str, int]] | None = None
              ) -> tuple[str, list[tuple[str, int]], list[str]]:
    """(title, lines, noise kinds applied): the kinds of source-noise.md at NOISE_RATES.
    `second`: the body of another speech, used when the document becomes a compilation."""
    kinds = [kind for kind, (rate, _) in NOISE_RATES.items() if rng.random() < rate]
    if "compilation" in kinds and second:
        lines = [("材料汇编1", 0)] + lines + [("材料汇编2", 0), (title, 0)] + second
    elif "compilation" in kinds:
        kinds.remove("compilation")
    body = list(lines)
    if "placeholders" in kinds:
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(body))
            if not body[i][1]:
                body[i] = (_glue(rng, body[i][0], rng.choice(PLACEHOLDERS)), 0)
    if "junk" in kinds:
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(body))
            line = body[i][0]
            if not body[i][1] and len(line) > 8:
                junk = rng.choice(JUNK + ["."]).format(w=rng.choice(["安全生产", "讲话稿", "范文"]))
                body[i] = (_glue(rng, line, junk), 0)
    if "spun" in kinds:
        # One tool pass per document: the same choice of pairs on the title and every line.
        state = rng.random()
        title = spin(random.Random(state), title)
        body = [(spin(random.Random(state), line), level) for line, level in body]
    if "run_on" in kinds:
        joined: list[tuple[str, int]] = []
        for line, level in body:
            if joined and (level or rng.random() < 0.7):
                joined[-1] = (joined[-1][0] + line, 0)
            else:
                joined.append((line, 0))
        body = joined
    if "halfwidth" in kinds:
        table = str.maketrans({"，": ",", "：": ":", "；": ";"})
        body = [(line.translate(table), level) for line, level in body]
    if "page_markers" in kinds and len(body) > 2:
        body = _page_markers(rng, body)
    if "control_chars" in kinds:
        i = rng.randrange(len(body))
        body[i] = (body[i][0] + "\x00", body[i][1])
    if "traditional_pinyin" in kinds:
        title = traditional_pinyin(rng, title)
        body = [(traditional_pinyin(rng, line), level) for line, level in body]
    if "hard_wraps" in kinds:
        width = rng.randint(*WRAP_WIDTHS)
        body = [(piece, level if len(line) <= 40 else 0) for line, level in body
                for piece in (_hard_wrap(width, line) if not level else [line])]
    if "tail" in kinds:
        body = body[:max(3, len(body) * rng.randint(5, 9) // 10)] + [(rng.choice(TAILS), 0)]
    if "wrong_year_title" in kinds:
        title = f"2023年{title}"
    head: list[tuple[str, int]] = []
    if "repeated_title" in kinds:
        head = [(title, 0)] * rng.randint(1, 2)
    if "chrome" in kinds:
        chrome = rng.sample(CHROME, rng.randint(2, 6))
        cut = rng.randint(0, len(chrome))
        body = [(c, 0) for c in chrome[:cut]] + head + body + [(c, 0) for c in chrome[cut:]]
    else:
        body = head + body
    return title, body, kinds


# A fixed time for everything python-docx stamps with "now" (core properties, zip entries):
# the same seed then gives byte-identical .docx files, so two bench runs import the same
# sources and their sites can be compared with diff -r (issue 15: site identical before/after).
_DOCX_TIME = (2020, 6, 1, 0, 0, 0)


def _write_docx(path: Path, title: str, lines: list[tuple[str, int]]) -> None:
    import datetime
    import io
    import zipfile

    import docx

    document = docx.Document()
    stamp = datetime.datetime(*_DOCX_TIME)
    document.core_properties.created = document.core_properties.modified = stamp
    document.add_paragraph(title, style="Title")
    for line, level in lines:
        document.add_paragraph(line.replace("\x00", ""), style=f"Heading {level}" if level else None)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(zipfile.ZipInfo(info.filename, date_time=_DOCX_TIME), src.read(info),
                         zipfile.ZIP_DEFLATED)


def _html_body(lines: list[tuple[str, int]]) -> str:
    from html import escape

    return "".join(f"<h2>{escape(line)}</h2>" if level else f"<p>{escape(line.replace(chr(0), ''))}</p>"
                   for line, level in lines)


def write_raw_document(stem: Path, rng: random.Random, title: str,
                       lines: list[tuple[str, int]], n: int) -> Path:
    """One raw source file (.docx, .html, GB18030 or UTF-8 .txt by a random roll); `lines`
    carry their noise already (add_noise)."""
    roll = rng.random()
    if roll < DOCX_BELOW:
        path = stem.with_suffix(".docx")
        _write_docx(path, title, lines)
    elif roll < HTML_BELOW:
        from html import escape

        path = stem.with_suffix(".html")
        path.write_text(HTML_PAGE.format(title=escape(title), body=_html_body(lines), n=n), encoding="utf-8")
    else:
        text = "\n".join([title] + [line for line, _ in lines])
        path = stem.with_suffix(".txt")
        path.write_bytes(text.encode("gb18030" if roll < GB18030_BELOW else "utf-8"))
    return path


def form_of(path: Path) -> str:
    return {".docx": "docx", ".html": "html"}.get(path.suffix, "txt")


def write_raw_corpus(folder: Path, count: int, seed: int = 1, chars: int = SPEECH_CHARS, *,
                     sentences, mix: Counter | None = None, first: int = 0) -> int:
    """Write `count` raw source documents into folder, numbered from `first`; return their
    total size in bytes. `sentences`: a list (Clauses) or a text source (bench_text.Chain).
    `mix`, when given, counts the documents of each noise kind and each file form."""
    rng = random.Random(seed)
    source = text_source(sentences)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for n in range(first, first + count):
        title, lines = make_document(rng, source, chars, year=speech_year(n))
        second = make_document(rng, source, chars // 2)[1]
        title, lines, kinds = add_noise(rng, title, lines, second=second)
        path = write_raw_document(folder / f"{n:05d}", rng, title, lines, n)
        total += path.stat().st_size
        if mix is not None:
            mix.update(kinds)
            form = form_of(path)
            if form == "txt":
                form = "txt (GB18030)" if _is_gb18030(path) else "txt (UTF-8)"
            mix[form] += 1
    return total


def _is_gb18030(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True


def describe_mix(mix: Counter, count: int) -> list[str]:
    """Lines for a report: each noise kind and file form with its share of the documents."""
    lines = []
    for kind, (rate, reason) in NOISE_RATES.items():
        lines.append(f"{kind}: {mix.get(kind, 0)} ({mix.get(kind, 0) / count:.0%}; rate {rate:.0%}: {reason})")
    forms = ", ".join(f"{form} {mix.get(form, 0)}" for form in
                      ("txt (UTF-8)", "txt (GB18030)", "html", "docx"))
    lines.append(f"forms: {forms}")
    return lines


# ---------------------------------------------------------------- importer-format pages

def speech_markdown(number: int, sentences: list[str], chars: int = SPEECH_CHARS) -> str:
    """One generated speech page of about `chars` characters of body text."""
    from safety_month.campaign import by_year

    rng = random.Random(number)
    source = text_source(sentences)
    year = speech_year(number)
    title = f"在{year}年安全生产月活动动员会上的讲话（样本{number:04d}）"
    body: list[str] = []
    size, para, section = 0, 0, 0
    while size < chars:
        if para % 6 == 0:
            body.append(f"## {CN_NUMERALS[section % 10]}、{source.heading(rng)}\n")
            section += 1
        para += 1
        text = paragraph(rng, source)
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


def write_pages(docs: Path, sources: Path, count: int, chars: int = SPEECH_CHARS) -> list[Path]:
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
