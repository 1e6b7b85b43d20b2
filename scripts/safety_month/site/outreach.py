"""五进 excerpts: pick passages from imported speeches for each audience (企业、农村、社区、学校、家庭).

The rule is data (data/outreach.yml, tuned by editors): keywords with weights per audience, a
minimum score, how many excerpts a page shows and how many may come from one speech. All
functions are pure; the MkDocs hook (scripts/hooks/site_outreach.py) feeds them the speech
pages and puts the rendered block where the editor placed the marker line.

Speech text is HTML-escaped when rendered; redaction marks (<span class="sm-redact">) survive
as such, everything else in a paragraph becomes plain text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable, Sequence

import yaml

from safety_month.pages.contract import AUDIENCES, REDACT_CLASS, REDACT_CLOSE, REDACT_OPEN
from safety_month.pages.entry import SpeechEntry
from .library import year_label

# Private-use characters that stand for the start/end of a redaction mark inside plain text.
_R_OPEN, _R_CLOSE = "\ue000", "\ue001"
_PARA_ATTR = re.compile(r"^\{:?\s*[^}]*#p-(\d+)\b[^}]*\}\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{:?[^}]*\})?\s*#*\s*$")
_REDACT = re.compile(rf'<span\s+class="{REDACT_CLASS}"[^>]*>(.*?)</span>', re.S)
_TAG = re.compile(r"<[^>]+>")
_MD_ESCAPABLE = set("\\`*_{}[]()#+-.!<>|~^=:\"'&")
_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]+[”’」』）)]*|[^。！？；!?;]+$")


class RulesError(ValueError):
    """data/outreach.yml is not usable; str() names the file and key."""


@dataclass(frozen=True)
class AudienceRule:
    keywords: dict[str, float]


@dataclass(frozen=True)
class Rules:
    marker: str
    min_score: float
    max_per_page: int
    max_per_speech: int
    max_chars: int
    min_chars: int
    per_keyword_cap: int
    audience_bonus: float
    audiences: dict[str, AudienceRule]


@dataclass(frozen=True)
class Paragraph:
    number: int          # N of its {: #p-N } anchor
    text: str            # plain text; redactions wrapped in _R_OPEN/_R_CLOSE
    heading: str | None  # plain text of the nearest heading above, if any


@dataclass(frozen=True)
class Excerpt:
    speech: SpeechEntry
    paragraph: Paragraph
    snippet: str         # plain text (with redaction sentinels), possibly shortened with ……
    score: float
    matched: tuple[str, ...]


# ------------------------------------------------------------------------------ rules

def load_rules(text: str | None = None, src: str = "data/outreach.yml") -> Rules:
    """Rules from YAML text (default: the package's data/outreach.yml), validated."""
    if text is None:
        text = resources.files("safety_month").joinpath("data/outreach.yml").read_text(encoding="utf-8")
    return _parse_rules(text, src)


@lru_cache(maxsize=16)   # the live preview loads the same rules again on every save
def _parse_rules(text: str, src: str) -> Rules:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行: " if mark is not None else ""
        raise RulesError(f"{src}: {where}不是有效的 YAML（{' '.join(str(exc).split())}）") from None
    if not isinstance(raw, dict):
        raise RulesError(f"{src}: 顶层应为键值对")

    def num(key, kind=float, minimum=0):
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
            raise RulesError(f"{src}: {key} 应为{'整数' if kind is int else '数字'}，实际为 {value!r}")
        if value < minimum:
            raise RulesError(f"{src}: {key} 不能小于 {minimum}")
        return kind(value)

    marker = raw.get("marker")
    if not isinstance(marker, str) or not marker.strip():
        raise RulesError(f"{src}: marker 应为非空文字（编辑在页面中放置的标记行）")
    auds = raw.get("audiences")
    if not isinstance(auds, dict):
        raise RulesError(f"{src}: audiences 应为 受众 -> keywords 的键值对")
    audiences: dict[str, AudienceRule] = {}
    for name, body in auds.items():
        if name not in AUDIENCES:
            raise RulesError(f"{src}: audiences.{name}: 受众应为 {'、'.join(AUDIENCES)} 之一")
        kws = (body or {}).get("keywords") if isinstance(body, dict) else None
        if not isinstance(kws, dict) or not kws:
            raise RulesError(f"{src}: audiences.{name}.keywords 应为 关键词: 权重 的键值对")
        clean: dict[str, float] = {}
        for word, weight in kws.items():
            if not isinstance(word, str) or not word.strip():
                raise RulesError(f"{src}: audiences.{name}.keywords: 关键词 {word!r} 应为非空文字")
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
                raise RulesError(f"{src}: audiences.{name}.keywords.{word}: 权重应为正数，实际为 {weight!r}")
            clean[word.strip()] = float(weight)
        audiences[name] = AudienceRule(keywords=clean)
    missing = [a for a in AUDIENCES if a not in audiences]
    if missing:
        raise RulesError(f"{src}: audiences 缺少 {'、'.join(missing)}")
    rules = Rules(
        marker=marker.strip(),
        min_score=num("min_score"),
        max_per_page=num("max_per_page", int, 1),
        max_per_speech=num("max_per_speech", int, 1),
        max_chars=num("max_chars", int, 20),
        min_chars=num("min_chars", int, 0),
        per_keyword_cap=num("per_keyword_cap", int, 1),
        audience_bonus=num("audience_bonus"),
        audiences=audiences,
    )
    return rules


# ------------------------------------------------------------------- speech paragraphs

def markdown_to_plain(md: str) -> str:
    """Plain text of one paragraph's Markdown as the importer writes it.

    Redaction spans become sentinel-wrapped text, emphasis markers and other tags go,
    backslash escapes and HTML entities are resolved. Sentinels already in the input are
    dropped so they cannot fake a redaction.
    """
    md = md.replace(_R_OPEN, "").replace(_R_CLOSE, "")
    out: list[str] = []
    pos = 0
    for m in _REDACT.finditer(md):
        out.append(_inline_plain(md[pos:m.start()]))
        out.append(_R_OPEN + _inline_plain(m.group(1)) + _R_CLOSE)
        pos = m.end()
    out.append(_inline_plain(md[pos:]))
    return " ".join("".join(out).split())


# A backslash escape (kept: the escaped character) or an emphasis marker (dropped: a literal
# * is escaped by the importer), scanned left to right.
_ESCAPE_OR_STAR = re.compile(r"\\([" + re.escape("".join(sorted(_MD_ESCAPABLE))) + r"])|\*")


def _inline_plain(md: str) -> str:
    md = _TAG.sub("", md)
    return html.unescape(_ESCAPE_OR_STAR.sub(lambda m: m.group(1) or "", md))


def parse_paragraphs(body: str) -> tuple[Paragraph, ...]:
    """Paragraphs that carry a ``{: #p-N }`` anchor line, with their nearest heading.

    Cached on the body: `mkdocs serve` re-reads every speech on every save, and the same
    tuple comes back for an unchanged body (select reuses its scoring by that)."""
    return _parse_paragraphs_cached(body)


@lru_cache(maxsize=8192)
def _parse_paragraphs_cached(body: str) -> tuple[Paragraph, ...]:
    paragraphs: list[Paragraph] = []
    heading: str | None = None
    block: list[str] = []
    in_fence = False

    def flush():
        if not block:
            return
        m = _PARA_ATTR.match(block[-1].strip())
        if m and len(block) > 1:
            text = markdown_to_plain(" ".join(line.strip() for line in block[:-1]))
            if text:
                paragraphs.append(Paragraph(int(m.group(1)), text, heading))
        block.clear()

    for line in body.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            flush()
            continue
        if in_fence:
            continue
        h = _HEADING.match(stripped)
        if h and not block:
            heading = markdown_to_plain(h.group(2)).replace(_R_OPEN, "").replace(_R_CLOSE, "") or None
            continue
        if not stripped:
            flush()
            continue
        block.append(line)
    flush()
    return tuple(paragraphs)


# ------------------------------------------------------------------------- selection

def score(text: str, keywords: dict[str, float], cap: int) -> tuple[float, tuple[str, ...]]:
    """Σ weight × min(occurrences, cap) over the keywords found in text, and those keywords."""
    total = 0.0
    found = []
    for word, weight in keywords.items():
        n = text.count(word)
        if n:
            total += weight * min(n, cap)
            found.append(word)
    return total, tuple(found)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s.strip()]


