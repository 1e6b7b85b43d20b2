"""What the front-matter checks tell an editor: the Problem they return and the pieces of
its plain-Chinese message (a value shown clipped, a type named in words, the allowed value
closest to a typo). Shared by the schema's value checks and its rules across fields.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    line: int
    col: int
    code: str
    message_zh: str
    fix_zh: str
    severity: str = "error"


def suggest(value: str, allowed: list[str]) -> str:
    """A fix naming the closest allowed value, if one is close."""
    if value.startswith("进") and value[1:] in allowed:
        return f"改为“{value[1:]}”（不带“进”字）"
    lower = {a.lower(): a for a in allowed}
    if value.lower() in lower:
        return f"改为“{lower[value.lower()]}”"
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    if not close:
        close = [a for a in allowed if a and (a in value or value in a)][:1]
    return f"是不是“{close[0]}”？" if close else ""


def type_name(t: str) -> str:
    return {"str": "文字", "int": "整数", "bool": "true 或 false", "true": "true", "date": "日期 YYYY-MM-DD",
            "list": "列表，例如 [a, b]", "map": "“键: 值”的映射", "counts": "“键: 数字”的映射",
            "review": "待核对事项列表", "hex64": "64 位十六进制校验值", "url": "http:// 或 https:// 网址",
            "any": "任意值"}.get(t, t)


# Values longer than this are cut in messages (a 5,000-character value helps nobody there).
SHOW_MAX = 60


def show(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, str):
        text = value
    elif isinstance(value, (int, float, _dt.date)) and not isinstance(value, bool):
        text = str(value)   # ints have at most 4,300 digits: the reader refuses longer ones
    else:
        text = repr(value)
    return f"“{clip(text)}”"


def clip(text: str) -> str:
    return f"{text[:SHOW_MAX]}…" if len(text) > SHOW_MAX else text
