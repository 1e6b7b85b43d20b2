"""Front matter of a Markdown page, parsed with exact line numbers for every key and error.

MkDocs swallows YAML errors (the page then shows the raw ``---`` block as text). This module
parses the same block MkDocs does (same delimiters), but keeps where each key and value sits
in the .md file, and turns YAML errors into an error with the file line and a Chinese hint.

Reading is bounded before PyYAML builds anything (pages/bounded.py: no anchors or aliases,
at most MAX_DEPTH levels, impossible values reported at their place).

This is the one front-matter reader of the package: the importer, the editors' checks, the
library and 五进 pages all read through it. ``parse`` keeps positions (checks); with
``positions=False`` it skips them and first tries the fast path for the generated shape
(pages/generated_shape.py, same results), which is what reading 1,000 imported speeches on
every build needs. ``front_block`` and ``scalar`` read a page's block and one of its lines
without parsing the rest (the importer's index of the pages it owns).

Pure functions: no file access here; callers pass the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from . import generated_shape, known_fields
from .bounded import MAX_DEPTH, BoundError, load_block, safe_load  # noqa: F401 - the reader's interface

# The same delimiters as mkdocs.utils.meta.YAML_RE: "---" line, block, "---" or "..." line.
_OPEN_RE = re.compile(r"-{3}[ \t]*$")
_CLOSE_RE = re.compile(r"(?:-{3}|\.{3})[ \t]*$")
# A line MkDocs would read as MultiMarkdown meta when the opening --- is missing.
_BARE_META_RE = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+)\s*[:：]\s*\S")
# mkdocs.utils.meta.META_RE: a first line it matches starts MultiMarkdown meta.
_MKDOCS_META_RE = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):")

# ---------------------------------------------------------------- finding the block

# A line that closes a front-matter block ("---" or "...", trailing blanks allowed), with the
# newline before it: re scans for that newline (fast), where a pattern such as
# "^(?:---|\.\.\.)" under re.M or a lazy ".*?\n(?:---|...)" tries every position.
_CLOSING = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)")


def closing_newline(text: str, pos: int) -> int:
    """Index of the first newline at or after pos that is followed by a closing line, or -1."""
    found = _CLOSING.search(text, pos)
    return found.start() if found else -1


_OPENING = re.compile(r"---[ \t]*\n")


def front_block(text: str) -> str | None:
    r"""The front matter of a page, from the line after the opening "---" to the newline
    before the closing "---" or "..." (the block holds at least that newline), or None:
    what \A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z) (DOTALL) captures."""
    opening = _OPENING.match(text)
    if not opening:
        return None
    end = closing_newline(text, opening.end())
    return None if end < 0 else text[opening.end():end + 1]


_KEY_LINES: dict[str, re.Pattern] = {}


def scalar(block: str, key: str) -> str | None:
    """The text value of the top-level line "key: value" of a block, without parsing the rest
    (the importer reads two keys of every page on each run), else None."""
    pattern = _KEY_LINES.get(key)
    if pattern is None:
        pattern = _KEY_LINES[key] = re.compile(rf"^{re.escape(key)}:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
    found = pattern.search(block)
    if not found:
        return None
    quoted = generated_shape.string_value(found.group(1))
    if quoted is not None:
        return quoted
    try:
        value = safe_load(found.group(1))
    except yaml.YAMLError:
        return None
    return value if isinstance(value, str) else None


Path = tuple  # key path inside the front matter, e.g. ("audiences", 0) or ("review", 2, "line")


@dataclass(frozen=True)
class FrontMatterError:
    line: int          # 1-based line in the .md file
    col: int           # 1-based column
    code: str
    message_zh: str
    fix_zh: str


@dataclass
class FrontMatter:
    """The parsed block. ``data`` is {} when absent or invalid (as MkDocs would see it)."""

    data: dict = field(default_factory=dict)
    present: bool = False        # a --- block was found
    open_line: int = 0           # line of the opening ---
    close_line: int = 0          # line of the closing --- (0 when absent)
    key_pos: dict = field(default_factory=dict)    # Path -> (line, col) of the key
    value_pos: dict = field(default_factory=dict)  # Path -> (line, col) of the value
    errors: list = field(default_factory=list)     # FrontMatterError

    @property
    def body_start(self) -> int:
        """1-based line where the Markdown body starts."""
        return self.close_line + 1 if self.close_line else 1

    def where(self, path: Path) -> tuple[int, int]:
        """Best position for a message about ``path``: its value, its key, or the nearest parent."""
        path = tuple(path)
        while path:
            if path in self.value_pos:
                return self.value_pos[path]
            if path in self.key_pos:
                return self.key_pos[path]
            path = path[:-1]
        return (self.open_line or 1, 1)

    def key_where(self, path: Path) -> tuple[int, int]:
        path = tuple(path)
        return self.key_pos.get(path) or self.where(path)


def normalize_newlines(text: str) -> str:
    """What MkDocs sees: BOM stripped, universal newlines."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str, positions: bool = True) -> FrontMatter:
    """Parse the front matter of ``text`` (a whole .md file). Never raises.

    positions=False: only ``data``, the delimiters and the errors that leave no data (no
    key/value positions, no repeated-key errors), read first through the generated shape's
    fast path."""
    text = normalize_newlines(text)
    lines = text.split("\n")
    fm = FrontMatter()
    if not lines or not _OPEN_RE.match(lines[0]):
        _check_missing_opening(lines, fm)
        return fm
    fm.present = True
    fm.open_line = 1
    close = next((i for i in range(1, len(lines)) if _CLOSE_RE.match(lines[i])), None)
    if close is None:
        fm.errors.append(FrontMatterError(
            1, 1, "fm.unclosed",
            "front matter 以 --- 开头，但没有结束的 --- 行，整个文件会被当作正文显示",
            "在最后一个字段（如 tags）之后单独加一行 ---"))
        return fm
    if close == len(lines) - 1:
        # MkDocs' pattern wants a newline after the closing line: without one the block is
        # not front matter to it (the page loses its title, a speech its template).
        fm.errors.append(FrontMatterError(
            close + 1, 1, "fm.unclosed",
            "结束 front matter 的 --- 是文件的最后一行，后面没有换行，MkDocs 不会把这一段当作页面字段",
            "在这一行末尾按一次回车（文件以换行结束）"))
        return fm
    fm.close_line = close + 1
    block = "\n".join(lines[1:close]) + "\n"
    if not block.strip():
        fm.errors.append(FrontMatterError(
            1, 1, "fm.empty", "front matter 是空的（两行 --- 之间没有内容）",
            "填写 title 等字段，或删除这两行 ---"))
        return fm
    if not positions:
        fast = known_fields.known(block)   # read before in this process (the checks' parse)
        if fast is None:
            fast = generated_shape.load(block)
            if fast is not None:
                known_fields.remember(block, fast)
        if fast is not None:
            fm.data = fast
            return fm
    _read_block(block, lines, close, fm, positions)
    if fm.data:
        known_fields.remember(block, fm.data)
    return fm


