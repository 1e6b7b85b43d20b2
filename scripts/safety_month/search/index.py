"""Checks and transforms of Material's search index (search/search_index.json).

Material's search plugin segments Chinese with jieba only when jieba is importable (it is
silent otherwise), loads the project's user dictionary of campaign terms, and writes the
index with ASCII escapes (6 bytes per Chinese character). The functions here make a build
fail when segmentation or the user dictionary is not active, and rewrite the index as
compact UTF-8.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from safety_month.atomic import write_build_file

from . import stream

# jieba's word boundary as written by Material's search plugin.
SEPARATOR = "\u200b"
_HAN = re.compile(r"[\u4e00-\u9fff]")


class SearchIndexError(RuntimeError):
    pass


# --- configuration time -------------------------------------------------------------

def require_segmenter() -> None:
    """Material silently skips Chinese segmentation when jieba is missing: refuse that."""
    try:
        import jieba  # noqa: F401
    except ImportError as exc:  # pragma: no cover - exercised by a subprocess test
        raise SearchIndexError(
            "jieba is not importable, so Chinese search would silently match almost nothing. "
            "Run `make venv` (or pip install -r requirements.lock)."
        ) from exc


def read_user_dict(path: Path) -> list[str]:
    """Words of a jieba user dictionary ("word [freq] [tag]" lines; '#' starts a comment)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SearchIndexError(f"{path}: jieba user dictionary missing") from exc
    except UnicodeDecodeError as exc:
        raise SearchIndexError(f"{path}: jieba user dictionary is not UTF-8 ({exc})") from exc
    words = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        parts = line.split()
        if (line.startswith("#") or len(parts) > 3 or (len(parts) > 1 and not parts[1].isdigit())
                or (len(parts) == 3 and not parts[2].isalpha())):
            raise SearchIndexError(
                f"{path}:{number}: expected 'word [frequency] [tag]', got {line!r} "
                "(jieba has no comment syntax: notes belong in jieba_user_dict.md)"
            )
        words.append(parts[0])
    if not words:
        raise SearchIndexError(f"{path}: jieba user dictionary has no words")
    return words


def split_user_terms(words: list[str], cut=None) -> dict[str, list[str]]:
    """User terms that the active segmenter does NOT keep whole, with how it cuts them."""
    if cut is None:
        import jieba

        def cut(w):
            return jieba.lcut(w, HMM=False)
    return {w: pieces for w in words if (pieces := list(cut(w))) != [w]}


def require_user_dict(path: Path, cut=None) -> list[str]:
    """Fail unless every user-dictionary term is one token for the segmenter in use.

    Called after Material's search plugin loaded the dictionary (hooks run after plugins).
    """
    words = read_user_dict(path)
    broken = split_user_terms(words, cut)
    if broken:
        shown = "; ".join(f"{w} → {' / '.join(p)}" for w, p in list(broken.items())[:10])
        raise SearchIndexError(
            f"{path}: the jieba user dictionary is not active ({len(broken)} of {len(words)} terms "
            f"are split: {shown}). Check `plugins: - search: jieba_dict_user:` in mkdocs.yml."
        )
    return words


# --- the built index -----------------------------------------------------------------

def load(path: Path) -> dict:
    """The index at path, read and parsed a block at a time (150 MB at 3,000 speeches)."""
    try:
        return stream.load(path)
    except FileNotFoundError as exc:
        raise SearchIndexError(f"{path}: search index missing (is the search plugin on?)") from exc
    except stream.NotJson as exc:
        raise SearchIndexError(f"{path}: search index is not valid UTF-8 JSON ({exc})") from exc


def _chinese_docs(index: dict) -> list[dict]:
    return [d for d in index.get("docs", []) if _HAN.search(d.get("text", ""))]


def segmented_share(index: dict) -> float:
    """Share of index entries with Chinese text that carry jieba separators."""
    docs = _chinese_docs(index)
    if not docs:
        return 1.0
    return sum(SEPARATOR in d["text"] for d in docs) / len(docs)


_TAG = re.compile(r"</?[a-z0-9]+>")
DEFAULT_SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；]+"  # Material's for zh


def separator_of(index: dict) -> re.Pattern:
    """The index's word separator (a JavaScript regex that Python reads the same way)."""
    source = index.get("config", {}).get("separator") or DEFAULT_SEPARATOR
    try:
        return re.compile(source)
    except re.error as exc:
        raise SearchIndexError(f"search separator {source!r} is not a usable regex: {exc}") from exc


def tokens(text: str, separator: re.Pattern | None = None) -> list[str]:
    """The tokens of one index text as the search worker sees them (tags dropped)."""
    sep = separator or re.compile(DEFAULT_SEPARATOR)
    return [t for t in sep.split(_TAG.sub(" ", text)) if t]


