"""五进 excerpts: pick passages from imported speeches for each audience (企业、农村、社区、学校、家庭).

The rule is data (data/outreach.yml, tuned by editors): keywords with weights per audience, a
minimum score, how many excerpts a page shows and how many may come from one speech. All
functions are pure; the MkDocs hook (scripts/hooks/site_outreach.py) feeds them the speech
pages and puts the rendered block where the editor placed the marker line.

Speech text is HTML-escaped when rendered; redaction marks (<span class="sm-redact">) survive
as such, everything else in a paragraph becomes plain text.

This module writes the block and puts it in place of the marker; the rules are read in
outreach_rules, paragraphs turned into plain text and snippets in outreach_text, and the
excerpts chosen in outreach_select.
"""

from __future__ import annotations

import html
from typing import Callable, Sequence

from safety_month.pages.contract import REDACT_CLOSE, REDACT_OPEN
from safety_month.pages.entry import SpeechEntry

# The rules, the paragraph text and the selection live in modules of their own; their public
# names are this module's too, so the hook and the tests keep one way in.
from .outreach_rules import AUDIENCES, AudienceRule, Rules, RulesError, load_rules
from .outreach_select import Excerpt, best_candidates, check_audience, merge, order_key, select, speech_candidates
from .outreach_text import (
    _R_CLOSE, _R_OPEN, Paragraph, mark_gaps, markdown_to_plain, parse_paragraphs, score, snippet,
)

__all__ = ["AUDIENCES", "AudienceRule", "Excerpt", "Paragraph", "Rules", "RulesError", "attribution",
           "best_candidates", "check_audience", "inject", "intro", "load_rules", "mark_gaps", "markdown_to_plain",
           "merge", "order_key", "parse_paragraphs", "render", "score", "select", "snippet", "speech_candidates",
           "text_html"]


# ------------------------------------------------------------------------- rendering

def text_html(text: str) -> str:
    """Escaped HTML of plain text with redaction sentinels turned into .sm-redact spans."""
    out = html.escape(text, quote=True)
    out = out.replace(_R_OPEN, REDACT_OPEN).replace(_R_CLOSE, REDACT_CLOSE)
    # Stray open marks (never produced by parse_paragraphs) must not leave an unclosed span.
    opened = out.count(REDACT_OPEN) - out.count(REDACT_CLOSE)
    return out + REDACT_CLOSE * max(0, opened)


def attribution(s: SpeechEntry) -> tuple[str, str]:
    """(who, where) of an excerpt's source line, from the speech page's facts: who is
    org + role + speaker ('金坛区代区长陆秋明', '' when none is known); where is year and
    occasion ('2022年全县安全生产会议'), or the title in 《》 when the occasion is unknown."""
    who = f"{s.org or ''}{s.role or ''}{s.speaker or ''}"
    if s.occasion:
        year = f"{s.year}年" if s.year and f"{s.year}年" not in s.occasion else ""
        return who, f"{year}{s.occasion}"
    return who, f"《{s.title}》"


def intro(audience: str) -> str:
    """The one line a reader sees above the excerpts."""
    return f"以下段落摘自讲话资料库中与{audience}安全有关的讲话，点击出处可阅读上下文。"


def render(excerpts: Sequence[Excerpt], audience: str, href: Callable[[str], str]) -> str:
    """One raw-HTML block (no blank lines inside) for the marker's place in the page."""
    e = lambda s: html.escape(str(s), quote=True)  # noqa: E731
    if not excerpts:
        return (f'<div class="sm-excerpts" data-audience="{e(audience)}">'
                '<p class="sm-excerpts__empty">讲话资料库中暂无与本主题相关的段落。</p></div>')
    items = []
    for x in excerpts:
        link = f"{href(x.speech.src_uri)}#p-{x.paragraph.number}"
        who, where = attribution(x.speech)
        items.append(
            '<li class="sm-excerpt"><blockquote class="sm-excerpt__text"><p>'
            + text_html(x.snippet)
            + '</p></blockquote><p class="sm-excerpt__cite">——'
            + (f'<span class="sm-excerpt__who">{e(who)}</span>，' if who else "")
            + f'<a href="{e(link)}">{e(where)}</a></p></li>'
        )
    return (f'<div class="sm-excerpts" data-audience="{e(audience)}"><p class="sm-excerpts__intro">{e(intro(audience))}</p>'
            f'<ol class="sm-excerpts__list">{"".join(items)}</ol></div>')


def inject(markdown: str, marker: str, block: str) -> tuple[str, int]:
    """markdown with each line that is exactly the marker replaced by block; (text, count).

    The block is surrounded by blank lines so Markdown keeps it as raw HTML. Nothing is
    written back to the editor's file: this runs on the in-memory page text only.
    """
    lines = markdown.split("\n")
    count = 0
    out = []
    for line in lines:
        if line.strip() == marker:
            out += ["", block, ""]
            count += 1
        else:
            out.append(line)
    return "\n".join(out), count
