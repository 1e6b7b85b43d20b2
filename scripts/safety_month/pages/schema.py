"""Front-matter validation against data/schemas.yml: one schema per page kind.

``validate(fm, src_uri)`` returns (line, col, code, message_zh, fix_zh, severity) tuples;
the checks package wraps them into Issues with the file path. Vocabularies (五进 audiences,
levels, tags) come from data files; the tag list from data/tags.yml is read lazily, and while
it is missing any non-empty tag is accepted (``vocabulary_notes()`` says so).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from safety_month import campaign
from .reader import FrontMatter

HEX64_RE = re.compile(r"[0-9a-f]{64}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
URL_RE = re.compile(r"https?://\S+")
UNDATED = "undated"


@dataclass(frozen=True)
class Problem:
    line: int
    col: int
    code: str
    message_zh: str
    fix_zh: str
    severity: str = "error"


# ---------------------------------------------------------------- data files

def _read_data(name: str) -> str | None:
    ref = resources.files("safety_month").joinpath(f"data/{name}")
    try:
        return ref.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return None


@lru_cache(maxsize=1)
def schemas() -> dict:
    return yaml.safe_load(_read_data("schemas.yml"))


def _names(obj: Any) -> list[str]:
    """Tag names from the shapes a vocabulary file may take (list, mapping, {tags: …})."""
    if obj is None:
        return []
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, list):
        out: list[str] = []
        for item in obj:
            if isinstance(item, dict):
                for key in ("name", "tag", "id", "label"):
                    if isinstance(item.get(key), str):
                        out.append(item[key])
                        break
                else:
                    if len(item) == 1:
                        out.extend(str(k) for k in item)
            elif isinstance(item, (str, int)):
                out.append(str(item))
        return out
    if isinstance(obj, dict):
        for key in ("tags", "vocabulary", "names"):
            if key in obj:
                return _names(obj[key])
        return [str(k) for k in obj]
    return []


@lru_cache(maxsize=1)
def tag_vocabulary() -> tuple[str, ...] | None:
    """Allowed tags from data/tags.yml, or None while that file does not exist."""
    text = _read_data("tags.yml")
    if text is None:
        return None
    names = tuple(dict.fromkeys(n.strip() for n in _names(yaml.safe_load(text)) if n and n.strip()))
    return names or None


def vocabulary(name: str) -> tuple[str, ...] | None:
    if name == "tags":
        return tag_vocabulary()
    return tuple(schemas()["vocabularies"][name])


def vocabulary_notes() -> list[str]:
    """Notices about vocabularies that fall back (printed, never failing a build)."""
    if tag_vocabulary() is None:
        return ["未找到标签表 scripts/safety_month/data/tags.yml：暂时接受任何非空标签，"
                "标签拼写错误不会被发现。"]
    return []


def audience_folder(audience: str) -> str:
    return schemas()["audience_folders"][audience]


def kind_of(data: dict) -> str:
    kind = data.get("kind")
    return kind if isinstance(kind, str) and kind in schemas()["kinds"] else "page"


def fields_for(kind: str) -> dict:
    spec = schemas()
    return {**spec["common"], **spec["kinds"][kind]["fields"]}


# ---------------------------------------------------------------- validation

def validate(fm: FrontMatter, src_uri: str | None = None) -> list[Problem]:
    """Problems in a page's front matter (``fm.errors`` are reported separately)."""
    if fm.errors:
        return []
    data = fm.data
    out: list[Problem] = []
    kinds = schemas()["kinds"]
    raw_kind = data.get("kind")
    if "kind" in data and raw_kind not in kinds:
        line, col = fm.where(("kind",))
        allowed = "、".join(kinds)
        out.append(Problem(line, col, "fm.value", f"kind 的值{_show(raw_kind)}未知；允许的值：{allowed}",
                           _suggest(str(raw_kind), list(kinds)) or "改成上面的一个值，普通页面可以删去 kind"))
    kind = kind_of(data)
    spec = kinds[kind]
    fields = fields_for(kind)
    out += _path_rules(fm, kind, src_uri)

    for key in data:
        if key not in fields:
            if spec.get("closed"):
                line, col = fm.key_where((key,))
                hint = _suggest(str(key), list(fields))
                out.append(Problem(line, col, "fm.unknown_key",
                                   f"{_clip(str(key))} 不是{spec['label']}页面的字段，会被忽略",
                                   hint or f"删除这一行；可用的字段：{'、'.join(fields)}"))
            continue
        out += _check_value(fm, (key,), data[key], fields[key])

    required = [k for k, f in fields.items() if f.get("required")]
    if kind == "speech" and any(k in data for k in spec.get("importer_only", [])):
        required += [k for k in spec.get("imported_required", []) if k not in required]
    for key in required:
        if key not in data:
            out.append(_missing(fm, key, fields[key], kind))
    if kind == "speech":
        out += _speech_rules(fm, data, src_uri)
    out += _control_characters(fm)
    return out


