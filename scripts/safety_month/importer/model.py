"""Data passed between importer stages: read -> clean -> structure -> render.

Each stage is a pure function of the previous stage's output; every change a stage makes is
recorded as a Change, every doubt as a ReviewItem, so the editor sees what happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field


# ReviewItem.block of an item about the title (or about text that is not on the page's body,
# such as the date line of the head): render points it at the page's title line.
ON_TITLE = -1


@dataclass(frozen=True)
class ReviewItem:
    """Something the importer was unsure of; an editor must look at it.

    Where it points on the page is carried, never searched for: `block` (set by the structure
    stage) names the block of the speech it concerns, else `line` and `col` the place in the
    cleaned text (the paragraph cut out of that line where the place falls), else it points at
    the title line."""

    rule: str          # rule id, e.g. "lost_char", "junk.seo"
    line: int          # 1-based line in the cleaned text (0 when not tied to a line)
    message: str       # Chinese, for the editor: what to check
    excerpt: str = ""  # the text around the place
    # Index into Speech.blocks of the block the item concerns, ON_TITLE for the title, None
    # when the stage that made it knew no block (then `line` places it).
    block: int | None = field(default=None, compare=False)
    # 0-based character offset in the cleaned line `line` (carried through every later clean
    # rule by clean's _Run): a line the structure stage cuts into several paragraphs points
    # the item at the paragraph holding this place. 0: the start of the line.
    col: int = field(default=0, compare=False)


@dataclass
class RuleReport:
    """What one cleaning rule changed."""

    rule: str
    count: int = 0
    examples: list[str] = field(default_factory=list)   # at most MAX_EXAMPLES "before → after"

    MAX_EXAMPLES = 3

    def add(self, before: str, after: str = "") -> None:
        self.count += 1
        if len(self.examples) < self.MAX_EXAMPLES:
            self.examples.append(f"{before} → {after}" if after else before)


@dataclass
class RawDocument:
    """Output of the read stage."""

    path: str                    # the source file as given
    sha256: str                  # of the raw bytes
    text: str                    # decoded text, paragraphs separated by "\n"
    encoding: str                # detected or declared encoding, or "docx"
    kind: str                    # "txt" | "html" | "docx"
    # Paragraph styles from .docx / headings from HTML: line index -> level (1..4)
    heading_levels: dict[int, int] = field(default_factory=dict)
    source_url: str | None = None
    # What reading the file left for an editor (undecodable bytes marked □, a file name that
    # was not UTF-8): lines of `text`, carried by the clean stage like its own items.
    review: list[ReviewItem] = field(default_factory=list)


@dataclass
class CleanResult:
    """Output of the clean stage."""

    text: str
    reports: list[RuleReport] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    source_url: str | None = None
    meta_hints: dict = field(default_factory=dict)   # e.g. {"title_candidates": [...]}


@dataclass
class Block:
    """A structural unit of a speech body."""

    kind: str       # "h2" | "h3" | "h4" | "p"
    text: str       # plain text, NOT escaped (render escapes)
    lead: str = ""  # for "p": an enumeration lead such as "一是强化规划准入。" shown in bold
    # A paragraph that is a whole line of the cleaned text (the line-by-line cleaning rules
    # judged exactly this text); False for a piece the structure stage cut out of a line.
    whole: bool = field(default=True, compare=False)
    # The cleaned-text line (1-based) it came from, 0 when unknown, and where in that line its
    # text starts (0-based): a review item of the clean stage (ReviewItem.line, .col) points
    # at the last block of its line that starts at or before the item's place.
    line: int = field(default=0, compare=False)
    col: int = field(default=0, compare=False)


@dataclass
class Speech:
    """Output of the structure stage: one speech (a compilation yields several)."""

    title: str
    blocks: list[Block]
    speaker: str | None = None
    role: str | None = None
    org: str | None = None        # place or body, e.g. 金坛区
    level: str | None = None      # 省 | 市 | 县 | 区 | 乡镇 | None
    occasion: str | None = None
    year: int | None = None
    year_reason: str | None = None
    date: str | None = None       # ISO date when the text states one
    excerpt: bool = False         # 节选: the text is truncated
    part: int | None = None       # index within a compilation, 1-based
    audiences: dict[str, str] = field(default_factory=dict)  # 五进 name -> reason
    tags: list[str] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
