"""Generated speech pages for search benchmarks (never shipped: benchmarks only).

Sentences come from the raw seeds in sources/ (converted to simplified Chinese) and are
cut into clauses; each generated sentence joins 2–4 random clauses, so the corpus does not
repeat whole sentences (which would flatter gzip figures). Each generated speech strings
~5,000 characters of them together under 一、二、… headings,
in the page format the importer writes (front matter + "{: #p-N }" paragraph anchors).
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


def _sentence(rng: random.Random, clauses: list[str]) -> str:
    return "，".join(rng.choice(clauses) for _ in range(rng.randint(2, 4))) + "。"


def speech_markdown(number: int, sentences: list[str], chars: int = 5000) -> str:
    """One generated speech page of about `chars` characters of body text."""
    from .campaign import by_year

    rng = random.Random(number)
    clauses = [c for s in sentences for c in _CLAUSE_SPLIT.split(s.rstrip("。！？!?")) if len(c) >= 4]
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
        text = "".join(_sentence(rng, clauses) for _ in range(rng.randint(4, 8)))
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


def speech_year(number: int) -> int:
    return 2004 + number % 22


def write_corpus(docs: Path, sources: Path, count: int, chars: int = 5000) -> list[Path]:
    """Write `count` generated speeches under docs/speeches/<year>/; return their paths."""
    sentences = seed_sentences(sources)
    if len(sentences) < 20:
        raise ValueError(f"{sources}: only {len(sentences)} usable sentences for the benchmark corpus")
    paths = []
    for n in range(count):
        out = docs / "speeches" / str(speech_year(n))
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"bench-{n:04d}.md"
        path.write_text(speech_markdown(n, sentences, chars), encoding="utf-8")
        paths.append(path)
    return paths