def _control_characters(fm: FrontMatter) -> list[Problem]:
    """Text values holding a control character (a YAML escape such as "\\0" or "\\e" puts one
    there): it would go into the page's HTML and title as it is."""
    from safety_month.text.controls import CONTROL_RE, describe

    out: list[Problem] = []
    stack: list[tuple[tuple, Any]] = [((), fm.data)]
    while stack:   # depth is bounded by the reader (frontmatter.MAX_DEPTH); no recursion anyway
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, sub in value.items():
                stack.append((path + (key,), sub))
                if isinstance(key, str) and CONTROL_RE.search(key):
                    line, col = fm.key_where(path + (key,))
                    out.append(Problem(line, col, "fm.value", f"字段名里有控制字符 {describe(CONTROL_RE.search(key).group())}",
                                       "重新输入这个字段名"))
        elif isinstance(value, list):
            stack += [(path + (i,), sub) for i, sub in enumerate(value)]
        elif isinstance(value, str) and (found := CONTROL_RE.search(value)):
            line, col = fm.where(path)
            name = ".".join(str(p) for p in path)
            out.append(Problem(line, col, "fm.value", f"{name} 的值里有看不见的控制字符 {describe(found.group())}，会原样进入网页",
                               "删除值里的 \\0、\\e、\\x1b 这类转义写法"))
    return sorted(out, key=lambda p: (p.line, p.col))


def _missing(fm: FrontMatter, key: str, field: dict, kind: str) -> Problem:
    line = fm.close_line or 1
    example = field.get("example")
    if field.get("values") and not example:
        vals = _allowed(field["values"])
        example = vals[0] if vals else ""
    fix = f"在第 {line} 行的 --- 之前加一行 {key}: {example if example is not None else '…'}"
    if kind == "speech" and key in schemas()["kinds"]["speech"].get("imported_required", []):
        fix = ("这是导入生成的页面，缺少导入字段：重新运行 safety-month import；"
               "若这篇是手工录入的，删掉所有导入字段（source_sha256、generated_hash 等）")
    return Problem(line, 1, "fm.required", f"缺少必填字段 {key}（{field.get('label', key)}）", fix)


def _allowed(values) -> list[str] | None:
    if isinstance(values, str) and values.startswith("@"):
        vocab = vocabulary(values[1:])
        return list(vocab) if vocab is not None else None
    return list(values)


def _suggest(value: str, allowed: list[str]) -> str:
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


def _type_name(t: str) -> str:
    return {"str": "文字", "int": "整数", "bool": "true 或 false", "true": "true", "date": "日期 YYYY-MM-DD",
            "list": "列表，例如 [a, b]", "map": "“键: 值”的映射", "counts": "“键: 数字”的映射",
            "review": "待核对事项列表", "hex64": "64 位十六进制校验值", "url": "http:// 或 https:// 网址",
            "any": "任意值"}.get(t, t)


# Values longer than this are cut in messages (a 5,000-character value helps nobody there).
SHOW_MAX = 60


def _show(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, str):
        text = value
    elif isinstance(value, (int, float, _dt.date)) and not isinstance(value, bool):
        text = str(value)   # ints have at most 4,300 digits: the reader refuses longer ones
    else:
        text = repr(value)
    return f"“{_clip(text)}”"


def _clip(text: str) -> str:
    return f"{text[:SHOW_MAX]}…" if len(text) > SHOW_MAX else text