def snippet(text: str, keywords: dict[str, float], max_chars: int, cap: int = 2) -> str:
    """The best-scoring run of whole sentences of text, at most max_chars long (…… marks cuts).

    A redaction mark is never cut in half: sentence boundaries inside one are ignored.
    """
    if len(_visible(text)) <= max_chars:
        return text
    parts = _sentences_outside_redactions(text)
    if not parts:
        return text
    scores = [score(p, keywords, cap)[0] for p in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i))
    lo = hi = best
    length = len(_visible(parts[best]))
    while True:
        grown = False
        for cand in (hi + 1, lo - 1):
            if 0 <= cand < len(parts) and length + len(_visible(parts[cand])) <= max_chars:
                length += len(_visible(parts[cand]))
                lo, hi = min(lo, cand), max(hi, cand)
                grown = True
                break
        if not grown:
            break
    chosen = "".join(parts[lo:hi + 1]).strip()
    if length > max_chars:   # one very long sentence: cut it, outside any redaction
        chosen = _cut(chosen, max_chars)
    return ("……" if lo > 0 else "") + chosen + ("……" if hi < len(parts) - 1 or length > max_chars else "")


def _visible(text: str) -> str:
    return text.replace(_R_OPEN, "").replace(_R_CLOSE, "")


def _sentences_outside_redactions(text: str) -> list[str]:
    parts: list[str] = []
    current = ""
    depth = 0
    for ch in text:
        current += ch
        if ch == _R_OPEN:
            depth += 1
        elif ch == _R_CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "。！？；!?;":
            parts.append(current)
            current = ""
    if current.strip():
        if parts and current.strip() in "”’」』）)":
            parts[-1] += current
        else:
            parts.append(current)
    return parts


