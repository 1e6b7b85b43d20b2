"""五进 audiences (企业、农村、社区、学校、家庭) of a speech, each with its reason.

Rules are data (data/audiences.yml): a sentence naming the 五进 strands ("…进企业、…进农村、
…进家庭") gives the strands it names; otherwise keyword counts decide.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import table

AUDIENCES = ("企业", "农村", "社区", "学校", "家庭")
_SENTENCE_RE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def detect_audiences(text: str) -> dict[str, str]:
    rules = table("audiences")
    words: dict[str, str] = rules["explicit_words"]
    out: dict[str, str] = {}
    # A sentence can only name strands whose words the whole text contains.
    in_text = [a for a in AUDIENCES if words[a] in text]
    sentences = _SENTENCE_RE.finditer(text) if len(in_text) >= rules["explicit_min"] else ()
    for m in sentences:
        sentence = m.group(0)
        named = [a for a in in_text if words[a] in sentence]
        if len(named) >= rules["explicit_min"]:
            quote = _clip(sentence, [words[a] for a in named])
            for a in named:
                out.setdefault(a, f"文中写明安全宣传“五进”：“{quote}”")
    for a in AUDIENCES:
        if a in out:
            continue
        rule = rules["keywords"][a]
        counts = {w: _count(text, w, rule["words"]) for w in rule["words"]}
        total = sum(counts.values())
        if total >= rule["min_hits"]:
            found = "、".join(f"“{w}”{n}处" for w, n in counts.items() if n)
            out[a] = f"文中提到{found}"
    return {a: out[a] for a in AUDIENCES if a in out}


def _count(text: str, word: str, all_words: list[str]) -> int:
    """Occurrences of word not inside a longer listed word (企业 inside 企业主体责任 counts once)."""
    n = text.count(word)
    for longer, times in _containing(word, tuple(all_words)):
        n -= text.count(longer) * times
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
    return s[start:end].strip().replace("“", "‘").replace("”", "’")
