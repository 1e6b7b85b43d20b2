"""Word and character frequencies from jieba's dictionary, loaded on first use only.

Used where a rule must know whether characters form a word (a space inside a word) or are
too rare to be text (mojibake next to a lost character). Loading takes about a second, so
documents that never need it never pay for it.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from .base import CJK


@lru_cache(maxsize=1)
def frequencies() -> dict[str, int]:
    """jieba's word -> frequency table (loaded on first use)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt.FREQ


def word_freq(word: str) -> int:
    return frequencies().get(word, 0) or 0


def char_freq(ch: str) -> int:
    return frequencies().get(ch, 0) or 0


@lru_cache(maxsize=4)
def rare_char_class(max_freq: int) -> str:
    """A regex for one CJK character whose dictionary frequency is below max_freq."""
    common = sorted(w for w, f in frequencies().items() if len(w) == 1 and f and f >= max_freq)
    common_class = "".join(re.escape(c) for c in common if re.match(f"[{CJK}]", c))
    return f"(?:(?![{common_class}])[{CJK}])"