def _read_block(block: str, lines: list[str], close: int, fm: FrontMatter, positions: bool) -> None:
    """Fill fm with the data of a delimited block (lines[1:close]), or with the error at its place."""
    first = 2  # file line of the block's first line
    try:
        node, data = load_block(block)
    except BoundError as exc:
        fm.errors.append(_bound_error(exc, first))
        return
    except yaml.MarkedYAMLError as exc:
        fm.errors.append(_yaml_error(exc, lines, first, close))
        return
    except yaml.reader.ReaderError as exc:   # a character YAML does not accept (control characters)
        fm.errors.append(_reader_error(exc, block, first))
        return
    except yaml.YAMLError:  # pragma: no cover - PyYAML's other errors are marked
        fm.errors.append(FrontMatterError(first, 1, "fm.yaml", "YAML 语法错误：这一段无法按 YAML 读取", "检查这一段的缩进和冒号"))
        return
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        line = _first_fullwidth_colon(lines, first, close)
        fix = ("键名后面要用英文冒号“:”，不能用中文冒号“：”" if line else
               "每个字段写成一行“键: 值”，例如 title: 标题")
        fm.errors.append(FrontMatterError(
            line or first, 1, "fm.not_mapping",
            "front matter 不是“键: 值”的列表，MkDocs 会忽略整段并把它当作正文显示", fix))
        return
    if positions:
        _record_positions(node, (), fm, first)
        _check_duplicates(node, (), fm, first)
    fm.data = data


def fields(text: str) -> dict | None:
    """The fields of a page's front matter, or None when it has none or MkDocs could not
    read them (parse without positions)."""
    fm = parse(text, positions=False)
    return fm.data if fm.data else None