def _check_value(fm: FrontMatter, path: tuple, value: Any, field: dict) -> list[Problem]:
    key = ".".join(str(p) for p in path)
    t = str(field.get("type", "any"))
    line, col = fm.where(path)
    example = field.get("example")

    def bad(msg: str, fix: str | None = None, code: str = "fm.type", where=None) -> list[Problem]:
        ln, cl = where or (line, col)
        default = f"写成{_type_name(t)}" + (f"，例如 {key}: {example}" if example is not None else "")
        return [Problem(ln, cl, code, msg, fix or default)]

    if t == "any":
        return []
    if value is None:
        return bad(f"{key} 是空的，应为{_type_name(t)}", f"填写 {key} 的值，或删除这一行")
    if t == "str":
        if isinstance(value, bool) or not isinstance(value, (str, int, float, _dt.date)):
            return bad(f"{key} 应为{_type_name(t)}，现在是{_show(value)}")
        if not isinstance(value, str):
            return bad(f"{key} 应为文字，现在被读成了{type(value).__name__}（{value}）",
                       f"用引号括起来：{key}: \"{value}\"")
        if not value.strip():
            return bad(f"{key} 是空的", f"填写 {key} 的值，或删除这一行")
        if "pattern" in field and not re.fullmatch(field["pattern"], value):
            return bad(f"{key} 的格式不对：{_show(value)}", f"应符合 {field['pattern']}", code="fm.value")
        return _check_allowed(fm, path, value, field)
    if t == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return bad(f"{key} 应为整数，现在是{_show(value)}", f"只写阿拉伯数字，例如 {key}: {example or 1}")
        lo, hi = field.get("min"), field.get("max")
        if hi == "current_year":
            hi = _dt.date.today().year
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            return bad(f"{key} 的值 {value} 超出范围 {lo}–{hi}", "检查这个数字", code="fm.value")
        return []
    if t == "bool":
        return [] if isinstance(value, bool) else bad(f"{key} 应为 true 或 false，现在是{_show(value)}")
    if t == "true":
        if value is True:
            return []
        if value is False:
            return bad(f"{key}: false 不需要写", "删除这一行（不是节选就省略 excerpt）", code="fm.value")
        return bad(f"{key} 只能写 true，现在是{_show(value)}", f"写成 {key}: true，或删除这一行")
    if t == "date":
        return _check_date(key, value, bad)
    if t == "hex64":
        if isinstance(value, str) and HEX64_RE.fullmatch(value):
            return []
        return bad(f"{key} 应为 64 位小写十六进制校验值，现在是{_show(value)}",
                   "这是导入程序写的字段，不要手工修改；重新导入，或（手工页面）删除这一行")
    if t == "url":
        if isinstance(value, str) and URL_RE.fullmatch(value):
            return []
        return bad(f"{key} 应为以 http:// 或 https:// 开头的网址，现在是{_show(value)}")
    if t == "list":
        if not isinstance(value, list):
            return bad(f"{key} 应为列表，现在是{_show(value)}",
                       f"写成方括号列表，例如 {key}: [{value}]" if isinstance(value, str) else None)
        out: list[Problem] = []
        seen: set = set()
        for i, item in enumerate(value):
            sub = path + (i,)
            iline, icol = fm.where(sub)
            if not isinstance(item, str) or not item.strip():
                out += bad(f"{key} 的第 {i + 1} 项应为非空文字，现在是{_show(item)}", "删掉这一项或填写文字",
                           where=(iline, icol))
                continue
            if item in seen:
                out += bad(f"{key} 含有重复的值{_show(item)}", "删掉重复的一项", code="fm.value", where=(iline, icol))
            seen.add(item)
            out += _check_allowed(fm, sub, item, field, key=key)
        return out
    if t in ("map", "counts"):
        if not isinstance(value, dict):
            return bad(f"{key} 应为{_type_name(t)}，现在是{_show(value)}")
        out = []
        keys = _allowed(field["keys"]) if "keys" in field else None
        for k, v in value.items():
            kline, kcol = fm.key_where(path + (k,))
            if keys is not None and k not in keys:
                out.append(Problem(kline, kcol, "fm.value",
                                   f"{key} 含有未知的键{_show(k)}；允许的键：{'、'.join(keys)}",
                                   _suggest(str(k), keys) or "改成允许的键之一"))
            if t == "map" and (not isinstance(v, str) or not v.strip()):
                out.append(Problem(kline, kcol, "fm.type", f"{key}.{k} 应为非空文字，现在是{_show(v)}", "填写文字"))
            if t == "counts" and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
                out.append(Problem(kline, kcol, "fm.type", f"{key}.{k} 应为不小于 0 的整数，现在是{_show(v)}",
                                   "这是导入程序写的统计，不要手工修改"))
        return out
    if t == "review":
        if not isinstance(value, list):
            return bad(f"{key} 应为列表，现在是{_show(value)}", "这是导入程序写的字段；重新导入，或删除这一段")
        out = []
        for i, item in enumerate(value):
            iline, icol = fm.where(path + (i,))
            ok = (isinstance(item, dict) and isinstance(item.get("line"), int) and not isinstance(item.get("line"), bool)
                  and isinstance(item.get("rule"), str) and isinstance(item.get("message"), str))
            if not ok:
                out.append(Problem(iline, icol, "fm.type",
                                   f"{key} 的第 {i + 1} 项应写成 {{line: 行号, rule: 规则, message: 说明}}",
                                   "核对完成后删除这一项（或运行 safety-month review --done 文件 序号）"))
        return out
    raise ValueError(f"schemas.yml: unknown type {t!r} for {key}")  # a data-file bug, not an editor's


