"""Word and character frequencies from jieba's dictionary, loaded on first use only.

Used where a rule must know whether characters form a word (a space inside a word) or are
too rare to be text (mojibake next to a lost character). Loading takes about a second, so
documents that never need it never pay for it.

``word_freq`` looks words up in a sorted copy of the table instead (a file of "word<TAB>freq"
lines in the temporary folder, as jieba keeps its own cache, named by the dictionary's and
jieba's file status): the import of one new source among unchanged ones asked it about a
hundred words (and ``char_freq`` a few characters), and loading jieba's table for them was
0.7 s of that import's 1.5 s of CPU. The
copy is written from the loaded table the first time, atomically; the answers are the table's
(tests/importer/test_clean_freq.py).
"""

from __future__ import annotations

import hashlib
import logging
import mmap
import os
import re
import sys
import tempfile
from functools import lru_cache
from importlib import util

from .base import CJK

_HEADER = b"safety-month word frequencies 1\n"


@lru_cache(maxsize=1)
def frequencies() -> dict[str, int]:
    """jieba's word -> frequency table (loaded on first use)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt.FREQ


def word_freq(word: str) -> int:
    return _table().get(word)


class _Loaded:
    def __init__(self, freq: dict[str, int]):
        self.freq = freq

    def get(self, word: str) -> int:
        return self.freq.get(word, 0) or 0


# A search of the copy costs about 20 µs, a look-up in the loaded table 0.1 µs: after this many
# words (an import of many new sources asks 90 per source) loading the table (0.7 s) is cheaper.
SWITCH_AFTER = 5000


def _jieba_loaded() -> bool:
    """Whether jieba's table is in memory already (another rule cut words with jieba)."""
    module = sys.modules.get("jieba")
    return module is not None and bool(getattr(getattr(module, "dt", None), "initialized", False))


class _Sorted:
    """The sorted copy, searched in place (mmap): a few hundred bytes read per word."""

    def __init__(self, path: str):
        with open(path, "rb") as handle:
            self.data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if self.data[:len(_HEADER)] != _HEADER or self.data[-1:] != b"\n":
            raise ValueError(f"{path}: not a word frequency table")
        self.asked = 0

    def get(self, word: str) -> int:
        self.asked += 1
        key = word.encode("utf-8", "surrogatepass")
        if not key or b"\t" in key or b"\n" in key or self.asked > SWITCH_AFTER or _jieba_loaded():
            return frequencies().get(word, 0) or 0     # (such words are never in the copy: _write)
        data, lo, hi = self.data, len(_HEADER), len(self.data)
        while lo < hi:
            start = data.rfind(b"\n", lo, (lo + hi) // 2) + 1 or lo
            end = data.find(b"\n", start)
            name, _, count = data[start:end].partition(b"\t")
            if name == key:
                return int(count)
            if name < key:
                lo = end + 1
            else:
                hi = start
        return 0


def _table_path() -> str | None:
    """Where the sorted copy of this jieba's table is, by the status of its files; None when
    jieba is not installed."""
    spec = util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = list(spec.submodule_search_locations)[0]
    tag = hashlib.sha256()
    for name in ("__init__.py", "dict.txt"):
        try:
            st = os.stat(os.path.join(folder, name))
        except OSError:
            return None
        tag.update(f"{os.path.join(folder, name)}|{st.st_size}|{st.st_mtime_ns};".encode("utf-8", "surrogatepass"))
    return os.path.join(tempfile.gettempdir(), f"safety-month-word-freq-{tag.hexdigest()[:20]}.txt")


def _write(path: str, freq: dict[str, int]) -> None:
    from safety_month.atomic import atomic_write

    rows = sorted((w.encode("utf-8", "surrogatepass"), f) for w, f in freq.items()
                  if f and "\t" not in w and "\n" not in w and w)
    atomic_write(path, _HEADER + b"".join(b"%s\t%d\n" % row for row in rows), sync_dir=False)


@lru_cache(maxsize=1)
def _table():
    path = _table_path()
    if path is not None:
        try:
            return _Sorted(path)
        except (OSError, ValueError):
            pass
    freq = frequencies()
    if path is not None:
        try:
            _write(path, freq)
        except OSError:
            pass          # a read-only temporary folder: the loaded table answers
    return _Loaded(freq)


def char_freq(ch: str) -> int:
    return _table().get(ch)


@lru_cache(maxsize=4)
def rare_char_class(max_freq: int) -> str:
    """A regex for one CJK character whose dictionary frequency is below max_freq."""
    common = sorted(w for w, f in frequencies().items() if len(w) == 1 and f and f >= max_freq)
    common_class = "".join(re.escape(c) for c in common if re.match(f"[{CJK}]", c))
    return f"(?:(?![{common_class}])[{CJK}])"