def _check_missing_opening(lines: list[str], fm: FrontMatter) -> None:
    """A file starting with `title: …` lines but no ---: MkDocs reads it in another format
    (MultiMarkdown: every leading `key: value` line becomes a page field, e.g. audience, and
    leaves the text), so check and build would not see the same page."""
    if not lines:
        return
    closing = any(_CLOSE_RE.match(x) for x in lines[1:40])
    if _BARE_META_RE.match(lines[0]) and closing:
        fm.errors.append(FrontMatterError(
            1, 1, "fm.no_opening",
            "文件以“键: 值”开头，但第一行不是 ---，front matter 不会被识别",
            "在文件第一行之前加一行 ---"))
    elif (m := _MKDOCS_META_RE.match(lines[0])) is not None:
        fm.errors.append(FrontMatterError(
            1, 1, "fm.no_opening",
            f"第一行以“{m.group(1)}:”开头，MkDocs 会把开头的这几行当作页面字段读走，不显示在正文里",
            "这是页面字段时，把它们放进 front matter（前后各一行 ---）；这是正文时，在文件开头加一个空行"))


def _pos(mark, first: int) -> tuple[int, int]:
    return (first + mark.line, mark.column + 1)


def _record_positions(node, path: Path, fm: FrontMatter, first: int) -> None:
    fm.value_pos[path] = _pos(node.start_mark, first)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            sub = path + (key,)
            fm.key_pos[sub] = _pos(key_node.start_mark, first)
            _record_positions(value_node, sub, fm, first)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _record_positions(item, path + (i,), fm, first)