def _check_allowed(fm: FrontMatter, path: tuple, value: str, field: dict, key: str | None = None) -> list[Problem]:
    if "values" not in field:
        return []
    key = key or ".".join(str(p) for p in path)
    allowed = _allowed(field["values"])
    if allowed is None:  # vocabulary file missing: accept any non-empty text
        return []
    if value in allowed:
        return []
    line, col = fm.where(path)
    shown = "、".join(allowed) if len(allowed) <= 12 else "、".join(allowed[:12]) + f" 等（共 {len(allowed)} 个）"
    src = "（标签表见 scripts/safety_month/data/tags.yml）" if field["values"] == "@tags" else ""
    return [Problem(line, col, "fm.value", f"{key} 含有未知的值{_show(value)}；允许的值：{shown}{src}",
                    _suggest(value, allowed) or "改成允许的值之一" + ("；需要新标签时请在标签表中添加" if src else ""))]


def _check_date(key: str, value: Any, bad) -> list[Problem]:
    if isinstance(value, _dt.datetime):
        return bad(f"{key} 只写日期，不写时间：{_show(value)}", f"写成 {key}: {value.date().isoformat()}")
    if isinstance(value, _dt.date):
        return []
    if isinstance(value, str) and DATE_RE.fullmatch(value):
        try:
            _dt.date.fromisoformat(value)
            return []
        except ValueError:
            return bad(f"{key} 不是真实的日期：{_show(value)}", "检查月份和日期", code="fm.value")
    m = re.fullmatch(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})日?", str(value))
    if m:
        return bad(f"{key} 的日期格式应为 YYYY-MM-DD，现在是{_show(value)}",
                   f"写成 {key}: {int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}")
    return bad(f"{key} 应为日期 YYYY-MM-DD，现在是{_show(value)}")


# ---------------------------------------------------------------- rules across fields

def _path_rules(fm: FrontMatter, kind: str, src_uri: str | None) -> list[Problem]:
    if not src_uri:
        return []
    parts = src_uri.split("/")
    name = parts[-1]
    kinds = schemas()["kinds"]
    line, col = fm.where(("kind",)) if "kind" in fm.data else (fm.open_line or 1, 1)
    out = []
    in_speeches = parts[0] == kinds["speech"]["folder"] and len(parts) >= 3 and name not in ("index.md", "README.md")
    if in_speeches and kind != "speech":
        out.append(Problem(line, col, "fm.kind", "docs/speeches/ 下的讲话页面必须写 kind: speech",
                           "加一行 kind: speech（或把这个文件移出 docs/speeches/）"))
    if kind == "speech" and parts[0] != kinds["speech"]["folder"]:
        out.append(Problem(line, col, "fm.kind", "kind: speech 的页面必须放在 docs/speeches/<年份>/ 下",
                           "用 safety-month new speech 新建，或把文件移到 docs/speeches/<年份或 undated>/"))
    if kind == "wujin":
        folder = kinds["wujin"]["folder"]
        audience = fm.data.get("audience")
        expected = schemas()["audience_folders"].get(audience) if isinstance(audience, str) else None
        if parts[0] != folder or len(parts) < 3 or (expected and parts[1] != expected):
            where = f"docs/{folder}/{expected}/" if expected else f"docs/{folder}/<对象文件夹>/"
            out.append(Problem(*fm.where(("audience",)) if "audience" in fm.data else (line, col), "fm.kind",
                               f"五进文章应放在 {where} 下，现在在 docs/{src_uri}",
                               f"把文件移到 {where}（或改正 audience）"))
    return out


