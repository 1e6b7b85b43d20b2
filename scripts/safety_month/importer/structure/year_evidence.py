"""Year evidence a text states outright, besides editions and themes (issue 16).

Pure functions over the body and the title; structure/year.py weighs them:

- ``document_number_years``: a document number "安委办〔2021〕12号" (the issuing year of a
  notice; brackets as offices type them: 〔〕 [] ［］ （） ()) - strong evidence;
- ``stated_year``: the year of the full dates the text states ("2019年11月", "截至2025年6月30日")
  and of the campaign named with its year ("2023年安全生产月"),
  when they all name the same year; a year written inside the title ("全县2023年安全生产工作会")
  counts only when the body names it too, since a year stamped at the front of a copied
  title by a mirror ("2024年最新…") is not the speech's. Bare "2023年" mentions in the body
  are not evidence on their own (re-uploads rewrite them).
"""

from __future__ import annotations

import re

from safety_month.text.han import HAN_COMMON

# (The bracket first: a pattern starting with the issuer's characters would be tried at every
# Chinese character of the body; the issuer is read backwards from the match instead.)
_DOC_NUMBER = re.compile(
    r"[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*\d{1,4}\s*号")
_ISSUER = re.compile(f"[{HAN_COMMON}]{{1,6}}$")
# A date the text states: year and month at least ("2019年11月", "2008年4月30日前").
_YEAR_MONTH = re.compile(r"((?:19|20)(?<![0-9]..)\d{2})\s*年\s*(?:[1-9]|1[0-2])\s*月")
# The year named with the campaign itself: "召开2023年安全生产月活动动员大会", "2019年全国“安全
# 生产月”" - the edition spelled as a year, not a bare mention.
_CAMPAIGN_YEAR = re.compile(r"((?:19|20)(?<![0-9]..)\d{2})\s*年\s*(?:度\s*)?(?:全国\s*)?[“\"‘「]?\s*安全生产月")
_TITLE_YEAR = re.compile(r"((?:19|20)(?<![0-9]..)\d{2})\s*年")
# A year stamped at the front of a title, as mirrors do ("2024年最新安全讲话稿"): not evidence.
_LEADING_STAMP = re.compile(r"^\s*(?:19|20)\d{2}\s*年?")


def document_number_years(body: str) -> list[tuple[int, str]]:
    """(year, the number as written) for each document number in the body."""
    return [(year, text) for year, text, _ in document_numbers(body)]


def document_numbers(body: str) -> list[tuple[int, str, int]]:
    """(year, the number as written, where in body it starts) for each document number:
    the start lets a review item point at the paragraph that holds it."""
    out = []
    if "号" not in body:
        return out
    for m in _DOC_NUMBER.finditer(body):
        issuer = _ISSUER.search(body, max(0, m.start() - 6), m.start())
        if issuer:               # an office's abbreviation stands right before the number
            out.append((int(m.group(1)), issuer.group(0) + m.group(0), issuer.start()))
    return out


def stated_year(body: str, title: str) -> tuple[int, str] | None:
    """(year, the phrase that states it) when the text's full dates, and a year inside the
    title that the body repeats, all name one year; else None."""
    found: list[tuple[int, str]] = [(int(m.group(1)), m.group(0)) for m in _YEAR_MONTH.finditer(body)]
    if "安全生产月" in body:
        found += [(int(m.group(1)), m.group(0)) for m in _CAMPAIGN_YEAR.finditer(body)]
    if title and not _LEADING_STAMP.match(title):
        for m in _TITLE_YEAR.finditer(title):
            if m.group(0) in body or m.group(1) + "年" in body.replace(" ", ""):
                found.append((int(m.group(1)), f"标题“{title}”"))
    years = {y for y, _ in found}
    if len(years) != 1:
        return None
    return found[0]
