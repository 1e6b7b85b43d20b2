"""The names every room must agree on about a page in docs/, defined once.

The importer writes pages with these names, the editors' checks and the site read them back,
and the preview decides what to cache by them: a second spelling anywhere would let one room
drift from the others without any test noticing (tests/pages/test_contract.py greps the
package for copies).

- the folder of imported speeches under docs/;
- the five 五进 audiences and their order (the order the site lists them in and the importer
  writes them in);
- the redaction markup: the span that marks a placeholder withheld or to be filled in;
- the generated-hash rule: how a generated page carries the sha256 of itself, so that the
  importer never overwrites a page an editor has changed since.
"""

from __future__ import annotations

import hashlib
import re

from .reader import closing_newline

# docs/<SPEECH_FOLDER>/<year|undated>/<slug>.md; SPEECH_PREFIX for MkDocs' src_uri tests.
SPEECH_FOLDER = "speeches"
SPEECH_PREFIX = SPEECH_FOLDER + "/"

# 安全宣传“五进”: 进企业、进农村、进社区、进学校、进家庭, in this order everywhere.
AUDIENCES = ("企业", "农村", "社区", "学校", "家庭")

# A placeholder the importer marked (and an editor may type): the class the stylesheet and
# the placeholder check look for, the tooltip readers see.
REDACT_CLASS = "sm-redact"
REDACT_TITLE = "原文隐去或待填写"
REDACT_OPEN = f'<span class="{REDACT_CLASS}" title="{REDACT_TITLE}">'
REDACT_CLOSE = "</span>"
REDACT_TEMPLATE = REDACT_OPEN + "{}" + REDACT_CLOSE


# ---------------------------------------------------------------- the generated-hash rule

HASH_KEY = "generated_hash"
# "^generated_hash:[^\n]*$" (re.M) written with the key first and the line start checked
# behind it (no character other than a newline before it): the same matches, and re skips
# ahead to the key instead of trying a line start at every position of the front matter.
HASH_LINE_RE = re.compile(r"generated_hash:(?<![^\n]generated_hash:)[^\n]*$", re.M)
_HASH_VALUE_RE = re.compile(r"^generated_hash:\s*[\"']?([0-9a-f]{64})[\"']?\s*$", re.M)
# The hash line as the writer puts it into a page before the hash is known.
BLANK = 'generated_hash: ""'
_BLANK_LINE = "\n" + BLANK + "\n"


def front_block_end(text: str) -> int:
    """Start of the line closing the front matter opened by the first line "---" (the first
    line after it that is "---" or "...", trailing blanks allowed), or 0 when there is none."""
    if not text.startswith("---\n"):
        return 0
    end = closing_newline(text, 3)     # from the opening line's own newline
    return end + 1 if end >= 0 else 0


def _blanked(text: str) -> str:
    text = text.replace("\r\n", "\n")
    end = front_block_end(text)
    return HASH_LINE_RE.sub(BLANK, text[:end], count=1) + text[end:]


def generated_hash(page_text: str) -> str:
    """sha256 (hex) of the page with the generated_hash value blanked."""
    return hashlib.sha256(_blanked(page_text).encode("utf-8")).hexdigest()


def _hash_line(digest: str) -> str:
    """The hash line as the writer writes the value (plain unless YAML needs quotes)."""
    from .writer import text_scalar

    return f"{HASH_KEY}: {text_scalar(digest)}"


def set_hash(page: str) -> str:
    """page with its generated_hash line holding the page's own hash."""
    h = generated_hash(page)
    end = front_block_end(page)
    line = _hash_line(h)
    return HASH_LINE_RE.sub(lambda _: line, page[:end], count=1) + page[end:]


def stamp(page: str) -> str:
    """set_hash of a page just written with the hash line blank (BLANK).

    Such a page's front matter holds the blank hash line as _blanked() writes it (its only
    line that starts "generated_hash:": every value is on one line); without a "\\r" the
    page is its own blanked form and the hash its sha256: what set_hash() works out, without
    the searches (a test compares the two)."""
    if "\r" not in page:
        digest = hashlib.sha256(page.encode("utf-8")).hexdigest()
        return page.replace(_BLANK_LINE, f"\n{_hash_line(digest)}\n", 1)
    return set_hash(page)


def is_hand_edited(page_text: str) -> bool:
    """True when the page has no generated_hash or the text no longer matches it."""
    text = page_text.replace("\r\n", "\n")
    m = _HASH_VALUE_RE.search(text[:front_block_end(text)])
    return m is None or m.group(1) != generated_hash(text)
