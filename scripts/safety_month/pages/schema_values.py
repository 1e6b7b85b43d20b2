"""The value checks of the front-matter schema: one check per field type of data/schemas.yml
(str, int, bool, true, date, hex64, url, list, map, counts, review), each returning the
Problems of one value with the place it was written.

Vocabularies (`values: "@tags"` …) are resolved by the caller's `allowed_of`, so these checks
read no data file themselves.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Callable

from .reader import FrontMatter
from .schema_messages import Problem, show, suggest, type_name

HEX64_RE = re.compile(r"[0-9a-f]{64}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
URL_RE = re.compile(r"https?://\S+")

# values of a field (a list, or "@name" of a vocabulary) -> the allowed values, or None while
# the vocabulary's file is missing (then any non-empty text is accepted).
AllowedOf = Callable[[Any], "list[str] | None"]


class _Value:
    """One value being checked: its field, where it was written, and the usual complaint."""

    def __init__(self, fm: FrontMatter, path: tuple, field: dict, allowed_of: AllowedOf):
        self.fm, self.path, self.field, self.allowed_of = fm, path, field, allowed_of
        self.key = ".".join(str(p) for p in path)
        self.type = str(field.get("type", "any"))
        self.line, self.col = fm.where(path)
        self.example = field.get("example")

    def bad(self, msg: str, fix: str | None = None, code: str = "fm.type", where=None) -> list[Problem]:
        ln, cl = where or (self.line, self.col)
        default = f"写成{type_name(self.type)}" + (f"，例如 {self.key}: {self.example}" if self.example is not None else "")
        return [Problem(ln, cl, code, msg, fix or default)]


def check_value(fm: FrontMatter, path: tuple, value: Any, field: dict, allowed_of: AllowedOf) -> list[Problem]:
    """The Problems of the value at path, checked against its field of the schema."""
    v = _Value(fm, path, field, allowed_of)
    if v.type == "any":
        return []
    if value is None:
        return v.bad(f"{v.key} 是空的，应为{type_name(v.type)}", f"填写 {v.key} 的值，或删除这一行")
    check = _CHECKS.get(v.type)
    if check is None:
        raise ValueError(f"schemas.yml: unknown type {v.type!r} for {v.key}")  # a data-file bug, not an editor's
    return check(v, value)


def _check_str(v: _Value, value: Any) -> list[Problem]:
    key = v.key
    if isinstance(value, bool) or not isinstance(value, (str, int, float, _dt.date)):
        return v.bad(f"{key} 应为{type_name(v.type)}，现在是{show(value)}")
    if not isinstance(value, str):
        return v.bad(f"{key} 应为文字，现在被读成了{type(value).__name__}（{value}）",
                     f"用引号括起来：{key}: \"{value}\"")
    if not value.strip():
        return v.bad(f"{key} 是空的", f"填写 {key} 的值，或删除这一行")
    if "pattern" in v.field and not re.fullmatch(v.field["pattern"], value):
        return v.bad(f"{key} 的格式不对：{show(value)}", f"应符合 {v.field['pattern']}", code="fm.value")
    return _check_allowed(v, v.path, value)


def _check_int(v: _Value, value: Any) -> list[Problem]:
    key = v.key
    if isinstance(value, bool) or not isinstance(value, int):
        return v.bad(f"{key} 应为整数，现在是{show(value)}", f"只写阿拉伯数字，例如 {key}: {v.example or 1}")
    lo, hi = v.field.get("min"), v.field.get("max")
    if hi == "current_year":
        hi = _dt.date.today().year
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return v.bad(f"{key} 的值 {value} 超出范围 {lo}–{hi}", "检查这个数字", code="fm.value")
    return []


def _check_bool(v: _Value, value: Any) -> list[Problem]:
    return [] if isinstance(value, bool) else v.bad(f"{v.key} 应为 true 或 false，现在是{show(value)}")


def _check_true(v: _Value, value: Any) -> list[Problem]:
    if value is True:
        return []
    if value is False:
        return v.bad(f"{v.key}: false 不需要写", "删除这一行（不是节选就省略 excerpt）", code="fm.value")
    return v.bad(f"{v.key} 只能写 true，现在是{show(value)}", f"写成 {v.key}: true，或删除这一行")


def _check_date(v: _Value, value: Any) -> list[Problem]:
    key = v.key
    if isinstance(value, _dt.datetime):
        return v.bad(f"{key} 只写日期，不写时间：{show(value)}", f"写成 {key}: {value.date().isoformat()}")
    if isinstance(value, _dt.date):
        return []
    if isinstance(value, str) and DATE_RE.fullmatch(value):
        try:
            _dt.date.fromisoformat(value)
            return []
        except ValueError:
            return v.bad(f"{key} 不是真实的日期：{show(value)}", "检查月份和日期", code="fm.value")
    m = re.fullmatch(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})日?", str(value))
    if m:
        return v.bad(f"{key} 的日期格式应为 YYYY-MM-DD，现在是{show(value)}",
                     f"写成 {key}: {int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}")
    return v.bad(f"{key} 应为日期 YYYY-MM-DD，现在是{show(value)}")


def _check_hex64(v: _Value, value: Any) -> list[Problem]:
    if isinstance(value, str) and HEX64_RE.fullmatch(value):
        return []
    return v.bad(f"{v.key} 应为 64 位小写十六进制校验值，现在是{show(value)}",
                 "这是导入程序写的字段，不要手工修改；重新导入，或（手工页面）删除这一行")


def _check_url(v: _Value, value: Any) -> list[Problem]:
    if isinstance(value, str) and URL_RE.fullmatch(value):
        return []
    return v.bad(f"{v.key} 应为以 http:// 或 https:// 开头的网址，现在是{show(value)}")


def _check_list(v: _Value, value: Any) -> list[Problem]:
    key = v.key
    if not isinstance(value, list):
        return v.bad(f"{key} 应为列表，现在是{show(value)}",
                     f"写成方括号列表，例如 {key}: [{value}]" if isinstance(value, str) else None)
    out: list[Problem] = []
    seen: set = set()
    for i, item in enumerate(value):
        sub = v.path + (i,)
        where = v.fm.where(sub)
        if not isinstance(item, str) or not item.strip():
            out += v.bad(f"{key} 的第 {i + 1} 项应为非空文字，现在是{show(item)}", "删掉这一项或填写文字", where=where)
            continue
        if item in seen:
            out += v.bad(f"{key} 含有重复的值{show(item)}", "删掉重复的一项", code="fm.value", where=where)
        seen.add(item)
        out += _check_allowed(v, sub, item)
    return out


def _check_mapping(v: _Value, value: Any) -> list[Problem]:
    """map: key -> non-empty text; counts: key -> a count the importer wrote."""
    key, t = v.key, v.type
    if not isinstance(value, dict):
        return v.bad(f"{key} 应为{type_name(t)}，现在是{show(value)}")
    out = []
    keys = v.allowed_of(v.field["keys"]) if "keys" in v.field else None
    for k, item in value.items():
        kline, kcol = v.fm.key_where(v.path + (k,))
        if keys is not None and k not in keys:
            out.append(Problem(kline, kcol, "fm.value",
                               f"{key} 含有未知的键{show(k)}；允许的键：{'、'.join(keys)}",
                               suggest(str(k), keys) or "改成允许的键之一"))
        if t == "map" and (not isinstance(item, str) or not item.strip()):
            out.append(Problem(kline, kcol, "fm.type", f"{key}.{k} 应为非空文字，现在是{show(item)}", "填写文字"))
        if t == "counts" and (isinstance(item, bool) or not isinstance(item, int) or item < 0):
            out.append(Problem(kline, kcol, "fm.type", f"{key}.{k} 应为不小于 0 的整数，现在是{show(item)}",
                               "这是导入程序写的统计，不要手工修改"))
    return out


def _check_review(v: _Value, value: Any) -> list[Problem]:
    key = v.key
    if not isinstance(value, list):
        return v.bad(f"{key} 应为列表，现在是{show(value)}", "这是导入程序写的字段；重新导入，或删除这一段")
    out = []
    for i, item in enumerate(value):
        iline, icol = v.fm.where(v.path + (i,))
        ok = (isinstance(item, dict) and isinstance(item.get("line"), int) and not isinstance(item.get("line"), bool)
              and isinstance(item.get("rule"), str) and isinstance(item.get("message"), str))
        if not ok:
            out.append(Problem(iline, icol, "fm.type",
                               f"{key} 的第 {i + 1} 项应写成 {{line: 行号, rule: 规则, message: 说明}}",
                               "核对完成后删除这一项（或运行 safety-month review --done 文件 序号）"))
    return out


_CHECKS: dict[str, Callable[[_Value, Any], list[Problem]]] = {
    "str": _check_str, "int": _check_int, "bool": _check_bool, "true": _check_true, "date": _check_date,
    "hex64": _check_hex64, "url": _check_url, "list": _check_list, "map": _check_mapping,
    "counts": _check_mapping, "review": _check_review,
}


def _check_allowed(v: _Value, path: tuple, value: str) -> list[Problem]:
    """A value outside the field's allowed values (a list item is named by its list's key)."""
    field = v.field
    if "values" not in field:
        return []
    key = v.key
    allowed = v.allowed_of(field["values"])
    if allowed is None:  # vocabulary file missing: accept any non-empty text
        return []
    if value in allowed:
        return []
    line, col = v.fm.where(path)
    shown = "、".join(allowed) if len(allowed) <= 12 else "、".join(allowed[:12]) + f" 等（共 {len(allowed)} 个）"
    src = "（标签表见 scripts/safety_month/data/tags.yml）" if field["values"] == "@tags" else ""
    return [Problem(line, col, "fm.value", f"{key} 含有未知的值{show(value)}；允许的值：{shown}{src}",
                    suggest(value, allowed) or "改成允许的值之一" + ("；需要新标签时请在标签表中添加" if src else ""))]
