"""五进 audiences (企业、农村、社区、学校、家庭) of a speech, each with its reason.

Rules are data (data/audiences.yml): a sentence naming the 五进 strands ("…进企业、…进农村、
…进家庭") gives the strands it names; otherwise keyword counts decide.
"""

from __future__ import annotations

import re

from .text import table

AUDIENCES = ("企业", "农村", "社区", "学校", "家庭")
_SENTENCE_RE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def detect_audiences(text: str) -> dict[str, str]:
    rules = table("audiences")
    words: dict[str, str] = rules["explicit_words"]
    out: dict[str, str] = {}
    for m in _SENTENCE_RE.finditer(text):
        sentence = m.group(0)
        named = [a for a in AUDIENCES if words[a] in sentence]
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
    for longer in all_words:
        if longer != word and word in longer:
            n -= text.count(longer) * longer.count(word)
    return max(n, 0)


def _clip(sentence: str, words: list[str]) -> str:
    """The part of the sentence from the first to the last named strand (with a little context)."""
    s = sentence.strip().rstrip("。！？!?")
    first = min(s.find(w) for w in words)
    last = max(s.rfind(w) + len(w) for w in words)
    start = max(0, s.rfind("，", 0, first) + 1)
    end = s.find("，", last)
    end = len(s) if end < 0 else end
    return s[start:end].strip().replace("“", "‘").replace("”", "’")
