"""五进 audiences (企业、农村、社区、学校、家庭) of a speech, each with its reason.

Rules are data (data/audiences.yml): a sentence naming the 五进 strands ("…进企业、…进农村、
…进家庭") gives the strands it names; otherwise keyword counts decide.
"""

from __future__ import annotations

import re
from functools import lru_cache

from safety_month.pages.contract import AUDIENCES
from .text import table

_SENTENCE_RE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_SENTENCE_ENDS = "。！？!?"
# The longest quote a reason gives (it goes into the front matter and the 五进 page).
MAX_QUOTE = 200


def detect_audiences(text: str) -> dict[str, str]:
    rules = table("audiences")
    words: dict[str, str] = rules["explicit_words"]
    out: dict[str, str] = {}
    # A sentence can only name strands whose words the whole text contains.
    in_text = [a for a in AUDIENCES if words[a] in text]
    sentences = _sentences_with(text, [words[a] for a in in_text]) if len(
        in_text) >= rules["explicit_min"] else ()
    for sentence in sentences:
        named = [a for a in in_text if words[a] in sentence]
        if len(named) >= rules["explicit_min"]:
            quote = _clip(sentence, [words[a] for a in named])
            for a in named:
                out.setdefault(a, f"文中写明安全宣传“五进”：“{quote}”")
    for a in AUDIENCES:
        if a in out:
            continue
        rule = rules["keywords"][a]
        plain = {w: _count_all(text, w) for w in rule["words"]}     # each word counted once
        counts = {w: _count(text, w, rule["words"], plain) for w in rule["words"]}
        total = sum(counts.values())
        if total >= rule["min_hits"]:
            found = "、".join(f"“{w}”{n}处" for w, n in counts.items() if n)
            out[a] = f"文中提到{found}"
    return {a: out[a] for a in AUDIENCES if a in out}


def _sentences_with(text: str, words: list[str]) -> list[str]:
    """The sentences of text (as _SENTENCE_RE cuts them) that hold one of words, in order.

    None of the words holds a sentence end or a newline, so the sentence around an occurrence
    runs from just after the last sentence end or newline before it up to and with the next
    sentence end (or up to the next newline): found with a few searches instead of a loop
    over every sentence of the text."""
    starts: set[int] = set()
    for word in words:
        if any(c in word for c in _SENTENCE_ENDS + "\n"):     # never: the table's words
            return [m.group(0) for m in _SENTENCE_RE.finditer(text)]
        pos = text.find(word)
        # The last end before an occurrence is the last end before the previous occurrence,
        # or one between the two: each stretch of text is searched once (a search back to
        # the start from every occurrence cost the square of a long text without ends).
        after, start = 0, 0
        while pos >= 0:
            found = max(text.rfind(c, after, pos) for c in _SENTENCE_ENDS + "\n")
            if found >= 0:
                start = found + 1
            starts.add(start)
            after = pos
            pos = text.find(word, pos + 1)
    return [_SENTENCE_RE.match(text, start).group(0) for start in sorted(starts)]


@lru_cache(maxsize=None)
def _rarest_char(word: str) -> str:
    """The character of word that is least frequent in jieba's dictionary (the first of equals)."""
    from ..clean.freq import char_freq

    return min(word, key=char_freq)


def _count_all(text: str, word: str) -> int:
    """text.count(word). Most keywords do not occur in a speech, and a text without one of the
    word's characters cannot hold it: a one-character search (much faster than counting a
    word) for the rarest character settles most of them."""
    return text.count(word) if _rarest_char(word) in text else 0


def _count(text: str, word: str, all_words: list[str], plain: dict[str, int] | None = None) -> int:
    """Occurrences of word not inside a longer listed word (企业 inside 企业主体责任 counts once).
    plain: text.count of the listed words, when already counted."""
    count = plain.__getitem__ if plain is not None else text.count
    n = count(word)
    for longer, times in _containing(word, tuple(all_words)):
        n -= count(longer) * times
    return max(n, 0)


@lru_cache(maxsize=None)
def _containing(word: str, all_words: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """(longer listed word, how often it contains word) for the listed words containing word."""
    return tuple((longer, longer.count(word)) for longer in all_words
                 if longer != word and word in longer)


def _clip(sentence: str, words: list[str]) -> str:
    """The part of the sentence from the first to the last named strand (with a little context)."""
    s = sentence.strip().rstrip("。！？!?")
    first = min(s.find(w) for w in words)
    last = max(s.rfind(w) + len(w) for w in words)
    start = max(0, s.rfind("，", 0, first) + 1)
    end = s.find("，", last)
    end = len(s) if end < 0 else end
    quote = s[start:end].strip()
    if len(quote) > MAX_QUOTE:           # a run-on text without commas: not a whole page
        quote = quote[:MAX_QUOTE] + "…"
    return quote.replace("“", "‘").replace("”", "’")