def user_terms_in_index(index: dict, words: list[str]) -> tuple[set[str], set[str]]:
    """(user terms present in the text at all, user terms present as one whole token)."""
    present: set[str] = set()
    whole: set[str] = set()
    wanted = set(words)
    sep = separator_of(index)
    for doc in _chinese_docs(index):
        flat = doc["text"].replace(SEPARATOR, "")
        present.update(w for w in wanted - present if w in flat)
        whole.update(wanted.intersection(tokens(doc["text"], sep)))
    return present, whole


def some_user_term_whole(index: dict, words: list[str]) -> bool:
    """True when some user term is one whole token somewhere (stops at the first entry that
    has one; in a segmented index that is one of the first)."""
    wanted = set(words)
    sep = separator_of(index)
    return any(not wanted.isdisjoint(tokens(doc["text"], sep)) for doc in _chinese_docs(index))


def require_segmented(path: Path, user_words: list[str] | None = None) -> dict:
    """Fail unless the index is jieba-segmented (and, given user words, with them whole)."""
    index = load(path)
    share = segmented_share(index)
    if share < 0.5:
        raise SearchIndexError(
            f"{path}: only {share:.0%} of Chinese entries are segmented; "
            "jieba segmentation is not active in the search plugin."
        )
    if user_words and not some_user_term_whole(index, user_words):
        present = user_terms_in_index(index, user_words)[0]   # none is whole: any there?
        if present:
            raise SearchIndexError(
                f"{path}: user-dictionary terms occur in the text ({', '.join(sorted(present)[:5])}) "
                "but none is one token: the jieba user dictionary was not used for the index."
            )
    return index


# --- parts of compound terms -----------------------------------------------------------

PARTS_FIELD = "parts"


def default_pieces(words: list[str], tokenizer=None) -> dict[str, list[str]]:
    """How jieba's own dictionary (without the user terms) cuts each compound user term.

    The precise cut (隐患排查 → 隐患/排查, 第一责任人 → 第一/责任人); when that keeps the
    term whole (进社区), the words jieba's search mode finds inside it (社区). Only pieces
    of two or more characters are kept: a single character (月, 进) would prefix-match far
    too much.
    """
    if tokenizer is None:
        import jieba

        tokenizer = jieba.Tokenizer()  # the default dictionary, untouched by load_userdict
    out = {}
    for word in words:
        pieces = [p for p in tokenizer.lcut(word, HMM=False) if len(p) >= 2 and p != word]
        if not pieces:
            pieces = [p for p in tokenizer.lcut_for_search(word, HMM=False) if len(p) >= 2 and p != word]
        if pieces:
            out[word] = list(dict.fromkeys(pieces))
    return out


def _require_field(index: dict, name: str, boost: str) -> None:
    """The search plugin must declare the extra field, or the worker never searches it."""
    if name not in index.get("config", {}).get("fields", {}):
        raise SearchIndexError(
            f"the index config has no '{name}' field: add `fields: {{{name}: "
            f"{{boost: {boost}}}}}` to `plugins: - search:` in mkdocs.yml"
        )


require_field = _require_field   # for the page-by-page index (page_index.finish_index)


def add_parts(index: dict, pieces: dict[str, list[str]]) -> int:
    """Give each entry a `parts` field: the pieces of the compound terms its text contains.

    Readers type parts of compounds too (排查 for 隐患排查, 责任人 for 第一责任人); the
    worker's wildcard only matches the start of a token, so without this a part finds
    nothing. The field is searched but never shown. Returns the entries changed.
    """
    _require_field(index, PARTS_FIELD, "0.5")
    changed = 0
    sep = separator_of(index)
    for doc in index.get("docs", []):
        found: dict[str, None] = {}
        for field in ("title", "text"):
            # the tokens that are compound terms, in text order
            for token in filter(pieces.__contains__, tokens(doc.get(field, ""), sep)):
                for piece in pieces[token]:
                    found.setdefault(piece, None)
        if found:
            doc[PARTS_FIELD] = " ".join(found)
            changed += 1
        else:
            doc.pop(PARTS_FIELD, None)
    return changed


# --- speech facts from front matter -------------------------------------------------------
# Which facts, and their text, are the speech entry's (safety_month.pages.entry.about_text).

ABOUT_FIELD = "about"
# The same facts named as the page names them ("讲话人：陆秋明"): not a search field (the
# worker never indexes it), carried for the result snippet to show the fact that matched.
FACTS_FIELD = "facts"


def add_about(index: dict, about: dict[str, str], segment, facts: dict[str, list[str]] | None = None) -> int:
    """Put each page's front-matter facts (about: url -> text) into its page entry's
    `about` field, segmented like the rest of the index, and their named form (facts: url ->
    ["讲话人：陆秋明", …]) into its `facts` field. Returns the entries changed.

    The facts are plain text typed by an editor or taken from a source; they enter the
    index HTML-escaped, like every other field of it (see escape_markup)."""
    if not about:
        return 0
    _require_field(index, ABOUT_FIELD, "100")
    changed = 0
    for doc in index.get("docs", []):
        text = about.get(doc["location"])
        if text:
            doc[ABOUT_FIELD] = segment(html.escape(text, quote=False))
            named = (facts or {}).get(doc["location"])
            if named:
                doc[FACTS_FIELD] = [html.escape(f, quote=False) for f in named]
            changed += 1
    return changed