def _speech_rules(fm: FrontMatter, data: dict, src_uri: str | None) -> list[Problem]:
    out: list[Problem] = []
    year = data.get("year")
    year_ok = isinstance(year, int) and not isinstance(year, bool)
    if year_ok and "year_reason" not in data:
        line, col = fm.key_where(("year",))
        out.append(Problem(line, col, "fm.required", "写了 year 就必须写 year_reason（年份依据）",
                           "在 year 下面加一行 year_reason: 说明年份从哪里来，例如 文中写明“全国第20个‘安全生产月’”"))
    if "year_reason" in data and "year" not in data:
        line, col = fm.key_where(("year_reason",))
        out.append(Problem(line, col, "fm.value", "写了 year_reason 却没有 year", "补上 year，或删除 year_reason"))
    camp = campaign.by_year(year) if year_ok else None
    for key in ("edition", "theme"):
        if key in data and not year_ok:
            line, col = fm.key_where((key,))
            out.append(Problem(line, col, "fm.value", f"{key} 跟随 year，但没有有效的 year",
                               f"补上 year，或删除 {key}"))
    if camp is not None:
        if "edition" not in data:
            out.append(Problem(fm.close_line or 1, 1, "fm.required",
                               f"{year} 年的讲话缺少 edition（第几个安全生产月）",
                               f"在 --- 之前加一行 edition: {camp.edition}"))
        elif data["edition"] != camp.edition:
            line, col = fm.where(("edition",))
            out.append(Problem(line, col, "fm.value",
                               f"edition 是 {data['edition']}，但 {year} 年是全国第 {camp.edition} 个安全生产月",
                               f"改为 edition: {camp.edition}（或改正 year）"))
        if camp.theme and "theme" not in data:
            out.append(Problem(fm.close_line or 1, 1, "fm.required", f"{year} 年的讲话缺少 theme（当年活动主题）",
                               f"在 --- 之前加一行 theme: {camp.theme}"))
        elif "theme" in data and data["theme"] != camp.theme:
            line, col = fm.where(("theme",))
            if camp.theme:
                out.append(Problem(line, col, "fm.value", f"theme 与 {year} 年的活动主题“{camp.theme}”不一致",
                                   f"改为 theme: {camp.theme}（主题来自 campaigns.yml，不要自己改写）"))
            else:
                out.append(Problem(line, col, "fm.value", f"campaigns.yml 没有收录 {year} 年的主题，不能写 theme",
                                   "删除 theme（主题须有出处，先在 campaigns.yml 中补充并注明来源）"))
    elif year_ok and "edition" in data:
        line, col = fm.where(("edition",))
        out.append(Problem(line, col, "fm.value", f"{year} 年没有全国安全生产月（始于 2002 年），不能写 edition",
                           "删除 edition 和 theme"))
    date = data.get("date")
    if year_ok and isinstance(date, _dt.date) and date.year != year:
        line, col = fm.where(("date",))
        out.append(Problem(line, col, "fm.value", f"date {date.isoformat()} 不在 year {year} 年内",
                           "改正 date 或 year"))
    reasons = data.get("audience_reasons")
    auds = data.get("audiences")
    if isinstance(reasons, dict) and isinstance(auds, list):
        for k in reasons:
            if k not in auds:
                line, col = fm.key_where(("audience_reasons", k))
                out.append(Problem(line, col, "fm.value", f"audience_reasons 写了{_show(k)}，但 audiences 里没有它",
                                   f"把{_show(k)}加进 audiences，或删除这条理由"))
    if src_uri:
        parts = src_uri.split("/")
        if len(parts) == 3 and parts[0] == schemas()["kinds"]["speech"]["folder"]:
            expected = str(year) if year_ok else UNDATED
            if parts[1] != expected:
                line, col = fm.key_where(("year",)) if "year" in data else (fm.open_line or 1, 1)
                out.append(Problem(line, col, "fm.path",
                                   f"讲话在文件夹 {parts[1]}/ 下，但 year 是 {year if year_ok else '（未写）'}",
                                   f"把文件移到 docs/speeches/{expected}/，或改正 year"))
    return out
