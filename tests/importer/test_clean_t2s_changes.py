"""t2s_changes: the pre-check that lets the script rule skip OpenCC for texts t2s leaves alone."""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety_month.importer.clean import script, t2s_changes
from safety_month.importer.clean.base import table
from tests import paths

ROOT = paths.ROOT
_CLIB = Path(opencc.__file__).parent / "clib"
_CONVERT = opencc.OpenCC("t2s").convert


def test_the_table_is_the_installed_dictionaries():
    tool = _CLIB / "bin" / "opencc_dict"
    if not tool.exists():
        pytest.skip("opencc_dict not shipped with this OpenCC build")
    assert t2s_changes.table_from_dictionaries(tool, _CLIB / "share" / "opencc") == table("t2s")


def test_precheck_is_on_for_the_installed_opencc():
    assert t2s_changes._scanners() is not None


def test_texts_without_a_changing_key_are_left_alone_by_opencc():
    texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted((ROOT / "sources").glob("*.txt"))]
    assert texts
    for text in texts:
        if not t2s_changes.may_change(text):
            assert _CONVERT(text) == text


def test_changing_characters_and_phrases_are_seen():
    assert t2s_changes.may_change("安全生產")             # a traditional character
    assert t2s_changes.may_change("请及时答覆。")          # a phrase of simplified characters
    assert not t2s_changes.may_change("覆盖全县，答复群众。")
    assert t2s_changes.may_change("安全\U00020000")       # beyond the BMP: converted anyway
    assert _CONVERT("请及时答覆。") != "请及时答覆。"


_ALPHABET = sorted(set("覆答反坏毛沈深藉瞭解了安全生产月讲话，。") | set(table("t2s")["chars"][:50]))


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(_ALPHABET), max_size=20))
def test_may_change_is_false_only_when_opencc_returns_the_text(text):
    if not t2s_changes.may_change(text):
        assert _CONVERT(text) == text


def test_other_opencc_versions_turn_the_precheck_off(monkeypatch):
    t2s_changes._scanners.cache_clear()
    monkeypatch.setattr(opencc, "__version__", "0.0.0")
    try:
        assert t2s_changes._scanners() is None
        assert t2s_changes.may_change("安全生产")
    finally:
        monkeypatch.undo()
        t2s_changes._scanners.cache_clear()


def test_script_rule_result_unchanged_by_the_precheck(monkeypatch):
    text = (ROOT / "sources").glob("*.txt").__next__().read_text(encoding="utf-8", errors="replace")
    fast = script.apply(text)
    monkeypatch.setattr(t2s_changes, "may_change", lambda t: True)
    assert script.apply(text) == fast


def test_phrase_pattern_finds_the_phrase_around_its_changed_character():
    rx = re.compile(t2s_changes._phrase_pattern("意志消沈", "意志消沉"))
    assert rx.pattern.startswith("沈")
    assert rx.search("他意志消沈了") and not rx.search("沈阳") and not rx.search("意志消沉")


def test_has_astral():
    assert not t2s_changes._has_astral("安全生产\ud800")       # a lone surrogate is not astral
    assert t2s_changes._has_astral("安全\U00020000生产")
    assert not t2s_changes._has_astral("")


def _separate_scans(text: str) -> bool:
    """may_change as a scan for the characters, then one for the phrases."""
    data = table("t2s")
    chars = "".join(c for c in data["chars"] if ord(c) <= 0xFFFF)
    phrases = re.compile("|".join(t2s_changes._phrase_pattern(k, v) for k, v in data["phrases"].items()))
    return re.search(f"[{re.escape(chars)}]", text) is not None or phrases.search(text) is not None


_PHRASE_ALPHABET = sorted(set("".join(table("t2s")["phrases"])[:300]) | set("安全，。"))


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from(_PHRASE_ALPHABET + _ALPHABET), max_size=12))
def test_one_scan_finds_what_the_two_scans_find(text):
    assert (t2s_changes._scanners().search(text) is not None) == _separate_scans(text)


def test_one_scan_on_every_phrase_and_real_texts():
    for key in table("t2s")["phrases"]:
        for text in (key, "安" + key + "全", key[:-1], key[1:]):
            assert (t2s_changes._scanners().search(text) is not None) == _separate_scans(text)
    for path in sorted((ROOT / "sources").glob("*.txt")):
        text = path.read_bytes().decode("utf-8", "replace")
        assert (t2s_changes._scanners().search(text) is not None) == _separate_scans(text)