def _cut(text: str, max_chars: int) -> str:
    out, n, depth = "", 0, 0
    for ch in text:
        if ch == _R_OPEN:
            depth += 1
        elif ch == _R_CLOSE:
            depth -= 1
        elif n >= max_chars and depth == 0:
            break
        else:
            n += 1
        out += ch
    return out


def select(speeches: Iterable[tuple[SpeechEntry, Sequence[Paragraph]]], audience: str, rules: Rules) -> list[Excerpt]:
    """The excerpts for one audience: best score first, at most max_per_speech per speech and
    max_per_page in all; ties go to the newer speech, then the earlier paragraph."""
    if audience not in rules.audiences:
        raise RulesError(f"未知受众 {audience!r}：应为 {'、'.join(rules.audiences)} 之一")
    kws = rules.audiences[audience].keywords
    candidates_of = _candidate_finder(audience, rules)
    candidates: list[Candidate] = []
    for speech, paragraphs in speeches:
        candidates += candidates_of(speech, paragraphs)
    candidates.sort(key=lambda x: (-x[0], x[1].year is None, -(x[1].year or 0), x[1].src_uri, x[2].number))
    chosen: list[Excerpt] = []
    per_speech: dict[str, int] = {}
    for s, speech, p, found in candidates:
        if per_speech.get(speech.src_uri, 0) >= rules.max_per_speech:
            continue
        chosen.append(Excerpt(speech, p, snippet(p.text, kws, rules.max_chars, rules.per_keyword_cap), s, found))
        per_speech[speech.src_uri] = per_speech.get(speech.src_uri, 0) + 1
        if len(chosen) >= rules.max_per_page:
            break
    return chosen


# (score, speech, paragraph, keywords found) of a paragraph that qualifies; the snippet is cut
# only for the chosen few.
Candidate = tuple[float, SpeechEntry, Paragraph, tuple[str, ...]]


def speech_candidates(speech: SpeechEntry, paragraphs: Iterable[Paragraph], audience: str,
                      rules: Rules) -> list[Candidate]:
    """The paragraphs of one speech that qualify for the audience's page, with their scores."""
    scored = _scorer(rules.audiences[audience].keywords, rules.per_keyword_cap)
    bonus = rules.audience_bonus if audience in speech.audiences else 0.0
    out: list[Candidate] = []
    for p in paragraphs:
        length, s, found = scored(p.text)
        if length < rules.min_chars or not found:
            continue
        s += bonus
        if s >= rules.min_score:
            out.append((s, speech, p, found))
    return out


MAX_RULE_SETS = 16   # caches kept per kind of rules; rules change rarely (an edit of outreach.yml)


def _cache_for(caches: dict, key) -> dict:
    """The cache of caches for key, new and empty the first time (all start over beyond
    MAX_RULE_SETS keys)."""
    cache = caches.get(key)
    if cache is None:
        if len(caches) >= MAX_RULE_SETS:
            caches.clear()
        cache = caches[key] = {}
    return cache


# (audience, the rules that score) -> {speech: (its paragraphs, its candidates)}: `mkdocs serve`
# selects again on every save although all speeches but the edited one are the very same
# objects (parse_paragraphs returns one tuple per body). Only tuples are remembered, by
# identity: a list could have changed since.
_candidate_caches: dict[tuple, dict[SpeechEntry, tuple[tuple[Paragraph, ...], list[Candidate]]]] = {}
MAX_CACHED_SPEECHES = 20_000   # per audience; far above any site, a bound against growth


