"""The front-matter rules that look at more than one value: where a page of a kind must live
(speeches under docs/speeches/<year>/, 五进 articles in their audience's folder), and what a
speech's fields must agree on (year and its reason, the campaign's edition and theme, date,
audience reasons). Each rule returns its Problems in the order an editor reads them.
"""

from __future__ import annotations

import datetime as _dt

from safety_month import campaign
from .contract import SPEECH_FOLDER
from .reader import FrontMatter
from .schema_messages import Problem, show

UNDATED = "undated"


def path_rules(fm: FrontMatter, kind: str, src_uri: str | None, spec: dict) -> list[Problem]:
    """Problems of a page's place in docs/ (spec: data/schemas.yml)."""
    if not src_uri:
        return []
    parts = src_uri.split("/")
    name = parts[-1]
    kinds = spec["kinds"]
    line, col = fm.where(("kind",)) if "kind" in fm.data else (fm.open_line or 1, 1)
    out = []
    in_speeches = parts[0] == SPEECH_FOLDER and len(parts) >= 3 and name not in ("index.md", "README.md")
    if in_speeches and kind != "speech":
        out.append(Problem(line, col, "fm.kind", "docs/speeches/ 下的讲话页面必须写 kind: speech",
                           "加一行 kind: speech（或把这个文件移出 docs/speeches/）"))
    if kind == "speech" and parts[0] != SPEECH_FOLDER:
        out.append(Problem(line, col, "fm.kind", "kind: speech 的页面必须放在 docs/speeches/<年份>/ 下",
                           "用 safety-month new speech 新建，或把文件移到 docs/speeches/<年份或 undated>/"))
    if kind == "wujin":
        folder = kinds["wujin"]["folder"]
        audience = fm.data.get("audience")
        expected = spec["audience_folders"].get(audience) if isinstance(audience, str) else None
        if parts[0] != folder or len(parts) < 3 or (expected and parts[1] != expected):
            where = f"docs/{folder}/{expected}/" if expected else f"docs/{folder}/<对象文件夹>/"
            out.append(Problem(*fm.where(("audience",)) if "audience" in fm.data else (line, col), "fm.kind",
                               f"五进文章应放在 {where} 下，现在在 docs/{src_uri}",
                               f"把文件移到 {where}（或改正 audience）"))
    return out


def speech_rules(fm: FrontMatter, data: dict, src_uri: str | None) -> list[Problem]:
    """Problems of a speech page's fields taken together."""
    year = data.get("year")
    year_ok = isinstance(year, int) and not isinstance(year, bool)
    return (_year_reason(fm, data, year_ok)
            + _campaign_facts(fm, data, year if year_ok else None)
            + _date_in_year(fm, data, year if year_ok else None)
            + _audience_reasons(fm, data)
            + _year_folder(fm, data, src_uri, year if year_ok else None))


def _year_reason(fm: FrontMatter, data: dict, year_ok: bool) -> list[Problem]:
    out: list[Problem] = []
    if year_ok and "year_reason" not in data:
        line, col = fm.key_where(("year",))
        out.append(Problem(line, col, "fm.required", "写了 year 就必须写 year_reason（年份依据）",
                           "在 year 下面加一行 year_reason: 说明年份从哪里来，例如 文中写明“全国第20个‘安全生产月’”"))
    if "year_reason" in data and "year" not in data:
        line, col = fm.key_where(("year_reason",))
        out.append(Problem(line, col, "fm.value", "写了 year_reason 却没有 year", "补上 year，或删除 year_reason"))
    return out


