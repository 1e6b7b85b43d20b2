"""The evaluation corpus in tests/corpus/ is real data with sound expectations.

Checks the data itself, not the importer: every case names its page, its source file is there
and readable in the stated encoding, every core keep phrase is really in the source (so a
failing score means the importer lost it, not that the corpus invented it), ids follow the URL
hash, and the corpus is big and varied enough to score on (see tests/corpus/README.md).
No network; well under a second on a slow machine.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from tests import paths

CORPUS = paths.TESTS / "corpus"
CASES = CORPUS / "cases"

KINDS = {"speech", "plan", "summary", "notice", "oration", "compilation", "news"}
FORMATS = {"txt", "html", "docx"}
NOISE = {"chrome", "breadcrumbs", "credits", "share_widgets", "prev_next", "copyright", "docshop",
         "paywall", "markers", "repeated_title", "compilation", "placeholders", "traditional",
         "pinyin", "spin", "runon", "halfwidth", "wraps", "junk", "spam", "residue",
         "metadata_in_text", "none"}
EXPECT_KEYS = {"keep", "keep_unspun", "drop", "title", "year", "speaker", "role", "headings"}
PUNCT = re.compile(r"[，。、；：？！“”‘’《》（）()【】〔〕「」『』,.;:?!'\"…—\[\]<>]")
CJK = re.compile(r"[\u4e00-\u9fff]")
WS = re.compile(r"\s+")


def split_of(url: str) -> str:
    """The fixed split: tune on one half, only score the other."""
    return "tune" if int(hashlib.sha256(url.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0 else "held"


def site_of(url: str) -> str:
    """Registrable domain (m.x.com and www.x.com are one site; x.gov.cn style suffixes kept)."""
    host = urlsplit(url).hostname or ""
    if re.fullmatch(r"[\d.]+", host):
        return host
    labels = host.split(".")
    if len(labels) >= 3 and labels[-1] == "cn" and labels[-2] in {"com", "net", "org", "gov", "edu", "ac"}:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_cases() -> list[tuple[str, dict]]:
    out = []
    for d in sorted(CASES.iterdir()):
        if d.is_dir():
            out.append((d.name, yaml.load((d / "case.yml").read_text(encoding="utf-8"), Loader=_Loader)))
    return out


ALL = _load_cases()


def source_text(case_dir: Path, case: dict) -> str:
    """The text an editor sees in the source: decoded txt, html without tags, docx paragraphs and tables."""
    fmt = case["format"]
    path = case_dir / f"source.{fmt}"
    if fmt == "txt":
        return path.read_bytes().decode(case["encoding"])
    if fmt == "html":
        raw = path.read_bytes().decode(case["encoding"])
        raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
        return html.unescape(re.sub(r"(?s)<[^>]+>", " ", raw))
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def flat(text: str) -> str:
    return WS.sub("", text)


@pytest.mark.parametrize("cid,case", ALL, ids=[c for c, _ in ALL])
def test_case(cid: str, case: dict) -> None:
    """One case: complete case.yml, id from the URL hash, source present and decodable, keeps real."""
    check_case_is_complete(cid, case)
    check_id_follows_url_hash(cid, case)
    check_source_file_present_and_decodes(cid, case)
    check_core_keep_phrases_are_in_the_source(cid, case, source_text(CASES / cid, case))


def check_case_is_complete(cid: str, case: dict) -> None:
    for key in ("url", "site", "retrieved", "kind", "format", "noise", "expect"):
        assert case.get(key), f"{cid}: missing {key}"
    assert case["kind"] in KINDS, cid
    assert case["format"] in FORMATS, cid
    assert case["site"] == urlsplit(case["url"]).hostname, cid
    assert set(case["noise"]) <= NOISE, f"{cid}: unknown noise kinds {set(case['noise']) - NOISE}"
    core = case["expect"].get("core")
    assert core, f"{cid}: no expect.core"
    assert core.get("keep") or core.get("keep_unspun"), f"{cid}: no core keep phrase"
    for level in ("core", "stretch"):
        exp = case["expect"].get(level) or {}
        extra = set(exp) - EXPECT_KEYS
        assert not extra, f"{cid}: unknown expect.{level} keys {extra}"
        for key in ("keep", "keep_unspun", "drop", "headings"):
            assert all(isinstance(v, str) and v.strip() for v in exp.get(key) or []), f"{cid}: {level}.{key} must be strings"
        for key in ("title", "speaker", "role"):
            assert key not in exp or isinstance(exp[key], str), f"{cid}: {level}.{key} must be a string"
        year = (case["expect"].get(level) or {}).get("year")
        if year is not None:
            assert isinstance(year, int) and 2002 <= year <= 2025, f"{cid}: year {year!r}"
    if case["format"] in ("txt", "html"):
        assert case.get("encoding"), f"{cid}: no encoding"


def check_id_follows_url_hash(cid: str, case: dict) -> None:
    digest = hashlib.sha256(case["url"].encode("utf-8")).hexdigest()[:10]
    assert cid == f"{case['format']}-{digest}", f"{cid}: id does not match the URL hash"


def check_source_file_present_and_decodes(cid: str, case: dict) -> None:
    d = CASES / cid
    sources = sorted(p.name for p in d.glob("source.*"))
    assert sources == [f"source.{case['format']}"], f"{cid}: {sources}"
    data = (d / sources[0]).read_bytes()
    assert data, f"{cid}: empty source"
    if case["format"] in ("txt", "html"):
        data.decode(case["encoding"])  # raises if the stated encoding is wrong
    if case["format"] == "html":
        head = data[:400].decode("ascii", "replace").lower()
        assert f"charset={case['encoding']}" in head.replace('"', "").replace(" ", ""), f"{cid}: meta charset"


def check_core_keep_phrases_are_in_the_source(cid: str, case: dict, text: str) -> None:
    source = flat(text)
    core = case["expect"]["core"]
    for phrase in core.get("keep") or []:
        p = flat(str(phrase))
        assert p in source, f"{cid}: keep phrase not in source: {phrase}"
    for phrase in (core.get("keep") or []) + (core.get("keep_unspun") or []):
        p = flat(str(phrase))
        assert not PUNCT.search(p), f"{cid}: punctuation inside keep phrase {phrase}"
        assert 6 <= len(CJK.findall(p)) <= 20, f"{cid}: keep phrase length {phrase}"
    for phrase in core.get("keep_unspun") or []:
        assert flat(str(phrase)) not in source, f"{cid}: {phrase} is in the source; list it under keep"


def test_corpus_size_and_variety() -> None:
    formats = Counter(c["format"] for _, c in ALL)
    sites = {site_of(c["url"]) for _, c in ALL}
    assert len(ALL) >= 80, len(ALL)
    assert len(sites) >= 50, len(sites)
    assert formats["html"] >= 10 and formats["docx"] >= 10, formats
    assert len({c["url"] for _, c in ALL}) == len(ALL), "a page is used twice"


def test_split_halves() -> None:
    halves = Counter(split_of(c["url"]) for _, c in ALL)
    assert halves["tune"] >= 40 and halves["held"] >= 40, halves
    for fmt in FORMATS:
        got = {split_of(c["url"]) for _, c in ALL if c["format"] == fmt}
        assert got == {"tune", "held"}, f"{fmt} only in {got}"