def _check_duplicates(node, path: Path, fm: FrontMatter, first: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line, col = _pos(key_node.start_mark, first)
            if key in seen:
                name = ".".join(str(p) for p in path + (key,))
                fm.errors.append(FrontMatterError(
                    line, col, "fm.duplicate_key",
                    f"{name} 写了两次（另一处在第 {seen[key]} 行），只有后一个生效",
                    "删除其中一个，把值合并到一处"))
            else:
                seen[key] = line
            _check_duplicates(value_node, path + (key,), fm, first)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _check_duplicates(item, path + (i,), fm, first)


def _first_fullwidth_colon(lines: list[str], first: int, close: int) -> int:
    for i in range(first - 1, close):
        if "：" in lines[i] and ":" not in lines[i]:
            return i + 1
    return 0


# PyYAML problem text -> (Chinese explanation, fix). Matched by substring, first wins.
_YAML_HINTS = [
    ("found character '\t'", "YAML 不能用 Tab 键缩进", "把行首的 Tab 换成空格"),
    ("tab character", "YAML 不能用 Tab 键缩进", "把行首的 Tab 换成空格"),
    ("mapping values are not allowed", "这一行出现了多余的冒号“:”",
     "值里含有冒号时，用引号把整个值括起来，例如 title: \"会议：讲话\""),
    ("could not find expected ':'", "缺少“键: 值”中的冒号，或上一行的引号没有闭合",
     "检查这一行和上一行：键名后用英文冒号加空格"),
    ("found unexpected end of stream", "引号没有闭合", "补上结束的引号"),
    ("did not find expected key", "缩进不一致，或列表项写在了错误的位置",
     "同一层的字段左边对齐，列表项以“- ”开头并比字段名多缩进两格"),
    ("expected <block end>, but found '-'", "列表项的缩进不对", "列表项以“- ”开头，并与同一列表的其他项对齐"),
    ("expected <block end>", "缩进不一致", "同一层的字段左边对齐，用空格缩进"),
    ("did not find expected ',' or ']'", "方括号列表没有正确结束", "检查 [ ] 是否成对、逗号是否是英文逗号"),
    ("did not find expected ',' or '}'", "花括号没有正确结束", "检查 { } 是否成对、逗号是否是英文逗号"),
    ("found undefined alias", "值以 * 开头会被 YAML 当作引用", "用引号把整个值括起来"),
    ("found character '@' that cannot start any token", "值不能以 @ 开头", "用引号把整个值括起来"),
    ("found character '`' that cannot start any token", "值不能以 ` 开头", "用引号把整个值括起来"),
    ("found character '%' that cannot start any token", "值不能以 % 开头", "用引号把整个值括起来"),
    ("cannot start any token", "值以 YAML 的特殊字符开头", "用引号把整个值括起来"),
    ("while scanning an alias", "值以 * 开头会被 YAML 当作别名（引用）", "用引号把整个值括起来"),
    ("while scanning an anchor", "值以 & 开头会被 YAML 当作锚点", "用引号把整个值括起来"),
    ("impossible date", "这个日期不存在（例如 2 月 30 日、13 月），MkDocs 会因此丢掉整段 front matter",
     "改正日期，写成 YYYY-MM-DD；不是日期时用引号括起来"),
    ("cannot construct this value", "这个值按它的写法无法读取（例如位数过多的数字、与 !! 标记不符的值）",
     "改正这个值；要写成文字时用引号把整个值括起来"),
    ("could not determine a constructor", "页面字段不能使用 !! 开头的 YAML 类型标记",
     "删除 !! 及其后的类型名；值本身以 ! 开头时，用引号括起来"),
    ("found unhashable key", "字段名不能是列表或映射", "字段名写成一个词，例如 title"),
    ("while scanning a quoted scalar", "引号没有闭合", "补上结束的引号"),
]


def _yaml_error(exc: yaml.MarkedYAMLError, lines: list[str], first: int, close: int) -> FrontMatterError:
    mark = exc.problem_mark or exc.context_mark
    if exc.context and "quoted scalar" in exc.context and exc.context_mark:
        mark = exc.context_mark  # where the unclosed quote starts, not where the block ends
    line = first + (mark.line if mark else 0)
    col = (mark.column + 1) if mark else 1
    problem = " ".join(filter(None, [exc.context, exc.problem]))
    explanation, fix = "", "检查这一行的缩进、冒号和引号"
    for needle, zh, zh_fix in _YAML_HINTS:
        if needle in problem:
            explanation, fix = zh, zh_fix
            break
    # A full-width colon after a key is the most common editor slip: point at it.
    full = _first_fullwidth_colon(lines, first, close)
    if full and full <= line:
        return FrontMatterError(full, lines[full - 1].index("：") + 1, "fm.yaml",
                                "YAML 语法错误：键名后用了中文冒号“：”",
                                "把“：”改成英文冒号“:”并在后面加一个空格")
    # PyYAML reports "end of stream" past the block: point at the last block line instead.
    line = min(line, max(first, close))
    if "\t" in lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]:
        explanation, fix = "YAML 不能用 Tab 键缩进", "把行首的 Tab 换成空格"
    # Editors read Chinese only (issue 17): PyYAML's English wording is not shown; a problem
    # no hint names still gets its place and a plain description.
    detail = explanation or "这一段无法按 YAML 读取"
    return FrontMatterError(line, col, "fm.yaml", f"YAML 语法错误：{detail}", fix)


def _bound_error(exc: BoundError, first: int) -> FrontMatterError:
    line, col = _pos(exc.problem_mark, first)
    if exc.code == "fm.depth":
        return FrontMatterError(
            line, col, "fm.depth", f"front matter 嵌套过深（超过 {MAX_DEPTH} 层括号或缩进），网站不读取这样的字段",
            "页面字段最多两三层：检查这里是否多写了 [ { 括号或多缩进了")
    return FrontMatterError(
        line, col, "fm.alias", "不支持 YAML 别名（&/*）：页面字段里不能用 & 定义锚点、用 * 引用它",
        "把要重复的内容直接写出来；值本身以 & 或 * 开头时，用引号把整个值括起来")


# What the YAML reader refuses (its "printable" set, YAML 1.1 §5.1). libyaml reports the
# place as a byte offset and PyYAML as a character index: found again here instead.
_YAML_REFUSED_RE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _reader_error(exc, block: str, first: int) -> FrontMatterError:
    """A character YAML refuses (C0/C1 control characters, DEL, U+FFFE/U+FFFF)."""
    found = _YAML_REFUSED_RE.search(block)
    position = found.start() if found else 0
    start = block.rfind("\n", 0, position) + 1
    line, col = first + block.count("\n", 0, position), position - start + 1
    char = found.group() if found else "\0"
    return FrontMatterError(line, col, "fm.control",
                            f"front matter 里有看不见的控制字符 U+{ord(char):04X}，YAML 不接受",
                            "删除这个字符（在编辑器中显示不可见字符可以看到它）")