def _campaign_facts(fm: FrontMatter, data: dict, year: int | None) -> list[Problem]:
    """edition and theme follow the year's campaign (campaigns.yml), never an editor's wording."""
    out: list[Problem] = []
    for key in ("edition", "theme"):
        if key in data and year is None:
            line, col = fm.key_where((key,))
            out.append(Problem(line, col, "fm.value", f"{key} 跟随 year，但没有有效的 year",
                               f"补上 year，或删除 {key}"))
    camp = campaign.by_year(year) if year is not None else None
    if camp is not None:
        out += _edition(fm, data, year, camp) + _theme(fm, data, year, camp)
    elif year is not None and "edition" in data:
        line, col = fm.where(("edition",))
        out.append(Problem(line, col, "fm.value", f"{year} 年没有全国安全生产月（始于 2002 年），不能写 edition",
                           "删除 edition 和 theme"))
    return out


def _edition(fm: FrontMatter, data: dict, year: int, camp: campaign.Campaign) -> list[Problem]:
    if "edition" not in data:
        return [Problem(fm.close_line or 1, 1, "fm.required", f"{year} 年的讲话缺少 edition（第几个安全生产月）",
                        f"在 --- 之前加一行 edition: {camp.edition}")]
    if data["edition"] != camp.edition:
        line, col = fm.where(("edition",))
        return [Problem(line, col, "fm.value",
                        f"edition 是 {data['edition']}，但 {year} 年是全国第 {camp.edition} 个安全生产月",
                        f"改为 edition: {camp.edition}（或改正 year）")]
    return []


def _theme(fm: FrontMatter, data: dict, year: int, camp: campaign.Campaign) -> list[Problem]:
    if camp.theme and "theme" not in data:
        return [Problem(fm.close_line or 1, 1, "fm.required", f"{year} 年的讲话缺少 theme（当年活动主题）",
                        f"在 --- 之前加一行 theme: {camp.theme}")]
    if "theme" in data and data["theme"] != camp.theme:
        line, col = fm.where(("theme",))
        if camp.theme:
            return [Problem(line, col, "fm.value", f"theme 与 {year} 年的活动主题“{camp.theme}”不一致",
                            f"改为 theme: {camp.theme}（主题来自 campaigns.yml，不要自己改写）")]
        return [Problem(line, col, "fm.value", f"campaigns.yml 没有收录 {year} 年的主题，不能写 theme",
                        "删除 theme（主题须有出处，先在 campaigns.yml 中补充并注明来源）")]
    return []


def _date_in_year(fm: FrontMatter, data: dict, year: int | None) -> list[Problem]:
    date = data.get("date")
    if year is not None and isinstance(date, _dt.date) and date.year != year:
        line, col = fm.where(("date",))
        return [Problem(line, col, "fm.value", f"date {date.isoformat()} 不在 year {year} 年内", "改正 date 或 year")]
    return []


def _audience_reasons(fm: FrontMatter, data: dict) -> list[Problem]:
    reasons = data.get("audience_reasons")
    auds = data.get("audiences")
    out: list[Problem] = []
    if isinstance(reasons, dict) and isinstance(auds, list):
        for k in reasons:
            if k not in auds:
                line, col = fm.key_where(("audience_reasons", k))
                out.append(Problem(line, col, "fm.value", f"audience_reasons 写了{show(k)}，但 audiences 里没有它",
                                   f"把{show(k)}加进 audiences，或删除这条理由"))
    return out


def _year_folder(fm: FrontMatter, data: dict, src_uri: str | None, year: int | None) -> list[Problem]:
    """A speech lives in docs/speeches/<its year>/ (undated/ without one)."""
    if not src_uri:
        return []
    parts = src_uri.split("/")
    if len(parts) == 3 and parts[0] == SPEECH_FOLDER:
        expected = str(year) if year is not None else UNDATED
        if parts[1] != expected:
            line, col = fm.key_where(("year",)) if "year" in data else (fm.open_line or 1, 1)
            return [Problem(line, col, "fm.path",
                            f"讲话在文件夹 {parts[1]}/ 下，但 year 是 {year if year is not None else '（未写）'}",
                            f"把文件移到 docs/speeches/{expected}/，或改正 year")]
    return []