# --- no markup from a page's text ---------------------------------------------------------
#
# Both search engines insert an entry's title, text and tags into the results panel as HTML
# (Material's bundle appends strings with innerHTML; the sharded engine returns the same
# strings to it). Material's plugin escapes the text it parses out of a page's HTML and keeps
# only a few bare tags of its own making (<p>, <code> …), but it puts a page's front-matter
# title in raw when the page's <h1> comes from the template (every speech page), and its tags
# raw always: a title taken from a source, "<svg/onload=…>", became a live element in the
# results. The plugin's entries are escaped where they are made (search_build.escape_entries);
# `escape_markup` then holds every entry of the written index to the rule below, so nothing
# a later change lets through can come alive either.

# The bare tags Material's search parser writes itself (its Parser.keep), without attributes.
KEPT_TAGS = ("p", "code", "pre", "li", "ol", "ul", "sub", "sup")
HTML_FIELDS = ("title", "text", ABOUT_FIELD, PARTS_FIELD)   # HTML text: kept tags allowed
_NOT_KEPT = re.compile(r"<(?!/?(?:%s)>)" % "|".join(KEPT_TAGS))


def inert(html_text: str) -> str:
    """html_text with every "<" that does not open or close a kept bare tag escaped: in an
    HTML text context only "<" starts markup (an entity such as &lt; only ever yields text),
    so the result renders the same characters and creates no element but the kept ones."""
    return _NOT_KEPT.sub("&lt;", html_text) if "<" in html_text else html_text


def escape_markup(index: dict) -> int:
    """Make every entry of the index safe to insert as HTML: its HTML fields inert, its tags
    (plain text everywhere else) escaped where they still carry "<" or "&" unescaped.
    Returns the fields changed (0 when the plugin's entries were escaped where made)."""
    changed = 0
    for doc in index.get("docs", []):
        for name in HTML_FIELDS:
            value = doc.get(name)
            if isinstance(value, str) and "<" in value:
                safe = inert(value)
                if safe != value:
                    doc[name] = safe
                    changed += 1
        for name in ("tags", FACTS_FIELD):
            items = doc.get(name)
            if isinstance(items, list):
                safe_items = [inert(t) if isinstance(t, str) else t for t in items]
                if safe_items != items:
                    doc[name] = safe_items
                    changed += 1
    return changed


def jieba_segment(text: str) -> str:
    """Han runs cut by jieba and joined by U+200B, as Material's search plugin does."""
    import jieba

    return re.sub(r"[\u4e00-\u9fff]+", lambda m: SEPARATOR + SEPARATOR.join(jieba.cut(m.group(0))) + SEPARATOR,
                  text).strip(SEPARATOR)


# --- rewriting ------------------------------------------------------------------------

@dataclass(frozen=True)
class IndexSize:
    before: int   # bytes as Material wrote it
    raw: int      # bytes after rewriting
    gzip: int | None   # gzip -6 of the rewritten file (None: not measured, not served whole)
    entries: int

    def log_line(self) -> str:
        saved = 100 * (1 - self.raw / self.before) if self.before else 0.0
        gzipped = f"{self.gzip:,} bytes gzip; " if self.gzip is not None else ""
        return (f"search index: {self.entries} entries, {self.raw:,} bytes UTF-8 "
                f"({gzipped}was {self.before:,} bytes with ASCII escapes, "
                f"{saved:.0f}% smaller)")


def dumps_utf8(index: dict) -> str:
    """The index as compact UTF-8 JSON (what the browser fetches and JSON-parses)."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def measure(index: dict, before: int) -> tuple[bytes, IndexSize]:
    """The index as compact UTF-8 bytes, and its sizes."""
    data = dumps_utf8(index).encode("utf-8")
    return data, IndexSize(before=before, raw=len(data), gzip=len(gzip.compress(data, 6)),
                           entries=len(index.get("docs", [])))


def rewrite_utf8(path: Path, index: dict | None = None) -> IndexSize:
    """Rewrite search_index.json as compact UTF-8, keeping its content; return the sizes."""
    before = path.stat().st_size
    if index is None:
        index = load(path)
    data, size = measure(index, before)
    if json.loads(data) != index:  # pragma: no cover - json round trip is exact
        raise SearchIndexError(f"{path}: rewriting changed the index content")
    write_build_file(path, data)
    return size


def file_digest(path: Path) -> str:
    """sha256 of a file read in blocks: Material's index (150 MB at 3,000 speeches, every
    character escaped) as a cache key without holding its bytes through the rewrite."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