def _candidate_finder(audience: str, rules: Rules) -> Callable[[SpeechEntry, Sequence[Paragraph]], list[Candidate]]:
    key = (audience, tuple(rules.audiences[audience].keywords.items()), rules.per_keyword_cap,
           rules.audience_bonus, rules.min_chars, rules.min_score)
    cache = _cache_for(_candidate_caches, key)

    def candidates_of(speech: SpeechEntry, paragraphs: Sequence[Paragraph]) -> list[Candidate]:
        if not isinstance(paragraphs, tuple):
            return speech_candidates(speech, paragraphs, audience, rules)
        hit = cache.get(speech)
        if hit is not None and hit[0] is paragraphs:
            return hit[1]
        if len(cache) >= MAX_CACHED_SPEECHES:
            cache.clear()
        out = speech_candidates(speech, paragraphs, audience, rules)
        cache[speech] = (paragraphs, out)
        return out
    return candidates_of


# (keywords, cap) -> {paragraph text: score}: `mkdocs serve` scores the same paragraphs on
# every save; a changed paragraph is a new text, so nothing stale is returned.
_score_caches: dict[tuple, dict[str, tuple[int, float, tuple[str, ...]]]] = {}


def _scorer(keywords: dict[str, float], cap: int) -> Callable[[str], tuple[int, float, tuple[str, ...]]]:
    """paragraph text -> (visible length, score, keywords found), cached."""
    key = (tuple(keywords.items()), cap)
    cache = _cache_for(_score_caches, key)

    def scored(text: str) -> tuple[int, float, tuple[str, ...]]:
        hit = cache.get(text)
        if hit is None:
            plain = _visible(text)
            hit = cache[text] = (len(plain), *score(plain, keywords, cap))
        return hit
    return scored


# ------------------------------------------------------------------------- rendering

def text_html(text: str) -> str:
    """Escaped HTML of plain text with redaction sentinels turned into .sm-redact spans."""
    out = html.escape(text, quote=True)
    out = out.replace(_R_OPEN, REDACT_OPEN).replace(_R_CLOSE, REDACT_CLOSE)
    # Stray open marks (never produced by parse_paragraphs) must not leave an unclosed span.
    opened = out.count(REDACT_OPEN) - out.count(REDACT_CLOSE)
    return out + REDACT_CLOSE * max(0, opened)


def render(excerpts: Sequence[Excerpt], audience: str, href: Callable[[str], str]) -> str:
    """One raw-HTML block (no blank lines inside) for the marker's place in the page."""
    e = lambda s: html.escape(str(s), quote=True)  # noqa: E731
    intro = ('<p class="sm-excerpts__rule">以下段落在每次构建网站时按关键词从讲话资料库中自动摘取'
             f'（与“{e(audience)}”相关；规则见 <code>data/outreach.yml</code>），点击出处可查看原文段落。</p>')
    if not excerpts:
        return (f'<div class="sm-excerpts" data-audience="{e(audience)}">{intro}'
                '<p class="sm-excerpts__empty">讲话资料库中暂无与本主题相关的段落。</p></div>')
    items = []
    for x in excerpts:
        s = x.speech
        link = f"{href(s.src_uri)}#p-{x.paragraph.number}"
        who = s.byline or "佚名"
        where = f"{year_label(s.year)} · 第{x.paragraph.number}段"
        badge = '<span class="sm-badge sm-badge--excerpt">节选</span>' if s.excerpt else ""
        items.append(
            '<li class="sm-excerpt"><blockquote class="sm-excerpt__text"><p>'
            + text_html(x.snippet)
            + '</p></blockquote><p class="sm-excerpt__cite">—— '
            + f'<span class="sm-excerpt__who">{e(who)}</span>，'
            + f'<a href="{e(link)}">《{e(s.title)}》</a>{badge}'
            + f'<span class="sm-excerpt__where">（{e(where)}）</span></p></li>'
        )
    return (f'<div class="sm-excerpts" data-audience="{e(audience)}">{intro}'
            f'<ol class="sm-excerpts__list">{"".join(items)}</ol></div>')


def inject(markdown: str, marker: str, block: str) -> tuple[str, int]:
    """markdown with each line that is exactly the marker replaced by block; (text, count).

    The block is surrounded by blank lines so Markdown keeps it as raw HTML. Nothing is
    written back to the editor's file: this runs on the in-memory page text only.
    """
    lines = markdown.split("\n")
    count = 0
    out = []
    for line in lines:
        if line.strip() == marker:
            out += ["", block, ""]
            count += 1
        else:
            out.append(line)
    return "\n".join(out), count
