"""Front-matter validation against data/schemas.yml: one schema per page kind.

``validate(fm, src_uri)`` returns Problems (line, col, code, message_zh, fix_zh, severity);
the checks package wraps them into Issues with the file path. This module reads the data
files and walks a page's fields; the check of one value by its type is schema_values, the
rules across fields (place in docs/, a speech's year and campaign) are schema_rules, and the
wording shared by both is schema_messages. Vocabularies (五进 audiences, levels, tags) come
from data files; the tag list from data/tags.yml is read lazily, and while it is missing any
non-empty tag is accepted (``vocabulary_notes()`` says so).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from safety_month import tables
from .contract import AUDIENCES
from .reader import FrontMatter
from .schema_messages import Problem, clip, show, suggest
from .schema_rules import UNDATED, path_rules, speech_rules
from .schema_values import check_value

__all__ = ["Problem", "UNDATED", "validate", "schemas", "vocabulary", "vocabulary_notes", "tag_vocabulary",
           "audience_folder", "kind_of", "fields_for"]


# ---------------------------------------------------------------- data files

def _tags_table():
    """The parsed data/tags.yml, or None while that file does not exist (tags stay open then)."""
    return tables.load("tags.yml") if tables.path("tags.yml").is_file() else None


@lru_cache(maxsize=1)
def schemas() -> dict:
    return tables.load("schemas.yml")


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
    table = _tags_table()
    if table is None:
        return None
    names = tuple(dict.fromkeys(n.strip() for n in _names(table) if n and n.strip()))
    return names or None


def vocabulary(name: str) -> tuple[str, ...] | None:
    if name == "tags":
        return tag_vocabulary()
    if name == "audiences":   # the page contract's five, not a table an editor may change
        return AUDIENCES
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
    # isinstance first: a mapping or list as the value ("kind: {a: 1}") cannot be looked up in
    # the kinds' table (TypeError), and is as unknown as a misspelt name.
    if "kind" in data and not (isinstance(raw_kind, str) and raw_kind in kinds):
        line, col = fm.where(("kind",))
        allowed = "、".join(kinds)
        out.append(Problem(line, col, "fm.value", f"kind 的值{show(raw_kind)}未知；允许的值：{allowed}",
                           suggest(str(raw_kind), list(kinds)) or "改成上面的一个值，普通页面可以删去 kind"))
    kind = kind_of(data)
    spec = kinds[kind]
    fields = fields_for(kind)
    out += path_rules(fm, kind, src_uri, schemas())

    for key in data:
        if key not in fields:
            if spec.get("closed"):
                line, col = fm.key_where((key,))
                hint = suggest(str(key), list(fields))
                out.append(Problem(line, col, "fm.unknown_key",
                                   f"{clip(str(key))} 不是{spec['label']}页面的字段，会被忽略",
                                   hint or f"删除这一行；可用的字段：{'、'.join(fields)}"))
            continue
        out += check_value(fm, (key,), data[key], fields[key], _allowed)

    required = [k for k, f in fields.items() if f.get("required")]
    if kind == "speech" and any(k in data for k in spec.get("importer_only", [])):
        required += [k for k in spec.get("imported_required", []) if k not in required]
    for key in required:
        if key not in data:
            out.append(_missing(fm, key, fields[key], kind))
    if kind == "speech":
        out += speech_rules(fm, data, src_uri)
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
