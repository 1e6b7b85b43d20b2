"""New pages for editors: a path and a complete front matter valid against data/schemas.yml.

Pure: ``plan(kind, title, ...)`` returns (relative path inside docs/, file text); writing is
the command's job. Slugs are ASCII and deterministic: "<year|undated|date>-<8 hex of the
title's sha256>", or the editor's own --slug.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass

from safety_month import campaign
from . import contract, schema, writer

KINDS = ("speech", "wujin", "notice")
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class ScaffoldError(ValueError):
    """A bad argument, explained in Chinese."""


@dataclass(frozen=True)
class Planned:
    rel_path: str     # inside docs/, "/"-separated
    text: str


def title_hash(title: str) -> str:
    return hashlib.sha256(title.strip().encode("utf-8")).hexdigest()[:8]


def _slug(prefix: str, title: str, slug: str | None) -> str:
    if slug is None:
        return f"{prefix}-{title_hash(title)}"
    if not SLUG_RE.fullmatch(slug):
        raise ScaffoldError(f"--slug “{slug}” 只能用小写英文字母、数字和连字符（例如 2021-jintan-dongyuan）")
    return slug


def _dump(data: dict) -> str:
    """YAML in the given key order, text quoted only when YAML needs it (the pages' writer)."""
    return writer.dump_editable(data)


def _audience(value: str | None) -> str:
    allowed = schema.vocabulary("audiences")
    if value is None:
        raise ScaffoldError(f"五进文章需要 --audience，可选：{'、'.join(allowed)}")
    value = value.strip()
    if value.startswith("进") and value[1:] in allowed:
        value = value[1:]
    if value not in allowed:
        raise ScaffoldError(f"--audience “{value}” 不是五进对象之一：{'、'.join(allowed)}")
    return value


def _date(value: str | None, today: _dt.date) -> _dt.date:
    if value is None:
        return today
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise ScaffoldError(f"--date “{value}” 应写成 YYYY-MM-DD，例如 2025-06-01") from None


SPEECH_BODY = """\
## 一、第一部分的标题

在这里粘贴第一段讲话正文。段与段之间空一行，不需要任何标记：段落锚点由网站自动生成。

在这里粘贴第二段。原文隐去的内容（XXX、X同志、〔*〕、20xx）照原样写，网站会自动标出。
"""

ARTICLE_BODY = """\
在这里写正文。每段之间空一行；小标题用“## ”开头。
"""

# Optional fields, offered as commented YAML lines with a hint each: an editor fills in what
# they know by deleting the "# " at the start of a line; the value after ": " is an example
# that passes the checks as it is (so uncommenting without editing never breaks a build), the
# text after the second "#" is a YAML comment explaining the field. Only fields the kind's
# schema (data/schemas.yml) allows: speeches are a closed kind.
OPTIONAL_HEADER = "# 可选字段：知道的就去掉行首的“# ”，把冒号后面的示例改成实际内容（字段说明见 编辑指南 > 页面字段）\n"
OPTIONAL = {
    "speech": [
        ("speaker", "陆秋明", "讲话人姓名"),
        ("role", "代区长", "讲话人职务"),
        ("org", "金坛区", "地区或单位"),
        ("level", "区", "层级，只能写 省、市、县、区、乡镇 之一"),
        ("occasion", "全区安全生产月活动动员会", "讲话场合（会议名称）"),
        ("date", "{year}-06-01", "讲话日期，年-月-日；要在 year 那一年之内"),
        ("source_url", "https://www.example.gov.cn/{year}/0601/1.html", "原文网址（讲话登在网上时）"),
    ],
    "wujin": [
        ("author", "区应急管理局", "作者或供稿单位"),
        ("source", "《中国应急管理报》2025年6月3日", "出处：转载的文章写明来自哪里（不要在正文里写“来源：…”）"),
        ("source_url", "https://www.example.gov.cn/{year}/0603/1.html", "原文网址"),
        ("summary", "一两句话概括文章内容", "摘要"),
    ],
    "notice": [
        ("issuer", "区安全生产委员会办公室", "发文单位"),
        ("expires", "{year}-07-31", "有效期至，年-月-日"),
        ("source_url", "https://www.example.gov.cn/{year}/0520/1.html", "原文网址"),
        ("summary", "一两句话概括通知内容", "摘要"),
    ],
}


def optional_lines(kind: str, data: dict, year: int) -> str:
    """The commented optional fields of a new page of ``kind``, leaving out those already set."""
    lines = [f"# {key}: {example.format(year=year)}  # {hint}"
             for key, example, hint in OPTIONAL[kind] if key not in data]
    return OPTIONAL_HEADER + "".join(line + "\n" for line in lines) if lines else ""



def plan(kind: str, title: str, *, year: int | None = None, audience: list[str] | str | None = None,
         date: str | None = None, slug: str | None = None, today: _dt.date | None = None) -> Planned:
    today = today or _dt.date.today()
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("标题不能为空")
    if kind == "speech":
        return _speech(title, year, audience, date, slug)
    if kind == "wujin":
        aud = _audience(audience[0] if isinstance(audience, list) and audience else audience or None)
        day = _date(date, today)
        data = {"title": title, "kind": "wujin", "audience": aud, "date": day, "tags": []}
        name = _slug(day.isoformat(), title, slug)
        rel = f"{schema.schemas()['kinds']['wujin']['folder']}/{schema.audience_folder(aud)}/{name}.md"
        return Planned(rel, f"---\n{_dump(data)}{optional_lines('wujin', data, day.year)}---\n\n{ARTICLE_BODY}")
    if kind == "notice":
        day = _date(date, today)
        data = {"title": title, "kind": "notice", "date": day, "tags": []}
        name = _slug(day.isoformat(), title, slug)
        return Planned(f"{schema.schemas()['kinds']['notice']['folder']}/{name}.md",
                       f"---\n{_dump(data)}{optional_lines('notice', data, day.year)}---\n\n{ARTICLE_BODY}")
    raise ScaffoldError(f"未知的页面类型 “{kind}”，可选：{'、'.join(KINDS)}")


def _speech(title: str, year: int | None, audience, date: str | None, slug: str | None) -> Planned:
    data: dict = {"title": title, "kind": "speech"}
    if year is not None:
        if not 1980 <= year <= _dt.date.today().year:
            raise ScaffoldError(f"--year {year} 不在 1980–{_dt.date.today().year} 之间")
        data["year"] = year
        data["year_reason"] = "编辑新建页面时填写（请改为年份的依据，例如 文中写明“全国第20个‘安全生产月’”）"
        camp = campaign.by_year(year)
        if camp is not None:
            data["edition"] = camp.edition
            if camp.theme:
                data["theme"] = camp.theme
    if date is not None:
        day = _date(date, _dt.date.today())
        if year is not None and day.year != year:
            raise ScaffoldError(f"--date {date} 不在 --year {year} 年内")
        data["date"] = day
    auds = audience if isinstance(audience, list) else ([audience] if audience else [])
    data["audiences"] = list(dict.fromkeys(_audience(a) for a in auds))
    data["tags"] = []
    folder = str(year) if year is not None else schema.UNDATED
    name = _slug(folder, title, slug)
    rel = f"{contract.SPEECH_FOLDER}/{folder}/{name}.md"
    example_year = year if year is not None else 2021      # (no year: a date is not tied to one)
    return Planned(rel, f"---\n{_dump(data)}{optional_lines('speech', data, example_year)}---\n\n{SPEECH_BODY}")
