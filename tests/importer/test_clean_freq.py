"""The sorted copy of jieba's word frequencies (clean/freq.py) answers exactly what jieba's
loaded table answers, for every kind of word, and is made when missing or unreadable."""

from __future__ import annotations

import random

import pytest

from safety_month.importer.clean import freq


@pytest.fixture(scope="module")
def table():
    return freq.frequencies()


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setattr(freq.tempfile, "gettempdir", lambda: str(tmp_path))
    freq._table.cache_clear()
    yield tmp_path
    freq._table.cache_clear()


def _words(table):
    rng = random.Random(7)
    known = list(table)
    words = rng.sample(known, 3000)                        # words and jieba's zero-frequency prefixes
    words += [known[0], known[-1], min(known), max(known)]
    words += [w + "啊" for w in rng.sample(known, 300)] + [w[:-1] for w in rng.sample(known, 300)]
    words += ["", "\t", "a\tb", "\n", "安全\n", "\ud800", "😀", "zzzz", "\x00", "!", "一", "龘"]
    return words


def test_the_sorted_copy_answers_what_the_loaded_table_answers(table, fresh, monkeypatch):
    path = fresh / "copy.txt"
    freq._write(str(path), table)
    copy = freq._Sorted(str(path))
    monkeypatch.setattr(freq, "_jieba_loaded", lambda: False)   # the copy itself answers (jieba is loaded here)
    monkeypatch.setattr(freq, "SWITCH_AFTER", 10**9)
    for word in _words(table):
        assert copy.get(word) == (table.get(word, 0) or 0), word
    for ch in "安全生产月龘😀a\t":
        assert freq.char_freq(ch) == (table.get(ch, 0) or 0), ch


def test_word_freq_makes_the_copy_once_then_reads_it(table, fresh):
    assert list(fresh.iterdir()) == []
    assert freq.word_freq("安全") == table["安全"] > 0
    made = list(fresh.iterdir())
    assert len(made) == 1 and made[0].name.startswith("safety-month-word-freq-")
    freq._table.cache_clear()
    assert isinstance(freq._table(), freq._Sorted) and freq.word_freq("安全生产") == (table.get("安全生产", 0) or 0)


def test_an_unreadable_copy_is_never_believed(table, fresh):
    freq.word_freq("安全")
    path = next(fresh.iterdir())
    path.write_bytes("not a table\n安全\t1\n".encode("utf-8"))
    freq._table.cache_clear()
    assert freq.word_freq("安全") == table["安全"]
    assert path.read_bytes().startswith(freq._HEADER)      # written again from the loaded table


def test_after_many_words_or_once_jieba_is_loaded_the_loaded_table_answers(table, fresh, monkeypatch):
    path = fresh / "copy.txt"
    freq._write(str(path), table)
    copy = freq._Sorted(str(path))
    copy.data = b""                                             # a search would find nothing now
    monkeypatch.setattr(freq, "_jieba_loaded", lambda: False)
    monkeypatch.setattr(freq, "SWITCH_AFTER", 3)
    assert [copy.get("安全") for _ in range(5)] == [0, 0, 0, table["安全"], table["安全"]]
    monkeypatch.setattr(freq, "_jieba_loaded", lambda: True)
    assert freq._Sorted(str(path)).get("安全") == table["安全"]
